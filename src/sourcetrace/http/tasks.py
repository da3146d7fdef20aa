"""What the worker processes run: reading inputs, comparing, rendering.

These functions run in the app's worker processes (:mod:`sourcetrace.http.workers`), so their
arguments and results cross a process boundary: plain data and frozen dataclasses only. They call
the library and nothing else; the event loop never compares texts itself.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass

from sourcetrace.api import compare
from sourcetrace.assess.dates import load_lemmas
from sourcetrace.assess.wordnet import preload, wordnet
from sourcetrace.config import Config
from sourcetrace.errors import SourcetraceError, UnreadableInput
from sourcetrace.index import Index, ScanParams, Scanner
from sourcetrace.index.inputs import Source, upload_sources
from sourcetrace.ingest import read_bytes, read_document
from sourcetrace.model import Document
from sourcetrace.report import render_dict
from sourcetrace.resources import Resources

# A story, a copy with a name swapped, words replaced, a number and a day changed and a
# negation added, and its French version: comparing them with every detector loads what most
# comparisons need (language identification, spaCy's English pipeline, WordNet, the country
# names of every language, the multilingual embedder), so that a worker's memory does not
# step up in mid-run (with WordNet read in full, below; it still creeps up slowly). The data of another language loads when a
# worker first meets it, unless the server names it to load at start (``--load-language``).
_WARM_UP_ORIGINAL = (
    "The Ashwick council will reopen the central library on Monday after eight months of "
    "repairs. The work cost 3,000 pounds, the mayor said, and the county paid for all of it."
)
_WARM_UP_DERIVED = (
    "The Kelsby council will close the central library on Tuesday after eight months of "
    "repairs. The work cost 30,000 pounds, the mayor said, and the county did not pay for it.",
    "Le conseil d'Ashwick rouvrira la bibliothèque centrale lundi après huit mois de travaux. "
    "Les travaux ont coûté 3 000 livres, a dit le maire, et le comté les a tous payés.",
)
# Sentence embeddings a worker keeps (cross-language pairs; about 1.5 KB each): its memory
# stays bounded however long the server runs.
EMBEDDING_CACHE_SIZE = 20_000

# The resources of this worker process, made by start_worker when the process starts and kept
# for every comparison it runs (one per process: a model cannot be shared across processes).
# They start no process of their own, so the process ending (at shutdown, or when a task
# past its deadline is stopped) is all their closing takes.
_worker_resources: Resources | None = None
# The index this worker scans, opened read-only once when the process starts (with
# ``serve --index``); it loads the vector model once.
_worker_scanner: Scanner | None = None
# Why this worker's warm-up failed (e.g. WordNet not installed): raised by the start-up probe,
# so the server refuses to start with that message (raised in start_worker, it would only
# break the pool, message lost).
_worker_failure: SourcetraceError | None = None


@dataclass(frozen=True)
class InputSpec:
    """One input as a client sent it: a text, an upload's bytes, or a URL to fetch.

    Exactly one of ``text``, ``data`` and ``url`` is set. ``name`` is a label only: the server
    never opens a path a client gives.
    """

    name: str
    text: str | None = None
    data: bytes | None = None
    url: str | None = None
    input_format: str | None = None

    @property
    def size(self) -> int:
        """The input's size in bytes (a URL's body is unknown until fetched: 0)."""
        if self.data is not None:
            return len(self.data)
        return len(self.text.encode("utf-8", "surrogatepass")) if self.text is not None else 0


def start_worker(
    config: Config, index_path: str | None = None, languages: tuple[str, ...] = ()
) -> None:
    """Make this worker's resources and load the models and the data of ``languages``, once,
    when the process starts, so no request waits for them; open the index to scan, if the
    server has one."""
    global _worker_resources, _worker_failure, _worker_scanner
    _worker_resources = Resources(max_embeddings=EMBEDDING_CACHE_SIZE, processes=1)
    every_detector = config.with_options(detectors=None)
    try:
        for derived in _WARM_UP_DERIVED:
            compare(_WARM_UP_ORIGINAL, derived, config=every_detector, resources=_worker_resources)
        for language in languages:
            _load_language(language, every_detector)
        # WordNet's pages and a full synset memo (some 100 MB): else they grow a worker's
        # memory by a few MB every hundred requests, for thousands of requests.
        preload(wordnet())
        # The same for the e5 model's weights file (72 MB, memory-mapped).
        _worker_resources.embedder.preload()
        if index_path is not None:
            _worker_scanner = Index(index_path, config=config).scanner(_worker_resources)
    except SourcetraceError as error:
        _worker_failure = error


def _load_language(language: str, config: Config) -> None:
    """Load what a comparison in ``language`` loads on first use: its stemmer, stop words and
    babel data (through a comparison of the warm-up pair named as in that language) and its
    lemma data (the comparison may not look a word up)."""
    assert _worker_resources is not None
    original = Document(name="warm-up", text=_WARM_UP_ORIGINAL, language=language)
    derived = Document(name="warm-up", text=_WARM_UP_DERIVED[0], language=language)
    compare(original, derived, config=config, resources=_worker_resources)
    load_lemmas(language)


def worker_id() -> int:
    """The worker's process id (start-up waits for one answer from each worker).

    Raises:
        SourcetraceError: What the worker's warm-up raised.
    """
    if _worker_failure is not None:
        raise _worker_failure
    return os.getpid()


def read_inputs(
    original: InputSpec, derived: InputSpec, max_bytes: int
) -> tuple[Document, Document]:
    """Read both inputs into documents (a text is taken as it is, unless a format is named)."""
    return _read(original, max_bytes), _read(derived, max_bytes)


def compare_to_json(
    original: Document,
    derived: Document,
    config: Config,
    original_date: dt.date | None,
    derived_date: dt.date | None,
) -> str:
    """Compare two read inputs with this worker's resources; the report as the JSON text
    ``compare --format json`` writes."""
    assert _worker_resources is not None, "the pool starts every worker with start_worker"
    try:
        report = compare(
            original, derived, config=config, resources=_worker_resources,
            original_date=original_date, derived_date=derived_date,
        )
    finally:
        # The detectors of a pair share its spaCy parses. Kept across requests, which mostly
        # bring new texts, they would grow a worker's memory for thousands of requests (to the
        # parse cache's bound, some 75 MB) for few hits.
        _worker_resources.english.clear()
    return render_dict(report.to_dict(), "json")


@dataclass(frozen=True)
class IndexRecordSpec:
    """A document a client sent as a JSON record: id, text and metadata fields."""

    id: str
    text: str
    metadata: tuple[tuple[str, str], ...]  # (field, its JSON), in field order


def add_to_index(
    index_path: str,
    config: Config,
    records: list[IndexRecordSpec],
    uploads: list[InputSpec],
    max_bytes: int,
) -> dict[str, object]:
    """Read every document, then add them all through the index (nothing is added when one
    cannot be read); the add's summary as plain data.

    Raises:
        SourcetraceError: A document cannot be read (the library's error), or two share an
            id (``UnreadableInput``).
    """
    sources = [
        Source(r.id, Document(name=r.id, text=r.text),
               {key: json.loads(value) for key, value in r.metadata})
        for r in records
    ]
    for upload in uploads:
        assert upload.data is not None
        sources += upload_sources(upload.data, upload.name, max_bytes)
    seen: set[str] = set()
    for source in sources:
        if source.id in seen:
            raise UnreadableInput(f"two documents of the request have the id {source.id!r}")
        seen.add(source.id)
    summary = Index(index_path, config=config).add(sources, workers=1)
    return {
        "added": summary.added, "replaced": summary.replaced, "unchanged": summary.unchanged,
        "skipped": [{"name": s.name, "reason": s.reason} for s in summary.skipped],
    }


def scan_suspect(
    identifier: str, suspect: InputSpec, params: ScanParams, max_bytes: int
) -> tuple[dict[str, object], list[str]]:
    """One suspect's ``sourcetrace.scan/1`` record, without its pair reports, and the reports
    of its sources in rank order (as the JSON ``compare`` writes)."""
    assert _worker_scanner is not None, "the pool opens the index in every worker"
    assert _worker_resources is not None
    try:
        record = _worker_scanner.scan(identifier, _read(suspect, max_bytes), params)
    finally:
        _worker_resources.english.clear()  # as after a comparison: parses are not kept
    reports = [render_dict(source.pop("report"), "json") for source in record["sources"]]
    return record, reports


def render_html(report_json: str) -> str:
    """The side-by-side HTML page of a JSON report."""
    return render_dict(json.loads(report_json), "html")


def _read(spec: InputSpec, max_bytes: int) -> Document:
    if spec.url is not None:
        return read_document(spec.url, max_bytes=max_bytes, name=spec.name,
                             input_format=spec.input_format)
    if spec.data is not None:
        return read_bytes(spec.data, spec.name, max_bytes=max_bytes, input_format=spec.input_format)
    assert spec.text is not None
    if spec.input_format in (None, "text"):
        return Document(name=spec.name, text=spec.text)
    return read_bytes(
        spec.text.encode("utf-8"), spec.name, max_bytes=max_bytes, input_format=spec.input_format
    )
