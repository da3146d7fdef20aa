"""The index routes in-process: adding, removing and looking up sources, stats, scans, and
their errors (issue 21, over the index of issue 18).

One app with an index in a temporary folder and a bearer token serves this module; each test
leaves the index as it found it (what it adds, it removes). Every scan answer is checked
against what the library's own ``Index.scan`` gives for the same suspect.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from test_http import EXAMPLES, assert_error, wait_for_job

from sourcetrace import Index
from sourcetrace.http import Settings, create_app
from sourcetrace.http.models import ScanAnswer
from sourcetrace.model import Document
from sourcetrace.report import render_dict
from sourcetrace.report.scan import jsonl_line

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette's test client now prefers httpx2
    from fastapi.testclient import TestClient

TOKEN = "kelsby-desk-7f3a"
AUTH = {"authorization": f"Bearer {TOKEN}"}
MAX_BODY = 300_000
HARBOUR = (EXAMPLES / "harbour-original.txt").read_text(encoding="utf-8")
HARBOUR_COPY = (EXAMPLES / "harbour-derived.txt").read_text(encoding="utf-8")
BAKERY = (
    "The Westbrook bakery on Mill Lane will close at the end of March after forty years, its "
    "owners said on Thursday. Rising flour and energy prices had made the ovens too costly to "
    "run, said Ann Hollis, who opened the shop with her husband in 1985. Customers queued "
    "down the lane on Saturday to buy a last loaf of the bakery's walnut bread."
)
BAKERY_COPY = (
    "Mill Lane's bakery in Westbrook is to shut at the end of March after forty years, the "
    "owners announced on Thursday. Ann Hollis, who opened it with her husband in 1985, said "
    "rising prices for flour and energy had made the ovens too costly to run."
)
UNRELATED = (
    "The county chess league ended its season on Sunday with a draw between Dunmere and "
    "Penrith, leaving the title to Hallam for the third year running. Hallam's captain, "
    "Ruth Okafor, won all eleven of her games on the top board. The league will add a junior "
    "division next season, with matches played on Saturday mornings at the Corby library."
)
SOURCES = [
    {"id": "harbour/2025-02-16", "text": HARBOUR, "title": "Kelsby quay to close",
     "date": "2025-02-16", "url": "https://news.example/kelsby-quay", "desk": "coast"},
    {"id": "bakery", "text": BAKERY, "title": "Westbrook bakery to close", "tags": ["shops", 3]},
]


@pytest.fixture(scope="module")
def index_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("index") / "sources.db"


@pytest.fixture(scope="module")
def client(index_path: Path) -> Iterator[TestClient]:
    settings = Settings(
        workers=1, index_path=str(index_path), token=TOKEN, max_body_bytes=MAX_BODY,
        job_threshold_bytes=20_000,
    )
    with TestClient(create_app(settings)) as test_client:
        answer = test_client.post("/v1/index/documents", json={"documents": SOURCES}, headers=AUTH)
        assert answer.status_code == 200, answer.text
        yield test_client


def library_records(index_path: Path, suspects: list[tuple[str, str]]) -> list[dict[str, Any]]:
    """What the library's own scan reports for these (id, text) suspects, pair reports kept."""
    documents = [(identifier, Document(name=identifier, text=text)) for identifier, text in suspects]
    return list(Index(index_path, read_only=True).scan(documents, workers=1))


