"""Sentence similarity across languages: multilingual embeddings plus anchors.

Raw e5 cosines are high for any two sentences (about 0.78 for unrelated ones, 0.9 for a
translation), and how high depends on the sentence: short and generic ones are close to
everything. Each cosine is therefore rescaled against the two sentences' own background (their
mean cosine with the other text), as vecalign normalises its costs, so that 0 means "as similar
as a random pair" and 1 "identical". Shared numbers and names (:mod:`.anchors`) add to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from sourcetrace.align.anchors import anchor_incidence, anchor_matrix, anchors
from sourcetrace.align.lexical import PairScores, SentenceBags
from sourcetrace.align.types import Embedder, SentenceVectors
from sourcetrace.config import CrosslingualParams

__all__ = ["CrossScores", "background", "cross_scores", "embedding_bags", "rescale"]


@dataclass(frozen=True)
class CrossScores:
    """Rescaled similarity of every sentence pair of two texts in different languages."""

    matrix: np.ndarray  # (original sentences, derived sentences), rescaled cosine + anchors
    cosine: np.ndarray  # the raw embedding cosine, for reporting
    bags: SentenceBags  # embeddings as rows: the passage builder's span similarity
    src_embeddings: np.ndarray
    tgt_embeddings: np.ndarray

    def vectors(self, src_lengths: np.ndarray, tgt_lengths: np.ndarray) -> tuple[SentenceVectors, SentenceVectors]:
        """Both sides' embeddings and lengths for the translation aligner."""
        return (
            SentenceVectors(self.src_embeddings, src_lengths.astype(np.float64)),
            SentenceVectors(self.tgt_embeddings, tgt_lengths.astype(np.float64)),
        )

    def pair_scores(self, floor: float) -> PairScores:
        """The pairs scoring at least ``floor``, in the passage builder's format (the rescaled
        score stands for both its cosine and its Dice; no stems are counted across languages)."""
        rows, cols = np.nonzero(self.matrix >= floor)
        values = self.matrix[rows, cols].astype(np.float64)
        return PairScores(
            src=rows.astype(np.int64), tgt=cols.astype(np.int64), cosine=values, dice=values,
            shared=np.zeros(len(values), dtype=np.int64), containment=np.zeros_like(values),
        )


def cross_scores(
    src_texts: Sequence[str],
    tgt_texts: Sequence[str],
    embedder: Embedder,
    params: CrosslingualParams,
    languages: Sequence[str] = (),
) -> CrossScores:
    """Similarity of every original sentence with every derived sentence, any languages:
    the e5 cosine rescaled against both sentences' backgrounds, plus ``params.anchor_weight``
    times the Dice overlap of their numbers and names."""
    src = embedder(src_texts)
    tgt = embedder(tgt_texts)
    cosine = src @ tgt.T
    matrix = rescale(cosine, background(cosine, 1, params), background(cosine, 0, params))
    src_anchors, tgt_anchors = anchor_incidence(
        [anchors(t, languages, params) for t in src_texts], [anchors(t, languages, params) for t in tgt_texts]
    )
    matrix = matrix + params.anchor_weight * anchor_matrix(src_anchors, tgt_anchors)
    return CrossScores(
        matrix=matrix, cosine=cosine, bags=embedding_bags(src, tgt), src_embeddings=src, tgt_embeddings=tgt
    )


def rescale(cosine: np.ndarray, src_background: np.ndarray, tgt_background: np.ndarray) -> np.ndarray:
    """Cosines rescaled against each sentence's background: 0 = a random pair, 1 = identical."""
    if cosine.size == 0:
        return cosine.copy()
    both = (src_background[:, None] + tgt_background[None, :]) / 2
    return (cosine - both) / np.maximum(1.0 - both, 1e-6)


def embedding_bags(src: np.ndarray, tgt: np.ndarray) -> SentenceBags:
    """Embeddings as the passage builder's sentence rows: a passage's similarity is then the
    cosine of its summed sentence embeddings (a translated passage scores about 0.95, two
    passages on unrelated subjects about 0.8)."""
    return SentenceBags(src=sparse.csr_matrix(src), tgt=sparse.csr_matrix(tgt))


def background(cosine: np.ndarray, axis: int, params: CrosslingualParams) -> np.ndarray:
    """Each sentence's background cosine with the other text (see :func:`rescale`): its mean
    cosine with the other text's sentences, pulled towards ``params.prior_background`` (e5,
    unrelated news sentences) as if that were seen ``params.prior_weight`` times: a short text
    has too few sentences to estimate it, and its own translation would inflate it."""
    return (cosine.sum(axis=axis) + params.prior_weight * params.prior_background) / (
        cosine.shape[axis] + params.prior_weight
    )
