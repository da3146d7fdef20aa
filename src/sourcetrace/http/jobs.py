"""Jobs: long work answered ``202`` at once, then polled for its state, progress and result.

A job is an asyncio task of the app's event loop that awaits its steps in the worker pool; its
state lives in a bounded in-memory store. Finished jobs are kept for ``job_ttl`` seconds, and
the oldest finished ones are forgotten first when the store is full; a store full of unfinished
jobs refuses new ones (503). Jobs do not survive a restart of the server.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Literal

from sourcetrace.errors import SourcetraceError
from sourcetrace.http.errors import Busy, InternalError, NotFound

JobKind = Literal["compare", "scan", "index"]
JobState = Literal["queued", "running", "done", "failed"]
Progress = Callable[[str, int], None]


@dataclass(frozen=True)
class JobOutput:
    """What a job gives: the body of its result, and (a scan) the pair report of each
    suspect's sources, by suspect then rank, as JSON texts."""

    body: str
    reports: tuple[tuple[str, ...], ...] = ()


Work = Callable[[Progress], Awaitable[JobOutput]]

_log = logging.getLogger(__name__)


@dataclass
class Job:
    """One job's state; only the event loop thread reads or changes it."""

    id: str
    kind: JobKind
    total: int
    created: float = field(default_factory=time.time)
    state: JobState = "queued"
    stage: str = "queued"
    done: int = 0
    result: JobOutput | None = None
    error: SourcetraceError | None = None
    finished_at: float | None = None
    task: asyncio.Task[None] | None = field(default=None, repr=False)

    def advance(self, stage: str, done: int) -> None:
        """Record progress: the step now under way and the number of steps done."""
        self.state, self.stage, self.done = "running", stage, done


class JobStore:
    """The jobs of one app, at most ``max_jobs`` of them."""

    def __init__(self, max_jobs: int, ttl: float) -> None:
        self.max_jobs = max_jobs
        self.ttl = ttl
        self._jobs: dict[str, Job] = {}

    def submit(self, kind: JobKind, total: int, work: Work, on_end: Callable[[], None]) -> Job:
        """Start ``work(progress)`` as a job; ``on_end`` is called once it ends, however.

        Raises:
            Busy: The store is full of unfinished jobs.
        """
        self._forget_old()
        if len(self._jobs) >= self.max_jobs:
            raise Busy(f"the server holds {self.max_jobs} unfinished jobs; try again later")
        job = Job(id=secrets.token_urlsafe(16), kind=kind, total=total)
        self._jobs[job.id] = job
        job.task = asyncio.get_running_loop().create_task(self._run(job, work, on_end))
        return job

    def get(self, job_id: str) -> Job:
        """The job of this id.

        Raises:
            NotFound: No such job, or it was forgotten.
        """
        self._forget_old()
        job = self._jobs.get(job_id)
        if job is None:
            raise NotFound(f"no job {job_id!r} (finished jobs are kept {self.ttl:g} s)")
        return job

    def remove(self, job_id: str) -> None:
        """Forget a job, stopping it if it is still running."""
        job = self.get(job_id)
        del self._jobs[job_id]
        if job.task is not None:
            job.task.cancel()

    async def close(self) -> None:
        """Stop every unfinished job (at shutdown)."""
        tasks = [job.task for job in self._jobs.values() if job.task is not None]
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        self._jobs.clear()

    async def _run(self, job: Job, work: Work, on_end: Callable[[], None]) -> None:
        try:
            job.result = await work(job.advance)
            job.state, job.stage, job.done = "done", "done", job.total
        except SourcetraceError as error:
            job.state, job.stage, job.error = "failed", "failed", error
        except asyncio.CancelledError:
            job.state, job.stage = "failed", "cancelled"
            job.error = InternalError("the job was cancelled")
            raise
        except Exception:  # noqa: BLE001 - a job must end in a state, whatever went wrong
            _log.exception("job %s failed", job.id)
            job.state, job.stage = "failed", "failed"
            job.error = InternalError("the job failed; the server log has the details")
        finally:
            job.finished_at = time.monotonic()
            on_end()

    def _forget_old(self) -> None:
        """Drop expired finished jobs, then the oldest finished ones while the store is full."""
        now = time.monotonic()
        finished = [job for job in self._jobs.values() if job.finished_at is not None]
        for job in finished:
            if now - job.finished_at >= self.ttl:  # type: ignore[operator]
                del self._jobs[job.id]
        finished = sorted(
            (job for job in self._jobs.values() if job.finished_at is not None),
            key=lambda job: job.finished_at or 0.0,
        )
        while len(self._jobs) >= self.max_jobs and finished:
            del self._jobs[finished.pop(0).id]
