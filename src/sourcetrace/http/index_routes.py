"""The index routes: add, remove and look up source documents, index stats, and scans.

They work on the index the server was started with (``serve --index PATH``; 404 without one),
through :class:`sourcetrace.Index`: adds run in a worker (reading uploads and preparing
documents is CPU work) and write one transaction per batch; removals and look-ups run on a
thread of the server, look-ups on a read-only connection; scans run in the workers, each of
which keeps the index open read-only and its models loaded. Writes need the bearer token when
the server has one (``--token``): 401 without it, 403 with another.
"""

from __future__ import annotations

import asyncio
import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from sourcetrace.http.errors import (
    Forbidden,
    JobNotFinished,
    NotFound,
    Unauthorized,
    error_response,
)
from sourcetrace.http.index_inputs import (
    DOCUMENT_FIELD,
    read_add_request,
    read_scan_request,
)
from sourcetrace.http.models import (
    IDENTIFIER_CHARS,
    AddSummaryModel,
    DocumentInfo,
    IndexStats,
    ScanAnswer,
)
from sourcetrace.http.routes import (
    JOB_ACCEPTED,
    REPORT_CONTENT,
    JobId,
    PreferHeader,
    accepted,
    error_responses,
    prefers_async,
    prefers_html,
    report_json,
    report_page,
    service_of,
)

router = APIRouter()

_bearer = HTTPBearer(
    auto_error=False, description="The token the server was started with (serve --token)."
)
DocumentId = Annotated[
    str, Path(description="The document's id in the index.", max_length=IDENTIFIER_CHARS)
]
# A scan of more suspects than this is a job (202), whatever its size.
SYNC_SUSPECTS = 1


async def require_token(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """Let an index write through when the server has no token, or it carries the token."""
    token = service_of(request).settings.token
    if token is None:
        return
    if credentials is None:
        raise Unauthorized("index writes need the server's token (Authorization: Bearer TOKEN)")
    if not secrets.compare_digest(credentials.credentials.encode(), token.encode()):
        raise Forbidden("the bearer token is not this server's")


_WRITE = [Depends(require_token)]
_DOCUMENTS_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/AddRequest"}},
            "multipart/form-data": {
                "schema": {
                    "title": "AddForm",
                    "type": "object",
                    "properties": {
                        DOCUMENT_FIELD: {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                            "description": "Files of any format compare reads (id: the base "
                            "name) or JSON Lines exports (ids: their records').",
                        }
                    },
                    "required": [DOCUMENT_FIELD],
                }
            },
        },
    }
}


@router.post(
    "/v1/index/documents",
    tags=["index"],
    summary="Add or replace documents",
    dependencies=_WRITE,
    response_model=AddSummaryModel,
    responses={
        **JOB_ACCEPTED,
        **error_responses(400, 401, 403, 404, 409, 413, 415, 422, 503, 504),
    },
    openapi_extra=_DOCUMENTS_BODY,
)
async def add_documents(request: Request, prefer: PreferHeader = None) -> Response:
    """Add documents to the index; one whose id it holds is replaced (unless its text and
    metadata are the same). Nothing is added when one of them cannot be read.

    Large bodies (over the job threshold), or `Prefer: respond-async`, make the add a job.
    """
    service = service_of(request)
    service.index(read_only=False)
    work = await read_add_request(request)
    if prefers_async(prefer) or work.size > service.settings.job_threshold_bytes:
        return accepted(request, service.start_add_job(work))
    with service.admission.slot():
        deadline = service.deadline(service.settings.request_timeout)
        summary = await service.add_documents(work, deadline, lambda stage, done: None)
    return Response(summary, media_type="application/json")


@router.delete(
    "/v1/index/documents/{doc_id:path}",
    status_code=204,
    tags=["index"],
    summary="Remove a document",
    dependencies=_WRITE,
    response_class=Response,
    responses=error_responses(401, 403, 404, 409, 422),
)
async def remove_document(request: Request, doc_id: DocumentId) -> Response:
    """Remove the document of this id from the index."""
    index = service_of(request).index(read_only=False)
    if not await asyncio.to_thread(index.remove, [doc_id]):
        raise NotFound(f"the index holds no document {doc_id!r}")
    return Response(status_code=204)


