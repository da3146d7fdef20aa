"""The HTTP service in-process: every route, its answers and its errors (issue 21).

One app (one worker process, models loaded once) serves the tests of this module through
Starlette's test client; the limits that need a slow comparison are in test_http_limits.py.
"""

from __future__ import annotations

import io
import json
import time
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's test client now prefers httpx2
    from fastapi.testclient import TestClient

from sourcetrace import Config, compare
from sourcetrace.http import Settings, create_app
from sourcetrace.http.models import ReportModel
from sourcetrace.ingest import read_bytes
from sourcetrace.report import render

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
ORIGINAL = (EXAMPLES / "harbour-original.txt").read_text(encoding="utf-8")
DERIVED = (EXAMPLES / "harbour-derived.txt").read_text(encoding="utf-8")
MAX_BODY = 300_000
JOB_THRESHOLD = 20_000
# The server's base config (serve --config FILE): not the defaults, so every report shows it.
BASE = Config.from_dict({"assessment": {"minor_fidelity": 0.5}, "verdict": {"copy_coverage": 0.85}})


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    settings = Settings(
        config=BASE, workers=1, max_body_bytes=MAX_BODY, job_threshold_bytes=JOB_THRESHOLD
    )
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def expected_report(original: Any, derived: Any, fmt: str = "json", **options: Any) -> str:
    """The report the library gives for the pair under the server's config (and options)."""
    return render(compare(original, derived, config=options.pop("config", BASE), **options), fmt)


def assert_error(answer: Any, status: int, code: str, words: str = "") -> dict[str, Any]:
    """The answer is the one error shape, with this status and code (and these words)."""
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/json"
    body = answer.json()
    assert set(body) == {"error", "status"} and set(body["error"]) == {"code", "message"}
    assert body["status"] == status and body["error"]["code"] == code
    assert words in body["error"]["message"] and "\n" not in body["error"]["message"]
    return body


