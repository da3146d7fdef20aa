"""Schemathesis against the app's own OpenAPI schema: generated requests to every operation,
in-process, a bounded number of examples each, against an app with an index. No answer may be
a 5xx, and every answer must match the schema: a documented status, content type and body
(issue 21)."""

from __future__ import annotations

import warnings
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    import schemathesis
    from schemathesis.specs.openapi.checks import positive_data_acceptance

from sourcetrace.http import Settings, create_app

EXAMPLES = 60
TOKEN = "schema-test-token"


@pytest.fixture(scope="module")
def api_schema(tmp_path_factory: pytest.TempPathFactory) -> Any:
    # With an index and a token: the index and scan routes answer, not only 404, and the
    # writes check the token (schemathesis also tries them with a wrong one). Every request
    # is admitted: the jobs the generator starts outrun one worker, and their 503 once 16 are
    # unfinished is tested in test_http_limits.py, not a fault of the operation tried next.
    index_path = tmp_path_factory.mktemp("index") / "sources.db"
    app = create_app(Settings(workers=1, max_body_bytes=200_000, request_timeout=120.0,
                              index_path=str(index_path), token=TOKEN, max_pending=100_000))
    return schemathesis.openapi.from_asgi("/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    database=None,
)
def test_every_operation_answers_to_its_schema(case: Any) -> None:
    excluded = []
    if case.operation.path in ("/v1/compare", "/v1/index/documents", "/v1/scan"):
        # A schema-valid input may still be unreadable (a text given as "pdf", a page with no
        # main text, an upload that is not text): 422 then, which no schema can foresee.
        # Every other check stays.
        excluded.append(positive_data_acceptance)
    case.call_and_validate(
        headers={"Authorization": f"Bearer {TOKEN}"}, excluded_checks=excluded
    )
