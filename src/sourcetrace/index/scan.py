"""Scan suspects against an index: candidate sources, each verified by the full aligner.

For every suspect: its candidates (:mod:`sourcetrace.index.search`, approximate), then
:func:`~sourcetrace.align.align_pair` of each candidate's stored prepared document with the
suspect (exact: the passages ``compare`` finds for the pair), then the sources with passages,
ranked by how much of the suspect they explain (``derived_from_original``, then ``coverage``,
then id). When the same suspect text is found in several sources (a wire story and its
copies), each of its passages is *attributed* to the source that holds it most closely
(:func:`attribute`); the others still list it, with ``attributed: false``, and PAN output
leaves it out. The sources reported are then assessed: each one's report is the one
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
from sourcetrace.api import passage_coverage, report_aligned, verdict
from sourcetrace.config import Config
from sourcetrace.errors import InvalidOption, SourcetraceError
from sourcetrace.index.search import Candidate, SearchParams, VectorTable, candidates
from sourcetrace.index.sign import IndexParams, decode_prepared, sign_prepared
from sourcetrace.index.store import DocumentRow, Store
from sourcetrace.index.vectors import VectorModel
from sourcetrace.model import Document, Passage
from sourcetrace.prepare import PreparedDocument, prepare
from sourcetrace.resources import Resources

__all__ = [
    "ATTRIBUTIONS", "EMBEDDINGS_PER_WORKER", "SCAN_SCHEMA", "ScanParams", "Scanner", "attribute",
    "attributed_chars", "error_record",
    "scan_documents", "verified_record",
]

SCAN_SCHEMA = "sourcetrace.scan/1"
# An attributed passage needs this share of its suspect characters outside better sources'.
_ATTRIBUTION_SHARE = 0.5
# How a suspect span held by several sources is attributed (see attribute).
ATTRIBUTIONS = ("similarity", "rank")
# Sentence embeddings each scan worker keeps (cross-language sources recur).
EMBEDDINGS_PER_WORKER = 20_000


@dataclass(frozen=True)
class ScanParams:
    """What a scan reports: the ``top`` best sources per suspect among those that explain
    ``min_score`` of it and hold ``min_chars`` characters of it in attributed passages.

    Attributes:
        top: Sources reported per suspect (the best).
        min_score: The least ``score`` (share of the suspect's text from the source).
        min_chars: The least suspect characters in the source's attributed passages: a
            source whose every passage a better one holds (a copy of a copy) is left out.
        search: Candidate-search thresholds.
        assess: Assess the sources reported (distortions, fidelity, the full pair report).
            Off, a source's record holds its passages, coverage scores and verdict only: all
            that PAN output needs, and the dearer half of a comparison saved.
        attribution: How a suspect span held by several sources is attributed
            (:func:`attribute`): ``similarity`` (the closest passage) or ``rank``.
    """

    top: int = 10
    min_score: float = 0.0
    min_chars: int = 0
    search: SearchParams = SearchParams()
    assess: bool = True
    attribution: str = "similarity"

    def __post_init__(self) -> None:
        if self.top < 1:
            raise InvalidOption(f"top must be at least 1, not {self.top}")
        if not 0.0 <= self.min_score <= 1.0:
            raise InvalidOption(f"min_score must be in [0, 1], not {self.min_score}")
        if self.min_chars < 0:
            raise InvalidOption(f"min_chars must be at least 0, not {self.min_chars}")
        if self.attribution not in ATTRIBUTIONS:
            raise InvalidOption(f"attribution must be one of {', '.join(ATTRIBUTIONS)},"
                                f" not {self.attribution!r}")

    def reports(self, score: float, attributed_chars: int) -> bool:
        """Whether a source with this score and attributed suspect characters is reported."""
        return score >= self.min_score and attributed_chars >= self.min_chars


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
    # similarities rounded as the records give them: a tie there is a tie here
    attributed = attribute([[(p.tgt.start, p.tgt.end, round(p.similarity, 4)) for p in a.passages]
                            for a in aligned], scan.attribution)
    kept = [(a, flags) for a, flags in zip(aligned, attributed)
            if scan.reports(a.score, attributed_chars(a.passages, flags))]
    sources = []
    for rank, (item, flags) in enumerate(kept[: scan.top], start=1):
        if scan.assess:
            report = report_aligned(item.source, suspect, item.passages, config, resources)
            record = _source_record(item.row, item.candidate, report.to_dict(), flags)
        else:
            record = _unassessed_record(item, suspect, config, flags)
        sources.append({**record, "rank": rank})
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
    covered: tuple[float, float]  # coverage, derived_from_original, as the report has them

    @classmethod
    def of(cls, row: DocumentRow, candidate: Candidate, source: PreparedDocument,
           suspect: PreparedDocument, passages: tuple[Passage, ...]) -> _Aligned:
        return cls(row, candidate, source, passages, passage_coverage(source, suspect, passages))

    @property
    def score(self) -> float:
        """``derived_from_original``, rounded as the report rounds it."""
        return round(self.covered[1], 4)

    @property
    def coverage(self) -> float:
        return round(self.covered[0], 4)


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
        **_source_fields(row, candidate),
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


def _source_fields(row: DocumentRow, candidate: Candidate) -> dict[str, Any]:
    """What a source's record says of it, assessed or not: who it is and how it was found."""
    return {"id": row.id, "name": row.name, "metadata": row.metadata, "channel": candidate.channel,
            "candidate_score": round(candidate.score, 6)}


def _unassessed_record(item: _Aligned, suspect: PreparedDocument, config: Config,
                       attributed: Sequence[bool]) -> dict[str, Any]:
    """A source's record without assessment: what the report would say of its passages and
    coverage, no distortions, no fidelity, no full report."""
    passages = item.passages
    languages = (item.source.language, suspect.language)
    return {
        **_source_fields(item.row, item.candidate),
        "score": item.score,
        "verdict": verdict(passages, *item.covered, languages=languages, params=config.verdict),
        "scores": {"coverage": item.coverage, "derived_from_original": item.score},
        "passages": [
            {"original": p.src.to_dict(), "derived": p.tgt.to_dict(), "kind": p.kind,
             "similarity": round(p.similarity, 4), "attributed": flag}
            for p, flag in zip(passages, attributed, strict=True)
        ],
        "distortions": None,
    }


def attributed_chars(passages: Sequence[Passage], attributed: Sequence[bool]) -> int:
    """The suspect characters of a source's attributed passages (they do not overlap)."""
    return sum(len(p.tgt) for p, flag in zip(passages, attributed, strict=True) if flag)


def attribute(ranked: Sequence[Sequence[tuple[int, int, float]]], by: str = "similarity"
              ) -> list[list[bool]]:
    """Per source (best-ranked first), per passage (its suspect ``start``, ``end`` and
    ``similarity``): whether the passage is attributed to that source.

    Passages are taken in turn, and one is attributed when less than ``_ATTRIBUTION_SHARE``
    of its suspect text lies in passages taken before it. ``by="similarity"``: the most
    similar passages first, ties by source rank, so a span goes to the source that holds it
    most closely (a long, loose passage of a source that explains more of the suspect does
    not take a close copy of that span from another); ``by="rank"``: every passage of a
    better-ranked source first.
    """
    if by not in ATTRIBUTIONS:
        raise InvalidOption(f"attribution must be one of {', '.join(ATTRIBUTIONS)}, not {by!r}")
    order = sorted(
        ((source, number) for source, spans in enumerate(ranked) for number in range(len(spans))),
        key=lambda k: (-ranked[k[0]][k[1]][2], k) if by == "similarity" else k,
    )
    taken: list[tuple[int, int]] = []
    flags = [[False] * len(spans) for spans in ranked]
    for source, number in order:
        start, end, _ = ranked[source][number]
        covered = sum(max(0, min(end, b) - max(start, a)) for a, b in taken)
        flags[source][number] = end > start and covered < _ATTRIBUTION_SHARE * (end - start)
        taken.append((start, end))
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
