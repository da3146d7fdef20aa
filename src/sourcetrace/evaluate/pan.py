"""PAN text-alignment evaluation: corpus layout, PAN XML files and the PAN measures.

A plagiarism *case* (from a truth file) and a *detection* (from a detector) are both a pair of
character ranges: one in a suspicious document (the derived text, PAN's "this" side) and one in
a source document (the original). Each is read as the set of characters it covers on *both*
sides. A detection r *detects* a case s when they name the same two documents and their ranges
share at least one character on the suspicious side *and* on the source side.

Character level (Potthast et al., "An Evaluation Framework for Plagiarism Detection",
COLING 2010), with ``s ⊓ r`` the characters of s that are also in r, side by side, and ``|x|``
the characters of x on both sides together:

* macro recall: mean over cases s of ``|s ⊓ ⊔{r : r detects s}| / |s|``;
* macro precision: mean over detections r of ``|r ⊓ ⊔{s : r detects s}| / |r|``;
* granularity: mean over detected cases of the number of detections that detect them
  (1 when no case is detected);
* plagdet: ``F1(precision, recall) / log2(1 + granularity)``;
* micro recall and precision: the characters of ``⊔{s ⊓ r : r detects s}`` over those of all
  cases, respectively all detections, pooled over the corpus; micro plagdet reuses granularity.
  Characters are pooled per (suspicious, source) document pair, the unit text alignment
  evaluates: a passage that belongs to two pairs counts once in each. (The official script
  pools the suspicious side per suspicious document; the two differ only where cases of
  different pairs overlap, which they never do in the PAN 2013 training corpus.)

Case level (Potthast et al., "Overview of the 6th International Competition on Plagiarism
Detection", PAN 2014), with ``rec(s)`` and ``prec(r)`` the per-case recall and per-detection
precision above and ``tau = 0.5`` for both thresholds:

* a case s is *detected* when ``rec(s) >= tau`` and some detection r that detects s has
  ``prec(r) >= tau``; case recall = detected cases / cases;
* a detection r is *true* when ``prec(r) >= tau`` and it detects some case s with
  ``rec(s) >= tau``; case precision = true detections / detections.

The thresholds are inclusive (``>=``) as in the official case-level evaluator.

Conventions where a measure would divide by zero (``None`` means "undefined", shown as n/a):

* no cases: every recall is ``None``;
* no detections: every precision is 0 where there are cases (the official scripts' convention)
  and ``None`` where there are none either;
* plagdet is ``None`` when its recall or precision is; F1 is 0 when both are 0;
* a case or detection that covers no character at all scores 0 (it can detect nothing).
"""

from __future__ import annotations

import contextlib
import math
import os
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from xml.sax.saxutils import quoteattr

import numpy as np

from sourcetrace.errors import CorpusError
from sourcetrace.model import Span

__all__ = [
    "OVERALL",
    "TAU",
    "Case",
    "CorpusPair",
    "Scores",
    "evaluate_corpus",
    "format_detections",
    "pair_file_name",
    "plagdet_score",
    "read_cases",
    "read_corpus",
    "score",
    "write_detections",
]

TAU = 0.5
OVERALL = "overall"

_TRUTH = "plagiarism"
_DETECTED = "detected-plagiarism"

Interval = tuple[int, int]
PairKey = tuple[str, str]
StrPath = str | os.PathLike[str]


# --- data -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """A plagiarism case or a detection: aligned ranges of a suspicious and a source document.

    Attributes:
        susp: File name of the suspicious (derived) document, e.g. ``suspicious-document00005.txt``.
        src: File name of the source (original) document, e.g. ``source-document01090.txt``.
        susp_span: Characters of the suspicious document.
        src_span: Characters of the source document.
        obfuscation: The truth's obfuscation (``none``, ``random``, ``summary``, or its ``type``
            such as ``translation-chain`` where it names none); empty for detections.
    """

    susp: str
    src: str
    susp_span: Span
    src_span: Span
    obfuscation: str = ""

    @property
    def pair(self) -> PairKey:
        """The (suspicious, source) document names."""
        return (self.susp, self.src)

    @property
    def size(self) -> int:
        """Characters covered on both sides together."""
        return len(self.susp_span) + len(self.src_span)


@dataclass(frozen=True)
class CorpusPair:
    """One document pair of a corpus section, with its truth cases.

    Attributes:
        section: Name of the section folder, e.g. ``02-no-obfuscation``.
        susp: File name of the suspicious document (under ``susp/``).
        src: File name of the source document (under ``src/``).
        cases: The plagiarism cases of the truth file, in file order.
    """

    section: str
    susp: str
    src: str
    cases: tuple[Case, ...]

    @property
    def file_name(self) -> str:
        """Name of the pair's truth file, and of its detections file."""
        return pair_file_name(self.susp, self.src)


