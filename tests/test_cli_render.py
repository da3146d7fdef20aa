"""``sourcetrace render``: a saved JSON report re-rendered exactly as ``compare`` renders it."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from sourcetrace.cli import cli

ROOT = Path(__file__).resolve().parent.parent
ORIGINAL = str(ROOT / "examples" / "harbour-original.txt")
DERIVED = str(ROOT / "examples" / "harbour-derived.txt")


def invoke(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.fixture(scope="module")
def saved(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("saved") / "report.json"
    result = invoke("compare", ORIGINAL, DERIVED, "--format", "json", "-o", str(path))
    assert result.exit_code == 0, result.output
    return path


@pytest.mark.parametrize("fmt", ["html", "text", "csv", "md", "json", "pan"])
def test_render_gives_the_same_bytes_as_compare(saved: Path, tmp_path: Path, fmt: str) -> None:
    compared, rendered = tmp_path / f"compared.{fmt}", tmp_path / f"rendered.{fmt}"
    first = invoke("compare", ORIGINAL, DERIVED, "--format", fmt, "-o", str(compared))
    second = invoke("render", str(saved), "--format", fmt, "-o", str(rendered))
    assert first.exit_code == 0 and second.exit_code == 0, first.output + second.output
    assert rendered.read_bytes() == compared.read_bytes()
    assert len(rendered.read_bytes()) > 100


def test_render_writes_to_standard_output_by_default(saved: Path) -> None:
    result = invoke("render", str(saved))
    assert result.exit_code == 0, result.output
    assert "Verdict" in result.output and "\x1b[" not in result.output


def test_verbose_text_lists_every_link(saved: Path) -> None:
    data = json.loads(saved.read_text(encoding="utf-8"))
    links = sum(len(passage["links"]) for passage in data["passages"])
    plain = invoke("render", str(saved)).output
    verbose = invoke("render", str(saved), "--verbose").output
    assert "Sentence links" not in plain
    table = verbose.split("Sentence links", 1)[1]
    statuses = [line for line in table.splitlines() if line.endswith(("faithful", "distorted"))]
    assert len(statuses) == links > 0


def tampered(tmp_path: Path, saved: Path, change) -> Path:
    data = json.loads(saved.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "tampered.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_a_corrupt_report_is_one_error_line(saved: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"schema": "sourcetrace.report/1", ', encoding="utf-8")
    result = invoke("render", str(broken), "--format", "html")
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {broken}: not a JSON report (Expecting property name enclosed in double quotes"
        " at line 1, column 36)\n"
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d.update(schema="other/2"),
            "schema is 'other/2', expected 'sourcetrace.report/1'",
        ),
        (lambda d: d.pop("passages"), "passages is missing"),
        (
            lambda d: d["original"].update(text="short"),
            "original.length is 1479, but the text has 5",
        ),
        (
            lambda d: d["passages"][0]["links"][0]["derived"].update(end=99999),
            "passages[0].links[0].derived [0, 99999) does not fit a text of 1478 characters",
        ),
        (
            lambda d: d.update(distortions=[
                {"type": "number", "severity": "critical", "explanation": "x",
                 "original": {"start": 0, "end": 7, "text": "Harbour"},
                 "derived": {"start": 0, "end": 6, "text": "Elsewh"}}
            ]),
            "distortions[0].derived.text differs from the document text at [0, 6)",
        ),
        (
            lambda d: d["derived"]["segments"].insert(1, [5, 2, 0]),
            "derived.segments[1] is out of order",
        ),
    ],
)
def test_an_invalid_report_names_the_problem(
    saved: Path, tmp_path: Path, change, message: str
) -> None:
    path = tampered(tmp_path, saved, change)
    result = invoke("render", str(path), "--format", "html")
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {path}: not a valid sourcetrace report: {message}")
    assert result.output.count("\n") == 1


def test_not_json_and_missing_files(tmp_path: Path) -> None:
    image = tmp_path / "image.json"
    image.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe")
    result = invoke("render", str(image))
    assert result.output == f"Error: {image}: not a JSON report (not UTF-8 text)\n"
    missing = tmp_path / "missing.json"
    result = invoke("render", str(missing))
    assert (result.exit_code, result.output) == (1, f"Error: {missing}: no such file\n")
    result = invoke("render", str(tmp_path))
    assert (result.exit_code, result.output) == (
        1,
        f"Error: {tmp_path}: is a directory, not a report file\n",
    )
    listed = tmp_path / "list.json"
    listed.write_text("[1, 2]", encoding="utf-8")
    assert invoke("render", str(listed)).output == (
        f"Error: {listed}: not a valid sourcetrace report: the report must be an object\n"
    )


def test_render_never_overwrites_its_report(saved: Path) -> None:
    before = saved.read_bytes()
    result = invoke("render", str(saved), "--format", "html", "-o", str(saved))
    assert result.exit_code == 1
    assert result.output == f"Error: refusing to overwrite the input file {saved}\n"
    assert saved.read_bytes() == before


def on_terminal(args: list[str], **env: str) -> str:
    """Run the CLI with a pseudo-terminal as its standard output; return what it printed."""
    main, child = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "sourcetrace", *args],
        stdout=child,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "NO_COLOR": "", **env},
    )
    os.close(child)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main)
    assert process.wait(timeout=120) == 0
    return b"".join(chunks).decode("utf-8")


def test_colour_on_a_terminal_unless_no_color(saved: Path) -> None:
    assert "\x1b[" in on_terminal(["render", str(saved)])
    plain = on_terminal(["render", str(saved)], NO_COLOR="1")
    assert "\x1b[" not in plain and "Verdict" in plain


@pytest.mark.parametrize("fmt", ["html", "csv", "md", "text"])
def test_rendering_is_independent_of_hash_seed(saved: Path, fmt: str) -> None:
    outputs = {
        subprocess.run(
            [sys.executable, "-m", "sourcetrace", "render", str(saved), "--format", fmt],
            capture_output=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
        ).stdout
        for seed in ("0", "4242")
    }
    assert len(outputs) == 1
