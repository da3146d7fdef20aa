"""The service's own error conditions, and the one JSON error shape every 4xx and 5xx takes.

Every error answer is ``{"error": {"code": ..., "message": ...}, "status": ...}``: the library's
:class:`~sourcetrace.errors.SourcetraceError` subclasses carry their status already, and the
conditions only a service has (a missing token, a full queue, a request out of time) are more
subclasses of it here. ``code`` is the class name in snake case (``InputTooLarge`` ->
``input_too_large``), so a client can branch on it; ``message`` is the one-line message the
command line would print after ``Error:``.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi.responses import JSONResponse

from sourcetrace.errors import SourcetraceError


class Unauthorized(SourcetraceError):
    """An index write came without the bearer token the server was started with."""

    status = 401


class Forbidden(SourcetraceError):
    """The bearer token is wrong, or the server was not started to do what was asked, or not
    for this host or origin."""

    status = 403


class NotFound(SourcetraceError):
    """No such route, job or document."""

    status = 404


class MethodNotAllowed(SourcetraceError):
    """The route exists, but not with this method."""

    status = 405


class JobNotFinished(SourcetraceError):
    """A job's result was asked for before the job finished."""

    status = 409


class UnsupportedMediaType(SourcetraceError):
    """The request body is neither JSON nor a multipart form."""

    status = 415


class InvalidRequest(SourcetraceError):
    """The request does not match its documented model (a missing field, a wrong type)."""

    status = 422


class InternalError(SourcetraceError):
    """Something failed that should not have; the server log has the details."""

    status = 500


class Busy(SourcetraceError):
    """Every admitted request slot is taken; try again after ``Retry-After`` seconds."""

    status = 503


class TimedOut(SourcetraceError):
    """The work took longer than the server's time limit and was stopped."""

    status = 504


def error_code(error: SourcetraceError) -> str:
    """The stable code of an error class: its name in snake case."""
    return re.sub(r"(?<!^)(?=[A-Z])", "_", type(error).__name__).lower()


def error_body(error: SourcetraceError) -> dict[str, Any]:
    """The JSON body of an error answer."""
    return {"error": {"code": error_code(error), "message": str(error)}, "status": error.status}


def error_response(
    error: SourcetraceError, headers: dict[str, str] | None = None
) -> JSONResponse:
    """The answer for an error: its body, its status and the headers it calls for."""
    return JSONResponse(error_body(error), status_code=error.status, headers=headers)
