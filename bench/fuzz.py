"""The long fuzz run of issue 22: the properties of tests/test_fuzz.py, for minutes, shrinking
what fails.

Runs rounds of each property (compare any pair, compare a text with itself, read any bytes in
any format, read damaged PDF and Word files, index any JSON Lines records then scan and remove
them) with fresh random seeds until the time is up, and prints the examples tried, the crashes
and the invariant violations, each failure shrunk to a small example. Exit status 1 when anything failed.

    nice -n 10 python bench/fuzz.py --minutes 30
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from fuzzing import (  # noqa: E402
    check_identical,
    check_report,
    hostile_texts,
    index_records,
    index_scan_and_remove,
    prose,
)
from newsroom_fixtures import print_edition_pdf, word_document  # noqa: E402
from sourcetrace import Resources, compare  # noqa: E402
from sourcetrace.errors import SourcetraceError  # noqa: E402
from sourcetrace.ingest import INPUT_FORMATS, read_bytes  # noqa: E402

ROUND = settings(
    max_examples=50, deadline=None, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def properties(resources: Resources, tried: dict[str, int]) -> dict[str, Callable[[], None]]:
    """Each property as a hypothesis test that counts the examples it tries."""

    def counted(name: str) -> None:
        tried[name] = tried.get(name, 0) + 1

    @ROUND
    @given(hostile_texts(), hostile_texts())
    def any_pair(original: str, derived: str) -> None:
        counted("compare any pair")
        try:
            report = compare(original, derived, resources=resources)
        except SourcetraceError as error:
            assert "\n" not in str(error)
            return
        check_report(report, original, derived)

    @ROUND
    @given(prose())
    def itself(text: str) -> None:
        counted("compare a text with itself")
        report = compare(text, text, resources=resources)
        check_report(report, text, text)
        check_identical(report)

    @ROUND
    @given(st.binary(max_size=4000), st.sampled_from([None, *INPUT_FORMATS]))
    def any_bytes(data: bytes, input_format: str | None) -> None:
        counted("read any bytes")
        _read(data, input_format)

    pdf, docx = print_edition_pdf(), word_document()

    @ROUND
    @given(st.sampled_from([(pdf, "pdf"), (docx, "docx")]), st.data())
    def damaged(file: tuple[bytes, str], data: st.DataObject) -> None:
        counted("read a damaged PDF or DOCX")
        original, input_format = file
        changes = data.draw(st.lists(st.tuples(st.integers(0, len(original) - 1), st.integers(0, 255)), max_size=12))
        buffer = bytearray(original[: data.draw(st.integers(0, len(original)))] or original)
        for at, value in changes:
            buffer[at % len(buffer)] = value
        _read(bytes(buffer), input_format)

    @ROUND
    @given(index_records(), st.integers(0, 10), hostile_texts(30))
    def index_and_scan(lines: list[str], pick: int, tail: str) -> None:
        counted("index any records, scan, remove")
        with tempfile.TemporaryDirectory() as folder:
            index_scan_and_remove(Path(folder), lines, pick, tail)

    return {"any_pair": any_pair, "itself": itself, "any_bytes": any_bytes, "damaged": damaged,
            "index_and_scan": index_and_scan}


def _read(data: bytes, input_format: str | None) -> None:
    try:
        document = read_bytes(data, "input", input_format=input_format)
    except SourcetraceError as error:
        assert "\n" not in str(error)
        return
    assert document.text.strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=30.0, help="How long to run (default 30).")
    args = parser.parse_args()
    tried: dict[str, int] = {}
    failures: list[str] = []
    deadline = time.monotonic() + args.minutes * 60
    rounds = 0
    with Resources() as resources:
        tests = properties(resources, tried)
        while time.monotonic() < deadline:
            for name, test in tests.items():
                if time.monotonic() >= deadline:
                    break
                try:
                    test()
                except Exception:  # a crash or an invariant violation, shrunk by hypothesis
                    failures.append(f"{name}:\n{traceback.format_exc(limit=4)}")
            rounds += 1
    print(f"fuzz run: {args.minutes:g} min, {rounds} rounds of each property")
    for name, count in sorted(tried.items()):
        print(f"  {name}: {count} examples")
    print(f"failures (crashes and invariant violations): {len(failures)}")
    for failure in failures:
        print(failure)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
