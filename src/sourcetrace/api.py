"""The library entry points: compare an original with a derived text and get a :class:`Report`.

:func:`compare` and :func:`compare_files` run the whole pipeline on two texts: prepare each
(:func:`~sourcetrace.prepare.prepare`: furniture, language, segments, units), then
:func:`compare_prepared` aligns the pair (:func:`~sourcetrace.align.align_pair`), assesses it
(:func:`~sourcetrace.assess.assess`) and builds the report. Every shell (CLI, evaluation, scan,
HTTP) calls these and does no alignment of its own; none of them prints.

Example:
    >>> report = compare(original_text, derived_text)  # doctest: +SKIP
    >>> report.verdict, report.scores["coverage"]  # doctest: +SKIP
    ('rewrite', 0.93)
"""

from __future__ import annotations

import datetime as dt
import os
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from typing import BinaryIO, Literal

from sourcetrace.align import AlignMode, align_pair
from sourcetrace.assess import Assessment, assess, detector_names
from sourcetrace.assess.pair import Published
from sourcetrace.config import Config, VerdictParams
from sourcetrace.errors import InvalidOption
from sourcetrace.ingest import read_document
from sourcetrace.model import (
    Distortion,
    DistortionsByStart,
    Document,
    Passage,
    Report,
    Segment,
    Span,
    segments_cover,
)
from sourcetrace.prepare import PreparedDocument, prepare
from sourcetrace.resources import Resources

__all__ = ["compare", "compare_files", "compare_prepared", "coverage", "fidelity", "verdict"]

SegmentMode = Literal["sentences", "lines"]

_UNSET = object()


def compare(
    original: str | Document | PreparedDocument,
    derived: str | Document | PreparedDocument,
    *,
    config: Config | None = None,
    resources: Resources | None = None,
    segment: SegmentMode | None = None,
    mode: AlignMode | None = None,
    detectors: Sequence[str] | None | object = _UNSET,
    original_date: dt.date | None = None,
    derived_date: dt.date | None = None,
) -> Report:
    """Find the passages of ``derived`` that reuse ``original`` and assess the pair.

    Args:
        original: The original text, a document (e.g. from
            :func:`~sourcetrace.ingest.read_document`) or a prepared document; a plain string
            is named ``"original"``.
        derived: The derived text, document or prepared document; a string is named ``"derived"``.
        config: Every threshold (:class:`~sourcetrace.config.Config`); the defaults when None.
        resources: The models and caches to use (:class:`~sourcetrace.resources.Resources`);
            a fresh set, closed at the end, when None.
        segment: Overrides ``config.segmentation.mode``: ``"sentences"`` (prose) or
            ``"lines"`` (one segment per non-blank line, for pre-segmented text).
        mode: Overrides ``config.alignment.mode``: ``"passages"`` (reuse anywhere, in any
            order), ``"document"`` (a monotonic whole-document alignment, moved passages
            aligned apart) or ``"auto"`` (document mode when most of each text maps onto the other).
        detectors: Overrides ``config.assessment.detectors``: names of distortion detectors
            to run (see :data:`~sourcetrace.assess.DETECTORS`); ``None`` runs all, ``[]`` none.
        original_date, derived_date: The day each text was published, where known; each
            defaults to the document's ``metadata["date"]`` (an HTML page's or a JSONL
            record's, ``YYYY-MM-DD``). Findings that use them say where each came from.

    Returns:
        The report: passages sorted by derived position, distortions, omissions and
        additions (:func:`~sourcetrace.assess.assess`), scores ``coverage``,
        ``derived_from_original`` and ``fidelity``, a verdict and ``options``
        (``segment``, ``mode``, ``detectors`` and the whole ``config``). A document
        without a language gets the detected one.

    Raises:
        EmptyDocument: A text is empty or only whitespace.
        InvalidOption: ``segment`` or ``mode`` is not a known mode, or a detector is unknown.

    Example:
        >>> compare("A sentence.", "Another one.").verdict  # doctest: +SKIP
        'independent'
    """
    config = _configured(config, segment, mode, detectors)
    if resources is None:
        with Resources() as own:
            return compare(
                original, derived, config=config, resources=own,
                original_date=original_date, derived_date=derived_date,
            )
    return compare_prepared(
        _prepared(original, "original", config, resources), _prepared(derived, "derived", config, resources),
        config, resources, original_date=original_date, derived_date=derived_date,
    )


