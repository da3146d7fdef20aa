"""The HTTP service: ``create_app(settings)`` and its :class:`Settings`.

A thin shell over the library, as the command line is: routes validate a request, hand the work
to the app's worker processes (which call :func:`sourcetrace.compare` and the renderers) and
answer what the library returns. ``sourcetrace serve`` runs the app with uvicorn; tests drive it
in-process. Routes and examples: ``docs/http.md``.
"""

from sourcetrace.http.app import create_app
from sourcetrace.http.settings import Settings

__all__ = ["Settings", "create_app"]
