"""A pair of prepared documents as the passage builder's stages see it.

A stage takes blocks and the pair and gives blocks (:mod:`.stages`); what several stages need
of the pair (the similarity of every unit pair, the seeds at each level, the units' lengths) is
worked out once, on first use, here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np
from scipy import sparse

from sourcetrace.align.crosslingual import CrossScores, cross_scores
from sourcetrace.align.lexical import (
    PairScores,
    SentenceBags,
    content_words,
    lexical_language,
    pair_scores,
    stem_bags,
    weighted_rows,
)
from sourcetrace.align.seeds import SeedLevel, select_seeds
from sourcetrace.align.types import Embedder, Seed, SeedIndex, SentenceVectors
from sourcetrace.align.units import Units
from sourcetrace.config import Config, PassageParams
from sourcetrace.model import Segment

if TYPE_CHECKING:
    from sourcetrace.prepare import PreparedDocument

__all__ = ["CrossPair", "LexicalPair"]


@dataclass(frozen=True)
class LexicalPair:
    """Two texts in one language, by their lexical units' stems (``language``: the lexical
    language both are compared under, :func:`~sourcetrace.align.lexical.lexical_language`)."""

    src: Units
    tgt: Units
    src_text: str
    tgt_text: str
    bags: SentenceBags
    language: str
    config: Config

    @classmethod
    def of(cls, original: PreparedDocument, derived: PreparedDocument, config: Config) -> LexicalPair:
        """The pair of two prepared documents. Their stems are used as prepared when both were
        stemmed alike; where one's language is unknown (stemmed by the fallback), it is
        stemmed again in the other's."""
        language = lexical_language(original.language or derived.language)
        return cls(
            src=original.units,
            tgt=derived.units,
            src_text=original.comparable_text,
            tgt_text=derived.comparable_text,
            bags=stem_bags(_stems(original, language), _stems(derived, language)),
            language=language,
            config=config,
        )

    @property
    def params(self) -> PassageParams:
        return self.config.lexical

    @cached_property
    def rows(self) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
        """Both sides' tf-isf rows (:func:`~sourcetrace.align.lexical.weighted_rows`)."""
        return weighted_rows(self.bags)

    @cached_property
    def scores(self) -> PairScores:
        """The unit pairs that may make a seed at some level, scored; none below the lowest
        seed cosine of the levels (:meth:`_select`), which every level needs."""
        params = self.params
        floor = min(params.seed_cosine, params.summary_seed_cosine, params.weak_seed_cosine)
        return pair_scores(self.bags, self.rows, params.most_repeat_pairs, floor, params.score_block_pairs)

    @cached_property
    def seeds(self) -> list[Seed]:
        """The seeds that start a passage (:func:`~sourcetrace.align.seeds.select_seeds`)."""
        return self._select("sentence")

    @cached_property
    def weak_seeds(self) -> list[Seed]:
        """The seeds that only join a passage next to them."""
        return self._select("weak")

    @cached_property
    def summary_seeds(self) -> list[Seed]:
        """The seeds of summaries."""
        return self._select("summary")

    @cached_property
    def weak_index(self) -> SeedIndex:
        """The weak seeds by the units they pair, for growing blocks over those near them."""
        return SeedIndex.of(self.weak_seeds)

    @cached_property
    def weak_at(self) -> dict[tuple[int, int], Seed]:
        """The weak seeds by (original, derived) unit."""
        return {(s.src, s.tgt): s for s in self.weak_seeds}

    def _select(self, level: SeedLevel) -> list[Seed]:
        return select_seeds(self.scores, self.params, level, bags=self.bags)

    @cached_property
    def src_lengths(self) -> np.ndarray:
        return _unit_lengths(self.src)

    @cached_property
    def tgt_lengths(self) -> np.ndarray:
        return _unit_lengths(self.tgt)

    def vectors(self) -> tuple[SentenceVectors, SentenceVectors]:
        """The units' tf-isf rows (where a random pair scores about 0) with their lengths,
        for the document aligner."""
        return SentenceVectors(self.rows[0], self.src_lengths), SentenceVectors(self.rows[1], self.tgt_lengths)


@dataclass(frozen=True)
class CrossPair:
    """Two texts in two languages, by the multilingual embeddings of their sentences."""

    src: tuple[Segment, ...]
    tgt: tuple[Segment, ...]
    src_sentences: list[str]
    tgt_sentences: list[str]
    languages: list[str]
    config: Config
    embedder: Embedder

    @classmethod
    def of(
        cls, original: PreparedDocument, derived: PreparedDocument, config: Config, embedder: Embedder
    ) -> CrossPair:
        languages = [language for language in (original.language, derived.language) if language]
        return cls(
            original.segments, derived.segments, list(original.sentences), list(derived.sentences),
            languages, config, embedder,
        )

    @cached_property
    def params(self) -> PassageParams:
        """The shared passage builder's thresholds for cross-language scores."""
        return self.config.crosslingual.passage_params()

    @cached_property
    def scores(self) -> CrossScores:
        return cross_scores(
            self.src_sentences, self.tgt_sentences, self.embedder, self.config.crosslingual, self.languages
        )

    @cached_property
    def src_lengths(self) -> np.ndarray:
        return np.array([s.end - s.start for s in self.src])

    @cached_property
    def tgt_lengths(self) -> np.ndarray:
        return np.array([s.end - s.start for s in self.tgt])


def _unit_lengths(units: Units) -> np.ndarray:
    return np.array([u.end - u.start for u in units.segments], dtype=np.float64)


def _stems(document: PreparedDocument, language: str) -> tuple[tuple[str, ...], ...]:
    """The document's unit stems in ``language``: as prepared, or again where it was prepared
    under another lexical language (its own language unknown)."""
    if document.preparation.get("stemming") == language:
        return document.stems
    text = document.comparable_text
    return tuple(tuple(content_words(text[u.start : u.end], language)) for u in document.units.segments)