def compare_prepared(
    original: PreparedDocument,
    derived: PreparedDocument,
    config: Config | None = None,
    resources: Resources | None = None,
    *,
    original_date: dt.date | None = None,
    derived_date: dt.date | None = None,
) -> Report:
    """:func:`compare` two prepared documents: align, assess and score them.

    A document prepared once (:func:`~sourcetrace.prepare.prepare`) can be compared with any
    number of others; each report is the same as :func:`compare` gives for the two texts.
    ``original_date`` and ``derived_date`` are the publication dates, as in :func:`compare`.

    Raises:
        InvalidOption: A document was prepared under another config, or a detector is unknown.
    """
    config = config or Config()
    if resources is None:
        with Resources() as own:
            return compare_prepared(
                original, derived, config, own, original_date=original_date, derived_date=derived_date
            )
    passages = align_pair(original, derived, config, resources)
    return report_aligned(original, derived, passages, config, resources,
                          original_date=original_date, derived_date=derived_date)


def report_aligned(
    original: PreparedDocument,
    derived: PreparedDocument,
    passages: tuple[Passage, ...],
    config: Config,
    resources: Resources,
    *,
    original_date: dt.date | None = None,
    derived_date: dt.date | None = None,
) -> Report:
    """The report of two prepared documents whose passages :func:`align_pair` has found:
    :func:`compare_prepared` without the alignment (a scan aligns every candidate, but
    assesses only the sources it reports)."""
    detector_list = detector_names(config.assessment.detectors)
    published = (
        publication(original.document, original_date, "--original-date"),
        publication(derived.document, derived_date, "--derived-date"),
    )
    assessment = assess(
        original.document, derived.document, original.segments, derived.segments, passages, config, resources,
        published,
    )
    return build_report(original, derived, passages, assessment, config, detector_list)


def passage_coverage(
    original: PreparedDocument, derived: PreparedDocument, passages: Sequence[Passage]
) -> tuple[float, float]:
    """The report's ``coverage`` and ``derived_from_original`` of aligned passages (no
    assessment needed)."""
    return (
        coverage(original.segments, linked_spans(original.segments, passages, "src")),
        coverage(derived.segments, linked_spans(derived.segments, passages, "tgt")),
    )


def publication(document: Document, given: dt.date | None, option: str) -> Published | None:
    """The day ``document`` was published: the date given (named by its CLI option), else an
    ISO date at the start of its ``metadata["date"]``, else ``None``."""
    if given is not None:
        return Published(given, option)
    try:
        day = dt.date.fromisoformat(document.metadata.get("date", "")[:10])
    except ValueError:
        return None
    return Published(day, "the document's metadata 'date'")


def build_report(
    original: PreparedDocument,
    derived: PreparedDocument,
    passages: tuple[Passage, ...],
    assessment: Assessment,
    config: Config,
    detectors: Sequence[str],
) -> Report:
    """The report of an aligned and assessed pair: its scores, verdict and options."""
    original_segments, derived_segments = original.segments, derived.segments
    covered, derived_covered = passage_coverage(original, derived, passages)
    scores = {
        "coverage": covered,
        "derived_from_original": derived_covered,
        "fidelity": fidelity(
            original_segments, passages, assessment.distortions, config.assessment.minor_fidelity
        ),
    }
    languages = (original.language, derived.language)
    return Report(
        original=original.document,
        derived=derived.document,
        original_segments=original_segments,
        derived_segments=derived_segments,
        passages=passages,
        verdict=verdict(
            passages,
            scores["coverage"],
            scores["derived_from_original"],
            languages=languages,
            params=config.verdict,
        ),
        scores=scores,
        options={
            "segment": config.segmentation.mode,
            "mode": config.alignment.mode,
            "detectors": list(detectors),
            "config": config.to_dict(),
        },
        distortions=assessment.distortions,
        omissions=assessment.omissions,
        additions=assessment.additions,
    )


