"""Monotonic alignment of a translation from sentence embeddings, with vecalign's costs.

A bead of ``a`` original and ``b`` derived sentences costs ``(1 - cos(x, y)) * a * b``, where
``x`` and ``y`` are the beads' embeddings, divided by the beads' mean distance to the other
text (vecalign's normalisation: a sentence that is close to everything is not a good match
for being close to one). A sentence left unlinked costs ``skip``; an unusual length ratio adds
a Gale-Church-like penalty. The factor ``a * b`` makes a large bead pay for each pair of
sentences it joins, so that it wins only where its parts, aligned apart, fit worse; a small
cost per joined pair on top of it (Gale-Church's prior that 1-1 beads are the most common)
settles the ties where the cosine term is 0 whatever the shape, as for identical lines.

A run of sentences is embedded as the normalised sum of its sentences' embeddings. On the
Text+Berg de-fr dev document this scored as well as embedding the joined text (strict F1 0.83
both ways at equal costs, in a grid run outside the repository), and it embeds every sentence
only once during the search. Only after it, in a text that drops sentences, is the joined text
of each two-to-one bead embedded, to tell a merge from a neighbour absorbed into the bead.

Sums of sentence embeddings cannot tell a gold 2-2 bead from two parallel 1-1 beads (each
sentence pair stays close on the whole). In a faithful translation a second pass therefore adds
a crossing cost (:mod:`~sourcetrace.align.crossing`): a bead pays where a clause or a number of
its sentences is translated just outside it, or where it ends at a segmenter's cut after an
abbreviation.

Cells within a band around the anchors' path are searched, row by row with numpy, so time and
memory grow with length times band width.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import lru_cache

import numpy as np

from sourcetrace.align.crossing import Crossings
from sourcetrace.align.crosslingual import CrossScores, cross_scores
from sourcetrace.align.document import band
from sourcetrace.align.types import Bead, Block, Embedder, SentenceVectors
from sourcetrace.align.whole_document import bead_blocks
from sourcetrace.config import Config, TranslationParams

__all__ = [
    "CrossingCost",
    "JoinedSimilarity",
    "TRANSLATION_SHAPES",
    "align_translation",
    "translation_blocks",
    "translation_document",
]

# Extra cost of the beads of original sentences [i - a, i) with derived sentences [j - b, j)
# for each j: called as (a, b, i, j) (:class:`~sourcetrace.align.crossing.Crossings`).
CrossingCost = Callable[[int, int, int, np.ndarray], np.ndarray]

# Cosine of the embeddings of a run of original sentences and a run of derived sentences,
# each joined as one text (indices into the two texts' sentences).
JoinedSimilarity = Callable[[tuple[int, ...], tuple[int, ...]], float]

# (original sentences, derived sentences) of the linked beads; 1-0 and 0-1 are the skips.
TRANSLATION_SHAPES: tuple[tuple[int, int], ...] = (
    (1, 1), (1, 2), (2, 1), (1, 3), (3, 1), (2, 2), (2, 3), (3, 2),
    (1, 4), (4, 1), (3, 3), (1, 5), (5, 1), (2, 4), (4, 2),
)


def translation_document(
    src_sentences: list[str],
    tgt_sentences: list[str],
    scores: CrossScores,
    languages: list[str],
    config: Config,
    embedder: Embedder,
) -> list[Block]:
    """Blocks of a whole-document alignment of a translation (sentence indices).

    Segments with nothing to translate (no word of ``translatable_letters`` letters, no
    number of ``translatable_digits`` digits: OCR debris, separators, a stray initial) are
    left out of the alignment, so that none is joined to a bead at its edge; one that lies
    inside a bead joins it (:func:`translation_blocks`). ``scores`` (of all the sentences)
    are scored again only when some were left out.
    """
    params = config.translation
    translatable = _translatable(params.translatable_letters, params.translatable_digits)
    src_at = [i for i, text in enumerate(src_sentences) if translatable.search(text)]
    tgt_at = [j for j, text in enumerate(tgt_sentences) if translatable.search(text)]
    src_kept = [src_sentences[i] for i in src_at]
    tgt_kept = [tgt_sentences[j] for j in tgt_at]
    if len(src_kept) < len(src_sentences) or len(tgt_kept) < len(tgt_sentences):
        scores = cross_scores(src_kept, tgt_kept, embedder, config.crosslingual, languages)
    src_vectors, tgt_vectors = scores.vectors(
        np.array([len(text) for text in src_kept]), np.array([len(text) for text in tgt_kept])
    )
    crossing = Crossings(
        src_kept, tgt_kept, scores.src_embeddings, scores.tgt_embeddings, embedder, params, config.crosslingual
    )
    return translation_blocks(
        src_vectors,
        tgt_vectors,
        scores.matrix,
        config.crosslingual.gap,
        params,
        joined=joined_similarity(src_kept, tgt_kept, embedder),
        crossing=crossing,
        positions=(src_at, tgt_at),
    )


@lru_cache(maxsize=8)
def _translatable(letters: int, digits: int) -> re.Pattern[str]:
    """What a segment needs to be aligned as a translation: a word of ``letters`` letters or
    a number of ``digits`` digits."""
    return re.compile(rf"[^\W\d_]{{{letters}}}|\d{{{digits}}}")


def joined_similarity(src_sentences: list[str], tgt_sentences: list[str], embedder: Embedder) -> JoinedSimilarity:
    """Cosine of the embeddings of two runs of sentences, each joined into one text."""

    def similarity(src_run: tuple[int, ...], tgt_run: tuple[int, ...]) -> float:
        vectors = np.asarray(
            embedder([" ".join(src_sentences[i] for i in src_run), " ".join(tgt_sentences[j] for j in tgt_run)]),
            dtype=np.float64,
        )
        norms = np.linalg.norm(vectors, axis=1)
        return float(vectors[0] @ vectors[1] / (norms[0] * norms[1])) if norms.all() else 0.0

    return similarity


def translation_blocks(
    src: SentenceVectors,
    tgt: SentenceVectors,
    scores: np.ndarray,
    gap: int,
    params: TranslationParams = TranslationParams(),
    joined: JoinedSimilarity | None = None,
    crossing: CrossingCost | None = None,
    positions: tuple[Sequence[int], Sequence[int]] | None = None,
) -> list[Block]:
    """Blocks (sentence indices) of a whole-document alignment of a translation.

    The whole texts are aligned monotonically, the band following the pairs that are each
    other's best match in ``scores``. A faithful translation (the first pass leaves few
    sentences unlinked) is aligned again with a higher skip cost and the crossing cost, and a
    lone sentence left unlinked between two beads joins one of them.
    Passages that moved leave sentences unlinked on both sides; those are aligned again among
    themselves, pass after pass until one keeps nothing (at most ``moved_passes``), linking
    only beads that are close translations (a lone one closer still). Each pass is monotonic,
    so passages moved in different directions need a pass each.

    Args:
        src: Embeddings and lengths of the original sentences.
        tgt: Embeddings and lengths of the derived sentences.
        scores: Similarity of every sentence pair (original x derived), for the anchors and
            for the bead a lone sentence joins.
        gap: Unlinked sentences on either side after which a passage ends.
        params: Costs, band and moved-passage search.
        joined: Cosine of the embeddings of two runs of sentences joined as text; with it,
            in a text that drops sentences, a two-to-one bead whose joined text is no closer
            to its partner than one of its sentences alone keeps only that sentence.
        crossing: The crossing cost of beads, added in a faithful translation's second pass
            (where sentences are split and joined differently, not dropped).
        positions: Where ``src`` and ``tgt`` are a selection of the texts' sentences, their
            indices in the texts: the blocks are then in text indices, and a sentence left
            out of the selection that lies between two sentences of a bead joins the bead.
    """
    anchors = mutual_best(scores)
    beads = [b for b in align_translation(src, tgt, anchors, params) if b.src and b.tgt]
    if _unlinked_share(beads, len(src), len(tgt)) < params.faithful_share:
        params = replace(params, skip=params.faithful_skip)
        path = align_translation(src, tgt, anchors, params, crossing=crossing)
        beads = [b for b in path if b.src and b.tgt]
        beads = _with_lone_sentences(beads, src, tgt, scores)
    else:
        beads = [b for b in beads if b.similarity >= params.min_similarity]
        if joined is not None:
            beads = [_unjoined(b, src, tgt, joined) for b in beads]
    for _ in range(params.moved_passes):
        rows = sorted(set(range(len(src))) - {i for b in beads for i in b.src})
        cols = sorted(set(range(len(tgt))) - {j for b in beads for j in b.tgt})
        if not rows or not cols:
            break
        local = mutual_best(scores[np.ix_(rows, cols)])
        path = align_translation(
            src.select(rows), tgt.select(cols), local, params, (rows, cols), params.moved_similarity
        )
        found = [
            Bead(tuple(rows[k] for k in b.src), tuple(cols[k] for k in b.tgt), b.similarity)
            for b in path
            if b.src and b.tgt
        ]
        found = _supported(found, gap, params.moved_single_similarity)
        if not found:
            break
        beads += found
    if positions is not None:
        beads = [_in_text(b, positions) for b in beads]
    return bead_blocks(beads, gap)


def _in_text(bead: Bead, positions: tuple[Sequence[int], Sequence[int]]) -> Bead:
    """A bead of selected sentences in text indices, with every sentence between its first
    and last on each side."""
    src_at, tgt_at = positions
    src = tuple(range(src_at[bead.src[0]], src_at[bead.src[-1]] + 1))
    tgt = tuple(range(tgt_at[bead.tgt[0]], tgt_at[bead.tgt[-1]] + 1))
    return Bead(src, tgt, bead.similarity)


def _with_lone_sentences(
    beads: list[Bead], src: SentenceVectors, tgt: SentenceVectors, scores: np.ndarray
) -> list[Bead]:
    """The beads of a faithful translation's path with each lone unlinked sentence joined to
    a neighbouring bead. A sentence left unlinked between two beads that meet on the other
    side (nothing is missing there) was most likely translated inside one of them: it joins
    the one holding its closest partner sentence, where the bead's shape allows it and its
    length ratio comes closer to the text's (a dropped sentence would make it worse)."""
    beads = _with_lone_originals(beads, src, tgt, scores)
    flipped = _with_lone_originals([_flipped(b) for b in beads], tgt, src, scores.T)
    return [_flipped(b) for b in flipped]


