"""``sourcetrace serve`` as a command: its config file, its errors, its start and shutdown
(issue 21).

The server runs as a real process on 127.0.0.1 with a free port (tests/http_server.py), started
and stopped by the test.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from http_server import free_port, running_server

from sourcetrace import Config
from sourcetrace.cli import cli
from sourcetrace.errors import MissingResource
from sourcetrace.align.embedding import EmbeddingCache
from sourcetrace.http import Settings, server, tasks
from sourcetrace.http.service import Service
from sourcetrace.http.workers import WorkerPool

PAIR = {
    "original": "The ferry to Westbrook leaves at nine every morning from the south quay.",
    "derived": "Every morning at nine the ferry to Westbrook leaves from the south quay.",
}


def post_json(url: str, body: dict[str, object]) -> dict[str, object]:
    request = urllib.request.Request(
        url, data=json.dumps(body).encode("utf-8"), headers={"content-type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=60) as answer:
        return json.load(answer)  # type: ignore[no-any-return]


def test_the_config_file_is_the_servers_base_config(tmp_path: Path) -> None:
    config = tmp_path / "newsroom.toml"
    config.write_text("[verdict]\ncopy_coverage = 0.95\n\n[lexical]\nmin_chars = 60\n", "utf-8")
    log = tmp_path / "serve.log"
    with running_server("--workers", "1", "--config", str(config), log=log) as (base, process):
        report = post_json(f"{base}/v1/compare", PAIR)
        options = report["options"]["config"]  # type: ignore[index]
        assert options["verdict"]["copy_coverage"] == 0.95 and options["lexical"]["min_chars"] == 60
        # A request changes fields for itself; the file's others stay.
        changed = post_json(
            f"{base}/v1/compare",
            {**PAIR, "options": {"config": {"verdict": {"copy_coverage": 0.7}}}},
        )
        changed_options = changed["options"]["config"]  # type: ignore[index]
        assert changed_options["verdict"]["copy_coverage"] == 0.7
        assert changed_options["lexical"]["min_chars"] == 60
    # SIGTERM (as systemd sends it) stops the server after its shutdown, workers included
    # (uvicorn ends by the signal it caught, which systemd counts as a clean stop).
    assert process.returncode == -signal.SIGTERM
    assert "Application shutdown complete." in log.read_text("utf-8")
    assert group_ended(process.pid)


def group_ended(group: int, wait: float = 10.0) -> bool:
    """Whether every process of the group has ended (the resource tracker of the worker pool
    ends a moment after the server: it waits to see its pipe close)."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


def test_a_bad_config_file_is_one_error_line_and_no_server(tmp_path: Path) -> None:
    config = tmp_path / "bad.toml"
    config.write_text("[verdict]\ncopy_coverage = 2\n", "utf-8")
    result = CliRunner().invoke(cli, ["serve", "--config", str(config)])
    assert result.exit_code == 1
    assert result.output == f"Error: {config}: verdict.copy_coverage must be in [0.0, 1.0], not 2.0\n"
    missing = CliRunner().invoke(cli, ["serve", "--config", str(tmp_path / "none.toml")])
    assert missing.exit_code == 1 and "config file not found" in missing.output


def test_an_unknown_language_to_load_is_one_error_line_and_no_server() -> None:
    result = CliRunner().invoke(
        cli, ["serve", "--port", str(free_port()), "--load-language", "de", "--load-language", "xx"]
    )
    assert (result.exit_code, result.output) == (
        1, "Error: unknown language 'xx' to load: give an ISO 639-1 code the embedding model "
        "knows (docs/http.md)\n",
    )


def test_a_worker_loads_the_languages_it_is_told_when_it_starts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    compared: list[str | None] = []
    lemmas: list[str] = []
    read: list[object] = []
    monkeypatch.setattr(tasks, "_worker_resources", None)
    monkeypatch.setattr(tasks, "_worker_failure", None)
    monkeypatch.setattr(tasks, "compare", lambda original, derived, **_: compared.append(
        original.language if hasattr(original, "language") else None))
    monkeypatch.setattr(tasks, "load_lemmas", lemmas.append)
    monkeypatch.setattr(tasks, "preload", read.append)
    monkeypatch.setattr(EmbeddingCache, "preload", lambda self: read.append(self) or 0)
    tasks.start_worker(Config(), languages=("de", "sq"))
    # The two warm-up pairs, then the warm-up pair as German and as Albanian, with their
    # lemma data; and WordNet and the e5 model read in full.
    assert compared == [None, None, "de", "sq"] and lemmas == ["de", "sq"]
    assert read[1] is tasks._worker_resources.embedder  # type: ignore[union-attr]
    assert len(read) == 2 and tasks.worker_id() > 0


def test_a_worker_is_replaced_by_a_fresh_one_after_its_task_limit() -> None:
    async def worker_ids() -> list[int]:
        pool = WorkerPool(1, Config(), max_tasks=2)
        try:
            deadline = asyncio.get_running_loop().time() + 300
            return [await pool.run(deadline, "asking its id", tasks.worker_id) for _ in range(5)]
        finally:
            pool.close()

    ids = asyncio.run(worker_ids())
    assert ids[0] == ids[1] != ids[2] == ids[3] != ids[4] and ids[0] != ids[4]


def test_the_task_limit_of_a_worker_reaches_the_server(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[Settings] = []
    monkeypatch.setattr(server, "serve", lambda settings, host, port: started.append(settings))
    result = CliRunner().invoke(cli, ["serve", "--workers", "1", "--max-tasks-per-worker", "500"])
    assert result.exit_code == 0, result.output
    assert (started[0].workers, started[0].max_tasks_per_worker) == (1, 500)
    assert Settings().max_tasks_per_worker == 0  # never, unless asked
    negative = CliRunner().invoke(cli, ["serve", "--max-tasks-per-worker", "-1"])
    assert negative.exit_code == 2 and "-1 is not in the range x>=0" in negative.output


def test_a_worker_that_cannot_start_stops_serve_with_one_error_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    message = "WordNet data not found in /usr/share/wordnet (apt-get install wordnet-base)"

    async def failing_start(self: Service) -> None:
        raise MissingResource(message)

    closed: list[bool] = []
    monkeypatch.setattr(Service, "start", failing_start)
    monkeypatch.setattr(WorkerPool, "close", lambda self: closed.append(True))
    result = CliRunner().invoke(cli, ["serve", "--port", str(free_port())])
    assert (result.exit_code, result.output) == (1, f"Error: {message}\n")
    assert closed == [True]  # the workers started so far are stopped


def test_a_failed_warm_up_is_what_the_start_up_probe_answers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def missing_wordnet(*args: object, **kwargs: object) -> None:
        raise MissingResource("WordNet data not found")

    monkeypatch.setattr(tasks, "_worker_resources", None)
    monkeypatch.setattr(tasks, "_worker_failure", None)
    assert tasks.worker_id() > 0
    monkeypatch.setattr(tasks, "compare", missing_wordnet)
    tasks.start_worker(Config())
    with pytest.raises(MissingResource, match="WordNet data not found"):
        tasks.worker_id()