@dataclass(frozen=True)
class Scores:
    """The PAN measures of a set of detections against a set of cases.

    Measures are in [0, 1] (granularity >= 1) or ``None`` where undefined (see the module
    docstring for the conventions).

    Attributes:
        plagdet: Macro F1 discounted by granularity (PAN's official ranking measure).
        recall: Macro-averaged character recall.
        precision: Macro-averaged character precision.
        granularity: Mean number of detections per detected case.
        micro_plagdet: Micro F1 discounted by granularity.
        micro_recall: Micro-averaged character recall.
        micro_precision: Micro-averaged character precision.
        case_recall: Share of cases detected at case level (PAN 2014).
        case_precision: Share of detections that are true at case level (PAN 2014).
        cases: Number of cases.
        detections: Number of detections.
        detected_cases: Cases detected by at least one detection (character level).
        pairs_with_detections: Document pairs with at least one detection.
        pairs: Document pairs scored: every listed pair in :func:`evaluate_corpus`, the pairs
            named by a case or a detection in :func:`score`.
    """

    plagdet: float | None
    recall: float | None
    precision: float | None
    granularity: float
    micro_plagdet: float | None
    micro_recall: float | None
    micro_precision: float | None
    case_recall: float | None
    case_precision: float | None
    cases: int
    detections: int
    detected_cases: int
    pairs_with_detections: int
    pairs: int

    def to_dict(self) -> dict[str, float | int | None]:
        """The fields as a JSON-ready dict, in declaration order."""
        return asdict(self)


# --- PAN XML --------------------------------------------------------------------------------


def read_cases(xml_path: StrPath) -> list[Case]:
    """The cases of a PAN truth file or the detections of a PAN detections file.

    Reads every ``<feature>`` named ``plagiarism`` (truth) or ``detected-plagiarism``
    (detections); other features (``about``, ``md5``, ...) are ignored.

    Args:
        xml_path: The XML file, ``<document reference="suspicious-document...">`` at its root.

    Returns:
        The cases in file order.

    Raises:
        CorpusError: The file is missing, is not well-formed XML, or a feature lacks or has
            invalid offsets, lengths or source reference.
    """
    path = Path(xml_path)
    try:
        root = ET.parse(path).getroot()
    except FileNotFoundError:
        raise CorpusError(f"annotation file not found: {path}") from None
    except (ET.ParseError, OSError, UnicodeError) as exc:
        raise CorpusError(f"cannot read {path}: {_one_line(exc)}") from None
    susp = root.get("reference")
    if root.tag != "document" or not susp:
        raise CorpusError(f"{path}: the root element must be <document reference=...>")
    return [
        _feature_case(path, susp, feature)
        for feature in root.iter("feature")
        if feature.get("name") in (_TRUTH, _DETECTED)
    ]


def _feature_case(path: Path, susp: str, feature: ET.Element) -> Case:
    src = feature.get("source_reference")
    if not src:
        raise CorpusError(f"{path}: a {feature.get('name')} feature has no source_reference")
    try:
        susp_span = _span(feature, "this_offset", "this_length")
        src_span = _span(feature, "source_offset", "source_length")
    except ValueError as exc:
        raise CorpusError(f"{path}: bad offsets in a feature: {_one_line(exc)}") from None
    return Case(susp, src, susp_span, src_span, _obfuscation(feature))


def _span(feature: ET.Element, offset: str, length: str) -> Span:
    start = _int_attribute(feature, offset)
    return Span(start, start + _int_attribute(feature, length))


def _int_attribute(feature: ET.Element, name: str) -> int:
    value = feature.get(name)
    if value is None:
        raise ValueError(f"no {name}")
    return int(value)


