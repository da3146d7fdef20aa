"""The API routes: health, compare, and the jobs long work becomes (the index routes:
:mod:`sourcetrace.http.index_routes`)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Path, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from sourcetrace import __version__
from sourcetrace.http.errors import JobNotFinished, error_body, error_response
from sourcetrace.http.inputs import SIDES, read_compare_request
from sourcetrace.http.jobs import Job
from sourcetrace.http.models import (
    CompareOptions,
    ErrorModel,
    Health,
    InputFormat,
    JobInfo,
    ReportModel,
)
from sourcetrace.http.service import Service
from sourcetrace.report.html import content_security_policy

router = APIRouter()

JobId = Annotated[str, Path(description="The job's id, from the 202 answer.", max_length=64)]
PreferHeader = Annotated[
    str | None,
    Header(
        description="`respond-async`: answer 202 with a job at once, whatever the size of the "
        "inputs (RFC 7240)."
    ),
]


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI entries for the error answers a route can give (all of one shape)."""
    return {status: {"model": ErrorModel, "description": _REASONS[status]} for status in statuses}


_REASONS = {
    400: "A multipart body that cannot be parsed.",
    401: "An index write without the bearer token (when the server has one).",
    403: "A wrong token, a URL input without --allow-urls, a page of another origin, another"
    " host.",
    404: "No such job or document, or the server has no index.",
    409: "The job has not finished, or another process is writing to the index.",
    413: "The request body (or a fetched page) is over the size limit.",
    415: "The body is neither JSON nor a multipart form.",
    422: "The body does not match its model, or an input cannot be read as text.",
    503: "Too many requests and jobs under way; see Retry-After.",
    504: "The work took longer than the time limit and was stopped.",
}
REPORT_CONTENT = {
    "application/json": {"schema": {"$ref": "#/components/schemas/ReportModel"}},
    "text/html": {"schema": {"type": "string"}},
}
_JOB_RESULT_CONTENT = {
    "application/json": {
        "schema": {
            "anyOf": [
                {"$ref": f"#/components/schemas/{name}"}
                for name in ("ReportModel", "ScanAnswer", "AddSummaryModel")
            ]
        }
    },
    "text/html": {"schema": {"type": "string"}},
}
JOB_ACCEPTED: dict[int | str, dict[str, Any]] = {
    202: {
        "model": JobInfo,
        "description": "Accepted as a job: poll its url; Location names it too.",
    }
}


def service_of(request: Request) -> Service:
    return request.app.state.service  # type: ignore[no-any-return]


@router.get("/v1/health", response_model=Health, tags=["service"], summary="Health")
async def health(request: Request) -> Health:
    """Whether the service is up, and how loaded it is."""
    service = service_of(request)
    return Health(
        status="ok",
        version=__version__,
        workers=service.settings.workers,
        pending=service.admission.pending,
        max_pending=service.settings.max_pending,
        allow_urls=service.settings.allow_urls,
        index=service.settings.index_path is not None,
    )


@router.post(
    "/v1/compare",
    tags=["compare"],
    summary="Compare two texts",
    response_class=Response,
    responses={
        200: {
            "description": "The result: a compare's report (HTML with Accept: text/html), a "
            "scan's records or an add's summary.",
            "content": _JOB_RESULT_CONTENT,
        },
        **JOB_ACCEPTED,
        **error_responses(400, 403, 413, 415, 422, 503, 504),
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/CompareRequest"}},
                "multipart/form-data": {"schema": {"$ref": "#/components/schemas/CompareForm"}},
            },
        }
    },
)
async def compare(request: Request, prefer: PreferHeader = None) -> Response:
    """Compare an original with a derived text and answer the report.

    Large inputs (over the server's job threshold), or a `Prefer: respond-async` header, make
    the comparison a job: the answer is then 202 with the job, whose `result_url` gives the
    report once it is done.
    """
    service = service_of(request)
    settings = service.settings
    work = await read_compare_request(
        request, base_config=settings.config, allow_urls=settings.allow_urls
    )
    if prefers_async(prefer) or work.size > settings.job_threshold_bytes:
        return accepted(request, service.start_compare_job(work))
    with service.admission.slot():
        deadline = service.deadline(settings.request_timeout)
        report = await service.compare(work, deadline, lambda stage, done: None)
        if prefers_html(request.headers.get("accept", "")):
            return report_page(await service.render_html(report))
    return report_json(report)


@router.get(
    "/v1/jobs/{job_id}",
    response_model=JobInfo,
    tags=["jobs"],
    summary="A job's state",
    responses=error_responses(404),
)
async def job_state(request: Request, job_id: JobId) -> JobInfo:
    """The job's state, its progress (steps done of all), and where its result is."""
    return job_info(request, service_of(request).jobs.get(job_id))


