"""Cross-language scoring and blocks (``sourcetrace.align.crosslingual``).

The arithmetic is checked with a fake embedder that hands back vectors set by hand, so no
model runs: e5-like vectors share a strong common direction (two unrelated sentences have a
cosine of 0.78) and a translation adds its own (a cosine of about 0.96). One test at the end
runs the real multilingual model.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest

from sourcetrace.align.crosslingual import background, cross_scores, rescale
from sourcetrace.align.pair import CrossPair
from sourcetrace.align.stages import CROSSLINGUAL_STAGES, run_stages
from sourcetrace.config import Config, CrosslingualParams
from sourcetrace.model import Segment

CROSSLINGUAL_PARAMS = CrosslingualParams()
ANCHOR_WEIGHT = CROSSLINGUAL_PARAMS.anchor_weight
MIN_PAIR_SCORE = CROSSLINGUAL_PARAMS.min_pair_score


def _rescale(cosine: np.ndarray) -> np.ndarray:
    """Cosines rescaled against both sides' default backgrounds."""
    return rescale(cosine, background(cosine, 1, CROSSLINGUAL_PARAMS), background(cosine, 0, CROSSLINGUAL_PARAMS))

# Raw cosines of two original sentences (rows) with three derived ones (columns).
COSINE = np.array([[0.9, 0.8, 0.7], [0.75, 0.75, 0.75]])


def test_a_background_is_the_mean_cosine_pulled_towards_the_typical_one() -> None:
    # (row sum + 8 * 0.77) / (3 + 8) for the originals, (column sum + 8 * 0.77) / (2 + 8)
    # for the derived sentences: 8 typical cosines of 0.77 count as seen beside the real ones.
    assert background(COSINE, 1, CROSSLINGUAL_PARAMS) == pytest.approx([(2.4 + 6.16) / 11, (2.25 + 6.16) / 11])
    assert background(COSINE, 0, CROSSLINGUAL_PARAMS) == pytest.approx([0.781, 0.771, 0.761])


def test_rescaled_cosines_are_zero_at_the_background_and_one_at_identity() -> None:
    scaled = _rescale(COSINE)
    # pair (0, 1): the two backgrounds average (0.778182 + 0.771) / 2 = 0.774591
    assert scaled[0, 1] == pytest.approx((0.8 - 0.774591) / (1 - 0.774591), abs=1e-5)
    assert scaled[0, 0] == pytest.approx(0.546298, abs=1e-5)
    assert scaled[1, 2] == pytest.approx(-0.053842, abs=1e-5)
    # A pair exactly as close as its backgrounds scores 0, an identical pair 1.
    flat = np.full((3, 3), 0.77)
    assert _rescale(flat) == pytest.approx(np.zeros((3, 3)), abs=1e-12)
    identical = COSINE.copy()
    identical[0, 0] = 1.0
    assert _rescale(identical)[0, 0] == pytest.approx(1.0)


def test_a_sentence_close_to_everything_scores_lower_for_the_same_cosine() -> None:
    # Row 1 is short and generic (0.86 with every derived sentence), row 0 specific: the
    # same raw cosine of 0.86 with derived sentence 0 means less for row 1.
    cosine = np.array([[0.86, 0.75, 0.74, 0.76], [0.86, 0.86, 0.86, 0.86]])
    scaled = _rescale(cosine)
    assert scaled[0, 0] > scaled[1, 0] > 0


def test_rescaling_nothing_gives_nothing() -> None:
    empty = np.zeros((0, 4))
    scaled = _rescale(empty)
    assert scaled.shape == (0, 4) and scaled is not empty


# ---------------------------------------------------------------------------------------------
# A fake embedder

DIM = 16
COMMON = np.eye(DIM)[0]


def _own(k: int) -> np.ndarray:
    return np.eye(DIM)[1 + k]


def _sentence_vector(topic: int) -> np.ndarray:
    """An original sentence on ``topic``: cosine 0.78 with every other sentence."""
    return np.sqrt(0.78) * COMMON + np.sqrt(0.22) * _own(topic)


def _translation_vector(topic: int) -> np.ndarray:
    """A translation of the sentence on ``topic``: cosine 0.78 + 0.22 * 0.8 = 0.956 with it
    (the rest of its own part points somewhere no other sentence does)."""
    return np.sqrt(0.78) * COMMON + np.sqrt(0.22) * (np.sqrt(0.64) * _own(topic) + np.sqrt(0.36) * _own(8 + topic))


