"""A corpus index: source documents, prepared once, with the structures of a candidate search.

Example:
    >>> index = Index("sources.db")  # doctest: +SKIP
    >>> summary = index.add(["archive/"])  # doctest: +SKIP
    >>> [c.doc for c in index.candidates("A suspect text ...")]  # doctest: +SKIP

The file is one SQLite database (:mod:`sourcetrace.index.store`); documents are signed in a
process pool (:mod:`sourcetrace.index.sign`) and written in input order, a batch per
transaction, so a killed ``add`` leaves whole documents only and a rerun completes it (a
document whose id, text and metadata are already stored is skipped).
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from sourcetrace.errors import InvalidIndex, InvalidOption, SourcetraceError
from sourcetrace.index.inputs import Skipped, Source, read_sources
from sourcetrace.index.scan import ScanParams, Scanner, scan_documents
from sourcetrace.index.search import Candidate, SearchParams, VectorTable, candidates
from sourcetrace.config import Config
from sourcetrace.index.sign import (
    IndexParams,
    Signed,
    decode_prepared,
    document_digest,
    sign,
    sign_prepared,
)
from sourcetrace.index.store import DocumentRow, Store, StoredDocument
from sourcetrace.index.vectors import VectorModel
from sourcetrace.model import Document
from sourcetrace.prepare import PreparedDocument, preparation_conflict, preparation_settings, prepare
from sourcetrace.resources import Resources

__all__ = ["AddSummary", "Index", "IndexParams", "ScanParams", "Scanner", "SearchParams"]

# Documents written per transaction: few enough that a kill loses little work, enough that
# the commit's cost is spread.
BATCH = 32
# Called with (documents done, documents in all or None when unknown).
ProgressCallback = Callable[[int, int | None], None]


@dataclass
class AddSummary:
    """What an :meth:`Index.add` did."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    skipped: list[Skipped] = field(default_factory=list)