def _with_lone_originals(
    beads: list[Bead], src: SentenceVectors, tgt: SentenceVectors, scores: np.ndarray
) -> list[Bead]:
    """:func:`_with_lone_sentences` for the original sentences only."""
    ordered = sorted(beads, key=lambda b: b.src[0])
    with_lone = ordered[:1]
    for right in ordered[1:]:
        left = with_lone[-1]
        lone = left.src[-1] + 1
        if right.src[0] == lone + 1 and right.tgt[0] == left.tgt[-1] + 1:
            if _closest_partner(lone, left, scores) >= _closest_partner(lone, right, scores):
                with_lone[-1] = _grown(left, lone, src, tgt)
            else:
                right = _grown(right, lone, src, tgt)
        with_lone.append(right)
    return with_lone


def _closest_partner(i: int, bead: Bead, scores: np.ndarray) -> float:
    return max(float(scores[i, j]) for j in bead.tgt)


def _grown(bead: Bead, lone: int, src: SentenceVectors, tgt: SentenceVectors) -> Bead:
    """``bead`` with original sentence ``lone`` joined, if the shape is one the aligner links
    and the length ratio fits the text's better; else ``bead`` as it was."""
    grown = tuple(sorted((*bead.src, lone)))
    if (len(grown), len(bead.tgt)) not in TRANSLATION_SHAPES:
        return bead
    if _length_misfit(grown, bead.tgt, src, tgt) >= _length_misfit(bead.src, bead.tgt, src, tgt):
        return bead
    return Bead(grown, bead.tgt, _run_similarity(grown, bead.tgt, src, tgt))


