"""Start ``sourcetrace serve`` on 127.0.0.1 with a free port for a test, and stop it after."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# Worker start-up loads the models; on a busy shared machine it can take a while.
START_TIMEOUT = 120.0
STOP_TIMEOUT = 30.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_server(*options: str, log: Path | None = None) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``sourcetrace serve --port P OPTIONS...``; yields its base URL and process.

    Waits until ``/v1/health`` answers; at the end sends SIGTERM (as systemd or Ctrl+C would)
    and waits for the server and its workers to stop, killing them only if they do not.
    """
    port = free_port()
    output = open(log, "wb") if log is not None else subprocess.DEVNULL
    process = subprocess.Popen(
        [sys.executable, "-m", "sourcetrace", "serve", "--port", str(port), *options],
        stdout=output,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(base, process)
        yield base, process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        if log is not None:
            output.close()  # type: ignore[union-attr]


def _wait_healthy(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"sourcetrace serve exited with status {process.returncode}")
        try:
            with urllib.request.urlopen(f"{base}/v1/health", timeout=2) as answer:
                if json.load(answer)["status"] == "ok":
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"sourcetrace serve did not answer within {START_TIMEOUT:g} s")