def slim(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [json.loads(jsonl_line(record)) for record in records]


def stats(client: TestClient) -> dict[str, Any]:
    answer = client.get("/v1/index/stats")
    assert answer.status_code == 200
    return answer.json()  # type: ignore[no-any-return]


# --- documents --------------------------------------------------------------------------------


def test_the_sources_are_indexed_with_their_metadata(client: TestClient, index_path: Path) -> None:
    assert stats(client)["documents"] == 2 and stats(client)["languages"] == {"en": 2}
    assert stats(client)["bytes"] == Index(index_path).stats()["bytes"]
    answer = client.get("/v1/index/documents/harbour/2025-02-16")  # an id with a slash
    assert answer.status_code == 200
    assert answer.json() == {
        "id": "harbour/2025-02-16", "name": "harbour/2025-02-16", "language": "en",
        "length": len(HARBOUR),
        "metadata": {"title": "Kelsby quay to close", "date": "2025-02-16",
                     "url": "https://news.example/kelsby-quay", "desk": "coast"},
    }
    # Metadata fields are kept as they were sent, lists and numbers too; the text is not sent.
    assert client.get("/v1/index/documents/bakery").json()["metadata"] == {
        "title": "Westbrook bakery to close", "tags": ["shops", 3]
    }
    assert client.get("/v1/health").json()["index"] is True


def test_adding_again_skips_unchanged_and_replaces_changed(client: TestClient) -> None:
    same = client.post("/v1/index/documents", json={"documents": SOURCES[1:]}, headers=AUTH)
    assert same.json() == {"added": 0, "replaced": 0, "unchanged": 1, "skipped": []}
    changed = {**SOURCES[1], "text": BAKERY + " The shop's sign will go to the town museum."}
    replaced = client.post("/v1/index/documents", json={"documents": [changed]}, headers=AUTH)
    assert replaced.json() == {"added": 1, "replaced": 1, "unchanged": 0, "skipped": []}
    assert client.get("/v1/index/documents/bakery").json()["length"] == len(changed["text"])
    back = client.post("/v1/index/documents", json={"documents": SOURCES[1:]}, headers=AUTH)
    assert back.json()["replaced"] == 1 and stats(client)["documents"] == 2


def test_uploaded_files_and_json_lines_are_added_by_base_name(client: TestClient) -> None:
    export = "\n".join(json.dumps(r) for r in (
        {"id": "chess-1", "text": UNRELATED, "title": "Chess league"},
        {"id": 77, "text": BAKERY_COPY, "section": "local"},
    ))
    page = f"<html><head><title>Chess</title></head><body><article><p>{UNRELATED}</p></article></body></html>"
    answer = client.post(
        "/v1/index/documents", headers=AUTH,
        files=[("document", ("../../exports/wire.jsonl", export.encode("utf-8"))),
               ("document", ("C:\\desk\\chess.html", page.encode("utf-8"), "text/html"))],
    )
    assert answer.status_code == 200, answer.text
    assert answer.json() == {"added": 3, "replaced": 0, "unchanged": 0, "skipped": []}
    assert client.get("/v1/index/documents/77").json()["metadata"] == {"section": "local"}
    chess = client.get("/v1/index/documents/chess.html").json()
    assert chess["length"] == len(UNRELATED) and chess["metadata"]["title"] == "Chess"
    for identifier in ("chess-1", "77", "chess.html"):
        assert client.delete(f"/v1/index/documents/{identifier}", headers=AUTH).status_code == 204
    assert stats(client)["documents"] == 2


def test_nothing_is_added_when_one_document_cannot_be_read(client: TestClient) -> None:
    answer = client.post(
        "/v1/index/documents", headers=AUTH,
        files=[("document", ("fine.txt", UNRELATED.encode("utf-8"))),
               ("document", ("scan.bin", bytes(range(256)) * 40))],
    )
    assert_error(answer, 422, "unreadable_input", "scan.bin")
    twice = client.post("/v1/index/documents", headers=AUTH, json={"documents": [
        {"id": "chess", "text": UNRELATED}, {"id": "chess", "text": BAKERY_COPY}]})
    assert_error(twice, 422, "unreadable_input", "'chess'")
    assert stats(client)["documents"] == 2
    assert_error(client.get("/v1/index/documents/fine.txt"), 404, "not_found", "fine.txt")


def test_removing_a_document(client: TestClient) -> None:
    added = client.post("/v1/index/documents", headers=AUTH,
                        json={"documents": [{"id": "chess", "text": UNRELATED}]})
    assert added.json()["added"] == 1 and stats(client)["documents"] == 3
    assert client.delete("/v1/index/documents/chess", headers=AUTH).status_code == 204
    assert_error(client.get("/v1/index/documents/chess"), 404, "not_found", "'chess'")
    assert_error(client.delete("/v1/index/documents/chess", headers=AUTH), 404, "not_found")
    assert stats(client)["documents"] == 2


# --- the token ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [("post", "/v1/index/documents"), ("delete", "/v1/index/documents/bakery")],
)
def test_writes_need_the_token(client: TestClient, method: str, path: str) -> None:
    body = {"json": {"documents": [{"id": "chess", "text": UNRELATED}]}} if method == "post" else {}
    missing = getattr(client, method)(path, **body)
    assert_error(missing, 401, "unauthorized", "Authorization: Bearer")
    assert missing.headers["www-authenticate"] == "Bearer"
    for header in ("Bearer kelsby-desk-7f3b", "Basic a2Vsc2J5", f"Bearer {TOKEN.upper()}"):
        wrong = getattr(client, method)(path, headers={"authorization": header}, **body)
        if header.startswith("Basic"):
            assert_error(wrong, 401, "unauthorized")
        else:
            assert_error(wrong, 403, "forbidden", "token")
    assert stats(client)["documents"] == 2
    # Reading needs no token.
    assert client.get("/v1/index/documents/bakery").status_code == 200


