"""The app factory: ``create_app(settings)`` gives the ASGI app ``sourcetrace serve`` runs.

The app owns its worker processes and job store (:class:`~sourcetrace.http.service.Service`):
they start with the app's lifespan, models loaded, before the first request is answered, and
stop with it. Every error answer has one shape (:mod:`sourcetrace.http.errors`), whoever raised
it: a route, the request validation, the router (404, 405) or the guard in front of them all.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match, Route

from sourcetrace import __version__
from sourcetrace.errors import InputTooLarge, SourcetraceError
from sourcetrace.http.errors import (
    Busy,
    InternalError,
    InvalidRequest,
    MethodNotAllowed,
    NotFound,
    Unauthorized,
    UnsupportedMediaType,
    error_response,
)
from sourcetrace.http.guard import Guard
from sourcetrace.http.index_routes import router as index_router
from sourcetrace.http.models import (
    AddRequest,
    AddSummaryModel,
    CompareRequest,
    ReportModel,
    ScanAnswer,
    ScanRequest,
)
from sourcetrace.http.page import router as page_router
from sourcetrace.http.routes import compare_form_schema
from sourcetrace.http.routes import router as api_router
from sourcetrace.http.service import Service
from sourcetrace.http.settings import Settings

_log = logging.getLogger(__name__)
# Starlette's own errors (routing, a malformed form) by status, as error classes.
_HTTP_ERRORS: dict[int, type[SourcetraceError]] = {
    400: InvalidRequest,  # a multipart body that cannot be parsed
    404: NotFound,
    405: MethodNotAllowed,
    413: InputTooLarge,
    415: UnsupportedMediaType,
    422: InvalidRequest,
}


def create_app(settings: Settings | None = None, service: Service | None = None) -> FastAPI:
    """The service as an ASGI app.

    Args:
        settings: Its limits, workers and permissions; ``Settings()`` when None.
        service: The workers and jobs, already started for ``settings`` (``serve`` starts
            them before the server, so a failed start is one error line); None: the app's
            lifespan makes and starts them.

    Returns:
        A FastAPI app; its lifespan starts the worker processes (models loaded once in each),
        unless given started ones, and stops them.
    """
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        running = service or Service.create(settings)
        app.state.service = running
        try:
            if service is None:
                await running.start()
            yield
        finally:
            await running.stop()

    app = FastAPI(
        title="sourcetrace",
        version=__version__,
        summary="Align an original with a derived text and report the reused passages.",
        lifespan=lifespan,
        docs_url=None,  # the interactive docs load their scripts from a CDN
        redoc_url=None,
    )
    app.state.settings = settings
    app.include_router(api_router)
    app.include_router(index_router)
    app.include_router(page_router)
    _add_error_handlers(app)
    app.add_middleware(
        Guard, max_body_bytes=settings.max_body_bytes, allowed_hosts=settings.allowed_hosts
    )
    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _add_error_handlers(app: FastAPI) -> None:
    async def domain_error(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, SourcetraceError)
        headers = {}
        if isinstance(error, Busy):
            headers["retry-after"] = str(app.state.settings.retry_after)
        if isinstance(error, Unauthorized):
            headers["www-authenticate"] = "Bearer"
        return error_response(error, headers)

    async def http_error(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, StarletteHTTPException)
        kind = _HTTP_ERRORS.get(error.status_code, SourcetraceError)
        converted = kind(_http_message(request, error))
        converted.status = error.status_code
        headers = dict(error.headers or {})
        if error.status_code == 405:
            headers = {"allow": ", ".join(_allowed_methods(request))}
        return error_response(converted, headers)

    async def validation_error(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, RequestValidationError)
        parts = []
        for item in error.errors():
            where = ".".join(str(p) for p in item.get("loc", ()))
            parts.append(f"{where}: {item.get('msg', 'invalid')}")
        return error_response(InvalidRequest("; ".join(parts) or "invalid request"))

    async def unexpected_error(request: Request, error: Exception) -> JSONResponse:
        _log.exception("unexpected error on %s %s", request.method, request.url.path)
        return error_response(InternalError("the server failed; its log has the details"))

    app.add_exception_handler(SourcetraceError, domain_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(Exception, unexpected_error)


def _allowed_methods(request: Request) -> list[str]:
    """Every method some route takes at this path (Starlette names only the first route's)."""
    methods: set[str] = set()
    for route in (*api_router.routes, *index_router.routes, *page_router.routes):
        if isinstance(route, Route) and route.matches(request.scope)[0] != Match.NONE:
            methods |= route.methods or set()
    return sorted(methods)


def _http_message(request: Request, error: StarletteHTTPException) -> str:
    """A one-line message for Starlette's own errors, naming the route for 404 and 405."""
    if error.status_code == 404 and error.detail == "Not Found":
        return f"no route {request.method} {request.url.path} (see /openapi.json)"
    if error.status_code == 405:
        return f"{request.url.path} does not take {request.method}"
    return str(error.detail)


def _openapi(app: FastAPI) -> dict[str, Any]:
    """The OpenAPI schema, with the models of the bodies routes read themselves."""
    if app.openapi_schema is None:
        schema = get_openapi(
            title=app.title, version=app.version, summary=app.summary, routes=app.routes
        )
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        models = (
            (CompareRequest, "validation"), (AddRequest, "validation"),
            (ScanRequest, "validation"), (ReportModel, "serialization"),
            (ScanAnswer, "serialization"), (AddSummaryModel, "serialization"),
        )
        for model, mode in models:
            model_schema = model.model_json_schema(
                ref_template="#/components/schemas/{model}", mode=mode
            )
            components.update(model_schema.pop("$defs", {}))
            components[model.__name__] = model_schema
        components["CompareForm"] = compare_form_schema()
        app.openapi_schema = schema
    return app.openapi_schema


