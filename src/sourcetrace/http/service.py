"""What one app holds while it runs, and the work its routes hand to the workers."""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass

from sourcetrace.http.errors import NotFound
from sourcetrace.http.index_inputs import AddWork, ScanWork
from sourcetrace.http.inputs import CompareWork
from sourcetrace.http.jobs import Job, JobKind, JobOutput, JobStore, Progress, Work
from sourcetrace.http.settings import Settings
from sourcetrace.http.tasks import (
    add_to_index,
    compare_to_json,
    read_inputs,
    render_html,
    scan_suspect,
)
from sourcetrace.http.workers import Admission, WorkerPool
from sourcetrace.index import Index

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
            pool=WorkerPool(
                settings.workers, settings.config, settings.index_path, settings.languages,
                max_tasks=settings.max_tasks_per_worker,
            ),
            admission=Admission(settings.max_pending, settings.retry_after),
            jobs=JobStore(settings.max_jobs, settings.job_ttl),
        )

    async def start(self) -> None:
        """Create the index if it is missing (an empty one), then start the workers."""
        if self.settings.index_path is not None:
            index = Index(self.settings.index_path, config=self.settings.config)
            await asyncio.to_thread(index.add, [], workers=1)
        await self.pool.start()

    def index(self, *, read_only: bool = True) -> Index:
        """The server's index, opened read-only unless asked otherwise.

        Raises:
            NotFound: The server was started without ``--index``.
        """
        if self.settings.index_path is None:
            raise NotFound("this server has no index (start it with --index PATH)")
        return Index(self.settings.index_path, config=self.settings.config, read_only=read_only)

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
        async def run(progress: Progress) -> JobOutput:
            deadline = self.deadline(self.settings.job_timeout)
            return JobOutput(await self.compare(work, deadline, progress))

        return self.start_job("compare", len(COMPARE_STEPS), run)

    async def add_documents(self, work: AddWork, deadline: float, progress: Progress) -> str:
        """Read the documents and add them to the index, in a worker: the summary's JSON."""
        path = self.index(read_only=False).path
        progress("adding", 0)
        summary = await self.pool.run(
            deadline, "adding the documents", add_to_index,
            path, self.settings.config, list(work.records), list(work.uploads),
            self.settings.max_body_bytes,
        )
        return json.dumps(summary, ensure_ascii=False, sort_keys=True)

    def start_add_job(self, work: AddWork) -> Job:
        self.index(read_only=False)  # 404 now, not in the job, when there is no index

        async def run(progress: Progress) -> JobOutput:
            deadline = self.deadline(self.settings.job_timeout)
            return JobOutput(await self.add_documents(work, deadline, progress))

        return self.start_job("index", 1, run)

    async def scan(self, work: ScanWork, deadline: float, progress: Progress) -> JobOutput:
        """Scan each suspect in a worker, in order: the answer (``{"records": [...]}``) and
        the pair reports of every suspect's sources."""
        self.index()
        records, reports = [], []
        for number, (identifier, suspect) in enumerate(work.suspects):
            progress(f"scanning suspect {number + 1} of {len(work.suspects)}", number)
            record, pair_reports = await self.pool.run(
                deadline, "scanning the suspects", scan_suspect,
                identifier, suspect, work.params, self.settings.max_body_bytes,
            )
            if work.embed_reports:
                for source, report in zip(record["sources"], pair_reports):
                    source["report"] = json.loads(report)
            records.append(record)
            reports.append(tuple(pair_reports))
        body = json.dumps({"records": records}, ensure_ascii=False, sort_keys=True)
        return JobOutput(body, tuple(reports))

    def start_scan_job(self, work: ScanWork) -> Job:
        self.index()

        async def run(progress: Progress) -> JobOutput:
            return await self.scan(work, self.deadline(self.settings.job_timeout), progress)

        return self.start_job("scan", len(work.suspects), run)
