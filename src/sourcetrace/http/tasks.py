"""What the worker processes run: reading inputs, comparing, rendering.

These functions run in the app's worker processes (:mod:`sourcetrace.http.workers`), so their
arguments and results cross a process boundary: plain data and frozen dataclasses only. They call
the library and nothing else; the event loop never compares texts itself.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any

from sourcetrace.api import compare
from sourcetrace.ingest import read_bytes, read_document
from sourcetrace.model import Document
from sourcetrace.report import render_dict

# A short English text and its French version: comparing them loads every model a comparison may
# need (language identification, the multilingual embedder, spaCy's English pipeline).
_WARM_UP = (
    "The council will reopen the library on Monday. It cost 3,000 pounds.",
    "Le conseil rouvrira la bibliothèque lundi. Elle a coûté 3 000 livres.",
)


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


def warm_up() -> None:
    """Load the models once, when a worker process starts, so no request waits for them."""
    compare(*_WARM_UP)


def worker_id() -> int:
    """The worker's process id (start-up waits for one answer from each worker)."""
    return os.getpid()


def read_inputs(
    original: InputSpec, derived: InputSpec, max_bytes: int
) -> tuple[Document, Document]:
    """Read both inputs into documents (a text is taken as it is, unless a format is named)."""
    return _read(original, max_bytes), _read(derived, max_bytes)


def compare_to_json(
    original: Document, derived: Document, options: dict[str, Any]
) -> str:
    """Compare two read inputs; the report as the JSON text ``compare --format json`` writes."""
    report = compare(original, derived, **options)
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
