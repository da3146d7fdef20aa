"""The library entry points: compare an original with a derived text and get a :class:`Report`.

Both functions orchestrate the pipeline (ingest, segment, align, score) and do no output of
their own; the CLI and any other shell render the returned report.

Example:
    >>> report = compare(original_text, derived_text)  # doctest: +SKIP
    >>> report.verdict, report.scores["coverage"]  # doctest: +SKIP
    ('rewrite', 0.93)
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import BinaryIO, Literal

from sourcetrace.align import ALIGN_MODES, AlignMode, align
from sourcetrace.artifacts import find_artifacts, mask_artifacts
from sourcetrace.assess import assess, detector_names
from sourcetrace.assess.pair import Published
from sourcetrace.errors import EmptyDocument, InvalidOption
from sourcetrace.ingest import read_document
from sourcetrace.language import detect_language
from sourcetrace.model import Distortion, Document, Passage, Report, Segment, Span
from sourcetrace.segment import segment as split_segments

__all__ = ["compare", "compare_files", "coverage", "fidelity", "verdict"]

SegmentMode = Literal["sentences", "lines"]
SEGMENT_MODES: tuple[SegmentMode, ...] = ("sentences", "lines")

# Verdict thresholds on the two coverage scores (shares of segment characters in passages).
COPY_COVERAGE = 0.8
PARTIAL_COVERAGE = 0.5
# What a sentence with only minor distortions (wording, not facts) counts for in fidelity.
MINOR_FIDELITY = 0.75


def compare(
    original: str | Document,
    derived: str | Document,
    *,
    segment: SegmentMode = "sentences",
    mode: AlignMode = "auto",
    detectors: Sequence[str] | None = None,
    original_date: dt.date | None = None,
    derived_date: dt.date | None = None,
) -> Report:
    """Find the passages of ``derived`` that reuse ``original`` and assess the pair.

    Args:
        original: The original text, or a document (e.g. from
            :func:`~sourcetrace.ingest.read_document`); a plain string is named ``"original"``.
        derived: The derived text or document; a plain string is named ``"derived"``.
        segment: ``"sentences"`` (prose) or ``"lines"`` (one segment per non-blank line, for
            pre-segmented text).
        mode: ``"passages"`` (reuse anywhere, in any order), ``"document"`` (a monotonic
            whole-document alignment, moved passages aligned apart) or ``"auto"`` (document
            mode when most of each text maps onto the other).
        detectors: Names of distortion detectors to run (see
            :data:`~sourcetrace.assess.DETECTORS`); ``None`` runs all, ``[]`` none.
        original_date, derived_date: The day each text was published, where known; each
            defaults to the document's ``metadata["date"]`` (an HTML page's or a JSONL
            record's, ``YYYY-MM-DD``). Findings that use them say where each came from.

    Returns:
        The report: passages sorted by derived position, distortions, omissions and
        additions (:func:`~sourcetrace.assess.assess`), scores ``coverage``,
        ``derived_from_original`` and ``fidelity``, a verdict and ``options == {"segment":
        segment, "mode": mode, "detectors": [...]}``. A document without a language gets the
        detected one.

    Raises:
        EmptyDocument: A text is empty or only whitespace.
        InvalidOption: ``segment`` or ``mode`` is not a known mode, or a detector is unknown.

    Example:
        >>> compare("A sentence.", "Another one.").verdict  # doctest: +SKIP
        'independent'
    """
    if segment not in SEGMENT_MODES:
        expected = ", ".join(SEGMENT_MODES)
        raise InvalidOption(f"unknown segmentation {segment!r}; expected one of: {expected}")
    if mode not in ALIGN_MODES:
        expected = ", ".join(ALIGN_MODES)
        raise InvalidOption(f"unknown alignment mode {mode!r}; expected one of: {expected}")
    detector_list = detector_names(detectors)
    original_doc = _as_document(original, "original")
    derived_doc = _as_document(derived, "derived")
    original_text = _comparable_text(original_doc, segment)
    derived_text = _comparable_text(derived_doc, segment)
    original_segments = split_segments(original_text, segment)
    derived_segments = split_segments(derived_text, segment)
    passages = align(
        original_text,
        original_segments,
        derived_text,
        derived_segments,
        languages=(original_doc.language, derived_doc.language),
        mode=mode,
    )
    published = (
        publication(original_doc, original_date, "--original-date"),
        publication(derived_doc, derived_date, "--derived-date"),
    )
    assessment = assess(
        original_doc, derived_doc, original_segments, derived_segments, passages, detector_list,
        published,
    )
    scores = {
        "coverage": coverage(original_segments, linked_spans(original_segments, passages, "src")),
        "derived_from_original": coverage(
            derived_segments, linked_spans(derived_segments, passages, "tgt")
        ),
        "fidelity": fidelity(original_segments, passages, assessment.distortions),
    }
    languages = (original_doc.language, derived_doc.language)
    return Report(
        original=original_doc,
        derived=derived_doc,
        original_segments=original_segments,
        derived_segments=derived_segments,
        passages=passages,
        verdict=verdict(
            passages, scores["coverage"], scores["derived_from_original"], languages=languages
        ),
        scores=scores,
        options={"segment": segment, "mode": mode, "detectors": list(detector_list)},
        distortions=assessment.distortions,
        omissions=assessment.omissions,
        additions=assessment.additions,
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


def compare_files(
    original_path: str | os.PathLike[str],
    derived_path: str | os.PathLike[str],
    *,
    segment: SegmentMode = "sentences",
    mode: AlignMode = "auto",
    stdin: BinaryIO | None = None,
    input_format: str | None = None,
    detectors: Sequence[str] | None = None,
    original_date: dt.date | None = None,
    derived_date: dt.date | None = None,
) -> Report:
    """Read two files (one of them may be ``"-"``, standard input) and :func:`compare` them.

    Args:
        original_path: Path of the original text, or ``"-"``.
        derived_path: Path of the derived text, or ``"-"``.
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
    original = read_document(original_path, stdin=stdin, input_format=input_format)
    derived = read_document(derived_path, stdin=stdin, input_format=input_format)
    return compare(original, derived, segment=segment, mode=mode, detectors=detectors,
                   original_date=original_date, derived_date=derived_date)


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
    inside = sum(_overlap(s.start, s.end, merged) for s in segments)
    return inside / total


