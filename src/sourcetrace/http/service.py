"""What one app holds while it runs, and the work its routes hand to the workers."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from sourcetrace.http.inputs import CompareWork
from sourcetrace.http.jobs import Job, JobKind, JobStore, Progress, Work
from sourcetrace.http.settings import Settings
from sourcetrace.http.tasks import compare_to_json, read_inputs, render_html
from sourcetrace.http.workers import Admission, WorkerPool

# The steps of a compare job, as its progress counts them.
COMPARE_STEPS = ("reading", "comparing")


@dataclass(frozen=True)
class Service:
    """The app's settings, worker pool, admission limit and job store, made at start-up."""

    settings: Settings
    pool: WorkerPool
    admission: Admission
    jobs: JobStore

    @classmethod
    def create(cls, settings: Settings) -> Service:
        return cls(
            settings=settings,
            pool=WorkerPool(settings.workers, settings.config),
            admission=Admission(settings.max_pending, settings.retry_after),
            jobs=JobStore(settings.max_jobs, settings.job_ttl),
        )

    async def start(self) -> None:
        await self.pool.start()

    async def stop(self) -> None:
        await self.jobs.close()
        await asyncio.to_thread(self.pool.close)

    def deadline(self, seconds: float) -> float:
        return asyncio.get_running_loop().time() + seconds

    async def compare(self, work: CompareWork, deadline: float, progress: Progress) -> str:
        """Read both inputs and compare them in the workers: the JSON report."""
        progress(COMPARE_STEPS[0], 0)
        original, derived = await self.pool.run(
            deadline, "reading the inputs", read_inputs,
            work.original, work.derived, self.settings.max_body_bytes,
        )
        progress(COMPARE_STEPS[1], 1)
        return await self.pool.run(
            deadline, "comparing the texts", compare_to_json,
            original, derived, work.config, work.original_date, work.derived_date,
        )

    async def render_html(self, report_json: str) -> str:
        """The HTML page of a JSON report, rendered in a worker."""
        deadline = self.deadline(self.settings.request_timeout)
        return await self.pool.run(deadline, "rendering the report", render_html, report_json)

    def start_job(self, kind: JobKind, steps: int, work: Work) -> Job:
        """Submit a job; it holds an admission slot until it ends.

        Raises:
            Busy: No slot is free, or the job store is full of unfinished jobs.
        """
        self.admission.take()
        try:
            return self.jobs.submit(kind, steps, work, on_end=self.admission.give)
        except BaseException:
            self.admission.give()
            raise

    def start_compare_job(self, work: CompareWork) -> Job:
        async def run(progress: Progress) -> str:
            return await self.compare(work, self.deadline(self.settings.job_timeout), progress)

        return self.start_job("compare", len(COMPARE_STEPS), run)