def wait_for_job(client: TestClient, url: str, timeout: float = 120.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(url).json()
        if job["state"] in ("done", "failed"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {url} did not finish in {timeout} s")


# --- health and the page ----------------------------------------------------------------------


def test_health_says_how_the_service_runs(client: TestClient) -> None:
    answer = client.get("/v1/health")
    assert answer.status_code == 200
    assert answer.json() == {
        "status": "ok",
        "version": "0.1.0",
        "workers": 1,
        "pending": 0,
        "max_pending": 16,
        "allow_urls": False,
        "index": False,
    }
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["cache-control"] == "no-store"


def test_the_page_and_its_assets_come_from_the_server_alone(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    policy = page.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy and "unsafe" not in policy
    assert page.headers["x-frame-options"] == "DENY"
    assert "https://" not in page.text.replace('placeholder="https://"', "")
    # Every detector has its checkbox; URL fields are hidden when the server fetches none.
    for name in ("number", "date", "entity", "negation", "hedge", "quote", "garbled"):
        assert f'value="{name}"' in page.text
    assert 'data-allow-urls="false"' in page.text
    for asset, media in (("page.js", "text/javascript"), ("page.css", "text/css"),
                         ("report.css", "text/css")):
        answer = client.get(f"/static/{asset}")
        assert answer.status_code == 200 and answer.headers["content-type"].startswith(media)
        assert answer.text.strip()
    assert_error(client.get("/static/../pyproject.toml"), 404, "not_found")
    assert_error(client.get("/static/secret.txt"), 404, "not_found", "/static/secret.txt")


# --- compare ----------------------------------------------------------------------------------


def test_compare_json_is_the_report_compare_gives(client: TestClient) -> None:
    answer = client.post("/v1/compare", json={"original": ORIGINAL, "derived": DERIVED})
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/json"
    assert answer.text == expected_report(ORIGINAL, DERIVED)
    report = ReportModel.model_validate(answer.json())
    assert report.verdict == "rewrite" and report.passages


def test_compare_html_is_the_report_page_with_its_policy(client: TestClient) -> None:
    answer = client.post(
        "/v1/compare",
        json={"original": ORIGINAL, "derived": DERIVED},
        headers={"accept": "text/html,application/xhtml+xml,*/*;q=0.8"},
    )
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/html; charset=utf-8"
    assert answer.text == expected_report(ORIGINAL, DERIVED, "html")
    policy = answer.headers["content-security-policy"]
    assert policy.startswith("default-src 'none'; style-src 'sha256-")
    assert policy.endswith("frame-ancestors 'self'")
    assert answer.headers["x-frame-options"] == "SAMEORIGIN"


@pytest.mark.parametrize(
    ("accept", "html"),
    [
        ("", False),
        ("*/*", False),
        ("application/json", False),
        ("text/html", True),
        ("text/html;q=0.5, application/json", False),
        ("application/json;q=0.2, text/*", True),
    ],
)
def test_accept_chooses_between_json_and_html(client: TestClient, accept: str, html: bool) -> None:
    answer = client.post(
        "/v1/compare",
        json={"original": "The ferry leaves at nine.", "derived": "The ferry leaves at nine."},
        headers={"accept": accept},
    )
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/html" if html else "application/json")


def test_compare_options_reach_the_library(client: TestClient) -> None:
    options = {"segment": "lines", "mode": "passages", "detectors": ["number"]}
    answer = client.post(
        "/v1/compare", json={"original": ORIGINAL, "derived": DERIVED, "options": options}
    )
    assert answer.status_code == 200
    report = answer.json()
    assert {name: report["options"][name] for name in options} == options
    assert report["options"]["config"] == BASE.with_options(**options).to_dict()
    assert answer.text == expected_report(ORIGINAL, DERIVED, **options)
    assert {d["type"] for d in report["distortions"]} == {"number"}


def test_a_request_changes_the_servers_config_for_itself_only(client: TestClient) -> None:
    changes = {"verdict": {"copy_coverage": 0.2}, "lexical": {"min_chars": 400}}
    answer = client.post(
        "/v1/compare",
        json={"original": ORIGINAL, "derived": DERIVED, "options": {"config": changes}},
    )
    assert answer.status_code == 200, answer.text
    config = answer.json()["options"]["config"]
    assert config["verdict"] == {**BASE.to_dict()["verdict"], "copy_coverage": 0.2}
    assert config["lexical"]["min_chars"] == 400 and config["lexical"]["seed_cosine"] == 0.33
    assert config["assessment"]["minor_fidelity"] == 0.5  # the server's, kept
    assert answer.text == expected_report(ORIGINAL, DERIVED, config=BASE.merged(changes))
    # segment, mode and detectors apply over the request's config.
    both = client.post(
        "/v1/compare",
        json={"original": ORIGINAL, "derived": DERIVED,
              "options": {"mode": "passages", "config": {"alignment": {"mode": "document"}}}},
    )
    assert both.json()["options"]["mode"] == "passages"
    # The next request is compared with the server's config again.
    plain = client.post("/v1/compare", json={"original": ORIGINAL, "derived": DERIVED})
    assert plain.json()["options"]["config"] == BASE.to_dict()


def test_detectors_left_out_null_or_empty(client: TestClient) -> None:
    quick = {"original": "The ferry leaves at nine.", "derived": "The ferry leaves at nine."}

    def detectors(options: dict[str, Any]) -> list[str]:
        answer = client.post("/v1/compare", json={**quick, "options": options})
        assert answer.status_code == 200, answer.text
        return answer.json()["options"]["detectors"]

    config = {"assessment": {"detectors": ["date", "number"]}}
    assert detectors({"config": config}) == ["number", "date"]  # registry order
    assert detectors({"config": config, "detectors": None}) == detectors({})  # null: all
    assert len(detectors({})) == 9
    assert detectors({"config": config, "detectors": []}) == []


def test_publication_dates_reach_the_date_detector(client: TestClient) -> None:
    pair = {
        "original": "The harbour board will meet on Monday to vote on the new ferry terminal and its"
        " funding. The vote was delayed twice last year after a row over the costs.",
        "derived": "The harbour board will meet tomorrow to vote on the new ferry terminal and its"
        " funding. The vote was delayed twice last year after a row over the costs.",
    }

    def date_findings(**dates: str) -> list[dict[str, Any]]:
        answer = client.post("/v1/compare", json={**pair, "options": dates})
        assert answer.status_code == 200, answer.text
        return [d for d in answer.json()["distortions"] if d["type"] == "date"]

    (unknown,) = date_findings()
    assert "not both known" in unknown["explanation"]
    # Sunday 2025-02-16: "Monday" is "tomorrow".
    assert date_findings(original_date="2025-02-16", derived_date="2025-02-16") == []
    (later,) = date_findings(original_date="2025-02-16", derived_date="2025-02-20")
    assert "derived 2025-02-20" in later["explanation"]


def test_input_objects_carry_a_name_and_a_format(client: TestClient) -> None:
    markdown = "# Harbour works\n\n" + ORIGINAL
    answer = client.post(
        "/v1/compare",
        json={
            "original": {"text": markdown, "name": "harbour.md", "format": "markdown"},
            "derived": {"text": DERIVED, "name": "copy.txt"},
        },
    )
    assert answer.status_code == 200, answer.text
    report = answer.json()
    assert report["original"]["name"] == "harbour.md" and report["original"]["format"] == "markdown"
    assert report["derived"]["name"] == "copy.txt"
    assert any(a["side"] == "original" for a in report["artifacts"])  # the Markdown heading mark


def test_multipart_uploads_are_read_like_files_and_named_by_base_name(client: TestClient) -> None:
    page = (
        "<!DOCTYPE html><html><head><title>Kelsby quay</title></head><body><article>"
        + "".join(f"<p>{para}</p>" for para in ORIGINAL.split("\n\n"))
        + "</article></body></html>"
    )
    answer = client.post(
        "/v1/compare",
        files={
            "original": ("../../etc/passwd.html", page.encode("utf-8"), "text/html"),
            "derived": ("C:\\Users\\ed\\copy.txt", DERIVED.encode("cp1252"), "text/plain"),
        },
        data={"options": json.dumps({"mode": "passages", "config": {"verdict": {"copy_coverage": 0.3}}})},
    )
    assert answer.status_code == 200, answer.text
    report = answer.json()
    assert report["original"]["name"] == "passwd.html"
    assert report["original"]["format"] == "html"
    assert report["original"]["text_source"] == "extracted"
    assert "Kelsby's north quay will close" in report["original"]["text"]
    assert report["derived"]["name"] == "copy.txt" and report["derived"]["encoding"] == "cp1252"
    assert report["options"]["mode"] == "passages" and report["passages"]
    assert report["options"]["config"]["verdict"]["copy_coverage"] == 0.3


def test_multipart_text_fields_and_formats(client: TestClient) -> None:
    # Parts without a file name are text fields.
    fields = {"original": ORIGINAL, "derived": DERIVED, "derived_format": "markdown"}
    answer = client.post(
        "/v1/compare", files={name: (None, value) for name, value in fields.items()}
    )
    assert answer.status_code == 200, answer.text
    report = answer.json()
    assert report["original"]["name"] == "original" and report["derived"]["format"] == "markdown"
    derived = read_bytes(DERIVED.encode("utf-8"), "derived", input_format="markdown")
    assert answer.text == expected_report(ORIGINAL, derived)


# --- jobs -------------------------------------------------------------------------------------


def test_a_job_reports_progress_and_gives_the_same_report(client: TestClient) -> None:
    answer = client.post(
        "/v1/compare",
        json={"original": ORIGINAL, "derived": DERIVED},
        headers={"prefer": "respond-async"},
    )
    assert answer.status_code == 202, answer.text
    job = answer.json()
    assert answer.headers["location"] == job["url"] == f"/v1/jobs/{job['id']}"
    assert answer.headers["preference-applied"] == "respond-async"
    assert job["kind"] == "compare" and job["progress"]["total"] == 2
    assert job["result_url"] == job["url"] + "/result"
    finished = wait_for_job(client, job["url"])
    assert finished["state"] == "done" and finished["error"] is None
    assert finished["progress"] == {"done": 2, "total": 2, "stage": "done"}
    result = client.get(job["result_url"])
    assert result.status_code == 200
    assert result.text == expected_report(ORIGINAL, DERIVED)
    page = client.get(job["result_url"], headers={"accept": "text/html"})
    assert page.text == expected_report(ORIGINAL, DERIVED, "html")
    assert client.delete(job["url"]).status_code == 204
    assert_error(client.get(job["url"]), 404, "not_found", job["id"])
    assert_error(client.get(job["result_url"]), 404, "not_found")
    assert_error(client.delete(job["url"]), 404, "not_found")


def test_large_inputs_become_a_job_and_wait_for_their_result(client: TestClient) -> None:
    # A long derived text against a one-sentence original: large, but quick to compare.
    long_derived = "\n\n".join([DERIVED] * 15)
    original = "Kelsby's north quay will close to boats and pedestrians from Monday."
    assert len(long_derived.encode("utf-8")) > JOB_THRESHOLD
    answer = client.post("/v1/compare", json={"original": original, "derived": long_derived})
    assert answer.status_code == 202
    job = answer.json()
    finished = wait_for_job(client, job["url"])
    assert finished["state"] == "done"
    result = client.get(job["result_url"])
    assert result.text == expected_report(original, long_derived)
    assert result.json()["derived"]["length"] == len(long_derived)


def test_a_failed_job_answers_its_error(client: TestClient) -> None:
    answer = client.post(
        "/v1/compare",
        json={"original": {"text": "not a record", "format": "jsonl"}, "derived": DERIVED},
        headers={"prefer": "respond-async"},
    )
    assert answer.status_code == 202
    job = wait_for_job(client, answer.json()["url"])
    assert job["state"] == "failed" and job["progress"]["stage"] == "failed"
    assert job["error"]["status"] == 422 and job["error"]["error"]["code"] == "unreadable_input"
    assert_error(client.get(job["result_url"]), 422, "unreadable_input", "original")


# --- errors -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"original": ORIGINAL}, "derived: Field required"),
        ({"original": " \n ", "derived": DERIVED}, "original: the text is empty or only whitespace"),
        ({"original": ORIGINAL, "derived": {"text": ""}}, "derived.text: the text is empty"),
        ({"original": ORIGINAL, "derived": 3}, "derived"),
        ({"original": ORIGINAL, "derived": {"text": "a", "url": "http://x"}},
         "derived: give exactly one of text and url"),
        ({"original": ORIGINAL, "derived": DERIVED, "options": {"mode": "fast"}},
         "options.mode: Input should be 'auto', 'passages' or 'document'"),
        ({"original": ORIGINAL, "derived": DERIVED, "options": {"detectors": ["spelling"]}},
         "options.detectors.0"),
        ({"original": ORIGINAL, "derived": DERIVED, "options": {"speed": 2}},
         "options.speed: Extra inputs are not permitted"),
        ({"original": ORIGINAL, "derived": {"text": DERIVED, "format": "rtf"}}, "derived.format"),
        ({"original": ORIGINAL, "derived": DERIVED,
          "options": {"config": {"lexical": {"seed_cosine": 2}}}},
         "options.config.lexical.seed_cosine: Input should be less than or equal to 1"),
        ({"original": ORIGINAL, "derived": DERIVED,
          "options": {"config": {"lexical": {"gap": 2.5}}}},
         "options.config.lexical.gap: Input should be a valid integer"),
        ({"original": ORIGINAL, "derived": DERIVED,
          "options": {"config": {"assessment": {"detectors": {}}}}},
         "options.config.assessment.detectors: Input should be a valid array"),
        ({"original": ORIGINAL, "derived": DERIVED, "options": {"config": {"lexcal": {}}}},
         "options.config.lexcal: Extra inputs are not permitted"),
        ({"original": ORIGINAL, "derived": DERIVED,
          "options": {"config": {"verdict": {"copy": 0.9}}}},
         "options.config.verdict.copy: Extra inputs are not permitted"),
        ({"original": ORIGINAL, "derived": DERIVED,
          "options": {"config": {"lexical": {"gap": 0}}}},
         "options.config: lexical.gap must be at least lexical.min_gap"),
        ({"original": ORIGINAL, "derived": DERIVED,
          "options": {"config": {"assessment": {"detectors": ["spelling"]}}}},
         "options.config.assessment.detectors: unknown detector 'spelling'"),
        ({"original": ORIGINAL, "derived": DERIVED, "options": {"config": []}},
         "options.config: Input should be an object"),
        ({"original": ORIGINAL, "derived": DERIVED, "options": {"original_date": "16.02.2025"}},
         "options.original_date: Input should be a valid date"),
        ({"original": ORIGINAL, "derived": DERIVED, "options": {"derived_date": 1739664000}},
         "options.derived_date"),
        ({"original": {"url": "file:///etc/passwd"}, "derived": DERIVED}, "original.url"),
    ],
)
def test_invalid_json_requests_are_422_naming_the_field(
    client: TestClient, body: dict[str, Any], words: str
) -> None:
    assert_error(client.post("/v1/compare", json=body), 422, "invalid_request", words)


def test_malformed_json_is_422(client: TestClient) -> None:
    answer = client.post(
        "/v1/compare", content=b'{"original": ', headers={"content-type": "application/json"}
    )
    assert_error(answer, 422, "invalid_request", "JSON")


def test_unreadable_inputs_are_422_from_the_library(client: TestClient) -> None:
    empty = client.post(
        "/v1/compare", files={"original": ("empty.txt", b"\xef\xbb\xbf \n"), "derived": ("b.txt", b"T.")}
    )
    assert_error(empty, 422, "empty_document", "empty.txt")
    binary = client.post(
        "/v1/compare",
        files={"original": ("scan.bin", bytes(range(256)) * 40), "derived": ("b.txt", b"Text.")},
    )
    assert_error(binary, 422, "unreadable_input", "scan.bin")


def test_other_media_types_are_415(client: TestClient) -> None:
    answer = client.post("/v1/compare", content=ORIGINAL, headers={"content-type": "text/plain"})
    assert_error(answer, 415, "unsupported_media_type", "'text/plain'")
    urlencoded = client.post("/v1/compare", data={"original": ORIGINAL, "derived": DERIVED})
    assert_error(urlencoded, 415, "unsupported_media_type", "x-www-form-urlencoded")


def test_multipart_field_errors(client: TestClient) -> None:
    def form(**fields: str) -> Any:
        return client.post("/v1/compare", files={k: (None, v) for k, v in fields.items()})

    assert_error(form(original=ORIGINAL), 422, "invalid_request",
                 "derived: give a file, a text or a URL")
    assert_error(form(original=ORIGINAL, derived=DERIVED, extra="1"), 422, "invalid_request",
                 "unknown form field 'extra'")
    assert_error(form(original=ORIGINAL, derived=DERIVED, options='{"mode": 1}'), 422,
                 "invalid_request", "options.mode")
    assert_error(form(original=ORIGINAL, derived=DERIVED,
                      options='{"config": {"verdict": {"copy_coverage": -1}}}'), 422,
                 "invalid_request", "options.config.verdict.copy_coverage: Input should be greater")
    assert_error(form(original=ORIGINAL, derived=DERIVED, derived_format="rtf"), 422,
                 "invalid_request", "derived.format")
    broken = client.post(
        "/v1/compare", content=b"--x\r\nnonsense", headers={"content-type": "multipart/form-data"}
    )
    assert_error(broken, 400, "invalid_request")


def test_urls_are_refused_unless_allowed(client: TestClient) -> None:
    answer = client.post(
        "/v1/compare", json={"original": {"url": "http://127.0.0.1:9/a"}, "derived": DERIVED}
    )
    assert_error(answer, 403, "forbidden", "--allow-urls")
    form = client.post(
        "/v1/compare", files={"original_url": (None, "http://127.0.0.1:9/a"), "derived": (None, "x")}
    )
    assert_error(form, 403, "forbidden", "--allow-urls")


def test_bodies_over_the_limit_are_413(client: TestClient) -> None:
    big = "x" * MAX_BODY
    declared = client.post("/v1/compare", json={"original": big, "derived": "y"})
    assert_error(declared, 413, "input_too_large", f"{MAX_BODY:,} B limit")

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it streams
        yield b'{"original": "'
        for _ in range(MAX_BODY // 10_000 + 1):
            yield b"x" * 10_000
        yield b'", "derived": "y"}'

    streamed = client.post(
        "/v1/compare", content=chunks(), headers={"content-type": "application/json"}
    )
    assert_error(streamed, 413, "input_too_large")
    upload = client.post(
        "/v1/compare",
        files={"original": ("a.txt", io.BytesIO(b"a" * MAX_BODY)), "derived": ("b.txt", b"b")},
    )
    assert_error(upload, 413, "input_too_large")


def test_cross_origin_writes_are_403_and_same_origin_ones_pass(client: TestClient) -> None:
    body = {"original": "The quay is closed.", "derived": "The quay is closed."}
    refused = client.post("/v1/compare", json=body, headers={"origin": "https://news.example"})
    assert_error(refused, 403, "forbidden", "CORS is off")
    assert "access-control-allow-origin" not in refused.headers
    sandboxed = client.post("/v1/compare", json=body, headers={"origin": "null"})
    assert_error(sandboxed, 403, "forbidden")
    same = client.post("/v1/compare", json=body, headers={"origin": "http://testserver"})
    assert same.status_code == 200
    # Reading is allowed from anywhere, but no CORS header lets another page see the answer.
    read = client.get("/v1/health", headers={"origin": "https://news.example"})
    assert read.status_code == 200 and "access-control-allow-origin" not in read.headers


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("post", "/v1/index/documents", {"documents": [{"id": "a", "text": "The quay is shut."}]}),
        ("delete", "/v1/index/documents/a", None),
        ("get", "/v1/index/documents/a", None),
        ("get", "/v1/index/stats", None),
        ("post", "/v1/scan", {"suspects": ["The quay is shut."]}),
    ],
)
def test_the_index_routes_are_404_without_an_index(
    client: TestClient, method: str, path: str, body: Any
) -> None:
    answer = getattr(client, method)(path, **({"json": body} if body else {}))
    assert_error(answer, 404, "not_found", "no index (start it with --index PATH)")