def _obfuscation(feature: ET.Element) -> str:
    if feature.get("name") != _TRUTH:
        return ""
    # Translation cases of PAN 2013 carry no obfuscation attribute, only type="translation-chain".
    return feature.get("obfuscation") or feature.get("type") or ""


def format_detections(
    susp_name: str, src_name: str, detections: Sequence[tuple[Span, Span]]
) -> str:
    """PAN detections XML for one document pair.

    Detections are written sorted by position so that the text depends only on the set of
    detections, not on the order the detector found them in.

    Args:
        susp_name: File name of the suspicious document, e.g. ``suspicious-document00005.txt``.
        src_name: File name of the source document, e.g. ``source-document01090.txt``.
        detections: (suspicious span, source span) pairs.

    Returns:
        The XML text, one ``<feature name="detected-plagiarism" .../>`` line per detection.
    """
    ordered = sorted(detections, key=lambda d: (d[0].start, d[0].end, d[1].start, d[1].end))
    lines = [f"<document reference={quoteattr(susp_name)}>"]
    lines += [_feature_line(susp, src, src_name) for susp, src in ordered]
    lines.append("</document>")
    return "\n".join(lines) + "\n"


def _feature_line(susp: Span, src: Span, src_name: str) -> str:
    return (
        f'<feature name="{_DETECTED}" this_offset="{susp.start}" this_length="{len(susp)}"'
        f" source_reference={quoteattr(src_name)}"
        f' source_offset="{src.start}" source_length="{len(src)}"/>'
    )


def write_detections(
    path: StrPath, susp_name: str, src_name: str, detections: Sequence[tuple[Span, Span]]
) -> None:
    """Write :func:`format_detections` to ``path`` (UTF-8), atomically.

    The text goes to a temporary file in the same folder that then replaces ``path``, so a
    reader never sees a half-written file. Missing parent folders are created.

    Args:
        path: Target file, normally ``<detections dir>/<pair_file_name(susp, src)>``.
        susp_name: File name of the suspicious document.
        src_name: File name of the source document.
        detections: (suspicious span, source span) pairs.
    """
    _write_atomic(Path(path), format_detections(susp_name, src_name, detections).encode("utf-8"))


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        # mkstemp creates the file private (0600); detections are ordinary output files.
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def pair_file_name(susp_name: str, src_name: str) -> str:
    """PAN's name for a pair's truth or detections file.

    Example: ``suspicious-document00005.txt`` and ``source-document01090.txt`` give
    ``suspicious-document00005-source-document01090.xml``.
    """
    return f"{Path(susp_name).stem}-{Path(src_name).stem}.xml"


# --- corpus layout --------------------------------------------------------------------------


def read_corpus(corpus_dir: StrPath) -> list[CorpusPair]:
    """The document pairs and truth cases of a PAN text-alignment corpus.

    The layout is PAN 2013's: ``src/`` and ``susp/`` with the documents, and one folder per
    section holding a ``pairs`` file (lines ``suspicious-documentX.txt source-documentY.txt``)
    and one truth XML per pair, named by :func:`pair_file_name`. Any subfolder with a ``pairs``
    file is a section.

    Args:
        corpus_dir: The corpus root.

    Returns:
        The pairs, sections in name order, each section in its ``pairs`` file order.

    Raises:
        CorpusError: The layout is wrong: no ``src/`` or ``susp/``, no section, a malformed
            ``pairs`` line, a missing document or truth file, or an unreadable truth file.
    """
    root = Path(corpus_dir)
    if not root.is_dir():
        raise CorpusError(f"corpus folder not found: {root}")
    for folder in ("src", "susp"):
        if not (root / folder).is_dir():
            raise CorpusError(f"corpus {root} has no {folder}/ folder")
    sections = _section_names(root)
    if not sections:
        raise CorpusError(f"corpus {root} has no section folder with a pairs file")
    return [pair for section in sections for pair in _read_section(root, section)]


def _section_names(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.is_dir() and (p / "pairs").is_file())


def _read_section(root: Path, section: str) -> list[CorpusPair]:
    folder = root / section
    pairs = []
    for susp, src in _read_pairs(folder / "pairs"):
        _require(root / "susp" / susp, "suspicious document")
        _require(root / "src" / src, "source document")
        truth = folder / pair_file_name(susp, src)
        _require(truth, "truth file")
        cases = tuple(read_cases(truth))
        _check_cases(truth, susp, src, cases)
        pairs.append(CorpusPair(section, susp, src, cases))
    return pairs