def _length_misfit(
    src_run: tuple[int, ...], tgt_run: tuple[int, ...], src: SentenceVectors, tgt: SentenceVectors
) -> float:
    """|log| of the runs' length ratio against the texts' (the length term of the bead cost)."""
    ratio = float(tgt.lengths.sum()) / max(float(src.lengths.sum()), 1.0)
    src_length = float(src.lengths[list(src_run)].sum())
    tgt_length = float(tgt.lengths[list(tgt_run)].sum())
    return float(_length_term(src_length, tgt_length, ratio))


def _length_term(src_length, tgt_length, ratio: float):
    """|log| of the ratio of a bead's derived length to its original length scaled by the
    texts' ratio (scalars or arrays)."""
    return np.abs(np.log((src_length * ratio + 1.0) / (tgt_length + 1.0)))


def _run_similarity(
    src_run: tuple[int, ...], tgt_run: tuple[int, ...], src: SentenceVectors, tgt: SentenceVectors
) -> float:
    """The shown similarity of one bead (as :func:`_shown_similarity` gives it in the search)."""
    src_rows = np.asarray(src.rows, dtype=np.float64)
    tgt_rows = np.asarray(tgt.rows, dtype=np.float64)
    x, y = _unit(src_rows[list(src_run)].sum(axis=0)), _unit(tgt_rows[list(tgt_run)].sum(axis=0))
    background = (float(x @ tgt_rows.mean(axis=0)) + float(y @ src_rows.mean(axis=0))) / 2
    return float(_rescaled(float(x @ y), background))