class Index:
    """An index file, opened (and created by :meth:`add` when missing).

    Args:
        path: The index file.
        params: How a new index signs documents; an existing index keeps its own.
        config: The pipeline's settings; documents are prepared under it (an index holds
            documents prepared under one segmentation, and refuses a config that asks for
            another).
        read_only: Open the file for reading only: :meth:`add` and :meth:`remove` refuse.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        params: IndexParams | None = None,
        config: Config | None = None,
        *,
        read_only: bool = False,
    ) -> None:
        self.path = os.fspath(path)
        self.read_only = read_only
        self._params = params or IndexParams()
        self.config = config or Config()
        self._resources = Resources(processes=1)

    # --- writing -------------------------------------------------------------------------

    def add(
        self,
        inputs: Sequence[str] | Iterable[Source],
        *,
        workers: int | None = None,
        progress: ProgressCallback | None = None,
    ) -> AddSummary:
        """Index files, folders and JSON Lines exports (paths), or :class:`Source` objects.

        A document whose id the index holds replaces it, unless text and metadata are the same
        (then it is skipped as unchanged). Unreadable files are skipped and listed.

        Args:
            inputs: Paths, or sources.
            workers: Processes that sign documents (default: every CPU; 1: this process).
            progress: Told (documents done, None) after every batch.
        """
        processes = workers or os.cpu_count() or 1
        if processes < 1:
            raise InvalidOption(f"workers must be at least 1, not {processes}")
        summary = AddSummary()
        with self._store(create=True, write=True) as store:
            params = self._stored_params(store)
            own_files = [self.path + suffix for suffix in ("", "-wal", "-shm", "-journal")]
            sources = _sources(inputs, summary, own_files)
            with _signer(params, self.config, processes) as sign_batch:
                for batch in _batches(_changed(store, sources, summary), BATCH):
                    signed = []
                    for item in sign_batch(batch):
                        if isinstance(item, Skipped):
                            summary.skipped.append(item)
                        else:
                            signed.append(item)
                    summary.replaced += store.put(signed, _keys_reader(params))
                    summary.added += len(signed)
                    if progress is not None:
                        progress(summary.added + summary.unchanged, None)
        return summary

    def remove(self, ids: Sequence[str]) -> int:
        """Remove documents by id; returns how many the index held."""
        with self._store(write=True) as store:
            return store.remove(list(ids), _keys_reader(self._stored_params(store)))

    # --- reading -------------------------------------------------------------------------

    def list(self) -> list[DocumentRow]:
        """Every document, in id order (no text)."""
        with self._store() as store:
            return store.rows()

    def list_ids(self, ids: Sequence[str]) -> list[DocumentRow]:
        """The documents of ``ids`` that the index holds."""
        with self._store() as store:
            return store.rows(ids)

    def get(self, identifier: str) -> PreparedDocument | None:
        """The stored, prepared document of an id, or None."""
        with self._store() as store:
            rows = store.rows([identifier])
            return decode_prepared(store.prepared(rows[0].doc)) if rows else None

    def stats(self) -> dict[str, Any]:
        """Documents, documents per language and the size on disk (with the WAL file)."""
        with self._store() as store:
            count, languages = store.count(), store.language_counts()
        size = sum(
            os.path.getsize(p) for p in (self.path, self.path + "-wal") if os.path.exists(p)
        )
        return {"documents": count, "languages": languages, "bytes": size}

    def candidates(
        self, suspect: str | Document, params: SearchParams | None = None
    ) -> list[Candidate]:
        """The candidate sources of one suspect text (see :mod:`sourcetrace.index.search`)."""
        return next(self.search([suspect], params))

    def search(
        self, suspects: Iterable[str | Document], params: SearchParams | None = None
    ) -> Iterator[list[Candidate]]:
        """The candidate sources of every suspect, in order; the index is opened once."""
        chosen = params or SearchParams()
        with self._store() as store:
            index_params = self._stored_params(store)
            model = VectorModel() if index_params.vector_units else None
            vectors = VectorTable.load(store) if model is not None else None
            for suspect in suspects:
                signed = self.sign_suspect(suspect, index_params, model)
                yield candidates(store, signed, chosen, vectors)

    def scan(
        self,
        suspects: Iterable[str | Document | tuple[str, Document]],
        *,
        top: int = 10,
        min_score: float = 0.0,
        min_chars: int = 0,
        search: SearchParams | None = None,
        workers: int | None = None,
        assess: bool = True,
    ) -> Iterator[dict[str, Any]]:
        """Verify every suspect's candidates and rank its sources (:mod:`.scan`).

        Candidate generation is approximate; each candidate is compared with the suspect in
        full (:func:`~sourcetrace.api.compare_prepared`), so every reported passage is exact.

        Args:
            suspects: Texts (named ``suspect-N``), documents (named by their names) or
                ``(id, document)`` pairs.
            top: Sources reported per suspect (the best).
            min_score: The least ``score`` (share of the suspect from the source) reported.
            min_chars: The least suspect characters a reported source's attributed passages
                hold (see :class:`ScanParams`).
            search: Candidate-search thresholds.
            workers: Processes (default: every CPU).
            assess: Assess the sources reported; False: passages, coverage and verdict only
                (what PAN output needs; see :class:`ScanParams`).

        Yields:
            One ``sourcetrace.scan/1`` record per suspect, in order.
        """
        scan = ScanParams(top=top, min_score=min_score, min_chars=min_chars,
                          search=search or SearchParams(), assess=assess)
        with self._store() as store:
            params = self._stored_params(store)
        processes = workers or os.cpu_count() or 1
        yield from scan_documents(self.path, params, self.config, scan,
                                  _named(suspects), processes)

    def stored_params(self) -> IndexParams:
        """How the index signs documents (checked against this config's preparation)."""
        with self._store() as store:
            return self._stored_params(store)

    def scanner(self, resources: Resources | None = None) -> Scanner:
        """A :class:`Scanner` of this index, for scanning suspects one at a time in a process
        that keeps it (models loaded once, the index opened read-only once).

        Args:
            resources: The models its comparisons use; None: its own.
        """
        with self._store() as store:
            params = self._stored_params(store)
        return Scanner(self.path, params, self.config, resources or Resources(processes=1))

    def sign_suspect(
        self,
        suspect: str | Document | PreparedDocument,
        params: IndexParams,
        model: VectorModel | None,
    ) -> Signed:
        """A suspect prepared under this index's config (unless it is already) and signed."""
        if not isinstance(suspect, PreparedDocument):
            suspect = prepare(suspect, self.config, name="suspect", resources=self._resources)
        suspect.check_config(self.config)
        return sign_prepared(suspect, params, model)

    def _stored_params(self, store: Store) -> IndexParams:
        """The index's own parameters, refusing a config that prepares documents otherwise."""
        stored = dict(store.params)
        conflict = preparation_conflict(stored.pop("preparation"), self.config, exact=True)
        if conflict:
            raise InvalidOption(f"{self.path}: the index holds documents {conflict}")
        return IndexParams.from_dict(stored)

    def _store(self, create: bool = False, write: bool = False) -> Store:
        if write and self.read_only:
            raise InvalidOption(f"{self.path}: the index was opened read-only")
        if not create and not os.path.exists(self.path):
            raise InvalidIndex(f"{self.path}: no such index")
        params = {**self._params.to_dict(), "preparation": preparation_settings(self.config)}
        return Store(self.path, create=create, params=params, read_only=self.read_only)


def _named(
    suspects: Iterable[str | Document | tuple[str, Document]],
) -> Iterator[tuple[str, Document]]:
    for number, suspect in enumerate(suspects, start=1):
        if isinstance(suspect, tuple):
            yield suspect
        elif isinstance(suspect, Document):
            yield suspect.name, suspect
        else:
            yield f"suspect-{number}", Document(name=f"suspect-{number}", text=suspect)


def _sources(
    inputs: Sequence[str] | Iterable[Source], summary: AddSummary, own_files: list[str]
) -> Iterator[Source]:
    """The sources of ``inputs``, the unreadable ones noted in ``summary`` and left out."""
    items = read_sources(list(inputs), own_files) if _are_paths(inputs) else iter(inputs)
    for item in items:
        if isinstance(item, Skipped):
            summary.skipped.append(item)
        else:
            yield item


def _are_paths(inputs: Sequence[str] | Iterable[Source]) -> bool:
    return isinstance(inputs, (list, tuple)) and all(isinstance(i, str) for i in inputs)


def _changed(store: Store, sources: Iterator[Source], summary: AddSummary) -> Iterator[Source]:
    """The sources that are new or differ from the stored version (by digest)."""
    for batch in _batches(sources, BATCH * 4):
        stored = store.digests([s.id for s in batch])
        for source in batch:
            if stored.get(source.id) == document_digest(source.document.text, source.metadata):
                summary.unchanged += 1
            else:
                yield source


def _batches(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


# --- signing in worker processes -------------------------------------------------------------

# A worker process's parameters and vector model, set once by the pool's initializer.
_worker: dict[str, Any] = {}

SignBatch = Callable[[list[Source]], Iterator[StoredDocument | Skipped]]


@contextmanager
def _signer(params: IndexParams, config: Config, processes: int) -> Iterator[SignBatch]:
    """Sign batches in order, in a pool of ``processes`` that lives as long as the block (models
    load once per worker), or in this process for one."""
    _init_worker(params, config)
    if processes == 1:
        yield lambda batch: map(_sign_task, _tasks(batch))
        return
    if _worker["model"] is not None:
        _worker["model"].load()  # before the fork: the workers share the loaded model
    with multiprocessing.get_context("fork").Pool(
        processes, initializer=_init_worker, initargs=(params, config)
    ) as pool:
        yield lambda batch: pool.imap(
            _sign_task, _tasks(batch), chunksize=max(1, len(batch) // (processes * 2))
        )


def _tasks(batch: list[Source]) -> list[tuple[str, Document, dict[str, Any]]]:
    return [(s.id, s.document, s.metadata) for s in batch]


def _init_worker(params: IndexParams, config: Config) -> None:
    if _worker.get("params") != params:
        _worker["model"] = VectorModel() if params.vector_units else None
    if "resources" not in _worker:
        # Preparing a source needs only the language model; no embeddings are made.
        _worker["resources"] = Resources(processes=1)
    _worker["params"], _worker["config"] = params, config


def _sign_task(task: tuple[str, Document, dict[str, Any]]) -> StoredDocument | Skipped:
    identifier, document, metadata = task
    try:
        return sign(identifier, document, metadata, _worker["params"], _worker["config"],
                    _worker["model"], _worker["resources"])
    except SourcetraceError as error:
        return Skipped(document.name, str(error))


def _keys_reader(params: IndexParams) -> Callable[[bytes, bytes], tuple[list[int], list[int]]]:
    """Recompute a stored document's band keys (they are not stored per document: the postings
    hold them) and read its anchor keys, to delete its postings."""

    def keys_of(prepared: bytes, anchors: bytes) -> tuple[list[int], list[int]]:
        signed = sign_prepared(decode_prepared(prepared), params, None)
        return signed.lexical.distinct_keys().tolist(), np.frombuffer(anchors, np.int64).tolist()

    return keys_of