def _read_pairs(pairs_file: Path) -> list[PairKey]:
    try:
        lines = pairs_file.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeError) as exc:
        raise CorpusError(f"cannot read {pairs_file}: {_one_line(exc)}") from None
    pairs = []
    for number, line in enumerate(lines, start=1):
        fields = line.split()
        if not fields:
            continue
        if len(fields) != 2:
            raise CorpusError(
                f"{pairs_file}:{number}: expected 'suspicious-document source-document',"
                f" got {line.strip()!r}"
            )
        pairs.append((fields[0], fields[1]))
    return pairs


def _require(path: Path, what: str) -> None:
    if not path.is_file():
        raise CorpusError(f"{what} missing: {path}")


def _check_cases(truth: Path, susp: str, src: str, cases: Iterable[Case]) -> None:
    # A case naming other documents than its pair would be scored against the wrong texts.
    for case in cases:
        if case.pair != (susp, src):
            raise CorpusError(f"{truth}: a case names {case.susp} / {case.src}, not its pair")


# --- corpus evaluation ----------------------------------------------------------------------


def evaluate_corpus(
    corpus_dir: StrPath,
    detections_dir: StrPath,
    *,
    tau_recall: float = TAU,
    tau_precision: float = TAU,
) -> dict[str, Scores]:
    """Score a folder of PAN detection files against a corpus's truth, per section and overall.

    A pair's detections are read from ``detections_dir/<section>/<file>`` where that exists,
    else from ``detections_dir/<file>`` (the flat layout PAN detectors write), ``<file>`` being
    the pair's :func:`pair_file_name`. A pair with no such file has no detections.

    Args:
        corpus_dir: The corpus root (see :func:`read_corpus`).
        detections_dir: The folder of detection XML files.
        tau_recall: Case-level recall threshold.
        tau_precision: Case-level precision threshold.

    Returns:
        Scores per section, sections in name order, then :data:`OVERALL` (all pairs together).

    Raises:
        CorpusError: The corpus layout is wrong, the detections folder is missing or a
            detections file cannot be read.
    """
    pairs = read_corpus(corpus_dir)
    det_root = Path(detections_dir)
    if not det_root.is_dir():
        raise CorpusError(f"detections folder not found: {det_root}")
    found = [_pair_detections(det_root, pair) for pair in pairs]
    taus = {"tau_recall": tau_recall, "tau_precision": tau_precision}
    result = {}
    for section in sorted({pair.section for pair in pairs}):
        chosen = [i for i, pair in enumerate(pairs) if pair.section == section]
        chosen_pairs, chosen_found = [pairs[i] for i in chosen], [found[i] for i in chosen]
        result[section] = _score_pairs(chosen_pairs, chosen_found, **taus)
    result[OVERALL] = _score_pairs(pairs, found, **taus)
    return result


def _pair_detections(det_root: Path, pair: CorpusPair) -> tuple[Case, ...]:
    for path in (det_root / pair.section / pair.file_name, det_root / pair.file_name):
        if path.is_file():
            return tuple(read_cases(path))
    return ()


def _score_pairs(
    pairs: Sequence[CorpusPair],
    found: Sequence[tuple[Case, ...]],
    *,
    tau_recall: float,
    tau_precision: float,
) -> Scores:
    cases = [case for pair in pairs for case in pair.cases]
    detections = [det for dets in found for det in dets]
    scores = score(cases, detections, tau_recall=tau_recall, tau_precision=tau_precision)
    # Count listed pairs, not just those named by a case or detection (most have neither).
    return replace(scores, pairs=len(pairs), pairs_with_detections=sum(1 for dets in found if dets))


# --- measures -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _PairTally:
    """What one document pair contributes to the measures."""

    case_recalls: tuple[float, ...]  # per case: covered share of its characters
    case_detectors: tuple[int, ...]  # per case: detections that detect it
    det_precisions: tuple[float, ...]  # per detection: share of its characters inside cases
    case_hits: int  # cases detected at case level
    det_hits: int  # detections true at case level
    case_chars: int  # characters of all cases (both sides, overlaps once)
    det_chars: int  # characters of all detections
    hit_chars: int  # characters of case-detection intersections


