"""docs/errors.md lists every error a user can see, and each listed error is produced: the
library and command-line ones by a trigger here (one line after ``Error:``, exit status 1), the
service-only ones by the HTTP test that asserts their code."""

from __future__ import annotations

import re
import sqlite3
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

import sourcetrace.http.errors
import sourcetrace.http.routes
import sourcetrace.index.store
from sourcetrace.assess.wordnet import WordNet
from sourcetrace.cli import cli
from sourcetrace.config import ConfigError
from sourcetrace.errors import IndexBusy, SourcetraceError, SparkUnavailable
from sourcetrace.http import Settings, create_app
from sourcetrace.http.errors import error_code
from sourcetrace.index.store import Store
from sourcetrace.language import check_multilingual
from sourcetrace.spark.session import check_java

TESTS = Path(__file__).resolve().parent
PAGE = (TESTS.parent / "docs" / "errors.md").read_text(encoding="utf-8")
assert sourcetrace.http.errors  # the service's classes are subclasses too, once imported


def _all_subclasses(cls: type) -> list[type]:
    return [c for sub in cls.__subclasses__() for c in (sub, *_all_subclasses(sub))]


ERRORS = sorted({c.__name__ for c in _all_subclasses(SourcetraceError)})


def test_errors_md_has_one_section_per_error_class_and_no_other() -> None:
    assert ConfigError.__name__ in ERRORS
    assert sorted(re.findall(r"^## `(\w+)`$", PAGE, re.M)) == ERRORS


def test_each_section_gives_the_status_and_code_of_its_class() -> None:
    by_name = {c.__name__: c for c in _all_subclasses(SourcetraceError)}
    for name, status, code in re.findall(r"^## `(\w+)`\n\nStatus (\d+)[^,]*, code `(\w+)`", PAGE, re.M):
        assert by_name[name].status == int(status), name
        assert error_code(by_name[name]("x")) == code, name
    assert len(re.findall(r"^## `", PAGE, re.M)) == len(ERRORS)


def _cli(*args: str) -> Callable[[Path], object]:
    return lambda tmp_path: CliRunner().invoke(cli, [a.replace("TMP", str(tmp_path)) for a in args])


def _files(tmp_path: Path) -> None:
    (tmp_path / "text.txt").write_text("The harbour board voted to close the old quay.", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("  \n", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02" * 50)
    (tmp_path / "tiny.toml").write_text("[input]\nmax_bytes = 10\n", encoding="utf-8")
    (tmp_path / "bad.toml").write_text("[quote]\nmin_pairing = 150\n", encoding="utf-8")
    (tmp_path / "report.json").write_text('{"schema": "x"}', encoding="utf-8")
    (tmp_path / "corpus").mkdir()


COMMAND_LINE = {
    "InputNotFound": (_cli("compare", "TMP/missing.txt", "TMP/text.txt"), "missing.txt: no such file"),
    "UnreadableInput": (_cli("compare", "TMP/binary.txt", "TMP/text.txt"), "looks like binary data"),
    "EmptyDocument": (_cli("compare", "TMP/text.txt", "TMP/empty.txt"), "the text is empty"),
    "InputTooLarge": (_cli("compare", "TMP/text.txt", "TMP/text.txt", "--config", "TMP/tiny.toml"), "over the 10 B limit"),
    "InvalidOption": (_cli("compare", "-", "-"), "only one of ORIGINAL and DERIVED"),
    "ConfigError": (_cli("compare", "TMP/text.txt", "TMP/text.txt", "--config", "TMP/bad.toml"), "quote.min_pairing must be in"),
    "CorpusError": (_cli("eval", "pan", "TMP/corpus", "--detections", "TMP/dets", "--workers", "1"), ""),
    "InvalidReport": (_cli("render", "TMP/report.json"), "not a valid sourcetrace report"),
    "InvalidIndex": (_cli("scan", "TMP/missing.db", "TMP/text.txt"), "missing.db: no such index"),
}


@pytest.mark.parametrize("name", sorted(COMMAND_LINE))
def test_each_command_line_error_is_one_error_line_and_exit_1(tmp_path: Path, name: str) -> None:
    _files(tmp_path)
    trigger, words = COMMAND_LINE[name]
    result = trigger(tmp_path)
    assert result.exit_code == 1, result.output  # type: ignore[attr-defined]
    output = result.output  # type: ignore[attr-defined]
    assert output.startswith("Error: ") and output.count("\n") == 1 and words in output, output
    assert f"## `{name}`" in PAGE


def test_unsupported_language_and_missing_resource_are_raised(tmp_path: Path) -> None:
    with pytest.raises(SourcetraceError) as unsupported:
        check_multilingual(["en", "xx"])
    with pytest.raises(SourcetraceError) as missing:
        WordNet(tmp_path)
    assert {type(unsupported.value).__name__, type(missing.value).__name__} == {"UnsupportedLanguage", "MissingResource"}


def test_an_unexpected_failure_in_the_service_is_internal_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug")

    monkeypatch.setattr(sourcetrace.http.routes, "read_compare_request", fail)
    with TestClient(create_app(Settings(workers=1)), raise_server_exceptions=False) as client:
        answer = client.post("/v1/compare", json={"original": "a", "derived": "b"})
    assert answer.status_code == 500
    assert answer.json()["error"] == {"code": "internal_error", "message": "the server failed; its log has the details"}


def test_a_write_to_an_index_another_process_is_writing_is_index_busy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "sources.db"
    Store(path, create=True).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    monkeypatch.setattr(sourcetrace.index.store, "BUSY_TIMEOUT_S", 0.1)
    try:
        with Store(path) as store, pytest.raises(IndexBusy, match="another process is writing") as busy:
            store.remove(["story-1"], lambda prepared, anchors: ([], []))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert error_code(busy.value) == "index_busy" and f"## `{type(busy.value).__name__}`" in PAGE


def test_spark_without_java_is_spark_unavailable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    with pytest.raises(SparkUnavailable, match="needs Java 17") as unavailable:
        check_java()
    assert error_code(unavailable.value) == "spark_unavailable"


RAISED_HERE = {"UnsupportedLanguage", "MissingResource", "InternalError", "IndexBusy", "SparkUnavailable"}
SERVICE_ONLY = sorted(set(ERRORS) - set(COMMAND_LINE) - RAISED_HERE)


@pytest.mark.parametrize("name", SERVICE_ONLY)
def test_each_service_error_is_asserted_by_a_test(name: str) -> None:
    code = error_code(getattr(sourcetrace.http.errors, name)("x"))
    tests = [p for p in sorted(TESTS.glob("test_*.py")) if p.name != Path(__file__).name]
    assert any(f'"{code}"' in p.read_text(encoding="utf-8") for p in tests), f"no test asserts {code}"
