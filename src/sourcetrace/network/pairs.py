"""Reuse pairs of an index against itself: candidates for every document, each unordered pair
verified once.

Every stored document is a query of the same candidate search a scan uses
(:func:`~sourcetrace.index.search.candidates`: LSH bands, cross-language vectors and anchors),
signed again from its stored prepared form (no text is prepared twice, no vector embedded
again: the stored one is used). Candidate pairs are collected from all queries, made
unordered and sorted by id; each is compared once with
:func:`~sourcetrace.api.compare_prepared`, the longer document as the original (a summary is
found from the long text to the short one). Workers of a process pool each keep their own
read-only connection to the index and their own :class:`~sourcetrace.resources.Resources`.

The same pass counts, per normalised sentence, how many documents hold it: the document
frequencies :mod:`sourcetrace.network.boilerplate` needs.
"""

from __future__ import annotations

import multiprocessing
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np
import xxhash

from sourcetrace.api import compare_prepared
from sourcetrace.config import Config
from sourcetrace.errors import SourcetraceError
from sourcetrace.index.search import SearchParams, VectorTable, candidates
from sourcetrace.index.shingles import SEED
from sourcetrace.index.sign import IndexParams, Signed, decode_prepared, sign_prepared
from sourcetrace.index.store import DocumentRow, Store
from sourcetrace.network.direction import bigram_keys
from sourcetrace.prepare import PreparedDocument
from sourcetrace.resources import Resources

__all__ = ["DocumentInfo", "Query", "Verified", "PairPool", "sentence_key", "orient"]

# Sentences shorter than this (normalised characters) are too common to count as boilerplate
# or as evidence of reuse on their own ("Read more.", a date line).
_MIN_SENTENCE = 20
_EMBEDDINGS_PER_WORKER = 20_000
_SPACE = re.compile(r"\W+")


@dataclass(frozen=True)
class DocumentInfo:
    """What the network needs of one document besides its reports."""

    doc: int
    id: str
    name: str
    language: str | None
    length: int
    metadata: dict[str, Any]


@dataclass(frozen=True)
class Query:
    """One document's candidates (other documents' numbers) and its sentence keys."""

    doc: int
    candidates: tuple[int, ...]
    sentences: tuple[int, ...]  # distinct keys of its sentences (see :func:`sentence_key`)
    bigrams: np.ndarray  # its distinct word bigrams (:func:`~.direction.bigram_keys`)


@dataclass(frozen=True)
class Verified:
    """A candidate pair compared: ``original`` and ``derived`` are document numbers."""

    original: int
    derived: int
    report: dict[str, Any] | None


def sentence_key(text: str) -> int | None:
    """A sentence's identity across documents: xxhash64 of its lower-cased words, or None for
    a sentence too short to tell documents apart."""
    normal = _SPACE.sub(" ", text.lower()).strip()
    if len(normal) < _MIN_SENTENCE:
        return None
    return xxhash.xxh64_intdigest(normal.encode(), SEED) & 0x7FFF_FFFF_FFFF_FFFF


def orient(a: DocumentInfo, b: DocumentInfo) -> tuple[int, int]:
    """(original, derived) for the comparison: the longer text first, ties by id."""
    first, second = sorted((a, b), key=lambda d: (-d.length, d.id))
    return first.doc, second.doc


@dataclass(frozen=True)
class _Job:
    index_path: str
    index_params: IndexParams
    config: Config
    search: SearchParams


class _Worker:
    """A process's open index, models and vectors."""

    def __init__(self, job: _Job, vectors: VectorTable | None) -> None:
        self.job = job
        self.store = Store(job.index_path)
        self.resources = Resources(max_embeddings=_EMBEDDINGS_PER_WORKER, processes=1)
        self.vectors = vectors
        raw = self.store.vectors() if vectors is not None else ([], [])
        self.raw_vectors = dict(zip(raw[0], raw[1]))

    def close(self) -> None:
        self.resources.close()
        self.store.close()

    def prepared(self, doc: int) -> PreparedDocument:
        return decode_prepared(self.store.prepared(doc))

    def query(self, doc: int) -> Query:
        prepared = self.prepared(doc)
        blob = self.raw_vectors.get(doc)
        vector = None if blob is None else np.frombuffer(blob, dtype=np.float16)
        lexical = sign_prepared(prepared, self.job.index_params, None)
        signed = Signed(prepared, lexical.lexical, lexical.anchors, vector)
        found = candidates(self.store, signed, self.job.search, self.vectors)
        keys = {sentence_key(s) for s in prepared.sentences}
        keys.discard(None)
        return Query(doc, tuple(sorted({c.doc for c in found} - {doc})),
                     tuple(sorted(k for k in keys if k is not None)),
                     bigram_keys(prepared.comparable_text))

    def compare(self, pair: tuple[int, int]) -> Verified:
        original, derived = pair
        try:
            report = compare_prepared(self.prepared(original), self.prepared(derived),
                                      self.job.config, self.resources).to_dict()
        except SourcetraceError:
            report = None  # a pair the aligner refuses holds no reuse it can report
        return Verified(original, derived, report)


# The worker of this process, opened by the pool's initializer (or by the caller for one).
_process: dict[str, Any] = {}


class PairPool:
    """The candidate queries and comparisons of a network, in a process pool (or in this
    process for one worker); results come back in input order."""

    def __init__(self, store: Store, index_path: str, params: IndexParams, config: Config,
                 search: SearchParams, processes: int) -> None:
        vectors = VectorTable.load(store) if params.vector_units else None
        self._job = _Job(index_path, params, config, search)
        self._vectors = vectors
        self._processes = processes

    @contextmanager
    def running(self) -> Iterator[PairPool]:
        if self._processes == 1:
            self._local = _Worker(self._job, self._vectors)
            try:
                yield self
            finally:
                self._local.close()
            return
        _process["vectors"] = self._vectors  # inherited by the forked workers, not pickled
        with multiprocessing.get_context("fork").Pool(
            self._processes, initializer=_start_worker, initargs=(self._job,)
        ) as pool:
            self._pool = pool
            yield self

    def queries(self, docs: Sequence[int]) -> Iterator[Query]:
        return self._map(_query_task, docs, 8)

    def compare(self, pairs: Sequence[tuple[int, int]]) -> Iterator[Verified]:
        return self._map(_compare_task, pairs, 1)

    def _map(self, task: Callable[[Any], Any], items: Sequence[Any], chunk: int) -> Iterator[Any]:
        if self._processes == 1:
            _process["worker"] = self._local
            return map(task, items)
        return self._pool.imap(task, items, chunksize=chunk)


def _start_worker(job: _Job) -> None:
    _process["worker"] = _Worker(job, _process["vectors"])


def _query_task(doc: int) -> Query:
    return _process["worker"].query(doc)


def _compare_task(pair: tuple[int, int]) -> Verified:
    return _process["worker"].compare(pair)


def document_infos(rows: Sequence[DocumentRow]) -> dict[int, DocumentInfo]:
    return {r.doc: DocumentInfo(r.doc, r.id, r.name, r.language, r.length, r.metadata)
            for r in rows}
