"""Exact window similarity between a suspect and the sources its LSH bands found.

For every window of the suspect and every source, the best Jaccard similarity of that window
with any window of the source; a source's lexical score sums what each suspect window's best
similarity exceeds a floor, so reuse that runs over several windows counts for more than one
chance match, and a short but close passage still counts.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy import sparse

from sourcetrace.index.signatures import LexicalSignature

__all__ = ["best_window_similarity", "window_score"]


def best_window_similarity(
    query: LexicalSignature, sources: Sequence[LexicalSignature], floor: float = 0.0
) -> np.ndarray:
    """``(sources, query windows)``: each query window's best Jaccard with a source's windows.

    Similarities at or below ``floor`` are left at 0 (they add nothing to a score).
    """
    best = np.zeros((len(sources), len(query)), dtype=np.float32)
    if not len(query) or not sources:
        return best
    vocabulary = np.unique(query.features)
    query_rows = _incidence(query, vocabulary)
    query_sizes = np.diff(query.offsets)
    source_rows, owners, source_sizes = _pool_incidence(sources, vocabulary)
    shared = (query_rows @ source_rows.T).tocoo()
    union = query_sizes[shared.row] + source_sizes[shared.col] - shared.data
    jaccard = (shared.data / np.maximum(union, 1)).astype(np.float32)
    above = jaccard > floor
    jaccard = jaccard[above]
    cells = owners[shared.col[above]] * len(query) + shared.row[above]
    if not len(cells):
        return best
    order = np.lexsort((jaccard, cells))  # by cell, the highest similarity last
    cells, jaccard = cells[order], jaccard[order]
    last = np.flatnonzero(np.append(cells[1:] != cells[:-1], True))
    best.ravel()[cells[last]] = jaccard[last]
    return best


def window_score(best: np.ndarray, floor: float) -> np.ndarray:
    """Per source: the sum over suspect windows of what their best similarity exceeds ``floor``."""
    return np.clip(best - floor, 0.0, None).sum(axis=1)


def _incidence(signature: LexicalSignature, vocabulary: np.ndarray) -> sparse.csr_matrix:
    """0/1 rows (window x vocabulary term) of a signature's windows, over ``vocabulary``."""
    rows = np.repeat(np.arange(len(signature)), np.diff(signature.offsets))
    return _matrix(rows, signature.features, vocabulary, len(signature))


def _pool_incidence(
    sources: Sequence[LexicalSignature], vocabulary: np.ndarray
) -> tuple[sparse.csr_matrix, np.ndarray, np.ndarray]:
    """The windows of all sources stacked: their incidence rows, owner index and sizes."""
    counts = np.array([len(s) for s in sources], dtype=np.int64)
    owners = np.repeat(np.arange(len(sources)), counts)
    sizes = np.concatenate([np.diff(s.offsets) for s in sources])
    first = np.concatenate([[0], np.cumsum(counts)[:-1]])
    rows = np.concatenate(
        [base + np.repeat(np.arange(len(s)), np.diff(s.offsets)) for base, s in zip(first, sources)]
    )
    features = np.concatenate([s.features for s in sources])
    return _matrix(rows, features, vocabulary, int(counts.sum())), owners, sizes


def _matrix(
    rows: np.ndarray, features: np.ndarray, vocabulary: np.ndarray, height: int
) -> sparse.csr_matrix:
    """Rows x vocabulary 0/1 matrix of the (row, feature) pairs whose feature is in it."""
    columns = np.searchsorted(vocabulary, features)
    columns = np.minimum(columns, len(vocabulary) - 1)
    keep = vocabulary[columns] == features
    data = np.ones(int(keep.sum()), dtype=np.float32)
    return sparse.csr_matrix(
        (data, (rows[keep], columns[keep])), shape=(height, len(vocabulary))
    )
