"""The input cap (issue 22): a file over ``input.max_bytes`` or a text over ``input.max_chars`` is
refused with one line naming the limit, exit status 1, before any stage runs; the HTTP service
lets a request lower the limits, never raise them."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

from sourcetrace import Config, compare
from sourcetrace.cli import cli
from sourcetrace.config import ConfigError
from sourcetrace.errors import InputTooLarge

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from sourcetrace.http import Settings, create_app

ORIGINAL = "The harbour board met on Tuesday and voted to close the old quay for repairs.\n"
DERIVED = "On Tuesday the harbour board voted to close the old quay for repairs.\n"


def _compare_cli(tmp_path: Path, original: str, derived: str, config: str | None = None) -> object:
    (tmp_path / "original.txt").write_text(original, encoding="utf-8")
    (tmp_path / "derived.txt").write_text(derived, encoding="utf-8")
    args = ["compare", str(tmp_path / "original.txt"), str(tmp_path / "derived.txt"), "--format", "json"]
    if config is not None:
        (tmp_path / "limits.toml").write_text(config, encoding="utf-8")
        args += ["--config", str(tmp_path / "limits.toml")]
    return CliRunner().invoke(cli, args)


def test_a_file_over_the_configured_byte_limit_is_one_error_line_and_exit_1(tmp_path: Path) -> None:
    result = _compare_cli(tmp_path, ORIGINAL * 20, DERIVED, "[input]\nmax_bytes = 1000\n")
    assert result.exit_code == 1
    assert result.output.count("\n") == 1 and result.output.startswith("Error: ")
    assert "original.txt: 1.6 kB is over the 1 kB limit" in result.output


def test_a_text_over_the_configured_character_limit_is_one_error_line_and_exit_1(tmp_path: Path) -> None:
    result = _compare_cli(tmp_path, ORIGINAL, "ü" * 300, "[input]\nmax_chars = 200\n")
    assert result.exit_code == 1
    assert result.output == (
        "Error: " + str(tmp_path / "derived.txt")
        + ": the text is 300 characters, over the 200 character limit (config input.max_chars)\n"
    )


def test_texts_within_the_limits_are_compared(tmp_path: Path) -> None:
    limits = f"[input]\nmax_bytes = {len(ORIGINAL.encode())}\nmax_chars = {len(ORIGINAL)}\n"
    result = _compare_cli(tmp_path, ORIGINAL, DERIVED, limits)
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["options"]["config"]["input"]["max_chars"] == len(ORIGINAL)


def test_the_default_byte_limit_refuses_a_file_over_50_mb_from_its_size(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(50_000_001)  # sparse: refused from its size, never read
    (tmp_path / "derived.txt").write_text(DERIVED, encoding="utf-8")
    result = CliRunner().invoke(cli, ["compare", str(big), str(tmp_path / "derived.txt")])
    assert result.exit_code == 1
    assert result.output == f"Error: {big}: 50,000,001 B is over the 50,000,000 B limit\n"


def test_the_library_refuses_a_string_over_the_character_limit() -> None:
    config = Config.from_dict({"input": {"max_chars": 50}})
    with pytest.raises(InputTooLarge, match=r"^original: the text is 78 characters, over the 50 character limit"):
        compare(ORIGINAL, DERIVED, config=config)


def test_a_limit_below_one_is_refused() -> None:
    with pytest.raises(ConfigError, match=r"input.max_chars must be in \[1, inf\), not 0"):
        Config.from_dict({"input": {"max_chars": 0}})


@pytest.fixture(scope="module")
def client() -> TestClient:
    settings = Settings(config=Config.from_dict({"input": {"max_chars": 1000}}), workers=1)
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def test_a_request_may_lower_the_servers_character_limit(client: TestClient) -> None:
    answer = client.post(
        "/v1/compare",
        json={"original": ORIGINAL, "derived": DERIVED, "options": {"config": {"input": {"max_chars": 20}}}},
    )
    assert answer.status_code == 413, answer.text
    assert answer.json()["error"]["code"] == "input_too_large"
    assert "over the 20 character limit" in answer.json()["error"]["message"]


def test_a_request_may_not_raise_the_servers_character_limit(client: TestClient) -> None:
    answer = client.post(
        "/v1/compare",
        json={"original": ORIGINAL, "derived": DERIVED, "options": {"config": {"input": {"max_chars": 5000}}}},
    )
    assert answer.status_code == 422, answer.text
    assert answer.json()["error"]["message"] == "options.config: input.max_chars may not exceed the server's 1000"


def test_the_servers_character_limit_holds_for_a_request(client: TestClient) -> None:
    answer = client.post("/v1/compare", json={"original": ORIGINAL * 20, "derived": DERIVED})
    assert answer.status_code == 413, answer.text
    assert "over the 1,000 character limit" in answer.json()["error"]["message"]
