"""The library entry points: compare an original with a derived text and get a :class:`Report`.

Both functions orchestrate the pipeline (ingest, segment, align, score) and do no output of
their own; the CLI and any other shell render the returned report.

Example:
    >>> report = compare(original_text, derived_text)  # doctest: +SKIP
    >>> report.verdict, report.scores["coverage"]  # doctest: +SKIP
    ('rewrite', 0.93)
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from typing import BinaryIO, Literal

from sourcetrace.align import align
from sourcetrace.errors import EmptyDocument, InvalidOption
from sourcetrace.ingest import read_document
from sourcetrace.model import Document, Passage, Report, Segment, Span
from sourcetrace.segment import segment as split_segments

__all__ = ["compare", "compare_files", "coverage", "verdict"]

SegmentMode = Literal["sentences", "lines"]
SEGMENT_MODES: tuple[SegmentMode, ...] = ("sentences", "lines")

# Verdict thresholds on the two coverage scores (shares of segment characters in passages).
COPY_COVERAGE = 0.8
PARTIAL_COVERAGE = 0.5


def compare(
    original: str | Document,
    derived: str | Document,
    *,
    segment: SegmentMode = "sentences",
) -> Report:
    """Find the passages of ``derived`` that reuse ``original`` and assess the pair.

    Args:
        original: The original text, or a document (e.g. from
            :func:`~sourcetrace.ingest.read_document`); a plain string is named ``"original"``.
        derived: The derived text or document; a plain string is named ``"derived"``.
        segment: ``"sentences"`` (prose) or ``"lines"`` (one segment per non-blank line, for
            pre-segmented text).

    Returns:
        The report: passages sorted by derived position, scores ``coverage`` and
        ``derived_from_original``, a verdict and ``options == {"segment": segment}``.

    Raises:
        EmptyDocument: A text is empty or only whitespace.
        InvalidOption: ``segment`` is not a known mode.

    Example:
        >>> compare("A sentence.", "Another one.").verdict  # doctest: +SKIP
        'independent'
    """
    if segment not in SEGMENT_MODES:
        expected = ", ".join(SEGMENT_MODES)
        raise InvalidOption(f"unknown segmentation {segment!r}; expected one of: {expected}")
    original_doc = _as_document(original, "original")
    derived_doc = _as_document(derived, "derived")
    original_segments = split_segments(original_doc.text, segment)
    derived_segments = split_segments(derived_doc.text, segment)
    passages = align(original_doc.text, original_segments, derived_doc.text, derived_segments)
    scores = {
        "coverage": coverage(original_segments, linked_spans(original_segments, passages, "src")),
        "derived_from_original": coverage(
            derived_segments, linked_spans(derived_segments, passages, "tgt")
        ),
    }
    return Report(
        original=original_doc,
        derived=derived_doc,
        original_segments=original_segments,
        derived_segments=derived_segments,
        passages=passages,
        verdict=verdict(passages, scores["coverage"], scores["derived_from_original"]),
        scores=scores,
        options={"segment": segment},
    )


def compare_files(
    original_path: str | os.PathLike[str],
    derived_path: str | os.PathLike[str],
    *,
    segment: SegmentMode = "sentences",
    stdin: BinaryIO | None = None,
) -> Report:
    """Read two files (one of them may be ``"-"``, standard input) and :func:`compare` them.

    Args:
        original_path: Path of the original text, or ``"-"``.
        derived_path: Path of the derived text, or ``"-"``.
        segment: The segmentation mode, as in :func:`compare`.
        stdin: The binary stream read for ``"-"``; defaults to ``sys.stdin.buffer``.

    Returns:
        The report; the documents are named by their paths as given (``"<stdin>"`` for ``-``).

    Raises:
        InvalidOption: Both paths are ``"-"``, or ``segment`` is unknown.
        InputNotFound, UnreadableInput, InputTooLarge, EmptyDocument: An input cannot be read
            as text (see :func:`~sourcetrace.ingest.read_document`).
    """
    if _is_stdin(original_path) and _is_stdin(derived_path):
        raise InvalidOption("only one of ORIGINAL and DERIVED can be read from stdin (-)")
    original = read_document(original_path, stdin=stdin)
    derived = read_document(derived_path, stdin=stdin)
    return compare(original, derived, segment=segment)


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


def verdict(passages: Sequence[Passage], coverage: float, derived_from_original: float) -> str:
    """Classify the pair from its passages and coverage scores.

    Checked in this order:

    * ``"independent"``: no passage;
    * ``"copy"``: both coverages at least 0.8 and every passage verbatim;
    * ``"summary"``: summary passages hold most of the derived text that is reused;
    * ``"partial"``: less than half of the original is reused;
    * ``"rewrite"``: otherwise (most of the original, reworded or reordered).

    Args:
        passages: The pair's passages.
        coverage: Share of the original inside passages.
        derived_from_original: Share of the derived text inside passages.

    Returns:
        One of the verdict names above.
    """
    if not passages:
        return "independent"
    if (
        coverage >= COPY_COVERAGE
        and derived_from_original >= COPY_COVERAGE
        and all(p.kind == "verbatim" for p in passages)
    ):
        return "copy"
    summary_chars = sum(len(p.tgt) for p in passages if p.kind == "summary")
    if summary_chars * 2 > sum(len(p.tgt) for p in passages):
        return "summary"
    if coverage < PARTIAL_COVERAGE:
        return "partial"
    return "rewrite"


def _as_document(value: str | Document, name: str) -> Document:
    """Wrap a plain text as a document and refuse empty text."""
    document = value if isinstance(value, Document) else Document(name=name, text=value)
    if not document.text.strip():
        raise EmptyDocument(f"{document.name}: the text is empty")
    return document


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