def _unit(vector: np.ndarray) -> np.ndarray:
    return vector / max(float(np.linalg.norm(vector)), 1e-9)


def _flipped(bead: Bead) -> Bead:
    return Bead(bead.tgt, bead.src, bead.similarity)


def _supported(beads: list[Bead], gap: int, single: float) -> list[Bead]:
    """The beads of a moved-passage pass that have another within ``gap`` sentences on both
    sides, or are similar enough (``single``) to stand alone."""
    return [
        b
        for b in beads
        if b.similarity >= single
        or any(c is not b and abs(c.src[0] - b.src[0]) <= gap and abs(c.tgt[0] - b.tgt[0]) <= gap for c in beads)
    ]


def _unjoined(bead: Bead, src: SentenceVectors, tgt: SentenceVectors, joined: JoinedSimilarity) -> Bead:
    """A 2-1 (or 1-2) bead cut back to its best 1-1 pair when embedding the two sentences
    joined brings them no closer to their partner than the better one alone: the other
    sentence was absorbed (a neighbour dropped from the other text), not merged. Sums of
    sentence embeddings hide this; a short heading joined to a long sentence barely moves the
    sum, while a deleted neighbour makes the joined text drift from its partner."""
    if sorted((len(bead.src), len(bead.tgt))) != [1, 2]:
        return bead
    pairs = [((i,), (j,)) for i in bead.src for j in bead.tgt]
    alone = [float(np.dot(src.rows[i[0]], tgt.rows[j[0]])) for i, j in pairs]
    if joined(bead.src, bead.tgt) > max(alone):
        return bead
    best_src, best_tgt = pairs[int(np.argmax(alone))]
    return Bead(best_src, best_tgt, bead.similarity)


def _unlinked_share(beads: list[Bead], n_src: int, n_tgt: int) -> float:
    linked = sum(len(b.src) + len(b.tgt) for b in beads)
    return 1.0 - linked / max(n_src + n_tgt, 1)


