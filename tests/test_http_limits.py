"""The service's limits with a comparison that takes seconds: 504, 503, 409, stopped work.

A cross-language pair of 60 sentences a side takes several seconds to compare on this machine
(every sentence is embedded), far over the app's 1.5 s limits, so each limit is reached for
certain; a two-sentence pair takes milliseconds, far under them. The app has an index holding
the English side, so a scan of the French side (its sentences embedded, the source verified
by that same comparison) meets the same limits.
"""

from __future__ import annotations

import http.server
import threading
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_http import assert_error, wait_for_job

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's test client now prefers httpx2
    from fastapi.testclient import TestClient

from sourcetrace import Index
from sourcetrace.http import Settings, create_app
from sourcetrace.index.inputs import Source
from sourcetrace.model import Document

TOWNS = ["Ashwick", "Kelsby", "Westbrook", "Marlow", "Dunmere", "Penrith", "Hallam", "Corby"]
SLOW = {
    "original": " ".join(
        f"The council of {TOWNS[i % 8]} voted on Tuesday to spend {100 + i * 7} thousand pounds"
        f" on the school in district {i}." for i in range(60)
    ),
    "derived": " ".join(
        f"Le conseil de {TOWNS[i % 8]} a voté mardi une dépense de {100 + i * 7} mille livres"
        f" pour l'école du quartier {i}." for i in range(60)
    ),
}
QUICK = {"original": "The ferry leaves at nine.", "derived": "The ferry leaves at nine."}
LIMIT = 1.5
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    # Indexed by the library: through the app, the add itself would be over the limit.
    index_path = tmp_path_factory.mktemp("index") / "sources.db"
    council = Source("council", Document(name="council", text=SLOW["original"]), {})
    assert Index(index_path).add([council], workers=1).added == 1
    settings = Settings(
        workers=1, request_timeout=LIMIT, job_timeout=LIMIT, max_pending=2, retry_after=7,
        allow_urls=True, index_path=str(index_path),
    )
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def served_again(client: TestClient, timeout: float = 120.0) -> bool:
    """Whether a quick comparison is answered 200 once a fresh worker has replaced the one
    that was ended (it loads its models first, which may itself take over the limit)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        answer = client.post("/v1/compare", json=QUICK)
        if answer.status_code == 200:
            return True
        assert_error(answer, 504, "timed_out")
    return False


def start_slow_job(client: TestClient) -> dict[str, Any]:
    answer = client.post("/v1/compare", json=SLOW, headers={"prefer": "respond-async"})
    assert answer.status_code == 202, answer.text
    return answer.json()


def test_a_request_over_the_time_limit_is_504_and_its_work_stopped(client: TestClient) -> None:
    answer = client.post("/v1/compare", json=SLOW)
    # Answered by the deadline (a comparison that ended would be a 200).
    assert_error(answer, 504, "timed_out", "comparing the texts took longer than")
    # The worker that ran it was ended and replaced: requests are served again.
    assert served_again(client)
    assert client.get("/v1/health").json()["pending"] == 0


def test_a_scan_over_the_time_limit_is_504_and_its_work_stopped(client: TestClient) -> None:
    answer = client.post("/v1/scan", json={"suspects": [SLOW["derived"]]})
    assert_error(answer, 504, "timed_out", "scanning the suspects took longer than")
    assert served_again(client)
    assert client.get("/v1/health").json()["pending"] == 0


def test_a_job_over_its_time_limit_fails_with_504(client: TestClient) -> None:
    job = start_slow_job(client)
    running = client.get(job["result_url"])
    assert_error(running, 409, "job_not_finished", job["id"])
    finished = wait_for_job(client, job["url"], timeout=LIMIT + 30)
    assert finished["state"] == "failed"
    assert finished["error"]["status"] == 504 and finished["error"]["error"]["code"] == "timed_out"
    assert_error(client.get(job["result_url"]), 504, "timed_out")
    assert served_again(client)


def test_over_the_concurrency_limit_is_503_with_retry_after(client: TestClient) -> None:
    jobs = [start_slow_job(client), start_slow_job(client)]
    assert client.get("/v1/health").json()["pending"] == 2
    refused = client.post("/v1/compare", json=QUICK)
    assert_error(refused, 503, "busy", "try again in 7 s")
    assert refused.headers["retry-after"] == "7"
    assert_error(
        client.post("/v1/compare", json=QUICK, headers={"prefer": "respond-async"}), 503, "busy"
    )
    # The index routes that run in a worker share the limit; a look-up does not need a slot.
    scan = client.post("/v1/scan", json={"suspects": [QUICK["derived"]]})
    assert_error(scan, 503, "busy", "try again in 7 s")
    assert scan.headers["retry-after"] == "7"
    add = client.post("/v1/index/documents", json={"documents": [{"id": "ferry", "text": "x"}]})
    assert_error(add, 503, "busy")
    assert client.get("/v1/index/stats").json()["documents"] == 1
    # Cancelling the jobs frees their slots (and ends the worker running one of them).
    for job in jobs:
        assert client.delete(job["url"]).status_code == 204
    assert client.get("/v1/health").json()["pending"] == 0
    assert served_again(client)


@pytest.fixture
def web_server() -> Iterator[str]:
    """A local web server giving the bundled example texts, as a newsroom's site would."""

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(EXAMPLES), **kwargs)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


def test_urls_are_fetched_when_allowed(client: TestClient, web_server: str) -> None:
    original_url = f"{web_server}/harbour-original.txt"
    answer = client.post(
        "/v1/compare",
        json={"original": {"url": original_url},
              "derived": {"url": f"{web_server}/harbour-derived.txt", "name": "copy"}},
    )
    assert answer.status_code == 200, answer.text
    report = answer.json()
    assert report["original"]["name"] == original_url and report["derived"]["name"] == "copy"
    assert report["original"]["text"] == (EXAMPLES / "harbour-original.txt").read_text("utf-8")
    missing = client.post(
        "/v1/compare", json={"original": {"url": f"{web_server}/gone.txt"}, "derived": "Text."}
    )
    assert_error(missing, 422, "unreadable_input", "404")
