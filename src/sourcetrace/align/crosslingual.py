"""Sentence similarity across languages: multilingual embeddings plus anchors.

Raw e5 cosines are high for any two sentences (about 0.78 for unrelated ones, 0.9 for a
translation), and how high depends on the sentence: short and generic ones are close to
everything. Each cosine is therefore rescaled against the two sentences' own background (their
mean cosine with the other text), as vecalign normalises its costs, so that 0 means "as similar
as a random pair" and 1 "identical". Shared numbers and names (:mod:`.anchors`) add to it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from sourcetrace.align.anchors import anchor_incidence, anchor_matrix, anchors
from sourcetrace.align.document import SentenceVectors
from sourcetrace.align.lexical import PairScores, SentenceBags
from sourcetrace.align.passages import (
    Block,
    PassageParams,
    resolve_overlaps,
    select_seeds,
    validated_blocks,
)

__all__ = ["CROSSLINGUAL_PARAMS", "CrossScores", "Embedder", "cross_scores", "crosslingual_blocks"]

# Embeds a list of texts into unit-length rows (an EmbeddingCache in practice).
Embedder = Callable[[Sequence[str]], np.ndarray]

# Weight of the anchor overlap (Dice of numbers, names, countries) added to the rescaled cosine.
ANCHOR_WEIGHT = 0.15
# A sentence's background is its mean cosine with the other text, pulled towards a typical
# background (e5, unrelated news sentences) as if that were seen PRIOR_WEIGHT times: a short
# text has too few sentences to estimate it, and its own translation would inflate it.
PRIOR_BACKGROUND = 0.77
PRIOR_WEIGHT = 8
# Pairs below this rescaled score are not kept as candidate seeds at all.
MIN_PAIR_SCORE = 0.2

# The passage builder's thresholds for rescaled embedding scores (set on en-sq-dev and the
# cross-language PAN-layout bench): a translated sentence pair scores about 0.5-0.7, a pair of
# sentences on the same topic about 0.2-0.3; passage_cosine applies to raw summed embeddings.
CROSSLINGUAL_PARAMS = PassageParams(
    seed_cosine=0.38,
    seed_dice=0.0,
    gap=4,
    min_gap=1,
    passage_cosine=0.88,
    min_chars=120,
    partner_margin=0.1,
    single_link_cosine=0.6,
)


@dataclass(frozen=True)
class CrossScores:
    """Rescaled similarity of every sentence pair of two texts in different languages."""

    matrix: np.ndarray  # (original sentences, derived sentences), rescaled cosine + anchors
    cosine: np.ndarray  # the raw embedding cosine, for reporting
    bags: SentenceBags  # embeddings as rows: the passage builder's span similarity
    src_embeddings: np.ndarray
    tgt_embeddings: np.ndarray
    src_anchors: sparse.csr_matrix
    tgt_anchors: sparse.csr_matrix

    def vectors(self, src_lengths: np.ndarray, tgt_lengths: np.ndarray) -> tuple[SentenceVectors, SentenceVectors]:
        """Both sides' embeddings, lengths and backgrounds for the document aligner."""
        return (
            SentenceVectors(
                self.src_embeddings, src_lengths.astype(np.float64), background(self.cosine, 1), self.src_anchors
            ),
            SentenceVectors(
                self.tgt_embeddings, tgt_lengths.astype(np.float64), background(self.cosine, 0), self.tgt_anchors
            ),
        )

    def pair_scores(self, floor: float = MIN_PAIR_SCORE) -> PairScores:
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
    languages: Sequence[str] = (),
) -> CrossScores:
    """Similarity of every original sentence with every derived sentence, any languages."""
    src = embedder(src_texts)
    tgt = embedder(tgt_texts)
    cosine = src @ tgt.T
    matrix = rescale(cosine)
    src_anchors, tgt_anchors = anchor_incidence(
        [anchors(t, languages) for t in src_texts], [anchors(t, languages) for t in tgt_texts]
    )
    matrix = matrix + ANCHOR_WEIGHT * anchor_matrix(src_anchors, tgt_anchors)
    return CrossScores(
        matrix=matrix,
        cosine=cosine,
        bags=embedding_bags(src, tgt),
        src_embeddings=src,
        tgt_embeddings=tgt,
        src_anchors=src_anchors,
        tgt_anchors=tgt_anchors,
    )


def rescale(cosine: np.ndarray) -> np.ndarray:
    """Cosines rescaled against each sentence's background: 0 = a random pair, 1 = identical."""
    if cosine.size == 0:
        return cosine.copy()
    both = (background(cosine, 1)[:, None] + background(cosine, 0)[None, :]) / 2
    return (cosine - both) / np.maximum(1.0 - both, 1e-6)


def embedding_bags(src: np.ndarray, tgt: np.ndarray) -> SentenceBags:
    """Embeddings as the passage builder's sentence rows: a passage's similarity is then the
    cosine of its summed sentence embeddings (a translated passage scores about 0.95, two
    passages on unrelated subjects about 0.8)."""
    return SentenceBags(src=sparse.csr_matrix(src), tgt=sparse.csr_matrix(tgt))


def crosslingual_blocks(
    scores: CrossScores,
    src_lengths: np.ndarray,
    tgt_lengths: np.ndarray,
    params: PassageParams = CROSSLINGUAL_PARAMS,
) -> list[Block]:
    """The passage builder's blocks (in sentence indices) from cross-language scores."""
    seeds = select_seeds(scores.pair_scores(), params)
    if not seeds:
        return []
    blocks = validated_blocks(seeds, scores.bags, params.gap, params)
    return [
        b
        for b in resolve_overlaps(blocks, tgt_lengths)
        if src_lengths[b.src_start : b.src_end].sum() >= params.min_chars
        and tgt_lengths[b.tgt_start : b.tgt_end].sum() >= params.min_chars
        and (len(b.seeds) >= 2 or b.seeds[0].similarity >= params.single_link_cosine)
    ]


def background(cosine: np.ndarray, axis: int) -> np.ndarray:
    """Each sentence's background cosine with the other text (see :func:`rescale`)."""
    return (cosine.sum(axis=axis) + PRIOR_WEIGHT * PRIOR_BACKGROUND) / (
        cosine.shape[axis] + PRIOR_WEIGHT
    )