class FakeEmbedder:
    """Hands back the vector set for each text, and records what it was asked."""

    def __init__(self, vectors: dict[str, np.ndarray]) -> None:
        self.vectors = vectors
        self.calls: list[list[str]] = []

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        self.calls.append(list(texts))
        return np.array([self.vectors[t] for t in texts], dtype=np.float32).reshape(len(texts), DIM)


ENGLISH = [
    "Heavy rain flooded the old town on Monday night.",
    "The river rose by two metres in less than six hours.",
    "Rescue teams evacuated 40 families near the Buna bridge in Shkodër.",
    "The mayor promised new flood barriers for the whole town.",
    "Schools in the affected area will stay closed until Friday.",
    "Meteorologists expect more rain in the north later this week.",
]
ALBANIAN = [
    "Shirat e dendur përmbytën qytetin e vjetër të hënën në mbrëmje.",
    "Lumi u ngrit dy metra në më pak se gjashtë orë.",
    "Ekipet e shpëtimit evakuuan 40 familje pranë urës së Bunës në Shkodër.",
    "Kryetari premtoi barriera të reja kundër përmbytjeve për gjithë qytetin.",
    "Shkollat në zonën e prekur do të mbeten të mbyllura deri të premten.",
    "Meteorologët presin më shumë shi në veri më vonë këtë javë.",
]


def _embedder(src: list[str], tgt: list[str], translated: dict[int, int]) -> FakeEmbedder:
    """Original sentence k on topic k; derived sentence j the translation of original
    ``translated[j]``, or on a topic of its own (6 + j) when it translates nothing."""
    vectors = {text: _sentence_vector(k) for k, text in enumerate(src)}
    for j, text in enumerate(tgt):
        vectors[text] = _translation_vector(translated[j]) if j in translated else _sentence_vector(6 + j)
    return FakeEmbedder(vectors)


def _unit(rows: np.ndarray) -> np.ndarray:
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_cross_scores_rescale_the_cosines_and_add_the_shared_anchors() -> None:
    src, tgt = ENGLISH[:3], ALBANIAN[:3]
    embedder = _embedder(src, tgt, {0: 0, 1: 1, 2: 2})
    scores = cross_scores(src, tgt, embedder, CROSSLINGUAL_PARAMS, ["en", "sq"])
    assert embedder.calls == [src, tgt]
    assert scores.cosine == pytest.approx(np.array([[0.956, 0.78, 0.78], [0.78, 0.956, 0.78], [0.78, 0.78, 0.956]]), abs=1e-5)
    # Only sentence 2 has anchors on both sides: 40 and Shkodër (Buna is "@buna" and,
    # inflected, "@bunes"): Dice 2 * 2 / (3 + 3).
    anchors = np.zeros((3, 3))
    anchors[2, 2] = 2 * 2 / 6
    assert scores.matrix == pytest.approx(_rescale(scores.cosine) + ANCHOR_WEIGHT * anchors)
    assert scores.matrix[2, 2] - scores.matrix[1, 1] == pytest.approx(ANCHOR_WEIGHT * 4 / 6, abs=1e-5)
    # The embeddings, as they came, are both the vectors and the passage builder's rows.
    assert scores.src_embeddings.tolist() == embedder(src).tolist()
    assert scores.bags.tgt.toarray() == pytest.approx(embedder(tgt))


def test_pair_scores_keep_the_pairs_at_or_above_the_floor() -> None:
    src, tgt = ENGLISH[:3], ALBANIAN[:3]
    scores = cross_scores(src, tgt, _embedder(src, tgt, {0: 0, 1: 1, 2: 2}), CROSSLINGUAL_PARAMS, ["en", "sq"])
    pairs = scores.pair_scores(MIN_PAIR_SCORE)
    # unrelated pairs rescale below 0; translations to about 0.8 (plus anchors for 2-2)
    assert list(zip(pairs.src.tolist(), pairs.tgt.tolist())) == [(0, 0), (1, 1), (2, 2)]
    assert pairs.cosine.tolist() == pairs.dice.tolist() == [scores.matrix[k, k] for k in range(3)]
    assert pairs.shared.tolist() == [0, 0, 0] and pairs.containment.tolist() == [0.0, 0.0, 0.0]
    assert len(scores.pair_scores(floor=float(scores.matrix.max()) + 0.01).src) == 0


