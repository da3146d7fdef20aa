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
from sourcetrace.config import Config
from sourcetrace.ingest import read_bytes, read_document
from sourcetrace.model import Document
from sourcetrace.report import render_dict
from sourcetrace.resources import Resources

# An English text, a reworded copy and a French version: comparing them with every detector
# loads what any comparison may need (language identification, spaCy's English pipeline,
# WordNet, the multilingual embedder).
_WARM_UP_ORIGINAL = "The council will reopen the library on Monday. It cost 3,000 pounds."
_WARM_UP_DERIVED = (
    "The council will close the library on Monday. It cost 3,000 pounds.",
    "Le conseil rouvrira la bibliothèque lundi. Elle a coûté 3 000 livres.",
)
# Sentence embeddings a worker keeps (cross-language pairs; about 1.5 KB each): its memory
# stays bounded however long the server runs.
EMBEDDING_CACHE_SIZE = 20_000

# The resources of this worker process, made by start_worker when the process starts and kept
# for every comparison it runs (one per process: a model cannot be shared across processes).
# They start no process of their own, so the process ending (at shutdown, or when a task
# past its deadline is stopped) is all their closing takes.
_worker_resources: Resources | None = None


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


def start_worker(config: Config) -> None:
    """Make this worker's resources and load the models, once, when the process starts, so
    no request waits for them."""
    global _worker_resources
    _worker_resources = Resources(max_embeddings=EMBEDDING_CACHE_SIZE, processes=1)
    every_detector = config.with_options(detectors=None)
    for derived in _WARM_UP_DERIVED:
        compare(_WARM_UP_ORIGINAL, derived, config=every_detector, resources=_worker_resources)


def worker_id() -> int:
    """The worker's process id (start-up waits for one answer from each worker)."""
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
    report = compare(
        original, derived, config=config, resources=_worker_resources,
        original_date=original_date, derived_date=derived_date,
    )
    return render_dict(report.to_dict(), "json")


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
