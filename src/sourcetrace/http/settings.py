"""The service's settings: one frozen object, validated once, given to :func:`create_app`."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from sourcetrace.config import Config
from sourcetrace.errors import InvalidOption
from sourcetrace.language import MULTILINGUAL_LANGUAGES

DEFAULT_MAX_BODY_BYTES = 5_000_000
# Hosts a browser may name to reach a service on the loopback interface. Any other Host header is
# refused there, so a web page cannot reach it through a name that resolves to 127.0.0.1 (DNS
# rebinding).
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "[::1]", "::1")


def _default_workers() -> int:
    return os.cpu_count() or 1


@dataclass(frozen=True)
class Settings:
    """How the service runs: its limits, its worker processes, what it may do.

    Attributes:
        config: The base config of every comparison (``serve --config FILE``); a request's
            ``options.config`` changes fields of it for that request only.
        workers: Worker processes that read and compare texts (models load once in each).
        max_tasks_per_worker: Tasks (comparisons, scans) after which a worker is replaced by
            a fresh one, which loads the models again; 0: never. A bound on a worker's memory
            for a server that runs for weeks.
        allow_urls: Whether the server fetches ``http(s)://`` inputs itself.
        max_body_bytes: The largest request body accepted (413 beyond).
        request_timeout: Seconds a request may take before it is answered 504 and its work
            stopped.
        job_timeout: Seconds a job may run before it fails with a 504 error.
        max_pending: Requests and unfinished jobs admitted at once; more are answered 503.
        max_jobs: Jobs kept in memory, finished ones forgotten oldest first beyond it.
        job_ttl: Seconds a finished job's result is kept.
        job_threshold_bytes: Inputs larger than this in all are compared as a job (202).
        retry_after: Seconds a 503 answer asks the client to wait (``Retry-After``).
        allowed_hosts: Host names the ``Host`` header may carry; empty: any (behind a proxy
            that checks it). ``serve`` fills in the loopback names when it binds loopback.
        index_path: The index file the index and scan routes use (created at start-up when
            missing); None: no index, those routes answer 404.
        token: The bearer token index writes need; None: writes need none (loopback use).
        languages: Languages (ISO 639-1) whose data each worker loads when it starts, besides
            English: the lemma data of a language otherwise loads when a worker first meets
            it (up to some 120 MB and seconds, in mid-request).
    """

    config: Config = field(default_factory=Config)
    workers: int = field(default_factory=_default_workers)
    max_tasks_per_worker: int = 0
    allow_urls: bool = False
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES
    request_timeout: float = 60.0
    job_timeout: float = 600.0
    max_pending: int = 16
    max_jobs: int = 64
    job_ttl: float = 3600.0
    job_threshold_bytes: int = 200_000
    retry_after: int = 5
    allowed_hosts: tuple[str, ...] = ()
    index_path: str | None = None
    token: str | None = None
    languages: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name, low in (
            ("workers", 1),
            ("max_tasks_per_worker", 0),
            ("max_body_bytes", 1),
            ("max_pending", 1),
            ("max_jobs", 1),
            ("retry_after", 0),
            ("job_threshold_bytes", 0),
        ):
            if getattr(self, name) < low:
                raise InvalidOption(f"{name} must be at least {low}, not {getattr(self, name)}")
        if self.token is not None and not self.token.strip():
            raise InvalidOption("the token must not be empty")
        unknown = sorted(set(self.languages) - MULTILINGUAL_LANGUAGES)
        if unknown:
            raise InvalidOption(
                f"unknown language {unknown[0]!r} to load: give an ISO 639-1 code the "
                "embedding model knows (docs/http.md)"
            )
        for name in ("request_timeout", "job_timeout", "job_ttl"):
            if not getattr(self, name) > 0:
                raise InvalidOption(f"{name} must be more than 0 seconds, not {getattr(self, name)}")
