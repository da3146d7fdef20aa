"""``sourcetrace compare``: formats, output files, standard input and user errors."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from sourcetrace.assess import DETECTORS
from sourcetrace.cli import cli
from sourcetrace.config import Config

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
ORIGINAL = EXAMPLES / "harbour-original.txt"
DERIVED = EXAMPLES / "harbour-derived.txt"
REPORT_KEYS = [
    "schema",
    "original",
    "derived",
    "verdict",
    "scores",
    "options",
    "passages",
    "distortions",
    "omissions",
    "additions",
    "artifacts",
]


def invoke(*args: str, input: bytes | None = None):  # noqa: A002 - click's own name
    return CliRunner().invoke(cli, ["compare", *args], input=input)


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    """Copies of the example pair in a folder the test may write into."""
    original, derived = tmp_path / "original.txt", tmp_path / "derived.txt"
    original.write_bytes(ORIGINAL.read_bytes())
    derived.write_bytes(DERIVED.read_bytes())
    return original, derived


def test_text_format_is_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    # names relative to the examples folder: the header wraps a long path differently
    monkeypatch.chdir(EXAMPLES)
    result = invoke(ORIGINAL.name, DERIVED.name)
    assert result.exit_code == 0, result.output
    assert "\x1b[" not in result.output  # no colour when not a terminal
    lines = result.output.splitlines()
    assert any("Verdict" in line and "rewrite" in line for line in lines)
    assert any(ORIGINAL.name in line and "1,479 characters" in line for line in lines)
    assert "Kind" in result.output and "Similarity" in result.output
    assert "“Harbour wall repairs to close" in result.output


def test_json_format() -> None:
    result = invoke(str(ORIGINAL), str(DERIVED), "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert list(data) == REPORT_KEYS
    assert data["schema"] == "sourcetrace.report/1"
    assert list(data["original"])[:3] == ["name", "language", "length"]
    assert data["original"]["length"] == len(ORIGINAL.read_text(encoding="utf-8"))
    assert data["options"] == {
        "segment": "sentences", "mode": "auto",
        "detectors": list(DETECTORS),
        "config": Config().to_dict(),
    }
    assert set(data["scores"]) >= {"coverage", "derived_from_original"}
    passage = data["passages"][0]
    assert list(passage) == ["original", "derived", "kind", "similarity", "links"]
    assert set(passage["links"][0]) >= {"original", "derived", "similarity", "status"}
    assert result.output.endswith("}\n")


def test_pan_format() -> None:
    result = invoke(str(ORIGINAL), str(DERIVED), "--format", "pan")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == '<document reference="harbour-derived.txt">'
    assert lines[-1] == "</document>"
    assert all(
        line.startswith('<feature name="detected-plagiarism" this_offset=')
        and 'source_reference="harbour-original.txt"' in line
        for line in lines[1:-1]
    )
    assert len(lines) > 2


@pytest.mark.parametrize("fmt", ["text", "json", "pan"])
def test_output_file(pair: tuple[Path, Path], tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"report.{fmt}"
    result = invoke(*map(str, pair), "--format", fmt, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.output == ""
    stdout = invoke(*map(str, pair), "--format", fmt).output
    assert out.read_text(encoding="utf-8") == stdout
    # Written atomically: no temporary file is left behind.
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["original.txt", "derived.txt", out.name]
    )


def test_output_file_is_replaced(pair: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    out.write_text("old", encoding="utf-8")
    assert invoke(*map(str, pair), "--format", "json", "--output", str(out)).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["schema"] == "sourcetrace.report/1"


@pytest.mark.parametrize("which", [0, 1])
def test_refuses_to_overwrite_an_input(pair: tuple[Path, Path], which: int) -> None:
    before = pair[which].read_bytes()
    result = invoke(*map(str, pair), "-o", str(pair[which]))
    assert result.exit_code == 1
    assert result.output == f"Error: refusing to overwrite the input file {pair[which]}\n"
    assert pair[which].read_bytes() == before


def test_refuses_to_overwrite_an_input_through_a_link(
    pair: tuple[Path, Path], tmp_path: Path
) -> None:
    link = tmp_path / "link.txt"
    link.symlink_to(pair[1])
    result = invoke(*map(str, pair), "-o", str(link))
    assert result.exit_code == 1
    assert result.output == f"Error: refusing to overwrite the input file {pair[1]}\n"


def test_output_folder_missing(pair: tuple[Path, Path], tmp_path: Path) -> None:
    out = tmp_path / "missing" / "report.json"
    result = invoke(*map(str, pair), "-o", str(out))
    assert result.exit_code == 1
    assert result.output == f"Error: cannot write {out}: its folder does not exist\n"


def test_stdin(pair: tuple[Path, Path]) -> None:
    original, derived = pair
    from_file = json.loads(invoke(str(original), str(derived), "--format", "json").output)
    result = invoke(str(original), "-", "--format", "json", input=derived.read_bytes())
    assert result.exit_code == 0, result.output
    from_stdin = json.loads(result.output)
    assert from_stdin["derived"]["name"] == "<stdin>"
    assert from_stdin["passages"] == from_file["passages"]
    result = invoke("-", str(derived), "--format", "json", input=original.read_bytes())
    assert json.loads(result.output)["original"]["name"] == "<stdin>"


def test_both_stdin_is_an_error() -> None:
    result = invoke("-", "-", input=b"text")
    assert result.exit_code == 1
    assert result.output == "Error: only one of ORIGINAL and DERIVED can be read from stdin (-)\n"


def test_segment_lines(pair: tuple[Path, Path]) -> None:
    result = invoke(*map(str, pair), "--format", "json", "--segment", "lines")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["options"] == {
        "segment": "lines", "mode": "auto",
        "detectors": list(DETECTORS),
        "config": Config().with_options(segment="lines").to_dict(),
    }


def _noise() -> bytes:
    """High bytes at random: no encoding reads them as plausible text."""
    rng = random.Random(0)
    return bytes(rng.randrange(0x80, 0x100) for _ in range(300))


NOISE = _noise()


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.txt", "{path}: no such file"),
        (lambda d: d, "{path}: is a directory, not a file"),
        (lambda d: _write(d, "empty.txt", b""), "{path}: the text is empty"),
        (lambda d: _write(d, "blank.txt", b" \n\t\n"), "{path}: the text is empty"),
        (
            lambda d: _write(d, "image.bin", b"\x00\x01\x02binary\x00" * 20),
            "{path}: looks like binary data (it contains NUL bytes), not text",
        ),
        (
            lambda d: _write(d, "doc.pdf", b"%PDF-1.7\n..."),
            "{path}: not a readable PDF (damaged or truncated)",
        ),
        (
            lambda d: _write(d, "noise.txt", NOISE),
            "{path}: cannot decode the text (not UTF-8 and no legacy encoding fits);"
            " save it as UTF-8",
        ),
    ],
    ids=["missing", "directory", "empty", "blank", "binary", "pdf", "undecodable"],
)
def test_user_errors(tmp_path: Path, make, message: str) -> None:
    bad = make(tmp_path)
    for args in ([str(bad), str(DERIVED)], [str(ORIGINAL), str(bad)]):
        result = invoke(*args)
        assert result.exit_code == 1
        assert result.output == f"Error: {message.format(path=bad)}\n"
        assert "Traceback" not in result.output


def test_empty_stdin() -> None:
    result = invoke(str(ORIGINAL), "-", input=b"")
    assert result.exit_code == 1
    assert result.output == "Error: <stdin>: the text is empty\n"


@pytest.mark.parametrize(
    "args",
    [
        [str(ORIGINAL)],
        [str(ORIGINAL), str(DERIVED), "--format", "xml"],
        [str(ORIGINAL), str(DERIVED), "--segment", "words"],
        [str(ORIGINAL), str(DERIVED), "--no-such-option"],
    ],
)
def test_bad_usage_exits_2(args: list[str]) -> None:
    result = invoke(*args)
    assert result.exit_code == 2
    assert "Usage: " in result.output


def test_json_is_byte_identical_across_runs(pair: tuple[Path, Path]) -> None:
    first = invoke(*map(str, pair), "--format", "json").stdout_bytes
    second = invoke(*map(str, pair), "--format", "json").stdout_bytes
    assert first == second


def _env(**extra: str) -> dict[str, str]:
    """The environment for ``python -m sourcetrace``, finding the package even if not installed."""
    path = os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")]))
    return {**os.environ, "PYTHONPATH": path, **extra}


def _run_module(args: list[str], seed: str, cwd: Path) -> bytes:
    env = _env(PYTHONHASHSEED=seed)
    done = subprocess.run(
        [sys.executable, "-m", "sourcetrace", *args],
        capture_output=True,
        env=env,
        cwd=cwd,
        check=True,
    )
    return done.stdout


@pytest.mark.parametrize("fmt", ["json", "text", "pan"])
def test_output_is_independent_of_hash_seed(fmt: str) -> None:
    args = ["compare", "harbour-original.txt", "harbour-derived.txt", "--format", fmt]
    outputs = {_run_module(args, seed, EXAMPLES) for seed in ("0", "1", "12345")}
    assert len(outputs) == 1
    assert next(iter(outputs))


def test_module_entry_point_errors_without_traceback(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "sourcetrace", "compare", "missing.txt", str(ORIGINAL)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=_env(),
    )
    assert done.returncode == 1
    assert done.stderr == "Error: missing.txt: no such file\n"
    assert done.stdout == ""


def _re_anchored(tmp_path: Path, *options: str) -> list[dict]:
    original = tmp_path / "original.txt"
    derived = tmp_path / "derived.txt"
    original.write_text("The harbour board will meet on Monday to vote on the new ferry terminal and its "
                        "funding. The vote was delayed twice last year after a row over the costs.\n",
                        encoding="utf-8")
    derived.write_text("The harbour board will meet tomorrow to vote on the new ferry terminal and its "
                       "funding. The vote was delayed twice last year after a row over the costs.\n",
                       encoding="utf-8")
    result = CliRunner().invoke(cli, ["compare", str(original), str(derived), "--format", "json", *options])
    assert result.exit_code == 0, result.output
    return [d for d in json.loads(result.output)["distortions"] if d["type"] == "date"]


def test_publication_dates_decide_a_weekday_made_relative(tmp_path: Path) -> None:
    (unknown,) = _re_anchored(tmp_path)
    assert unknown["severity"] == "critical" and "not both known" in unknown["explanation"]
    # Sunday 2025-02-16: "Monday" is "tomorrow".
    assert _re_anchored(tmp_path, "--original-date", "2025-02-16", "--derived-date", "2025-02-16") == []
    (other,) = _re_anchored(tmp_path, "--original-date", "2025-02-16", "--derived-date", "2025-02-20")
    assert "derived 2025-02-20 (--derived-date)" in other["explanation"]


def test_a_malformed_publication_date_is_bad_usage(pair: tuple[Path, Path]) -> None:
    result = CliRunner().invoke(cli, ["compare", str(pair[0]), str(pair[1]), "--original-date", "16.02.2025"])
    assert result.exit_code == 2
    assert "Invalid value for '--original-date'" in result.output
