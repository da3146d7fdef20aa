"""Whole-document alignment: a monotonic path of sentence beads, in the spirit of vecalign.

When most of one text maps onto the other (a translation, a light rewrite), the best links come
from aligning the two sentence sequences as a whole: dynamic programming over beads of 1-1,
1-2, 2-1, 1-3, 3-1 and 2-2 sentences, with unlinked sentences (1-0, 0-1) on either side. As in
the translation aligner (:mod:`.translation`), the path of least cost wins: a bead costs the
skip threshold less its similarity, plus a penalty for an unusual length ratio (Gale and
Church's observation that translations keep length); an unlinked sentence costs nothing, so a
bead is linked only where its similarity is above the threshold.

Only cells within a band around an expected path are searched (the seeds of the passage
builder give the path), so time grows with length times band width, not length squared.
Passages that moved are aligned separately by the caller
(:func:`~sourcetrace.align.whole_document.document_blocks`).
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from sourcetrace.align.types import Bead, SentenceVectors
from sourcetrace.config import DocumentParams

__all__ = ["BEAD_SHAPES", "align_monotonic", "band"]

# (original sentences, derived sentences) in a bead; 1-0 and 0-1 are the skips.
BEAD_SHAPES: tuple[tuple[int, int], ...] = ((1, 1), (1, 2), (2, 1), (1, 3), (3, 1), (2, 2))


def align_monotonic(
    src: SentenceVectors,
    tgt: SentenceVectors,
    anchors: Sequence[tuple[int, int]] = (),
    params: DocumentParams = DocumentParams(),
) -> list[Bead]:
    """The best monotonic bead path through two sentence sequences.

    Args:
        src: Vectors of the original sentences.
        tgt: Vectors of the derived sentences.
        anchors: (original, derived) sentence pairs believed to align; the band follows them.
            Without anchors it follows the diagonal.
        params: Costs and band width.

    Returns:
        The path's beads in order, including the skipped sentences (empty other side); bead
        indices are positions in ``src`` and ``tgt``.
    """
    n, m = len(src), len(tgt)
    if n == 0 or m == 0:
        return [Bead((i,), (), 0.0) for i in range(n)] + [Bead((), (j,), 0.0) for j in range(m)]
    low, high = band(n, m, anchors, params.band)
    ratio = float(tgt.lengths.sum()) / max(float(src.lengths.sum()), 1.0)
    grid = _BandGrid.of(low, high)
    costs = {shape: _bead_costs(src, tgt, shape, grid, ratio, params) for shape in BEAD_SHAPES}
    return _cheapest_path(n, m, grid, costs)


def band(
    n: int, m: int, anchors: Sequence[tuple[int, int]], width: int
) -> tuple[np.ndarray, np.ndarray]:
    """For every row i in [0, n], the searched columns [low[i], high[i]] of the DP grid.

    The centre line runs through (0, 0), the anchors that form an increasing chain, and
    (n, m); the band is widened where the line is steep so that the path can always move on.
    """
    points = [(0, 0), *_increasing_chain(anchors), (n, m)]
    xs = np.array([p[0] for p in points], dtype=np.float64)
    ys = np.array([p[1] for p in points], dtype=np.float64)
    rows = np.arange(n + 1)
    centre = np.interp(rows, xs, ys)
    slope = np.abs(np.diff(centre, prepend=centre[0], append=centre[-1]))
    half = width + np.ceil(np.maximum(slope[:-1], slope[1:])).astype(np.int64)
    low = np.clip(np.floor(centre).astype(np.int64) - half, 0, m)
    high = np.clip(np.ceil(centre).astype(np.int64) + half, 0, m)
    # consecutive rows must overlap by a column or the path could not go on
    for i in range(1, n + 1):
        low[i] = min(low[i], high[i - 1])
        high[i] = max(high[i], low[i - 1])
    low[0], high[n] = 0, m
    return low, high


def _increasing_chain(anchors: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest chain of anchors increasing on both sides (patience sorting)."""
    ordered = sorted(set(anchors))
    tails: list[int] = []
    tail_index: list[int] = []
    previous: list[int] = [-1] * len(ordered)
    for k, (_, y) in enumerate(ordered):
        lo, hi = 0, len(tails)
        while lo < hi:
            mid = (lo + hi) // 2
            if tails[mid] < y:
                lo = mid + 1
            else:
                hi = mid
        previous[k] = tail_index[lo - 1] if lo else -1
        if lo == len(tails):
            tails.append(y)
            tail_index.append(k)
        else:
            tails[lo], tail_index[lo] = y, k
    chain: list[tuple[int, int]] = []
    k = tail_index[-1] if tail_index else -1
    while k >= 0:
        chain.append(ordered[k])
        k = previous[k]
    # strictly increasing on the first side too, for interpolation
    result: list[tuple[int, int]] = []
    for x, y in reversed(chain):
        if not result or (x > result[-1][0] and y > result[-1][1]):
            result.append((x, y))
    return result


def _group_rows(vectors: SentenceVectors, size: int) -> tuple[np.ndarray | sparse.csr_matrix, np.ndarray]:
    """Unit vectors and lengths of every run of ``size`` consecutive sentences (row k is the
    run starting at sentence k)."""
    count = len(vectors) - size + 1
    if count <= 0:
        return vectors.rows[:0], np.zeros(0)
    summed = vectors.rows[:count]
    for offset in range(1, size):
        summed = summed + vectors.rows[offset : offset + count]
    norms = _row_norms(summed)
    unit = _scale_rows(summed, 1.0 / np.maximum(norms, 1e-9))
    lengths = sum(vectors.lengths[offset : offset + count] for offset in range(size))
    return unit, np.asarray(lengths, dtype=np.float64)