# --- scans --------------------------------------------------------------------------------------


def test_a_scan_ranks_the_sources_with_their_passages(client: TestClient, index_path: Path) -> None:
    answer = client.post("/v1/scan", json={"suspects": [{"id": "copy", "text": HARBOUR_COPY}]})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == "application/json"
    (record,) = ScanAnswer.model_validate(answer.json()).model_dump(by_alias=True)["records"]
    assert answer.json()["records"] == slim(library_records(index_path, [("copy", HARBOUR_COPY)]))
    (source,) = answer.json()["records"][0]["sources"]
    assert source["id"] == "harbour/2025-02-16" and source["rank"] == 1
    assert source["metadata"]["title"] == "Kelsby quay to close" and source["passages"]
    assert record["schema"] == "sourcetrace.scan/1" and "report" not in source


def test_a_scan_can_carry_the_pair_reports(client: TestClient, index_path: Path) -> None:
    answer = client.post(
        "/v1/scan", json={"suspects": [BAKERY_COPY], "top": 1, "reports": True}
    )
    assert answer.status_code == 200, answer.text
    (record,) = answer.json()["records"]
    (expected,) = library_records(index_path, [("suspect-1", BAKERY_COPY)])
    (source,) = record["sources"]
    assert source["id"] == "bakery"
    assert source["report"] == json.loads(render_dict(expected["sources"][0]["report"], "json"))