def compare_files(
    original_path: str | os.PathLike[str],
    derived_path: str | os.PathLike[str],
    *,
    config: Config | None = None,
    resources: Resources | None = None,
    segment: SegmentMode | None = None,
    mode: AlignMode | None = None,
    stdin: BinaryIO | None = None,
    input_format: str | None = None,
    detectors: Sequence[str] | None | object = _UNSET,
    original_date: dt.date | None = None,
    derived_date: dt.date | None = None,
) -> Report:
    """Read two files (one of them may be ``"-"``, standard input) and :func:`compare` them.

    Args:
        original_path: Path of the original text, or ``"-"``.
        derived_path: Path of the derived text, or ``"-"``.
        config: Every threshold, as in :func:`compare`.
        resources: The models and caches to use, as in :func:`compare`.
        segment: The segmentation mode, as in :func:`compare`.
        mode: The alignment mode, as in :func:`compare`.
        stdin: The binary stream read for ``"-"``; defaults to ``sys.stdin.buffer``.
        input_format: The format of both inputs (see
            :data:`~sourcetrace.ingest.INPUT_FORMATS`), or None to detect each one's.
        detectors: The distortion detectors to run, as in :func:`compare`.
        original_date, derived_date: Publication dates, as in :func:`compare`.

    Returns:
        The report; the documents are named by their paths as given (``"<stdin>"`` for ``-``).

    Raises:
        InvalidOption: Both paths are ``"-"``, or ``segment`` is unknown.
        InputNotFound, UnreadableInput, InputTooLarge, EmptyDocument: An input cannot be read
            as text (see :func:`~sourcetrace.ingest.read_document`).
    """
    if _is_stdin(original_path) and _is_stdin(derived_path):
        raise InvalidOption("only one of ORIGINAL and DERIVED can be read from stdin (-)")
    config = _configured(config, segment, mode, detectors)
    max_bytes = config.input.max_bytes
    original = read_document(original_path, stdin=stdin, max_bytes=max_bytes, input_format=input_format)
    derived = read_document(derived_path, stdin=stdin, max_bytes=max_bytes, input_format=input_format)
    return compare(
        original, derived, config=config, resources=resources,
        original_date=original_date, derived_date=derived_date,
    )


def _configured(
    config: Config | None, segment: str | None, mode: str | None, detectors: Sequence[str] | None | object
) -> Config:
    """The config with the everyday options applied (unknown names refused, as the config does)."""
    config = config or Config()
    if detectors is _UNSET:
        return config.with_options(segment=segment, mode=mode)
    return config.with_options(segment=segment, mode=mode, detectors=detectors)


def _prepared(
    value: str | Document | PreparedDocument, name: str, config: Config, resources: Resources
) -> PreparedDocument:
    if isinstance(value, PreparedDocument):
        return value
    return prepare(value, config, name=name, resources=resources)


def linked_spans(
    segments: Sequence[Segment], passages: Iterable[Passage], side: Literal["src", "tgt"]
) -> list[Span]:
    """Spans of the segments on one side that some link of a passage carries.

    Coverage counts linked sentences, not whole passage extents: a passage may run across a
    sentence that was cut from the copy, and that sentence was not carried over.
    """
    return [
        segments[index].span
        for passage in passages
        for link in passage.links
        for index in getattr(link, side)
    ]


def coverage(segments: Sequence[Segment], spans: Iterable[Span]) -> float:
    """Share of the segments' characters that lie inside any of ``spans``.

    Counting segment characters (not raw text) keeps whitespace and blank lines between
    sentences out of both the numerator and the denominator, so a passage covering the whole
    text scores exactly 1.0.

    Args:
        segments: The document's segments (sorted, non-overlapping).
        spans: Passage spans on the same document; they may overlap.

    Returns:
        A share in [0, 1]; 0.0 when the segments hold no character.
    """
    total = sum(s.end - s.start for s in segments)
    if total == 0:
        return 0.0
    merged = _merge((span.start, span.end) for span in spans)
    ends = [b for _, b in merged]
    inside = sum(_overlap(s.start, s.end, merged, ends) for s in segments)
    return inside / total


