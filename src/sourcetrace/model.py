"""The data that flows through the pipeline, as frozen dataclasses.

Every offset is a half-open ``[start, end)`` Python ``str`` index into a document's text exactly
as ingested (decoded, never normalised in place).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

SCHEMA = "sourcetrace.report/1"

PassageKind = Literal["verbatim", "paraphrase", "translation", "summary"]


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

    def to_dict(self) -> dict[str, int]:
        return {"start": self.start, "end": self.end}


@dataclass(frozen=True)
class Document:
    """A text as read from its input, with where it came from and how it was decoded."""

    name: str
    text: str
    encoding: str = "utf-8"
    notes: tuple[str, ...] = ()
    language: str | None = None

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

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON report (``docs/json-format.md``), schema ``sourcetrace.report/1``."""
        return {
            "schema": SCHEMA,
            "original": _document_dict(self.original),
            "derived": _document_dict(self.derived),
            "verdict": self.verdict,
            "scores": {name: round(value, 4) for name, value in self.scores.items()},
            "options": self.options,
            "passages": [self._passage_dict(p) for p in self.passages],
            "distortions": [],
            "omissions": [],
            "additions": [],
            "artifacts": [],
        }

    def _passage_dict(self, passage: Passage) -> dict[str, Any]:
        return {
            "original": passage.src.to_dict(),
            "derived": passage.tgt.to_dict(),
            "kind": passage.kind,
            "similarity": round(passage.similarity, 4),
            "links": [self._link_dict(link) for link in passage.links],
        }

    def _link_dict(self, link: Link) -> dict[str, Any]:
        src = _cover(self.original_segments, link.src)
        tgt = _cover(self.derived_segments, link.tgt)
        return {
            "original": src.to_dict(),
            "derived": tgt.to_dict(),
            "original_segments": list(link.src),
            "derived_segments": list(link.tgt),
            "similarity": round(link.similarity, 4),
            "status": "faithful",
        }


def _cover(segments: tuple[Segment, ...], indices: tuple[int, ...]) -> Span:
    return Span(min(segments[i].start for i in indices), max(segments[i].end for i in indices))


def _document_dict(doc: Document) -> dict[str, Any]:
    return {
        "name": doc.name,
        "language": doc.language,
        "length": len(doc.text),
        "encoding": doc.encoding,
        "notes": list(doc.notes),
        "text_source": "file",
    }
