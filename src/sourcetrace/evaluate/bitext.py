"""Score sentence links against a gold alignment (Bleualign / vecalign format).

A gold file has one bead per line, ``[0]:[0, 1]`` (0-based line ids of the original side, then
of the derived side; an optional ``:score`` field is ignored). Line-parallel files (line i of
one is the translation of line i of the other) are scored against the 1-1 diagonal.

The measures are vecalign's (``score.py``, after Sennrich and Volk 2010): strict precision is
the share of predicted beads that are exactly a gold bead, lax precision the share that overlap
a gold bead on both sides; recall swaps the roles (beads empty on one side are left out of
recall). Counts are pooled over documents before dividing.
"""

from __future__ import annotations

import os
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sourcetrace.align import AlignMode
from sourcetrace.api import compare_files
from sourcetrace.config import Config
from sourcetrace.errors import CorpusError
from sourcetrace.model import Report

__all__ = [
    "BeadList",
    "BitextScores",
    "parallel_gold",
    "parse_alignment",
    "read_alignment",
    "report_beads",
    "run_bitext",
    "score_beads",
]

Bead = tuple[tuple[int, ...], tuple[int, ...]]
BeadList = list[Bead]

_BEAD = re.compile(r"^\s*\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\](?::\s*\S+)?\s*$")


@dataclass(frozen=True)
class BitextScores:
    """Strict and lax precision, recall and F1 of predicted beads against gold beads."""

    precision_strict: float
    recall_strict: float
    f1_strict: float
    precision_lax: float
    recall_lax: float
    f1_lax: float

    def to_dict(self) -> dict[str, float]:
        return {name: round(getattr(self, name), 4) for name in self.__dataclass_fields__}


def parse_alignment(text: str, name: str = "<alignment>") -> BeadList:
    """Beads from the text of an alignment file; blank lines are skipped.

    Raises:
        CorpusError: A line is not a bead.
    """
    beads: BeadList = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        match = _BEAD.match(line)
        if match is None:
            raise CorpusError(f"{name}:{number}: not an alignment bead like [0]:[0, 1]: {line.strip()!r}")
        beads.append((_ids(match.group(1)), _ids(match.group(2))))
    return beads


def read_alignment(path: str | os.PathLike[str]) -> BeadList:
    """Beads of an alignment file (UTF-8)."""
    try:
        with open(path, encoding="utf-8") as handle:
            return parse_alignment(handle.read(), str(path))
    except OSError as error:
        raise CorpusError(f"{path}: cannot read the alignment ({error.strerror or error})") from None


def _ids(field: str) -> tuple[int, ...]:
    return tuple(int(part) for part in field.split(",") if part.strip())


def parallel_gold(lines: int) -> BeadList:
    """The gold alignment of line-parallel files: line i with line i."""
    return [((i,), (i,)) for i in range(lines)]


def report_beads(report: Report) -> BeadList:
    """The links of a report as beads of line numbers (0-based, blank lines counted).

    With ``--segment lines`` every segment is one line; its line number is the number of line
    breaks before it, so blank lines in the input keep the gold file's numbering.
    """
    beads: BeadList = []
    for passage in report.passages:
        for link in passage.links:
            src = tuple(_line_number(report.original.text, report.original_segments[i].start) for i in link.src)
            tgt = tuple(_line_number(report.derived.text, report.derived_segments[j].start) for j in link.tgt)
            beads.append((src, tgt))
    return sorted(beads)


def _line_number(text: str, offset: int) -> int:
    return len(text[:offset].splitlines()) if offset else 0


def score_beads(gold: Sequence[BeadList], test: Sequence[BeadList]) -> BitextScores:
    """vecalign's strict and lax measures, counts pooled over documents.

    Args:
        gold: Gold beads, one list per document.
        test: Predicted beads, one list per document, in the same order.
    """
    if len(gold) != len(test):
        raise ValueError("gold and test must hold the same number of documents")
    p_counts = [0, 0, 0, 0]
    r_counts = [0, 0, 0, 0]
    for gold_beads, test_beads in zip(gold, test):
        p_counts = [a + b for a, b in zip(p_counts, _counts(gold_beads, test_beads))]
        r_counts = [a + b for a, b in zip(r_counts, _counts(_linked(test_beads), _linked(gold_beads)))]
    precision_strict = _share(p_counts[0], p_counts[1])
    precision_lax = _share(p_counts[2], p_counts[3])
    recall_strict = _share(r_counts[0], r_counts[1])
    recall_lax = _share(r_counts[2], r_counts[3])
    return BitextScores(
        precision_strict=precision_strict,
        recall_strict=recall_strict,
        f1_strict=_f1(precision_strict, recall_strict),
        precision_lax=precision_lax,
        recall_lax=recall_lax,
        f1_lax=_f1(precision_lax, recall_lax),
    )


def _linked(beads: Iterable[Bead]) -> BeadList:
    return [(s, t) for s, t in beads if s and t]


def _counts(gold: Iterable[Bead], test: Iterable[Bead]) -> tuple[int, int, int, int]:
    """(strict hits, strict misses, lax hits, lax misses) of the test beads against gold."""
    gold_set = {(tuple(s), tuple(t)) for s, t in gold if s or t}
    test_set = {(tuple(s), tuple(t)) for s, t in test if s or t}
    partners: dict[int, set[int]] = defaultdict(set)
    for src, tgt in gold_set:
        for i in src:
            partners[i].update(tgt)
    strict_hit = strict_miss = lax_hit = lax_miss = 0
    for src, tgt in sorted(test_set):
        if (src, tgt) in gold_set:
            strict_hit += 1
            lax_hit += 1
        elif set(tgt) & {j for i in src for j in partners[i]}:
            strict_miss += 1
            lax_hit += 1
        else:
            strict_miss += 1
            lax_miss += 1
    return strict_hit, strict_miss, lax_hit, lax_miss


def _share(hits: int, misses: int) -> float:
    return hits / (hits + misses) if hits + misses else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def run_bitext(
    original_path: str | os.PathLike[str],
    derived_path: str | os.PathLike[str],
    gold_path: str | os.PathLike[str] | None = None,
    *,
    mode: AlignMode | None = None,
    config: Config | None = None,
) -> BitextScores:
    """Align two one-sentence-per-line files and score the links.

    Args:
        original_path: The original side, one sentence per line.
        derived_path: The derived side, one sentence per line.
        gold_path: The gold alignment (``[0]:[0, 1]`` lines); None when the files are
            line-parallel (line i of one is the translation of line i of the other).
        mode: The alignment mode, as in :func:`~sourcetrace.compare` (``config``'s when None).
        config: Every threshold, as for :func:`~sourcetrace.compare`; its segmentation is
            always ``lines``.

    Raises:
        CorpusError: The gold file cannot be read or parsed, or line-parallel files do not
            have the same number of lines.
    """
    report = compare_files(original_path, derived_path, config=config, segment="lines", mode=mode)
    if gold_path is None:
        lines = len(report.original.text.splitlines())
        if len(report.derived.text.splitlines()) != lines:
            raise CorpusError(
                f"{original_path} and {derived_path} are not line-parallel: "
                f"{lines} and {len(report.derived.text.splitlines())} lines; give the gold alignment with --gold"
            )
        gold = parallel_gold(lines)
    else:
        gold = read_alignment(gold_path)
    return score_beads([gold], [report_beads(report)])