def mutual_best(scores: np.ndarray) -> list[tuple[int, int]]:
    """The pairs (i, j) where j is i's best match and i is j's (bertalign's first step keeps
    such 1-1 pairs as anchors)."""
    if scores.size == 0:
        return []
    best_col = scores.argmax(axis=1)
    best_row = scores.argmax(axis=0)
    return [(i, int(j)) for i, j in enumerate(best_col) if best_row[j] == i]


def align_translation(
    src: SentenceVectors,
    tgt: SentenceVectors,
    anchors: Sequence[tuple[int, int]] = (),
    params: TranslationParams = TranslationParams(),
    positions: tuple[Sequence[int], Sequence[int]] | None = None,
    floor: float = 0.0,
    crossing: CrossingCost | None = None,
) -> list[Bead]:
    """The cheapest monotonic bead path through two sentence sequences (dense unit rows).

    Args:
        src: Embeddings and lengths of the original sentences.
        tgt: Embeddings and lengths of the derived sentences.
        anchors: (original, derived) sentence pairs believed to align; the band follows them.
        params: Costs and band width.
        positions: Where ``src`` and ``tgt`` are a selection of a text's sentences, their
            indices in it: a bead may then join only sentences that are adjacent in the text.
        floor: Beads whose shown similarity is under this may not be linked (the path skips
            their sentences instead).
        crossing: An extra cost per bead (whole texts only, not a selection).

    Returns:
        The path's beads in order, skipped sentences included (empty other side).
    """
    n, m = len(src), len(tgt)
    if n == 0 or m == 0:
        return [Bead((i,), (), 0.0) for i in range(n)] + [Bead((), (j,), 0.0) for j in range(m)]
    low, high = band(n, m, anchors, params.band)
    size = max(max(shape) for shape in TRANSLATION_SHAPES)
    src_at, tgt_at = positions if positions is not None else (range(n), range(m))
    src_runs, tgt_runs = _Runs(src, tgt, size, src_at), _Runs(tgt, src, size, tgt_at)
    ratio = float(tgt.lengths.sum()) / max(float(src.lengths.sum()), 1.0)
    moves = [(1, 0), (0, 1), *TRANSLATION_SHAPES]
    cost = np.full((n + 1, m + 1), np.inf)
    move = np.zeros((n + 1, m + 1), dtype=np.int8)
    similarity = np.zeros((n + 1, m + 1))
    cost[0, : high[0] + 1] = params.skip * np.arange(high[0] + 1)
    move[0, 1 : high[0] + 1] = 1
    for i in range(1, n + 1):
        cols = np.arange(low[i], high[i] + 1)
        row = cost[i - 1, cols] + params.skip
        row_move = np.zeros(len(cols), dtype=np.int8)
        row_similarity = np.zeros(len(cols))
        for k, (a, b) in enumerate(moves[2:], start=2):
            if a > i or a not in src_runs.rows or b not in tgt_runs.rows:
                continue
            usable = cols >= b
            j = cols[usable]
            candidate = cost[i - a, j - b] + _bead_cost(src_runs, tgt_runs, a, b, i, j, ratio, params)
            if crossing is not None:
                candidate = candidate + crossing(a, b, i, j)
            better = candidate < row[usable]
            shown = _shown_similarity(src_runs, tgt_runs, a, b, i, j[better])
            if floor > 0.0:
                linkable = shown >= floor
                better[better] = linkable
                shown = shown[linkable]
            if better.any():
                where = np.flatnonzero(usable)[better]
                row[where] = candidate[better]
                row_move[where] = k
                row_similarity[where] = shown
        # derived sentences skipped within the row: a running minimum along it
        steps = params.skip * np.arange(len(cols))
        running = np.minimum.accumulate(row - steps) + steps
        skipped = running < row - 1e-9  # not a rounding difference of the same path
        row_move[skipped] = 1
        cost[i, cols] = np.where(skipped, running, row)
        move[i, cols] = row_move
        similarity[i, cols] = np.where(skipped, 0.0, row_similarity)
    return _trace(move, similarity, moves, n, m)