def score(
    cases: Sequence[Case],
    detections: Sequence[Case],
    *,
    tau_recall: float = TAU,
    tau_precision: float = TAU,
) -> Scores:
    """The PAN measures of ``detections`` against ``cases`` (definitions in the module docstring).

    Work is grouped by document pair and done on merged sorted intervals, so its cost grows
    with the number of cases and detections, not with the length of the documents.

    Args:
        cases: Truth cases, from any number of document pairs.
        detections: Detections, from any number of document pairs.
        tau_recall: Case-level threshold on a case's recall.
        tau_precision: Case-level threshold on a detection's precision.

    Returns:
        The scores.
    """
    case_groups, det_groups = _by_pair(cases), _by_pair(detections)
    keys = sorted(case_groups.keys() | det_groups.keys())
    tallies = [
        _tally_pair(case_groups.get(k, []), det_groups.get(k, []), tau_recall, tau_precision)
        for k in keys
    ]
    return _combine(tallies, pairs=len(keys), pairs_with_detections=len(det_groups))


def plagdet_score(
    recall: float | None, precision: float | None, granularity: float
) -> float | None:
    """F1 of precision and recall over ``log2(1 + granularity)``; ``None`` if either is."""
    if recall is None or precision is None:
        return None
    if recall + precision == 0:
        return 0.0
    return (2 * recall * precision / (recall + precision)) / math.log2(1 + granularity)


def _by_pair(items: Iterable[Case]) -> dict[PairKey, list[Case]]:
    groups: dict[PairKey, list[Case]] = {}
    for item in items:
        groups.setdefault(item.pair, []).append(item)
    return groups


def _tally_pair(
    cases: Sequence[Case], detections: Sequence[Case], tau_recall: float, tau_precision: float
) -> _PairTally:
    hits = _detects(cases, detections)
    case_cover = [_coverage(c, _pick(detections, row)) for c, row in zip(cases, hits, strict=True)]
    det_cover = [_coverage(d, _pick(cases, col)) for d, col in zip(detections, hits.T, strict=True)]
    good_case = _reaches(case_cover, tau_recall)
    good_det = _reaches(det_cover, tau_precision)
    return _PairTally(
        case_recalls=tuple(_ratio(*cover) for cover in case_cover),
        case_detectors=tuple(int(n) for n in hits.sum(axis=1)),
        det_precisions=tuple(_ratio(*cover) for cover in det_cover),
        case_hits=int(np.sum(good_case & (hits & good_det[None, :]).any(axis=1))),
        det_hits=int(np.sum(good_det & (hits & good_case[:, None]).any(axis=0))),
        case_chars=_union_size(cases),
        det_chars=_union_size(detections),
        hit_chars=_hit_size(cases, detections, hits),
    )


def _detects(cases: Sequence[Case], detections: Sequence[Case]) -> np.ndarray:
    """Boolean matrix, ``[i, j]`` true when detection j detects case i (overlap on both sides)."""
    c, d = _bounds(cases)[:, None, :], _bounds(detections)[None, :, :]
    susp = np.maximum(c[..., 0], d[..., 0]) < np.minimum(c[..., 1], d[..., 1])
    src = np.maximum(c[..., 2], d[..., 2]) < np.minimum(c[..., 3], d[..., 3])
    hit: np.ndarray = susp & src
    return hit


def _bounds(items: Sequence[Case]) -> np.ndarray:
    rows = [(x.susp_span.start, x.susp_span.end, x.src_span.start, x.src_span.end) for x in items]
    return np.array(rows, dtype=np.int64).reshape(len(rows), 4)


def _pick(items: Sequence[Case], mask: np.ndarray) -> list[Case]:
    return [items[int(k)] for k in np.flatnonzero(mask)]


def _reaches(covers: Sequence[tuple[int, int]], tau: float) -> np.ndarray:
    """Which (covered, size) counts reach the share ``tau`` of a non-empty size."""
    # Compare integers to the threshold, so that exactly half a case is "at least 0.5"
    # whatever the rounding of covered / size.
    return np.array([size > 0 and covered >= tau * size for covered, size in covers], dtype=bool)