@router.get(
    "/v1/jobs/{job_id}/result",
    tags=["jobs"],
    summary="A job's result",
    response_class=Response,
    responses={
        200: {"description": "The report (HTML with Accept: text/html).", "content": REPORT_CONTENT},
        **error_responses(400, 403, 404, 409, 413, 422, 503, 504),
    },
)
async def job_result(request: Request, job_id: JobId) -> Response:
    """The job's result once it is done: the answer its request would have had (a compare's
    report, a scan's records, an add's summary). A failed job answers its error, with its
    status. A compare's report is its HTML page with `Accept: text/html`."""
    service = service_of(request)
    job = service.jobs.get(job_id)
    if job.state == "failed" and job.error is not None:
        return error_response(job.error)
    if job.result is None:
        raise JobNotFinished(f"job {job_id!r} is {job.state} ({job.stage}); poll its url")
    if job.kind == "compare" and prefers_html(request.headers.get("accept", "")):
        with service.admission.slot():
            return report_page(await service.render_html(job.result.body))
    return report_json(job.result.body)


@router.delete(
    "/v1/jobs/{job_id}",
    status_code=204,
    tags=["jobs"],
    summary="Cancel or forget a job",
    response_class=Response,
    responses=error_responses(404),
)
async def delete_job(request: Request, job_id: JobId) -> Response:
    """Stop the job if it is still running, and forget it."""
    service_of(request).jobs.remove(job_id)
    return Response(status_code=204)


def job_info(request: Request, job: Job) -> JobInfo:
    root = request.scope.get("root_path", "")
    url = f"{root}/v1/jobs/{job.id}"
    return JobInfo.model_validate(
        {
            "id": job.id,
            "kind": job.kind,
            "state": job.state,
            "progress": {"done": job.done, "total": job.total, "stage": job.stage},
            "created": job.created,
            "url": url,
            "result_url": f"{url}/result",
            "error": None if job.error is None else error_body(job.error),
        }
    )


def report_json(report: str) -> Response:
    """The JSON report, the bytes ``compare --format json`` writes."""
    return Response(report, media_type="application/json")


def report_page(page: str) -> HTMLResponse:
    """The HTML report, with its own policy also sent as a header; framed by this site only."""
    policy = f"{content_security_policy()}; frame-ancestors 'self'"
    return HTMLResponse(
        page, headers={"content-security-policy": policy, "x-frame-options": "SAMEORIGIN"}
    )


def prefers_html(accept: str) -> bool:
    """Whether an ``Accept`` header ranks ``text/html`` above ``application/json``."""
    return _quality(accept, "text/html") > _quality(accept, "application/json")


def _quality(accept: str, media: str) -> float:
    """The quality an ``Accept`` header gives a media type: its most specific matching range."""
    wanted_type = media.split("/")[0]
    best, specificity = 0.0, -1
    for item in accept.split(","):
        media_range, *params = item.strip().lower().split(";")
        media_range = media_range.strip()
        if media_range == media:
            rank = 2
        elif media_range in (f"{wanted_type}/*", "*/*"):
            rank = 1 if media_range != "*/*" else 0
        else:
            continue
        if rank > specificity:
            best, specificity = _q(params), rank
    return best


def _q(params: list[str]) -> float:
    for param in params:
        name, _, value = param.strip().partition("=")
        if name == "q":
            try:
                return min(max(float(value), 0.0), 1.0)
            except ValueError:
                return 0.0
    return 1.0


def prefers_async(prefer: str | None) -> bool:
    tokens = (part.split(";")[0].strip().lower() for part in (prefer or "").split(","))
    return "respond-async" in tokens


def accepted(request: Request, job: Job) -> JSONResponse:
    info = job_info(request, job)
    return JSONResponse(
        info.model_dump(mode="json"),
        status_code=202,
        headers={"location": info.url, "preference-applied": "respond-async"},
    )


def compare_form_schema() -> dict[str, Any]:
    """The OpenAPI schema of the multipart form ``POST /v1/compare`` takes."""
    formats = list(InputFormat.__args__)  # type: ignore[attr-defined]
    properties: dict[str, Any] = {}
    for side in SIDES:
        properties[side] = {
            "type": "string",
            "format": "binary",
            "description": f"The {side} text: a file of any format compare reads, or a text field.",
        }
        properties[f"{side}_url"] = {
            "type": "string",
            "pattern": "^[hH][tT][tT][pP][sS]?://",
            "description": f"Instead of {side}: a URL the server fetches (with --allow-urls).",
        }
        properties[f"{side}_format"] = {
            "type": "string",
            "enum": formats,
            "description": f"Read {side} as this format instead of detecting it.",
        }
    properties["options"] = {
        "type": "string",
        "description": "The options as a JSON object: "
        + ", ".join(CompareOptions.model_fields)
        + " (see CompareOptions).",
    }
    return {"title": "CompareForm", "type": "object", "properties": properties}
