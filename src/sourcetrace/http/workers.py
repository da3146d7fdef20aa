"""The app's worker processes, and the admission limit in front of them.

Comparing texts is CPU work in Python, so it runs in a pool of processes the app owns (started
with the app, stopped with it), not on the event loop. Each worker loads the models once, when it
starts (:func:`~sourcetrace.http.tasks.start_worker`), into resources of its own. A task that runs past its deadline is stopped
for real: pebble ends the worker process that runs it and starts a fresh one, so a runaway
comparison cannot hold a core after its request was answered 504.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import Callable, Iterator
from concurrent.futures import CancelledError
from contextlib import contextmanager
from typing import Any, TypeVar

from pebble import ProcessExpired, ProcessPool

from sourcetrace.http.errors import Busy, InternalError, TimedOut
from sourcetrace.config import Config
from sourcetrace.http.tasks import start_worker, worker_id

T = TypeVar("T")
# Seconds to wait for the workers to stop at shutdown.
STOP_TIMEOUT = 10.0


class WorkerPool:
    """A fixed number of worker processes; :meth:`run` awaits one task with a deadline.

    Each worker loads the models with ``config`` (every detector on) and the data of
    ``languages`` when it starts, and opens the index at ``index_path`` (if any) read-only,
    to scan it. With ``max_tasks``, a worker that has run that many tasks ends and a fresh one
    (loading the models again) takes its place.
    """

    def __init__(self, workers: int, config: Config, index_path: str | None = None,
                 languages: tuple[str, ...] = (), max_tasks: int = 0) -> None:
        self.workers = workers
        # A fresh interpreter per worker ("spawn"): the server's threads are not copied into it.
        self._pool = ProcessPool(
            max_workers=workers,
            max_tasks=max_tasks,
            initializer=start_worker,
            initargs=(config, index_path, languages),
            context=multiprocessing.get_context("spawn"),
        )

    async def start(self) -> None:
        """Wait until the workers have started and loaded their models."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + 300.0
        await asyncio.gather(
            *(self.run(deadline, "starting a worker", worker_id) for _ in range(self.workers))
        )

    async def run(self, deadline: float, what: str, function: Callable[..., T], *args: Any) -> T:
        """Run ``function(*args)`` in a worker and return its result.

        Args:
            deadline: The event loop time (``loop.time()``) by which the task must be done.
            what: What the task does, for the time-out message ("comparing the texts").
            function: A module-level function (it is pickled by name).
            args: Its arguments (pickled).

        Raises:
            TimedOut: The deadline passed; the task was stopped.
            InternalError: The worker process died while running it.
            SourcetraceError: Whatever the function raised, as it raised it.
        """
        loop = asyncio.get_running_loop()
        future = self._pool.schedule(function, args=args)
        try:
            return await asyncio.wait_for(asyncio.wrap_future(future), deadline - loop.time())
        except TimeoutError:
            raise TimedOut(f"{what} took longer than the server's time limit") from None
        except ProcessExpired as error:
            raise InternalError(f"a worker process stopped while {what} ({error})") from None
        except CancelledError:
            raise InternalError(f"the task {what} was cancelled") from None
        finally:
            # Ends the worker process if the task is still running (timed out, or the client
            # went away); a task that finished is left as it is.
            future.cancel()

    def close(self) -> None:
        """Stop the workers, running tasks included."""
        self._pool.stop()
        self._pool.join(timeout=STOP_TIMEOUT)


class Admission:
    """At most ``limit`` requests and unfinished jobs at once; beyond it, :class:`Busy`."""

    def __init__(self, limit: int, retry_after: int) -> None:
        self.limit = limit
        self.retry_after = retry_after
        self.pending = 0

    def take(self) -> None:
        """Take a slot, or raise :class:`Busy` when none is free."""
        if self.pending >= self.limit:
            raise Busy(
                f"the server is busy ({self.limit} requests and jobs under way); "
                f"try again in {self.retry_after} s"
            )
        self.pending += 1

    def give(self) -> None:
        self.pending -= 1

    @contextmanager
    def slot(self) -> Iterator[None]:
        self.take()
        try:
            yield
        finally:
            self.give()