def _coverage(item: Case, others: Sequence[Case]) -> tuple[int, int]:
    """(Characters of ``item`` inside the union of ``others``, characters of ``item``).

    Both counts add the suspicious and the source side.
    """
    susp = _merge(_interval(o.susp_span) for o in others)
    src = _merge(_interval(o.src_span) for o in others)
    covered = _overlap(_interval(item.susp_span), susp) + _overlap(_interval(item.src_span), src)
    return covered, item.size


def _union_size(items: Sequence[Case]) -> int:
    susp = _merge(_interval(x.susp_span) for x in items)
    src = _merge(_interval(x.src_span) for x in items)
    return _length(susp) + _length(src)


def _hit_size(cases: Sequence[Case], detections: Sequence[Case], hits: np.ndarray) -> int:
    """Characters of the union of ``s ⊓ r`` over the (case, detection) pairs that hit."""
    pairs = [(cases[i], detections[j]) for i, j in zip(*np.nonzero(hits), strict=True)]
    susp = _merge(_intersect(_interval(s.susp_span), _interval(r.susp_span)) for s, r in pairs)
    src = _merge(_intersect(_interval(s.src_span), _interval(r.src_span)) for s, r in pairs)
    return _length(susp) + _length(src)


def _combine(tallies: Sequence[_PairTally], *, pairs: int, pairs_with_detections: int) -> Scores:
    recalls = [r for t in tallies for r in t.case_recalls]
    precisions = [p for t in tallies for p in t.det_precisions]
    n_cases, n_dets = len(recalls), len(precisions)
    detectors = [n for t in tallies for n in t.case_detectors if n > 0]
    granularity = sum(detectors) / len(detectors) if detectors else 1.0
    recall = _recall_like(math.fsum(recalls), n_cases, n_cases)
    precision = _precision_like(math.fsum(precisions), n_dets, n_cases, n_dets)
    hit_chars = sum(t.hit_chars for t in tallies)
    micro_recall = _recall_like(hit_chars, sum(t.case_chars for t in tallies), n_cases)
    micro_precision = _precision_like(hit_chars, sum(t.det_chars for t in tallies), n_cases, n_dets)
    return Scores(
        plagdet=plagdet_score(recall, precision, granularity),
        recall=recall,
        precision=precision,
        granularity=granularity,
        micro_plagdet=plagdet_score(micro_recall, micro_precision, granularity),
        micro_recall=micro_recall,
        micro_precision=micro_precision,
        case_recall=_recall_like(sum(t.case_hits for t in tallies), n_cases, n_cases),
        case_precision=_precision_like(sum(t.det_hits for t in tallies), n_dets, n_cases, n_dets),
        cases=n_cases,
        detections=n_dets,
        detected_cases=len(detectors),
        pairs_with_detections=pairs_with_detections,
        pairs=pairs,
    )


def _recall_like(numerator: float, denominator: float, cases: int) -> float | None:
    # A recall averages over cases: with none it is undefined.
    if cases == 0:
        return None
    return _ratio(numerator, denominator)


def _precision_like(
    numerator: float, denominator: float, cases: int, detections: int
) -> float | None:
    # With no detections the official scripts report precision 0; with no cases either, nothing
    # was asked and nothing answered, so the precision is undefined rather than a failure.
    if detections == 0:
        return None if cases == 0 else 0.0
    return _ratio(numerator, denominator)


def _ratio(numerator: float, denominator: float) -> float:
    # An empty case or detection (no character on either side) can never be hit: score it 0.
    return numerator / denominator if denominator else 0.0


# --- interval arithmetic on half-open [start, end) ranges ---------------------------------


def _interval(span: Span) -> Interval:
    return (span.start, span.end)


def _merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted, disjoint, non-empty intervals covering the same characters as ``intervals``."""
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _intersect(a: Interval, b: Interval) -> Interval:
    start = max(a[0], b[0])
    return (start, max(start, min(a[1], b[1])))


def _overlap(interval: Interval, merged: Sequence[Interval]) -> int:
    """Characters of ``interval`` inside the disjoint intervals ``merged``."""
    return sum(max(0, min(interval[1], end) - max(interval[0], start)) for start, end in merged)


def _length(merged: Sequence[Interval]) -> int:
    return sum(end - start for start, end in merged)


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__