def verdict(
    passages: Sequence[Passage],
    coverage: float,
    derived_from_original: float,
    *,
    languages: tuple[str | None, str | None] = (None, None),
) -> str:
    """Classify the pair from its passages, coverage scores and languages.

    Checked in this order:

    * ``"independent"``: no passage;
    * ``"partial"``: less than half of the original is reused;
    * ``"translation"``: the two languages are known and differ, or translation passages hold
      most of the derived text that is reused;
    * ``"copy"``: both coverages at least 0.8 and every passage verbatim;
    * ``"summary"``: summary passages hold most of the derived text that is reused;
    * ``"rewrite"``: otherwise (most of the original, reworded or reordered).

    Args:
        passages: The pair's passages.
        coverage: Share of the original's (non-artifact) text carried by links.
        derived_from_original: Share of the derived text carried by links.
        languages: The languages of the original and the derived text (``None``: unknown).

    Returns:
        One of the verdict names above.
    """
    if not passages:
        return "independent"
    if coverage < PARTIAL_COVERAGE:
        return "partial"
    reused = sum(len(p.tgt) for p in passages)
    translated = sum(len(p.tgt) for p in passages if p.kind == "translation")
    if (None not in languages and languages[0] != languages[1]) or translated * 2 > reused:
        return "translation"
    if (
        coverage >= COPY_COVERAGE
        and derived_from_original >= COPY_COVERAGE
        and all(p.kind == "verbatim" for p in passages)
    ):
        return "copy"
    summary_chars = sum(len(p.tgt) for p in passages if p.kind == "summary")
    if summary_chars * 2 > reused:
        return "summary"
    return "rewrite"


def fidelity(
    original_segments: Sequence[Segment],
    passages: Iterable[Passage],
    distortions: Iterable[Distortion],
) -> float:
    """Share of the carried original text that arrived without a change of meaning.

    Every sentence link weighs as many characters as its original sentences hold. A link with
    a critical distortion counts 0, a link with only minor ones counts ``MINOR_FIDELITY``, a
    faithful link 1. So 0.9 means: of the original text carried into the derived one, 90% (by
    characters) was carried faithfully.

    Args:
        original_segments: The original's segments, as the links index them.
        passages: The passages with their sentence links.
        distortions: The findings on the pair (document offsets).

    Returns:
        A share in [0, 1]; 0.0 when nothing is carried (nothing carried faithfully).
    """
    findings = list(distortions)
    total = weighted = 0.0
    for passage in passages:
        for link in passage.links:
            span = Span(
                min(original_segments[i].start for i in link.src),
                max(original_segments[i].end for i in link.src),
            )
            weight = sum(len(original_segments[i].span) for i in link.src)
            severities = {d.severity for d in findings if _inside(d.original, span)}
            total += weight
            weighted += weight * (
                0.0 if "critical" in severities else MINOR_FIDELITY if severities else 1.0
            )
    return weighted / total if total else 0.0


def _inside(inner: Span, outer: Span) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def _as_document(value: str | Document, name: str) -> Document:
    """Wrap a plain text as a document, refuse empty text and mark its page furniture."""
    document = value if isinstance(value, Document) else Document(name=name, text=value)
    if not document.text.strip():
        raise EmptyDocument(f"{document.name}: the text is empty")
    if not document.artifacts:
        document = replace(document, artifacts=find_artifacts(document.text))
    if document.language is None:
        document = replace(document, language=detect_language(document.text))
    return document


def _comparable_text(document: Document, segment: SegmentMode) -> str:
    """The text segmentation and alignment see.

    Page furniture (``Document.artifacts``) is blanked out, offsets unchanged, so it is never
    compared. Pre-segmented input (``lines``) is taken as it is: line k stays segment k, and
    its furniture is still reported.
    """
    if segment == "lines":
        return document.text
    return mask_artifacts(document.text, document.artifacts)


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


def _overlap(start: int, end: int, merged: Sequence[tuple[int, int]]) -> int:
    return sum(max(0, min(end, b) - max(start, a)) for a, b in merged)
