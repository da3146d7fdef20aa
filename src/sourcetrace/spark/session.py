"""Starting Spark for a job: what it needs (pyspark, Java, a reachable master), checked first.

Spark's own failures are Java stack traces, and an unreachable standalone master makes it
retry for a minute; each is turned into one line here before Spark is started. Nothing is
downloaded: no ``--packages``, no jars beyond pyspark's own.
"""

from __future__ import annotations

import os
import shutil
import socket
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from sourcetrace.errors import InvalidOption, SparkUnavailable

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

__all__ = ["TASKS_PER_CORE", "SparkOptions", "check_java", "parse_conf", "spark_session"]

# Seconds to wait for a standalone master's port before saying it is unreachable.
_CONNECT_TIMEOUT_S = 5.0
# Tasks per core of a stage that runs Python per row: enough that a slow partition (a long
# suspect) does not leave the other cores idle at the end.
TASKS_PER_CORE = 4


@dataclass(frozen=True)
class SparkOptions:
    """Where and how a job runs.

    Attributes:
        master: A Spark master URL (``local[*]``, ``local[2]``, ``spark://host:7077``, ``yarn``).
            None: the one ``spark-submit`` gave, else ``local[*]``.
        conf: Spark settings (``spark.driver.memory`` and the like), as ``--conf`` takes them.
    """

    master: str | None = None
    conf: Mapping[str, str] = field(default_factory=dict)


@contextmanager
def spark_session(options: SparkOptions, app: str) -> Iterator[SparkSession]:
    """A Spark session for one job, stopped when the block ends (the active session, left
    running, when there is one and no master is asked for).

    Raises:
        SparkUnavailable: pyspark is not installed, Java cannot be found, or the master of a
            ``spark://`` URL does not answer.
    """
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise SparkUnavailable(
            "the Spark engine needs pyspark: pip install 'sourcetrace[spark]'"
        ) from None
    check_java()
    if options.master is not None:
        _check_master(options.master)
    running = SparkSession.getActiveSession()
    if running is not None and options.master is None:
        # Inside a Spark application (a notebook, a test's session): run there, leave it on.
        yield running
        return
    # The executors run this Python (with sourcetrace installed), not whatever python3 is on
    # the PATH; a local Spark binds to the loopback address instead of guessing an interface.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    if options.master is None or options.master.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    builder = SparkSession.builder.appName(app)
    if options.master is not None:
        builder = builder.master(options.master)
    elif "PYSPARK_GATEWAY_PORT" not in os.environ:  # not started by spark-submit
        builder = builder.master("local[*]")
    for key, value in _defaults().items():
        builder = builder.config(key, options.conf.get(key, value))
    for key, value in options.conf.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel(options.conf.get("sourcetrace.log.level", "ERROR"))
    try:
        yield session
    finally:
        session.stop()


def parse_conf(items: tuple[str, ...] | list[str]) -> dict[str, str]:
    """``KEY=VALUE`` settings as a dict.

    Raises:
        InvalidOption: An item has no ``=``.
    """
    conf = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InvalidOption(f"--spark-conf {item!r}: give it as KEY=VALUE")
        conf[key.strip()] = value.strip()
    return conf


def _defaults() -> dict[str, str]:
    """Settings a user's ``--spark-conf`` may override."""
    return {
        # Stage progress bars would interleave with sourcetrace's own lines on stderr.
        "spark.ui.showConsoleProgress": "false",
        # Arrow batches of signed documents carry blobs: keep a batch's memory bounded.
        "spark.sql.execution.arrow.maxRecordsPerBatch": "256",
        # The Python stages are row-bound: each loads models once and then works for minutes,
        # so reusing the worker process matters more than anything Spark could reuse itself.
        "spark.python.worker.reuse": "true",
    }


def check_java() -> None:
    """Java is there for Spark: ``JAVA_HOME``'s, or a ``java`` on the PATH.

    Raises:
        SparkUnavailable: neither is.
    """
    java_home = os.environ.get("JAVA_HOME")
    if java_home and os.access(os.path.join(java_home, "bin", "java"), os.X_OK):
        return
    if shutil.which("java") is None:
        raise SparkUnavailable(
            "the Spark engine needs Java 17: install it (Debian: apt-get install"
            " openjdk-17-jre-headless) or set JAVA_HOME"
        )


def _check_master(master: str) -> None:
    """A ``spark://host:port`` master must accept a connection; other URLs are Spark's."""
    if not master.startswith("spark://"):
        return
    for address in master[len("spark://"):].split(","):
        parts = urlsplit(f"//{address}")
        try:
            with socket.create_connection((parts.hostname or "", parts.port or 7077),
                                          timeout=_CONNECT_TIMEOUT_S):
                return
        except (OSError, ValueError) as error:
            reason = getattr(error, "strerror", None) or str(error) or type(error).__name__
    raise SparkUnavailable(f"--master {master}: cannot connect ({reason})")