def test_unknown_routes_and_methods_are_404_and_405(client: TestClient) -> None:
    assert_error(client.get("/v1/nothing"), 404, "not_found", "no route GET /v1/nothing")
    assert_error(client.put("/v1/health"), 405, "method_not_allowed", "/v1/health")
    assert_error(client.get("/v1/compare"), 405, "method_not_allowed")
    assert_error(client.get("/v1/jobs/" + "x" * 65), 422, "invalid_request", "job_id")


def test_openapi_documents_the_models_and_no_cdn_docs_page(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    paths = schema["paths"]
    assert set(paths) >= {"/v1/health", "/v1/compare", "/v1/jobs/{job_id}", "/v1/jobs/{job_id}/result"}
    compare_op = paths["/v1/compare"]["post"]
    assert set(compare_op["requestBody"]["content"]) == {"application/json", "multipart/form-data"}
    assert set(compare_op["responses"]) >= {"200", "202", "413", "422", "503", "504"}
    assert set(compare_op["responses"]["200"]["content"]) == {"application/json", "text/html"}
    components = schema["components"]["schemas"]
    for name in ("CompareRequest", "CompareOptions", "TextInput", "CompareForm", "ReportModel",
                 "JobInfo", "ErrorModel", "Health"):
        assert name in components, name
    assert client.get("/docs").status_code == 404 and client.get("/redoc").status_code == 404
