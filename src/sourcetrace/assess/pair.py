"""The unit every detector looks at: one aligned sentence pair, located in both documents."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sourcetrace.config import Config
from sourcetrace.model import Span

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from sourcetrace.resources import Resources


@dataclass(frozen=True)
class Published:
    """The day a text was published and where that was read (``--original-date``, or the
    document's ``metadata["date"]``)."""

    day: dt.date
    source: str

    def describe(self) -> str:
        return f"{self.day.isoformat()} ({self.source})"


@dataclass(frozen=True)
class SentencePair:
    """An original sentence (or group of sentences) and the derived text it became.

    ``original`` and ``derived`` are spans of the full document texts, so a detector can report
    findings with document offsets: a finding at ``[i, j)`` of :attr:`original_sentence` lies at
    ``[original.start + i, original.start + j)`` of the original document. A language of
    ``None`` (not detected) is read as "same language as the other side", English-like.

    ``config`` holds the detectors' thresholds (its ``number``, ``quote``, ``garbled``...
    sections) and ``resources`` the English parser they share (:meth:`parse`): a detector reads
    both from the pair, so every detector keeps the one signature ``detector(pair)``.
    """

    original_text: str
    original: Span
    derived_text: str
    derived: Span
    original_language: str | None = None
    derived_language: str | None = None
    original_published: Published | None = None
    derived_published: Published | None = None
    resources: Resources = field(kw_only=True, compare=False, repr=False)
    config: Config = field(default_factory=Config, kw_only=True, compare=False, repr=False)

    @classmethod
    def of_sentences(
        cls,
        original: str,
        derived: str,
        original_language: str | None = None,
        derived_language: str | None = None,
        *,
        resources: Resources,
        config: Config | None = None,
    ) -> SentencePair:
        """A pair whose documents are the two sentences themselves (tests, evaluation)."""
        return cls(
            original, Span(0, len(original)), derived, Span(0, len(derived)),
            original_language, derived_language, resources=resources, config=config or Config(),
        )

    def parse(self, sentence: str) -> Doc:
        """spaCy's parse of an English sentence (the resources' parser keeps it)."""
        return self.resources.english.parse(sentence)

    @property
    def original_sentence(self) -> str:
        return self.original_text[self.original.start : self.original.end]

    @property
    def derived_sentence(self) -> str:
        return self.derived_text[self.derived.start : self.derived.end]

    @property
    def same_language(self) -> bool:
        """Whether both sides are (or may be taken as) in one language."""
        return (
            self.original_language is None
            or self.derived_language is None
            or self.original_language == self.derived_language
        )

    def is_english(self, side: str) -> bool:
        """Whether English-only tools (spaCy's English model, English word lists) apply to a side."""
        language = self.original_language if side == "original" else self.derived_language
        other = self.derived_language if side == "original" else self.original_language
        return language == "en" or (language is None and other in (None, "en"))

    def language(self, side: str) -> str:
        """The side's language code, falling back to the other side's, then to English."""
        own = self.original_language if side == "original" else self.derived_language
        other = self.derived_language if side == "original" else self.original_language
        return own or other or "en"

    def original_span(self, start: int, end: int) -> Span:
        """A document span of the original from offsets into :attr:`original_sentence`."""
        return Span(self.original.start + start, self.original.start + end)

    def derived_span(self, start: int, end: int) -> Span:
        """A document span of the derived text from offsets into :attr:`derived_sentence`."""
        return Span(self.derived.start + start, self.derived.start + end)

    def original_point(self) -> Span:
        """An empty span at the start of the original sentence: "nothing here"."""
        return Span(self.original.start, self.original.start)

    def derived_point(self) -> Span:
        """An empty span at the start of the derived sentence: "nothing here"."""
        return Span(self.derived.start, self.derived.start)
