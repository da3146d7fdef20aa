"""The data that flows through the pipeline, as frozen dataclasses.

Every offset is a half-open ``[start, end)`` Python ``str`` index into a document's text exactly
as ingested (decoded, never normalised in place).
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

SCHEMA = "sourcetrace.report/1"

PassageKind = Literal["verbatim", "paraphrase", "translation", "summary"]
Severity = Literal["critical", "minor"]
Side = Literal["original", "derived"]
TextSource = Literal["file", "extracted"]


@dataclass(frozen=True)
class Span:
    """A half-open character range ``[start, end)`` of one document's text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"invalid span [{self.start}, {self.end})")

    def __len__(self) -> int:
        return self.end - self.start

    def contains(self, other: Span) -> bool:
        """Whether ``other`` lies wholly inside this span (an empty span at its edge does)."""
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Span) -> bool:
        """Whether each span starts before the other ends (share a character, if neither is empty)."""
        return self.start < other.end and other.start < self.end

    def gap(self, other: Span) -> int:
        """Characters between the two spans (0 when they touch or overlap)."""
        return max(self.start - other.end, other.start - self.end, 0)

    @classmethod
    def cover(cls, spans: Iterable[Span]) -> Span:
        """The smallest span holding all of ``spans`` (at least one).

        Example:
            >>> Span.cover([Span(4, 9), Span(0, 2)])
            Span(start=0, end=9)
        """
        starts, ends = zip(*((span.start, span.end) for span in spans))
        return cls(min(starts), max(ends))

    def to_dict(self) -> dict[str, int]:
        return {"start": self.start, "end": self.end}


@dataclass(frozen=True)
class Artifact:
    """Page furniture (caption, byline, footer...) inside a document: marked, never deleted."""

    span: Span
    kind: str


@dataclass(frozen=True)
class Document:
    """A text as read from its input, with where it came from and how it was decoded.

    ``text_source`` is ``"file"`` when ``text`` is the decoded input itself and ``"extracted"``
    when a reader pulled it out of a container format (HTML, PDF, DOCX): offsets then refer to
    the extracted text. ``metadata`` holds what a reader found (title, author, date, url).
    ``artifacts`` are page furniture found by ingest; :func:`~sourcetrace.compare` excludes them
    from omissions and coverage.
    """

    name: str
    text: str
    encoding: str = "utf-8"
    notes: tuple[str, ...] = ()
    language: str | None = None
    format: str = "text"
    text_source: TextSource = "file"
    metadata: Mapping[str, str] = field(default_factory=dict)
    artifacts: tuple[Artifact, ...] = ()

    def span_text(self, span: Span) -> str:
        return self.text[span.start : span.end]


@dataclass(frozen=True)
class Segment:
    """A sentence (or line) of a document: ``text[start:end]`` with no surrounding whitespace.

    ``paragraph`` numbers the paragraph (block separated by a blank line) the segment lies in.
    """

    index: int
    start: int
    end: int
    paragraph: int = 0

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


def segments_cover(segments: Sequence[Segment], indices: Iterable[int]) -> Span:
    """The span from the first to the last of the ``indices`` segments (a link's side)."""
    return Span.cover(segments[i].span for i in indices)


@dataclass(frozen=True)
class Link:
    """A correspondence between original segments ``src`` and derived segments ``tgt``.

    Both sides are sorted tuples of segment indices (1-1, 1-n, n-1 or n-m).
    """

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    similarity: float


@dataclass(frozen=True)
class Passage:
    """A maximal region of reuse: ``src`` in the original, ``tgt`` in the derived text."""

    src: Span
    tgt: Span
    kind: PassageKind
    similarity: float
    links: tuple[Link, ...] = ()


@dataclass(frozen=True)
class Distortion:
    """A located change of meaning between an original span and the derived span it became.

    ``type`` names the detector that found it (number, entity, date, quote, negation, hedge,
    relation, substitution, garbled, other); an empty span on one side means the thing was
    dropped or added there.
    """

    type: str
    severity: Severity
    original: Span
    derived: Span
    explanation: str


@dataclass(frozen=True)
class Omission:
    """Original text carried nowhere into the derived text (a sentence, or a phrase of one)."""

    span: Span
    level: Literal["sentence", "phrase"] = "sentence"
    artifact: bool = False


@dataclass(frozen=True)
class Addition:
    """Derived text with no source in the original (a sentence, or a phrase inside one)."""

    span: Span
    level: Literal["sentence", "phrase"] = "sentence"


