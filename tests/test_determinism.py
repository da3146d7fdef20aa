"""Determinism (issue 22): the same inputs give the same bytes across runs, across
``PYTHONHASHSEED`` values (fresh processes), across ``eval pan --workers`` counts, and from the
CLI and the HTTP service for the same request.

The CLI and HTTP reports differ only where they should: each document's ``name`` (the CLI's is
the path given, the service's the upload's file name). Everything else, the texts, offsets,
scores, findings and the whole config, is the same.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from click.testing import CliRunner

from sourcetrace.cli import cli
from sourcetrace.evaluate.pan import pair_file_name
from sourcetrace.report import FORMATS

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from sourcetrace.http import Settings, create_app

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
ORIGINAL, DERIVED = EXAMPLES / "harbour-original.txt", EXAMPLES / "harbour-derived.txt"

# Renders the example pair in every format, as the CLI would, into the file named by argv[1].
_RENDER_ALL = """
import json, sys
from sourcetrace.api import compare_files
from sourcetrace.report import FORMATS, render
report = compare_files(sys.argv[2], sys.argv[3])
json.dump({fmt: render(report, fmt) for fmt in FORMATS}, open(sys.argv[1], "w", encoding="utf-8"))
"""


def _render_all_in_a_process(out: Path, hash_seed: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    subprocess.run(
        [sys.executable, "-c", _RENDER_ALL, str(out), str(ORIGINAL), str(DERIVED)],
        env=env, check=True, timeout=300,
    )
    return json.loads(out.read_text(encoding="utf-8"))


def test_every_format_is_the_same_bytes_across_processes_and_hash_seeds(tmp_path: Path) -> None:
    runs = [_render_all_in_a_process(tmp_path / f"run{seed}.json", seed) for seed in ("0", "4242")]
    assert set(runs[0]) == set(FORMATS)
    assert runs[0] == runs[1]
    cli_json = CliRunner().invoke(cli, ["compare", str(ORIGINAL), str(DERIVED), "--format", "json"])
    assert cli_json.exit_code == 0 and cli_json.output == runs[0]["json"]


def test_the_cli_gives_the_same_bytes_twice(tmp_path: Path) -> None:
    outputs = []
    for run in ("first", "second"):
        path = tmp_path / f"{run}.html"
        result = CliRunner().invoke(cli, ["compare", str(ORIGINAL), str(DERIVED), "--format", "html", "-o", str(path)])
        assert result.exit_code == 0, result.output
        outputs.append(path.read_bytes())
    assert outputs[0] == outputs[1]


# --- eval pan across worker counts and hash seeds ------------------------------------------

_SOURCE = (
    "The ferry service to the islands will stop for three weeks in March while the pier is "
    "rebuilt. Passengers are asked to use the coastal bus, which will run every hour. "
    "The council said the work had been delayed twice by storms last winter.\n\n"
    "Müller's bakery on the high street won the regional prize for its rye bread. "
    "The jury praised the crust and the slow fermentation the family has kept since 1962."
)
_COPY = (
    "Local news in brief.\n\n"
    "Müller's bakery on the high street won the regional prize for its rye bread. "
    "The jury praised the crust and the slow fermentation the family has kept since 1962.\n"
)
_REWRITE = (
    "For three weeks in March the island ferry will not sail, as the pier is being rebuilt. "
    "Travellers should take the hourly coastal bus instead. "
    "Storms last winter held the work up twice, according to the council.\n"
)


def write_pan_corpus(root: Path) -> Path:
    """A PAN text-alignment corpus of one section: a verbatim copy and a rewrite of one source."""
    source, copy, rewrite = "source-document00001.txt", "suspicious-document00001.txt", "suspicious-document00002.txt"
    (root / "src").mkdir(parents=True)
    (root / "susp").mkdir()
    (root / "src" / source).write_text(_SOURCE, encoding="utf-8")
    (root / "susp" / copy).write_text(_COPY, encoding="utf-8")
    (root / "susp" / rewrite).write_text(_REWRITE, encoding="utf-8")
    section = root / "02-no-obfuscation"
    section.mkdir()
    (section / "pairs").write_text(f"{copy} {source}\n{rewrite} {source}\n", encoding="utf-8")
    passage = _SOURCE.split("\n\n")[1]
    truths = {
        copy: [(_COPY.index(passage), len(passage), _SOURCE.index(passage), len(passage))],
        rewrite: [(0, len(_REWRITE) - 1, 0, len(_SOURCE.split("\n\n")[0]))],
    }
    for suspicious, cases in truths.items():
        features = "".join(
            f'<feature name="plagiarism" obfuscation="none" this_offset="{a}" this_length="{b}"'
            f' source_reference="{source}" source_offset="{c}" source_length="{d}" />\n'
            for a, b, c, d in cases
        )
        (section / pair_file_name(suspicious, source)).write_text(
            f'<document reference="{suspicious}">\n{features}</document>\n', encoding="utf-8"
        )
    return root


def _detections(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.xml"))}


def test_eval_pan_gives_the_same_files_and_scores_for_any_worker_count_and_hash_seed(tmp_path: Path) -> None:
    corpus = write_pan_corpus(tmp_path / "corpus")
    one = CliRunner().invoke(cli, ["eval", "pan", str(corpus), "--detections", str(tmp_path / "one"), "--workers", "1", "--json"])
    assert one.exit_code == 0, one.output
    env = {**os.environ, "PYTHONHASHSEED": "99"}
    two = subprocess.run(
        [sys.executable, "-m", "sourcetrace", "eval", "pan", str(corpus), "--detections", str(tmp_path / "two"),
         "--workers", "2", "--json"],
        env=env, capture_output=True, text=True, timeout=300, check=True,
    )
    assert json.loads(one.output) == json.loads(two.stdout)
    files = _detections(tmp_path / "one")
    assert len(files) == 2 and files == _detections(tmp_path / "two")
    assert json.loads(one.output)["02-no-obfuscation"]["recall"] > 0.5, "the copy and the rewrite are found"


# --- the CLI and the HTTP service ----------------------------------------------------------


@pytest.fixture(scope="module")
def client() -> TestClient:
    with TestClient(create_app(Settings(workers=1))) as test_client:
        yield test_client


@pytest.mark.parametrize("fmt", ["json", "html"])
def test_the_cli_and_the_service_give_the_same_report_but_the_names(client: TestClient, fmt: str) -> None:
    cli_answer = CliRunner().invoke(cli, ["compare", str(ORIGINAL), str(DERIVED), "--format", fmt])
    assert cli_answer.exit_code == 0, cli_answer.output
    files = {"original": (ORIGINAL.name, ORIGINAL.read_bytes()), "derived": (DERIVED.name, DERIVED.read_bytes())}
    accept = "text/html" if fmt == "html" else "application/json"
    answer = client.post("/v1/compare", files=files, headers={"accept": accept})
    assert answer.status_code == 200, answer.text
    served = answer.text
    by_cli = cli_answer.output.removesuffix("\n")
    by_service = served.removesuffix("\n")
    for path in (ORIGINAL, DERIVED):  # the CLI names a document by its path, the service by its file name
        by_cli = by_cli.replace(json.dumps(str(path))[1:-1] if fmt == "json" else str(path), path.name)
    if fmt == "json":
        assert json.loads(by_cli) == json.loads(by_service)
        assert json.loads(by_service)["original"]["name"] == ORIGINAL.name
    else:
        assert by_cli == by_service
