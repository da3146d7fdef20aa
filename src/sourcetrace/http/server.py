"""Run the app with uvicorn: what ``sourcetrace serve`` does after parsing its options."""

from __future__ import annotations

import asyncio
import ipaddress
import sys

import uvicorn

from sourcetrace.http.app import create_app
from sourcetrace.http.service import Service
from sourcetrace.http.settings import Settings
from sourcetrace.http.workers import STOP_TIMEOUT


def is_loopback(host: str) -> bool:
    """Whether a host to bind is on the loopback interface only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve(settings: Settings, host: str, port: int) -> None:
    """Serve the app on ``host:port`` until interrupted (SIGINT or SIGTERM).

    One server process; the comparisons run in the app's own worker processes
    (``settings.workers``), which start, models loaded, before the server listens.

    Raises:
        SourcetraceError: A worker could not start (what its warm-up raised, e.g. WordNet
            not installed).
    """
    if not is_loopback(host):
        print(
            f"Warning: listening on {host}: reachable from other machines"
            " (docs/http.md says how to serve behind a reverse proxy)",
            file=sys.stderr,
        )
    service = Service.create(settings)
    try:
        asyncio.run(service.start())
    except BaseException:
        service.pool.close()
        raise
    uvicorn.run(
        create_app(settings, service),
        host=host,
        port=port,
        timeout_graceful_shutdown=int(STOP_TIMEOUT),
        server_header=False,
        log_level="info",
    )