def _row_norms(rows: np.ndarray | sparse.csr_matrix) -> np.ndarray:
    if sparse.issparse(rows):
        return np.sqrt(np.asarray(rows.multiply(rows).sum(axis=1)).ravel())
    return np.linalg.norm(rows, axis=1)


def _scale_rows(rows: np.ndarray | sparse.csr_matrix, factors: np.ndarray) -> np.ndarray | sparse.csr_matrix:
    if sparse.issparse(rows):
        return sparse.csr_matrix(sparse.diags(factors) @ rows)
    return rows * factors[:, None]


def _row_dots(a: np.ndarray | sparse.csr_matrix, b: np.ndarray | sparse.csr_matrix) -> np.ndarray:
    if sparse.issparse(a):
        return np.asarray(a.multiply(b).sum(axis=1)).ravel()
    return np.einsum("ij,ij->i", a, b)


@dataclass(frozen=True)
class _BandGrid:
    """The band's cells (i, j), low[i] <= j <= high[i], numbered row by row, so that a value
    per cell is one flat array (8 bytes a cell, where a dict of tuples took some 250)."""

    low: list[int]
    high: list[int]
    starts: list[int]

    @classmethod
    def of(cls, low: np.ndarray, high: np.ndarray) -> _BandGrid:
        starts = np.concatenate([[0], np.cumsum(high - low + 1)])
        return cls(low.tolist(), high.tolist(), starts.tolist())

    @property
    def size(self) -> int:
        return self.starts[-1]

    def cell(self, i: int, j: int) -> int:
        """The number of cell (i, j), or -1 outside the band."""
        if i < 0 or not self.low[i] <= j <= self.high[i]:
            return -1
        return self.starts[i] + j - self.low[i]


# A bead's (cost, shown similarity) at every cell where it ends; NaN where it does not fit.
BeadCosts = tuple[array, array]


def _bead_costs(
    src: SentenceVectors,
    tgt: SentenceVectors,
    shape: tuple[int, int],
    grid: _BandGrid,
    ratio: float,
    params: DocumentParams,
) -> BeadCosts:
    """Cost and shown similarity (the cosine, clipped to [0, 1]) of the bead of ``shape``
    ending at each band cell (i, j) of the grid, i.e. original sentences [i - a, i) with
    derived sentences [j - b, j)."""
    a, b = shape
    src_rows, src_len = _group_rows(src, a)
    tgt_rows, tgt_len = _group_rows(tgt, b)
    cells_i, cells_j = [], []
    for i in range(a, len(src) + 1):
        j_from, j_to = max(grid.low[i], b), grid.high[i]
        if j_from <= j_to:
            cells_i.extend([i] * (j_to - j_from + 1))
            cells_j.extend(range(j_from, j_to + 1))
    cost_at = np.full(grid.size, np.nan)
    shown_at = np.full(grid.size, np.nan)
    if cells_i:
        rows, cols = np.array(cells_i), np.array(cells_j)
        ci, cj = rows - a, cols - b
        # in float64 whatever the rows' type: the costs add up along the path
        similarity = _row_dots(src_rows[ci], tgt_rows[cj]).astype(np.float64)
        length_penalty = params.length_weight * np.abs(np.log((src_len[ci] * ratio + 1.0) / (tgt_len[cj] + 1.0)))
        # a bead pays for its dissimilarity once whatever its size (as in bertalign): a 2-2 bead
        # beats two 1-1 beads only if it is more similar than both together
        flat = np.asarray(grid.starts)[rows] + cols - np.asarray(grid.low)[rows]
        cost_at[flat] = length_penalty + (params.skip - similarity)
        shown_at[flat] = np.clip(similarity, 0.0, 1.0)
    return array("d", cost_at.tobytes()), array("d", shown_at.tobytes())


def _cheapest_path(n: int, m: int, grid: _BandGrid, costs: dict[tuple[int, int], BeadCosts]) -> list[Bead]:
    """Dynamic programming over the band (an unlinked sentence costs nothing), then trace back."""
    total = array("d", [np.inf]) * grid.size
    total[0] = 0.0
    move_at = bytearray(grid.size)  # 1 + the move's index in ``moves``; 0: not reached
    moves = [(1, 0), (0, 1), *BEAD_SHAPES]
    bead_costs = [costs[move][0] if move[0] and move[1] else None for move in moves]
    low, high, starts = grid.low, grid.high, grid.starts
    for i in range(n + 1):
        for j in range(low[i], high[i] + 1):
            if i == 0 and j == 0:
                continue
            here = starts[i] + j - low[i]
            best, best_move = np.inf, 0
            for k, (a, b) in enumerate(moves):
                before = grid.cell(i - a, j - b)
                # outside the band, or a cell no path reaches ((0, 0), cell 0, is the start)
                if before < 0 or (before > 0 and not move_at[before]):
                    continue
                previous = total[before]
                # a bead's cell (i, j) lies in the band, so its cost is there
                cost = bead_costs[k][here] if bead_costs[k] is not None else 0.0
                if previous + cost < best:
                    best, best_move = previous + cost, k + 1
            if best_move:
                total[here] = best
                move_at[here] = best_move
    beads: list[Bead] = []
    i, j = n, m
    while (i, j) != (0, 0):
        here = grid.cell(i, j)
        a, b = moves[move_at[here] - 1]
        similarity = costs[(a, b)][1][here] if a and b else 0.0
        beads.append(Bead(tuple(range(i - a, i)), tuple(range(j - b, j)), similarity))
        i, j = i - a, j - b
    return beads[::-1]