def verdict(
    passages: Sequence[Passage],
    coverage: float,
    derived_from_original: float,
    *,
    languages: tuple[str | None, str | None] = (None, None),
    params: VerdictParams | None = None,
) -> str:
    """Classify the pair from its passages, coverage scores and languages.

    Checked in this order:

    * ``"independent"``: no passage;
    * ``"partial"``: less than ``partial_coverage`` (half) of the original is reused;
    * ``"translation"``: the two languages are known and differ, or translation passages hold
      more than ``translation_share`` (half) of the derived text that is reused;
    * ``"copy"``: both coverages at least ``copy_coverage`` (0.8) and every passage verbatim;
    * ``"summary"``: summary passages hold more than ``summary_share`` (half) of the derived
      text that is reused;
    * ``"rewrite"``: otherwise (most of the original, reworded or reordered).

    Args:
        passages: The pair's passages.
        coverage: Share of the original's (non-artifact) text carried by links.
        derived_from_original: Share of the derived text carried by links.
        languages: The languages of the original and the derived text (``None``: unknown).
        params: The shares named above (the config's ``verdict`` section; its defaults when None).

    Returns:
        One of the verdict names above.
    """
    params = params or VerdictParams()
    if not passages:
        return "independent"
    if coverage < params.partial_coverage:
        return "partial"
    reused = sum(len(p.tgt) for p in passages)
    translated = sum(len(p.tgt) for p in passages if p.kind == "translation")
    if (None not in languages and languages[0] != languages[1]) or translated > params.translation_share * reused:
        return "translation"
    if (
        coverage >= params.copy_coverage
        and derived_from_original >= params.copy_coverage
        and all(p.kind == "verbatim" for p in passages)
    ):
        return "copy"
    summary_chars = sum(len(p.tgt) for p in passages if p.kind == "summary")
    if summary_chars > params.summary_share * reused:
        return "summary"
    return "rewrite"


def fidelity(
    original_segments: Sequence[Segment],
    passages: Iterable[Passage],
    distortions: Iterable[Distortion],
    minor: float = 0.75,
) -> float:
    """Share of the carried original text that arrived without a change of meaning.

    Every sentence link weighs as many characters as its original sentences hold. A link with
    a critical distortion counts 0, a link with only minor ones counts ``minor``, a faithful
    link 1. So 0.9 means: of the original text carried into the derived one, 90% (by
    characters) was carried faithfully.

    Args:
        original_segments: The original's segments, as the links index them.
        passages: The passages with their sentence links.
        distortions: The findings on the pair (document offsets).
        minor: What a link with only minor distortions (wording, not facts) counts for.

    Returns:
        A share in [0, 1]; 0.0 when nothing is carried (nothing carried faithfully).
    """
    findings = DistortionsByStart(distortions)
    total = weighted = 0.0
    for passage in passages:
        for link in passage.links:
            span = segments_cover(original_segments, link.src)
            weight = sum(len(original_segments[i].span) for i in link.src)
            severities = {d.severity for d in findings.inside(span)}
            total += weight
            weighted += weight * (
                0.0 if "critical" in severities else minor if severities else 1.0
            )
    return weighted / total if total else 0.0


def _is_stdin(path: str | os.PathLike[str]) -> bool:
    return isinstance(path, str) and path == "-"


def _merge(intervals: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted disjoint intervals covering the same characters."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        elif start < end:
            merged.append((start, end))
    return merged


def _overlap(start: int, end: int, merged: Sequence[tuple[int, int]], ends: Sequence[int]) -> int:
    """Characters of ``start``-``end`` inside the sorted, disjoint ``merged`` intervals
    (``ends``: their ends), looking only at the intervals that can reach it."""
    inside = 0
    for k in range(bisect_right(ends, start), len(merged)):
        a, b = merged[k]
        if a >= end:
            break
        inside += min(end, b) - max(start, a)
    return inside