@router.get(
    "/v1/index/documents/{doc_id:path}",
    tags=["index"],
    summary="A document's metadata",
    response_model=DocumentInfo,
    responses=error_responses(404, 422),
)
async def document_info(request: Request, doc_id: DocumentId) -> DocumentInfo:
    """What the index holds about a document: its name, language, length and metadata."""
    index = service_of(request).index()
    rows = await asyncio.to_thread(index.list_ids, [doc_id])
    if not rows:
        raise NotFound(f"the index holds no document {doc_id!r}")
    row = rows[0]
    return DocumentInfo(
        id=row.id, name=row.name, language=row.language, length=row.length, metadata=row.metadata
    )


@router.get(
    "/v1/index/stats",
    tags=["index"],
    summary="Index statistics",
    response_model=IndexStats,
    responses=error_responses(404),
)
async def index_stats(request: Request) -> IndexStats:
    """The index's documents, documents per language and size on disk."""
    index = service_of(request).index()
    return IndexStats.model_validate(await asyncio.to_thread(index.stats))


@router.post(
    "/v1/scan",
    tags=["index"],
    summary="Find the sources of suspect texts",
    response_model=ScanAnswer,
    responses={**JOB_ACCEPTED, **error_responses(404, 413, 415, 422, 503, 504)},
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/ScanRequest"}}
            },
        }
    },
)
async def scan(request: Request, prefer: PreferHeader = None) -> Response:
    """Find each suspect's sources in the index: candidates found approximately, each verified
    by the full comparison, ranked by the share of the suspect they explain, with the reused
    passages (`sourcetrace.scan/1` records).

    More than one suspect, a large body or `Prefer: respond-async` make the scan a job; its
    result is this answer, and the pair report of each source is at
    `/v1/jobs/{job_id}/reports/{suspect}/{rank}`.
    """
    service = service_of(request)
    service.index()
    work = await read_scan_request(request)
    if (
        prefers_async(prefer)
        or len(work.suspects) > SYNC_SUSPECTS
        or work.size > service.settings.job_threshold_bytes
    ):
        return accepted(request, service.start_scan_job(work))
    with service.admission.slot():
        deadline = service.deadline(service.settings.request_timeout)
        output = await service.scan(work, deadline, lambda stage, done: None)
    return Response(output.body, media_type="application/json")


@router.get(
    "/v1/jobs/{job_id}/reports/{suspect}/{rank}",
    tags=["jobs"],
    summary="A scan's pair report",
    response_class=Response,
    responses={
        200: {"description": "The report (HTML with Accept: text/html).", "content": REPORT_CONTENT},
        **error_responses(404, 409, 422, 503, 504),
    },
)
async def scan_report(
    request: Request,
    job_id: JobId,
    suspect: Annotated[int, Path(ge=1, le=1_000_000, description="The suspect's place, from 1.")],
    rank: Annotated[int, Path(ge=1, le=1_000, description="The source's rank, from 1.")],
) -> Response:
    """The full report of a scanned suspect (its place in the request, from 1) against its
    source of this rank: the report `compare` gives for the pair."""
    service = service_of(request)
    job = service.jobs.get(job_id)
    if job.kind != "scan":
        raise NotFound(f"job {job_id!r} is not a scan")
    if job.state == "failed" and job.error is not None:
        return error_response(job.error)
    if job.result is None:
        raise JobNotFinished(f"job {job_id!r} is {job.state} ({job.stage}); poll its url")
    reports = job.result.reports
    if suspect > len(reports) or rank > len(reports[suspect - 1]):
        raise NotFound(f"the scan has no source of rank {rank} for suspect {suspect}")
    report = reports[suspect - 1][rank - 1]
    if prefers_html(request.headers.get("accept", "")):
        with service.admission.slot():
            return report_page(await service.render_html(report))
    return report_json(report)

