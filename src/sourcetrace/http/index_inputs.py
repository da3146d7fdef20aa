"""Turn index and scan requests into the work the workers do.

Adding takes JSON (an :class:`~sourcetrace.http.models.AddRequest`: records ``{id, text,
title?, date?, url?, ...}``, every field but ``id`` and ``text`` kept as metadata) or a
multipart form of ``document`` files: each file of any format ``compare`` reads is one
document whose id is its base name, a JSON Lines export is its records. No path a client sends
is opened. Scanning takes JSON (a :class:`~sourcetrace.http.models.ScanRequest`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from starlette.datastructures import UploadFile
from starlette.requests import Request

from sourcetrace.http.errors import InvalidRequest, UnsupportedMediaType
from sourcetrace.http.inputs import base_name, validate
from sourcetrace.http.models import MAX_DOCUMENTS, AddRequest, ScanRequest
from sourcetrace.http.tasks import IndexRecordSpec, InputSpec
from sourcetrace.index import ScanParams

# The multipart field of each uploaded document.
DOCUMENT_FIELD = "document"
# The integers a metadata value may hold: the index stores them as 64-bit numbers.
_INTEGERS = range(-(2**63), 2**64)


@dataclass(frozen=True)
class AddWork:
    """Documents to add: JSON records, or uploaded files (read in a worker)."""

    records: tuple[IndexRecordSpec, ...] = ()
    uploads: tuple[InputSpec, ...] = ()

    @property
    def size(self) -> int:
        return sum(len(r.text.encode("utf-8", "surrogatepass")) for r in self.records) + sum(
            upload.size for upload in self.uploads
        )


@dataclass(frozen=True)
class ScanWork:
    """Suspects to scan, by id, and what to report of them."""

    suspects: tuple[tuple[str, InputSpec], ...]
    params: ScanParams
    embed_reports: bool

    @property
    def size(self) -> int:
        return sum(suspect.size for _, suspect in self.suspects)


def _media_type(request: Request) -> str:
    return request.headers.get("content-type", "").split(";")[0].strip().lower()


async def read_add_request(request: Request) -> AddWork:
    """Validate an add request's body.

    Raises:
        UnsupportedMediaType: The body is neither JSON nor a multipart form.
        InvalidRequest: It does not match the model, or a form has no document file.
    """
    media_type = _media_type(request)
    if media_type == "application/json":
        parsed: AddRequest = validate(AddRequest, await request.body())
        records = []
        for number, record in enumerate(parsed.documents):
            fields = record.model_dump(exclude_unset=True, exclude={"id", "text"})
            for key, value in fields.items():
                if not _fits(value):
                    raise InvalidRequest(
                        f"documents.{number}.{key}: integers must fit in 64 bits"
                    )
            metadata = tuple(
                (key, json.dumps(value, ensure_ascii=False)) for key, value in sorted(fields.items())
            )
            records.append(IndexRecordSpec(record.id, record.text, metadata))
        return AddWork(records=tuple(records))
    if media_type == "multipart/form-data":
        return AddWork(uploads=await _uploads(request))
    raise UnsupportedMediaType(
        f"send the documents as application/json or multipart/form-data, not {media_type or 'nothing'!r}"
    )


def _fits(value: Any) -> bool:
    """Whether every integer in a JSON value fits the index's 64-bit numbers."""
    if isinstance(value, bool) or not isinstance(value, (int, list, dict)):
        return True
    if isinstance(value, int):
        return value in _INTEGERS
    items = value.values() if isinstance(value, dict) else value
    return all(_fits(item) for item in items)


async def _uploads(request: Request) -> tuple[InputSpec, ...]:
    form = await request.form(max_files=MAX_DOCUMENTS, max_fields=MAX_DOCUMENTS)
    try:
        unknown = sorted(set(form.keys()) - {DOCUMENT_FIELD})
        if unknown:
            raise InvalidRequest(f"unknown form field {unknown[0]!r} (send files as {DOCUMENT_FIELD!r})")
        uploads = []
        for value in form.getlist(DOCUMENT_FIELD):
            if not isinstance(value, UploadFile):
                raise InvalidRequest(f"{DOCUMENT_FIELD}: send files, not text fields")
            name = base_name(value.filename)
            if not name:
                raise InvalidRequest(f"{DOCUMENT_FIELD}: a file needs a name (its id)")
            uploads.append(InputSpec(name=name, data=await value.read()))
        if not uploads:
            raise InvalidRequest(f"{DOCUMENT_FIELD}: give at least one file")
        return tuple(uploads)
    finally:
        await form.close()


async def read_scan_request(request: Request) -> ScanWork:
    """Validate a scan request's body.

    Raises:
        UnsupportedMediaType: The body is not JSON.
        InvalidRequest: It does not match the model.
    """
    media_type = _media_type(request)
    if media_type != "application/json":
        raise UnsupportedMediaType(f"send the suspects as application/json, not {media_type or 'nothing'!r}")
    parsed: ScanRequest = validate(ScanRequest, await request.body())
    suspects = []
    for number, suspect in enumerate(parsed.suspects, start=1):
        if isinstance(suspect, str):
            identifier = f"suspect-{number}"
            suspects.append((identifier, InputSpec(name=identifier, text=suspect)))
        else:
            identifier = suspect.id or f"suspect-{number}"
            suspects.append(
                (identifier, InputSpec(name=identifier, text=suspect.text, input_format=suspect.format))
            )
    params = ScanParams(top=parsed.top, min_score=parsed.min_score)
    return ScanWork(tuple(suspects), params, parsed.reports)