def test_many_suspects_are_a_job_with_progress_and_pair_reports(
    client: TestClient, index_path: Path
) -> None:
    suspects = [("harbour-copy", HARBOUR_COPY), ("chess", UNRELATED), ("bakery-copy", BAKERY_COPY)]
    answer = client.post(
        "/v1/scan", json={"suspects": [{"id": i, "text": t} for i, t in suspects]}
    )
    assert answer.status_code == 202, answer.text
    job = answer.json()
    assert job["kind"] == "scan" and job["progress"]["total"] == 3
    assert answer.headers["location"] == job["url"]
    finished = wait_for_job(client, job["url"])
    assert finished["state"] == "done" and finished["progress"]["done"] == 3
    result = client.get(job["result_url"])
    expected = library_records(index_path, suspects)
    assert result.json()["records"] == slim(expected)
    assert [len(r["sources"]) for r in result.json()["records"]] == [1, 0, 1]
    # The pair report of a suspect (its place, from 1) and a source's rank.
    report = client.get(f"{job['url']}/reports/3/1")
    assert report.status_code == 200
    assert report.text == render_dict(expected[2]["sources"][0]["report"], "json")
    page = client.get(f"{job['url']}/reports/1/1", headers={"accept": "text/html"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert page.text == render_dict(expected[0]["sources"][0]["report"], "html")
    assert page.headers["x-frame-options"] == "SAMEORIGIN"
    assert_error(client.get(f"{job['url']}/reports/2/1"), 404, "not_found", "suspect 2")
    assert_error(client.get(f"{job['url']}/reports/4/1"), 404, "not_found")
    assert_error(client.get(f"{job['url']}/reports/0/1"), 422, "invalid_request", "suspect")
    assert client.delete(job["url"]).status_code == 204


def test_a_scan_sees_what_was_added_after_the_workers_started(client: TestClient) -> None:
    chess_copy = UNRELATED.replace("on Sunday", "last Sunday")
    before = client.post("/v1/scan", json={"suspects": [chess_copy]}).json()
    assert before["records"][0]["sources"] == []
    client.post("/v1/index/documents", headers=AUTH,
                json={"documents": [{"id": "chess", "text": UNRELATED}]})
    try:
        after = client.post("/v1/scan", json={"suspects": [chess_copy]}).json()
        assert [s["id"] for s in after["records"][0]["sources"]] == ["chess"]
    finally:
        client.delete("/v1/index/documents/chess", headers=AUTH)
    gone = client.post("/v1/scan", json={"suspects": [chess_copy]}).json()
    assert gone["records"][0]["sources"] == []


def test_reports_of_a_job_that_is_not_a_scan_are_404(client: TestClient) -> None:
    answer = client.post(
        "/v1/compare", json={"original": BAKERY, "derived": BAKERY_COPY},
        headers={"prefer": "respond-async"},
    )
    job = wait_for_job(client, answer.json()["url"])
    assert_error(client.get(f"{job['url']}/reports/1/1"), 404, "not_found", "not a scan")


def test_an_add_can_be_a_job(client: TestClient) -> None:
    answer = client.post("/v1/index/documents", headers={**AUTH, "prefer": "respond-async"},
                         json={"documents": [{"id": "chess", "text": UNRELATED}]})
    assert answer.status_code == 202 and answer.json()["kind"] == "index"
    job = wait_for_job(client, answer.json()["url"])
    assert job["state"] == "done"
    assert client.get(job["result_url"]).json() == {
        "added": 1, "replaced": 0, "unchanged": 0, "skipped": []
    }
    assert client.delete("/v1/index/documents/chess", headers=AUTH).status_code == 204


# --- errors -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({}, "suspects: Field required"),
        ({"suspects": []}, "suspects: List should have at least 1 item"),
        ({"suspects": [" \n"]}, "suspects.0: the text is empty or only whitespace"),
        ({"suspects": [BAKERY_COPY], "top": 0}, "top: Input should be greater than or equal to 1"),
        ({"suspects": [BAKERY_COPY], "min_score": 1.5}, "min_score"),
        ({"suspects": [{"text": BAKERY_COPY, "path": "/etc/passwd"}]},
         "suspects.0.path: Extra inputs are not permitted"),
        ({"suspects": [BAKERY_COPY], "paths": ["/srv/news"]}, "paths: Extra inputs"),
    ],
)
def test_invalid_scans_are_422(client: TestClient, body: dict[str, Any], words: str) -> None:
    assert_error(client.post("/v1/scan", json=body), 422, "invalid_request", words)


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ({"documents": []}, "documents: List should have at least 1 item"),
        ({"documents": [{"text": BAKERY}]}, "documents.0.id: Field required"),
        ({"documents": [{"id": "a", "text": ""}]}, "documents.0.text: the text is empty"),
        ({"documents": [{"id": "a", "text": BAKERY, "title": 4}]}, "documents.0.title"),
        ({"paths": ["/srv/news"]}, "paths: Extra inputs are not permitted"),
        ({"documents": [{"id": "a", "text": BAKERY, "views": {"2025": [2**64]}}]},
         "documents.0.views: integers must fit in 64 bits"),
    ],
)
def test_invalid_adds_are_422(client: TestClient, body: dict[str, Any], words: str) -> None:
    answer = client.post("/v1/index/documents", json=body, headers=AUTH)
    assert_error(answer, 422, "invalid_request", words)


def test_other_add_and_scan_bodies(client: TestClient) -> None:
    text = client.post("/v1/scan", content=BAKERY_COPY, headers={"content-type": "text/plain"})
    assert_error(text, 415, "unsupported_media_type", "'text/plain'")
    form = client.post("/v1/index/documents", headers=AUTH,
                       files={"path": (None, "/etc/passwd")})
    assert_error(form, 422, "invalid_request", "unknown form field 'path'")
    fields = client.post("/v1/index/documents", headers=AUTH,
                         files={"document": (None, BAKERY)})
    assert_error(fields, 422, "invalid_request", "send files")
    big = client.post("/v1/index/documents", headers=AUTH,
                      json={"documents": [{"id": "big", "text": "x" * MAX_BODY}]})
    assert_error(big, 413, "input_too_large", f"{MAX_BODY:,} B limit")
    assert stats(client)["documents"] == 2


def test_openapi_documents_the_index_routes(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    paths = schema["paths"]
    add = paths["/v1/index/documents"]["post"]
    assert set(add["requestBody"]["content"]) == {"application/json", "multipart/form-data"}
    assert set(add["responses"]) >= {"200", "202", "401", "403", "404", "413", "422"}
    assert add["security"] == [{"HTTPBearer": []}]
    assert "security" not in paths["/v1/index/documents/{doc_id}"]["get"]
    assert set(paths["/v1/scan"]["post"]["responses"]) >= {"200", "202", "404", "422"}
    components = schema["components"]["schemas"]
    for name in ("AddRequest", "IndexRecord", "AddSummaryModel", "DocumentInfo", "IndexStats",
                 "ScanRequest", "ScanAnswer", "ScanRecord", "ScanSource"):
        assert name in components, name