class _Runs:
    """Unit embeddings, lengths and normalisers of every run of 1..``size`` consecutive
    sentences of one text (run ``(k, a)`` is sentences ``[k, k + a)``), and whether each run
    is adjacent in the text at ``positions`` (a selection's gaps cannot be joined)."""

    def __init__(self, own: SentenceVectors, other: SentenceVectors, size: int, positions: Sequence[int]) -> None:
        rows = np.asarray(own.rows, dtype=np.float64)
        at = np.asarray(positions, dtype=np.int64)
        other_mean = np.asarray(other.rows, dtype=np.float64).mean(axis=0)
        self.rows: dict[int, np.ndarray] = {}
        self.lengths: dict[int, np.ndarray] = {}
        self.distance: dict[int, np.ndarray] = {}
        self.adjacent: dict[int, np.ndarray] = {}
        for a in range(1, min(size, len(own)) + 1):
            count = len(own) - a + 1
            self.adjacent[a] = at[a - 1 : a - 1 + count] - at[:count] == a - 1
            summed = sum(rows[o : o + count] for o in range(a))
            unit = summed / np.maximum(np.linalg.norm(summed, axis=1, keepdims=True), 1e-9)
            self.rows[a] = unit
            self.lengths[a] = sum(own.lengths[o : o + count] for o in range(a)).astype(np.float64)
            # mean cosine distance of the run to the other text's sentences (vecalign's sample)
            self.distance[a] = np.maximum(1.0 - unit @ other_mean, 1e-6)


def _bead_cost(
    src: _Runs, tgt: _Runs, a: int, b: int, i: int, j: np.ndarray, ratio: float, params: TranslationParams
) -> np.ndarray:
    """Cost of the beads of ``a`` original sentences ending at ``i`` with ``b`` derived
    sentences ending at each of ``j`` (infinite where they may not be linked)."""
    x, y = src.rows[a][i - a], tgt.rows[b][j - b]
    cosine = y @ x
    normaliser = (src.distance[a][i - a] + tgt.distance[b][j - b]) / 2
    length_ratio = _length_term(src.lengths[a][i - a], tgt.lengths[b][j - b], ratio)
    shape = params.shape_cost * (a * b - 1)
    cost = (1.0 - cosine) / normaliser * (a * b) + params.length_weight * length_ratio + shape
    joinable = src.adjacent[a][i - a] & tgt.adjacent[b][j - b]
    return np.where(joinable, cost, np.inf)


def _shown_similarity(src: _Runs, tgt: _Runs, a: int, b: int, i: int, j: np.ndarray) -> np.ndarray:
    """The similarity reported for a bead: its cosine rescaled so that 0 is as close as the
    two runs are to the other text on average and 1 is identical."""
    cosine = tgt.rows[b][j - b] @ src.rows[a][i - a]
    background = 1.0 - (src.distance[a][i - a] + tgt.distance[b][j - b]) / 2
    return _rescaled(cosine, background)


def _rescaled(cosine, background):
    """Cosine rescaled so that ``background`` maps to 0 and identity to 1 (scalars or arrays)."""
    return np.clip((cosine - background) / np.maximum(1.0 - background, 1e-6), 0.0, 1.0)


def _trace(
    move: np.ndarray, similarity: np.ndarray, moves: list[tuple[int, int]], n: int, m: int
) -> list[Bead]:
    beads: list[Bead] = []
    i, j = n, m
    while (i, j) != (0, 0):
        a, b = moves[int(move[i, j])]
        shown = float(similarity[i, j]) if a and b else 0.0
        beads.append(Bead(tuple(range(i - a, i)), tuple(range(j - b, j)), shown))
        i, j = i - a, j - b
    return beads[::-1]
