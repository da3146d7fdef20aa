"""Sentence pairs for the detector tests, sharing one set of resources (one English parser)."""

from __future__ import annotations

from sourcetrace import Config, Resources
from sourcetrace.assess.pair import SentencePair

RESOURCES = Resources()


def sentence_pair(
    original: str,
    derived: str,
    original_language: str | None = None,
    derived_language: str | None = None,
    *,
    config: Config | None = None,
) -> SentencePair:
    """The two sentences as a pair whose documents are the sentences themselves."""
    return SentencePair.of_sentences(
        original, derived, original_language, derived_language, resources=RESOURCES, config=config
    )
