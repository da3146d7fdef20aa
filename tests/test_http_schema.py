"""Schemathesis against the app's own OpenAPI schema: generated requests to every operation,
in-process, a bounded number of examples each. No answer may be a 5xx, and every answer must
match the schema: a documented status, content type and body (issue 21)."""

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


@pytest.fixture(scope="module")
def api_schema() -> Any:
    app = create_app(Settings(workers=1, max_body_bytes=200_000, request_timeout=120.0))
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
    if case.operation.path == "/v1/compare":
        # A schema-valid input may still be unreadable (a text given as "pdf", a page with no
        # main text): 422 then, which no schema can foresee. Every other check stays.
        excluded.append(positive_data_acceptance)
    case.call_and_validate(excluded_checks=excluded)
