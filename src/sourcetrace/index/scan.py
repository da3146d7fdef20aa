"""Scan suspects against an index: candidate sources, each verified by the full aligner.

For every suspect: its candidates (:mod:`sourcetrace.index.search`, approximate), then
:func:`~sourcetrace.align.align_pair` of each candidate's stored prepared document with the
suspect (exact: the passages ``compare`` finds for the pair), then the sources with passages,
ranked by how much of the suspect they explain (``derived_from_original``, then ``coverage``,
then id). When the same suspect text is found in several sources (a wire story and its
copies), each of its passages is *attributed* to the best-ranked source that holds it; the
others still list it, with ``attributed: false``, and PAN output leaves it out. The sources
reported are then assessed: each one's report is the one
:func:`~sourcetrace.api.compare_prepared` gives for the pair.

Suspects are scanned in a process pool, each worker with its own read-only connection to the
index, its own :class:`~sourcetrace.resources.Resources` and vector model; results come back
in input order, as plain dicts (the ``sourcetrace.scan/1`` records of docs/json-format.md).
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sourcetrace.align import align_pair
from sourcetrace.api import passage_coverage, report_aligned
from sourcetrace.config import Config
from sourcetrace.errors import SourcetraceError
from sourcetrace.index.search import Candidate, SearchParams, VectorTable, candidates
from sourcetrace.index.sign import IndexParams, decode_prepared, sign_prepared
from sourcetrace.index.store import DocumentRow, Store
from sourcetrace.index.vectors import VectorModel
from sourcetrace.model import Document, Passage
from sourcetrace.prepare import PreparedDocument, prepare
from sourcetrace.resources import Resources

__all__ = [
    "EMBEDDINGS_PER_WORKER", "SCAN_SCHEMA", "ScanParams", "Scanner", "error_record", "scan_documents", "verified_record",
]

SCAN_SCHEMA = "sourcetrace.scan/1"
# An attributed passage needs this share of its suspect characters outside better sources'.
_ATTRIBUTION_SHARE = 0.5
# Sentence embeddings each scan worker keeps (cross-language sources recur).
EMBEDDINGS_PER_WORKER = 20_000


@dataclass(frozen=True)
class ScanParams:
    """What a scan reports: the ``top`` best sources per suspect, those scoring ``min_score``."""

    top: int = 10
    min_score: float = 0.0
    search: SearchParams = SearchParams()


@dataclass(frozen=True)
class _Job:
    index_path: str
    index_params: IndexParams
    config: Config
    scan: ScanParams


def scan_documents(
    index_path: str,
    index_params: IndexParams,
    config: Config,
    params: ScanParams,
    suspects: Iterable[tuple[str, Document]],
    processes: int,
) -> Iterator[dict[str, Any]]:
    """One scan record per (id, document) suspect, in order (see :func:`scan_one`)."""
    job = _Job(index_path, index_params, config, params)
    with _scanner(job, processes) as run:
        yield from run(suspects)


class Scanner:
    """Scans suspects one at a time, for a process that scans again and again while others
    change the index (a service's worker): the index is opened read-only once and the vector
    model loaded once; the vector table is read again only when the index has changed, and
    each suspect is scanned in one read transaction (an add meanwhile is seen whole or not at
    all). Close it when done.

    Args:
        index_path: The index file.
        index_params: Its parameters (:meth:`sourcetrace.Index.scanner` reads them).
        config: The pipeline's settings, as the index was prepared under.
        resources: The models comparisons use, the caller's.
    """

    def __init__(self, index_path: str, index_params: IndexParams, config: Config,
                 resources: Resources) -> None:
        self._path, self._params, self._config = index_path, index_params, config
        self._store = Store(index_path, read_only=True)
        self._resources = resources
        self._model: VectorModel | None = None
        if index_params.vector_units:
            self._model = VectorModel()
            self._model.load()
        self._vectors: VectorTable | None = None
        self._version: int | None = None

    def scan(self, identifier: str, document: Document, params: ScanParams) -> dict[str, Any]:
        """The ``sourcetrace.scan/1`` record of one suspect (an ``error`` record for a suspect
        that cannot be compared)."""
        if self._model is not None:
            version = self._store.data_version()
            if version != self._version:
                self._vectors, self._version = VectorTable.load(self._store), version
        job = _Job(self._path, self._params, self._config, params)
        worker = _Worker(job, self._store, self._resources, self._model, self._vectors)
        with self._store.reading():
            return _safe_scan(worker, identifier, document)

    def close(self) -> None:
        self._store.close()


# --- one suspect -------------------------------------------------------------------------------


@dataclass
class _Worker:
    """What a scanning process keeps: the open index, the models, the vector table."""

    job: _Job
    store: Store
    resources: Resources
    model: VectorModel | None
    vectors: VectorTable | None

    @classmethod
    def open(cls, job: _Job, shared: _Shared) -> _Worker:
        resources = Resources(max_embeddings=EMBEDDINGS_PER_WORKER, processes=1)
        return cls(job, Store(job.index_path, read_only=True), resources, shared.model,
                   shared.vectors)


@dataclass(frozen=True)
class _Shared:
    """What every worker reads and none changes, loaded once before the pool forks."""

    model: VectorModel | None
    vectors: VectorTable | None

    @classmethod
    def load(cls, job: _Job) -> _Shared:
        if not job.index_params.vector_units:
            return cls(None, None)
        model = VectorModel()
        model.load()
        with Store(job.index_path, read_only=True) as store:
            return cls(model, VectorTable.load(store))


def scan_one(worker: _Worker, identifier: str, document: Document) -> dict[str, Any]:
    """The scan record of one suspect: its candidates verified and ranked."""
    job = worker.job
    suspect = prepare(document, job.config, resources=worker.resources)
    signed = sign_prepared(suspect, job.index_params, worker.model)
    found = candidates(worker.store, signed, job.scan.search, worker.vectors)
    rows = worker.store.rows_by_doc([c.doc for c in found])

    def source_of(doc: int) -> tuple[DocumentRow, PreparedDocument]:
        return rows[doc], decode_prepared(worker.store.prepared(doc))

    return verified_record(identifier, document, suspect, found, source_of, job.config,
                           job.scan, worker.resources)


def verified_record(
    identifier: str,
    document: Document,
    suspect: PreparedDocument,
    found: Sequence[Candidate],
    source_of: Callable[[int], tuple[DocumentRow, PreparedDocument]],
    config: Config,
    scan: ScanParams,
    resources: Resources,
) -> dict[str, Any]:
    """A suspect's record from its candidates: each aligned in full with the suspect, the
    sources with passages ranked and their passages attributed, and the sources reported
    assessed (the local scan and the Spark job both end here).

    Assessing (the distortion detectors) is the dearer half of a comparison and changes no
    passage or coverage, so it runs only on the sources that are reported: each reported
    source's ``report`` is the one :func:`~sourcetrace.api.compare_prepared` gives.

    Args:
        identifier, document: The suspect.
        suspect: The suspect prepared under ``config``.
        found: Its candidates, in the search's order.
        source_of: A candidate's document row and stored prepared document, by number.
    """
    aligned = []
    for candidate in found:
        row, source = source_of(candidate.doc)
        passages = align_pair(source, suspect, config, resources)
        if passages:
            aligned.append(_Aligned.of(row, candidate, source, suspect, passages))
    aligned.sort(key=lambda a: (-a.score, -a.coverage, a.row.id))
    attributed = _attribute([a.passages for a in aligned])
    kept = [(a, flags) for a, flags in zip(aligned, attributed) if a.score >= scan.min_score]
    sources = []
    for rank, (item, flags) in enumerate(kept[: scan.top], start=1):
        report = report_aligned(item.source, suspect, item.passages, config, resources)
        sources.append({**_source_record(item.row, item.candidate, report.to_dict(), flags),
                        "rank": rank})
    return {
        "schema": SCAN_SCHEMA,
        "suspect": {"id": identifier, "name": document.name, "language": suspect.language,
                    "length": len(document.text)},
        "candidates": len(found),
        "verified": len(found),
        "sources": sources,
    }


@dataclass(frozen=True)
class _Aligned:
    """A candidate with passages, before assessment: what ranking and attribution need."""

    row: DocumentRow
    candidate: Candidate
    source: PreparedDocument
    passages: tuple[Passage, ...]
    score: float  # derived_from_original, rounded as the report rounds it
    coverage: float

    @classmethod
    def of(cls, row: DocumentRow, candidate: Candidate, source: PreparedDocument,
           suspect: PreparedDocument, passages: tuple[Passage, ...]) -> _Aligned:
        covered, derived_covered = passage_coverage(source, suspect, passages)
        return cls(row, candidate, source, passages, round(derived_covered, 4), round(covered, 4))


def error_record(identifier: str, document: Document, message: str) -> dict[str, Any]:
    """The record of a suspect that cannot be compared, saying why."""
    return {"schema": SCAN_SCHEMA,
            "suspect": {"id": identifier, "name": document.name, "length": len(document.text)},
            "error": message, "candidates": 0, "verified": 0, "sources": []}


def _source_record(row: DocumentRow, candidate: Candidate, report: dict[str, Any],
                   attributed: Sequence[bool]) -> dict[str, Any]:
    counts: dict[str, int] = {}
    for distortion in report["distortions"]:
        counts[distortion["severity"]] = counts.get(distortion["severity"], 0) + 1
    return {
        "id": row.id,
        "name": row.name,
        "metadata": row.metadata,
        "channel": candidate.channel,
        "candidate_score": round(candidate.score, 6),
        "score": report["scores"]["derived_from_original"],
        "verdict": report["verdict"],
        "scores": report["scores"],
        "passages": [
            {"original": p["original"], "derived": p["derived"], "kind": p["kind"],
             "similarity": p["similarity"], "attributed": flag}
            for p, flag in zip(report["passages"], attributed, strict=True)
        ],
        "distortions": {"critical": counts.get("critical", 0), "minor": counts.get("minor", 0)},
        "report": report,
    }


def _attribute(ranked: Sequence[Sequence[Passage]]) -> list[list[bool]]:
    """Per source (best first), per passage: whether it is attributed to that source, i.e.
    less than ``_ATTRIBUTION_SHARE`` of its suspect text is held by better-ranked sources."""
    taken: list[tuple[int, int]] = []
    flags = []
    for passages in ranked:
        mine = [(p.tgt.start, p.tgt.end) for p in passages]
        flags.append([
            end > start and sum(max(0, min(end, b) - max(start, a)) for a, b in taken)
            < _ATTRIBUTION_SHARE * (end - start)
            for start, end in mine
        ])
        taken += mine
    return flags


# --- the pool ----------------------------------------------------------------------------------

# The scanning process's worker, opened by the pool's initializer (or by the caller for one).
_process: dict[str, Any] = {}

Run = Callable[[Iterable[tuple[str, Document]]], Iterator[dict[str, Any]]]


@contextmanager
def _scanner(job: _Job, processes: int) -> Iterator[Run]:
    shared = _Shared.load(job)
    if processes == 1:
        worker = _Worker.open(job, shared)
        try:
            yield lambda suspects: (_safe_scan(worker, i, d) for i, d in suspects)
        finally:
            worker.resources.close()
            worker.store.close()
        return
    _process["shared"] = shared  # inherited by the forked workers, not pickled
    with multiprocessing.get_context("fork").Pool(
        processes, initializer=_start_worker, initargs=(job,)
    ) as pool:
        yield lambda suspects: pool.imap(_scan_task, suspects, chunksize=1)


def _start_worker(job: _Job) -> None:
    _process["worker"] = _Worker.open(job, _process["shared"])


def _scan_task(task: tuple[str, Document]) -> dict[str, Any]:
    return _safe_scan(_process["worker"], *task)


def _safe_scan(worker: _Worker, identifier: str, document: Document) -> dict[str, Any]:
    """A suspect's record, or an ``error`` record for one that cannot be compared."""
    try:
        return scan_one(worker, identifier, document)
    except SourcetraceError as error:
        return error_record(identifier, document, str(error))
