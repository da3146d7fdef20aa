"""MinHash signatures of sentence windows and their LSH band keys.

The scheme is datasketch's (a MinHash of ``k`` permutations, cut into ``b`` bands of ``r`` rows;
two sets that agree on every row of some band are candidates), written here over numpy arrays
so that signatures and band keys live in SQLite tables and Spark columns rather than in a
pickled in-memory object:

* a permutation is ``x -> mix(a * x + c)`` on 64-bit words (``a`` odd, so it is a bijection),
  ``a`` and ``c`` drawn from :data:`PERMUTATION_SEED`, ``mix`` the splitmix64 finaliser;
* a window is a run of consecutive sentences holding at least ``min_features`` features; its
  signature is the element-wise minimum of its sentences' signatures, so a document's windows
  cost one pass over its features;
* a band key is the splitmix64 fold of the band's number and its ``r`` values, as a signed
  64-bit integer (SQLite's INTEGER).

Reuse is local (a passage of a long document), so documents are not signed whole: the Jaccard
similarity of a suspect window and a source window is what the bands estimate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

__all__ = [
    "PERMUTATION_SEED",
    "Permutations",
    "Windows",
    "band_keys",
    "permutations",
    "sentence_signatures",
    "windows",
]

PERMUTATION_SEED = 18
_EMPTY = np.iinfo(np.uint64).max
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)


@dataclass(frozen=True)
class Permutations:
    """The ``a`` (odd) and ``c`` words of ``k`` hash permutations."""

    a: np.ndarray
    c: np.ndarray

    def __len__(self) -> int:
        return len(self.a)


@dataclass(frozen=True)
class Windows:
    """Windows of a document: sentence ranges ``[start, end)`` and one signature row each."""

    starts: np.ndarray
    ends: np.ndarray
    signatures: np.ndarray  # (windows, k) uint64


def permutations(count: int, seed: int = PERMUTATION_SEED) -> Permutations:
    """``count`` permutations drawn from ``seed`` (the same on every machine)."""
    rng = np.random.default_rng(seed)
    high = np.iinfo(np.uint64).max
    a = rng.integers(1, high, size=count, dtype=np.uint64, endpoint=True) | np.uint64(1)
    c = rng.integers(0, high, size=count, dtype=np.uint64, endpoint=True)
    return Permutations(a=a, c=c)


def mix(values: np.ndarray) -> np.ndarray:
    """The splitmix64 finaliser, element-wise on uint64 (wrapping arithmetic)."""
    with np.errstate(over="ignore"):
        z = values.astype(np.uint64, copy=True)
        z ^= z >> np.uint64(30)
        z *= np.uint64(0xBF58476D1CE4E5B9)
        z ^= z >> np.uint64(27)
        z *= np.uint64(0x94D049BB133111EB)
        z ^= z >> np.uint64(31)
    return z


def sentence_signatures(features: Sequence[np.ndarray], perms: Permutations) -> np.ndarray:
    """One MinHash row per sentence (``(sentences, k)`` uint64); all-``max`` for no feature."""
    signatures = np.full((len(features), len(perms)), _EMPTY, dtype=np.uint64)
    for row, values in enumerate(features):
        if len(values):
            with np.errstate(over="ignore"):
                permuted = mix(np.outer(values, perms.a) + perms.c)
            signatures[row] = permuted.min(axis=0)
    return signatures


def windows(
    signatures: np.ndarray, sizes: Sequence[int], *, min_features: int, stride: int
) -> Windows:
    """Windows starting every ``stride`` sentences, each as short as holds ``min_features``.

    A window runs from its first sentence until its sentences hold ``min_features`` features
    (or the text ends); a window that starts at a featureless sentence is skipped, and so is
    the last window start whose window is the tail of the one before it. A document too short
    for one full window gets one window over all of it.

    Args:
        signatures: Per-sentence signatures (:func:`sentence_signatures`).
        sizes: The number of features of each sentence.
        min_features: The features a window holds at least (unless the text is shorter).
        stride: Sentences between two window starts.
    """
    count = len(sizes)
    cumulative = np.concatenate([[0], np.cumsum(np.asarray(sizes, dtype=np.int64))])
    starts: list[int] = []
    ends: list[int] = []
    for start in range(0, count, stride):
        if sizes[start] == 0:
            continue
        end = int(np.searchsorted(cumulative, cumulative[start] + min_features, side="left"))
        end = min(max(end, start + 1), count)
        if starts and end <= ends[-1] and cumulative[end] - cumulative[start] < min_features:
            continue  # the tail of the previous window, nothing new
        starts.append(start)
        ends.append(end)
    rows = [signatures[s:e].min(axis=0) for s, e in zip(starts, ends)]
    k = signatures.shape[1]
    matrix = np.vstack(rows) if rows else np.zeros((0, k), dtype=np.uint64)
    return Windows(np.array(starts, dtype=np.int64), np.array(ends, dtype=np.int64), matrix)


def band_keys(signatures: np.ndarray, rows: int) -> np.ndarray:
    """The LSH band keys of every signature row: ``(windows, k // rows)`` int64.

    Band ``j`` holds rows ``j*rows .. j*rows+rows-1``; its key folds ``j`` and those values, so
    equal values in different bands give different keys.
    """
    count, k = signatures.shape
    bands = k // rows
    keys = np.tile(mix(np.arange(bands, dtype=np.uint64) * _GOLDEN), (count, 1))
    for row in range(rows):
        with np.errstate(over="ignore"):
            keys = mix((keys ^ signatures[:, row : bands * rows : rows]) + _GOLDEN)
    return keys.view(np.int64)