def test_vectors_carry_each_side_its_embeddings_and_lengths() -> None:
    src, tgt = ENGLISH[:3], ALBANIAN[:2]
    embedder = _embedder(src, tgt, {0: 0, 1: 2})
    scores = cross_scores(src, tgt, embedder, CROSSLINGUAL_PARAMS, ["en", "sq"])
    original, derived = scores.vectors(np.array([40, 50, 60]), np.array([45, 55]))
    assert original.lengths.tolist() == [40.0, 50.0, 60.0] and derived.lengths.tolist() == [45.0, 55.0]
    assert original.rows.tolist() == embedder(src).tolist() and derived.rows.tolist() == embedder(tgt).tolist()


def _segments(sentences: list[str]) -> tuple[Segment, ...]:
    """The sentences as segments of their text joined by single spaces."""
    starts = np.cumsum([0] + [len(t) + 1 for t in sentences[:-1]])
    return tuple(Segment(k, int(start), int(start) + len(t)) for k, (start, t) in enumerate(zip(starts, sentences)))


def _blocks(src: list[str], tgt: list[str], translated: dict[int, int], params=CROSSLINGUAL_PARAMS):
    """The blocks of the cross-language stages (seeds, overlaps, size and evidence)."""
    pair = CrossPair(
        _segments(src), _segments(tgt), src, tgt, ["en", "sq"], Config(crosslingual=params),
        _embedder(src, tgt, translated),
    )
    return run_stages(CROSSLINGUAL_STAGES, [], pair)


def test_a_translation_sentence_by_sentence_is_one_block() -> None:
    (block,) = _blocks(ENGLISH, ALBANIAN, {k: k for k in range(6)})
    assert (block.src_start, block.src_end, block.tgt_start, block.tgt_end) == (0, 6, 0, 6)
    assert [(s.src, s.tgt) for s in block.seeds] == [(k, k) for k in range(6)]
    assert not block.summary


def test_a_dropped_and_an_added_sentence_stay_out_of_the_seeds() -> None:
    # The mayor's sentence (3) is dropped; a resident's quote is added after the schools.
    added = "“Nuk kemi parë kurrë diçka të tillë”, tha një banore e lagjes."
    tgt = ALBANIAN[:3] + ALBANIAN[4:5] + [added] + ALBANIAN[5:]
    (block,) = _blocks(ENGLISH, tgt, {0: 0, 1: 1, 2: 2, 3: 4, 5: 5})
    assert [(s.src, s.tgt) for s in block.seeds] == [(0, 0), (1, 1), (2, 2), (4, 3), (5, 5)]
    assert (block.src_start, block.src_end, block.tgt_start, block.tgt_end) == (0, 6, 0, 6)


def test_texts_that_translate_nothing_give_no_block() -> None:
    assert _blocks(ENGLISH, ALBANIAN, {}) == []


def test_a_lone_pair_needs_a_close_match_and_both_sides_need_enough_text() -> None:
    # One translated sentence among unrelated ones: its rescaled score (about 0.8) passes
    # single_link_cosine (0.6) and its 67 and 70 characters are under min_chars (120).
    translated = {2: 2}
    assert _blocks(ENGLISH, ALBANIAN, translated) == []
    from dataclasses import replace

    (block,) = _blocks(ENGLISH, ALBANIAN, translated, replace(CROSSLINGUAL_PARAMS, min_chars=60))
    assert (block.src_start, block.src_end, block.tgt_start, block.tgt_end) == (2, 3, 2, 3)
    strict = replace(CROSSLINGUAL_PARAMS, min_chars=60, single_link_cosine=0.99)
    assert _blocks(ENGLISH, ALBANIAN, translated, strict) == []


def test_the_real_model_scores_translations_apart_from_the_rest() -> None:
    from sourcetrace.align.embedding import EmbeddingCache

    scores = cross_scores(ENGLISH, ALBANIAN, EmbeddingCache(), CROSSLINGUAL_PARAMS, ["en", "sq"])
    translation = np.eye(6, dtype=bool)
    # Raw e5 cosines are high for every pair (0.7-0.81 here) and a little higher for a
    # translation (0.85-0.92); rescaled, the translations stand well apart.
    assert scores.cosine[translation].min() > 0.85 and scores.cosine[~translation].max() < 0.81
    assert scores.matrix.argmax(axis=1).tolist() == list(range(6))
    elsewhere = np.where(translation, -np.inf, scores.matrix).max(axis=1)
    assert (np.diag(scores.matrix) - elsewhere > 0.3).all()
    # No pair that is not a translation is even a candidate seed (MIN_PAIR_SCORE, 0.2).
    assert list(zip(*np.nonzero(scores.matrix >= MIN_PAIR_SCORE))) == [(k, k) for k in range(6)]