@dataclass(frozen=True)
class Report:
    """The result of comparing an original with a derived text."""

    original: Document
    derived: Document
    original_segments: tuple[Segment, ...]
    derived_segments: tuple[Segment, ...]
    passages: tuple[Passage, ...]
    verdict: str
    scores: dict[str, float] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)
    distortions: tuple[Distortion, ...] = ()
    omissions: tuple[Omission, ...] = ()
    additions: tuple[Addition, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON report (``docs/json-format.md``), schema ``sourcetrace.report/1``.

        The dict carries both texts and their segments, so a saved report can be re-rendered
        (``sourcetrace render``) and every offset checked without the input files.
        """
        by_start = DistortionsByStart(self.distortions)
        return {
            "schema": SCHEMA,
            "original": _document_dict(self.original, self.original_segments),
            "derived": _document_dict(self.derived, self.derived_segments),
            "verdict": self.verdict,
            "scores": {name: round(value, 4) for name, value in self.scores.items()},
            "options": self.options,
            "passages": [self._passage_dict(p, by_start) for p in self.passages],
            "distortions": [self._distortion_dict(d) for d in self.distortions],
            "omissions": [self._omission_dict(o) for o in self.omissions],
            "additions": [self._addition_dict(a) for a in self.additions],
            "artifacts": [
                _artifact_dict(a, side, doc)
                for side, doc in (("original", self.original), ("derived", self.derived))
                for a in doc.artifacts
            ],
        }

    def _distortion_dict(self, distortion: Distortion) -> dict[str, Any]:
        return {
            "type": distortion.type,
            "severity": distortion.severity,
            "original": _quoted(distortion.original, self.original),
            "derived": _quoted(distortion.derived, self.derived),
            "explanation": distortion.explanation,
        }

    def _omission_dict(self, omission: Omission) -> dict[str, Any]:
        return {
            **_quoted(omission.span, self.original),
            "level": omission.level,
            "artifact": omission.artifact,
        }

    def _addition_dict(self, addition: Addition) -> dict[str, Any]:
        return {**_quoted(addition.span, self.derived), "level": addition.level}

    def _passage_dict(self, passage: Passage, by_start: DistortionsByStart) -> dict[str, Any]:
        return {
            "original": passage.src.to_dict(),
            "derived": passage.tgt.to_dict(),
            "kind": passage.kind,
            "similarity": round(passage.similarity, 4),
            "links": [self._link_dict(link, by_start) for link in passage.links],
        }

    def _link_dict(self, link: Link, by_start: DistortionsByStart) -> dict[str, Any]:
        src = segments_cover(self.original_segments, link.src)
        tgt = segments_cover(self.derived_segments, link.tgt)
        return {
            "original": src.to_dict(),
            "derived": tgt.to_dict(),
            "original_segments": list(link.src),
            "derived_segments": list(link.tgt),
            "similarity": round(link.similarity, 4),
            "status": "distorted" if any(tgt.contains(d.derived) for d in by_start.inside(src)) else "faithful",
        }


class DistortionsByStart:
    """Distortions ordered by where their original span starts, so that those inside a span
    are found by bisection (a link looking at every distortion made a long report quadratic)."""

    def __init__(self, distortions: Iterable[Distortion]) -> None:
        self._ordered = sorted(distortions, key=lambda d: (d.original.start, d.original.end))
        self._starts = [d.original.start for d in self._ordered]

    def inside(self, span: Span) -> list[Distortion]:
        """The distortions whose original span lies wholly inside ``span``."""
        first = bisect.bisect_left(self._starts, span.start)
        last = bisect.bisect_right(self._starts, span.end)
        return [d for d in self._ordered[first:last] if span.contains(d.original)]


def _quoted(span: Span, doc: Document) -> dict[str, Any]:
    return {"start": span.start, "end": span.end, "text": doc.span_text(span)}


def _artifact_dict(artifact: Artifact, side: Side, doc: Document) -> dict[str, Any]:
    return {"side": side, **_quoted(artifact.span, doc), "kind": artifact.kind}


def _document_dict(doc: Document, segments: tuple[Segment, ...]) -> dict[str, Any]:
    return {
        "name": doc.name,
        "language": doc.language,
        "length": len(doc.text),
        "encoding": doc.encoding,
        "format": doc.format,
        "text_source": doc.text_source,
        "metadata": dict(sorted(doc.metadata.items())),
        "notes": list(doc.notes),
        "text": doc.text,
        "segments": [[s.start, s.end, s.paragraph] for s in segments],
    }
