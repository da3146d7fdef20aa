"""The Spark engine, run for real (local[2], one session for the module): the same records as
the local engine, stages resumed, one-line errors.

The corpus is a few dozen invented documents: the six stories, a digest of every two of them,
and suspects that copy, rewrite, translate or combine them (and one that reuses nothing).
"""

from __future__ import annotations

import itertools
import json
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus_fixtures import COPY_SUSPECT, FRENCH_SUSPECT, REWRITE_SUSPECT, STORIES, write_corpus
from sourcetrace.cli import cli

pytest.importorskip("pyspark", reason="the Spark tests need pyspark: pip install '.[spark]'")

from sourcetrace.errors import InvalidOption  # noqa: E402
from sourcetrace.spark.jobs import SCAN_STAGES  # noqa: E402
from sourcetrace.spark.session import SparkOptions, spark_session  # noqa: E402
from sourcetrace.spark.stages import MANIFEST, MANIFEST_SCHEMA, StageFolder  # noqa: E402


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def spark() -> object:
    """One local Spark for the module; the commands below run in it (no --master given)."""
    options = SparkOptions("local[2]", {"spark.ui.enabled": "false",
                                        "spark.sql.shuffle.partitions": "4"})
    with spark_session(options, "sourcetrace tests") as session:
        yield session


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory, spark: object) -> dict[str, Path]:
    """Sources (stories and digests), suspects, the local index and the Spark index folder."""
    root = tmp_path_factory.mktemp("spark")
    write_corpus(root)
    sources = root / "stories"
    for first, second in itertools.combinations(sorted(STORIES), 2):
        digest = f"Weekly digest. {STORIES[first]} Also this week: {STORIES[second]}"
        (sources / f"digest-{first}-{second}.txt").write_text(digest, encoding="utf-8")
    suspects = root / "suspects"
    suspects.mkdir()
    combined = (STORIES["chess"].split(". ")[0] + ". " + REWRITE_SUSPECT + " "
                + STORIES["library"].split(". ")[1] + ".")
    for name, text in (("copy.txt", COPY_SUSPECT), ("rewrite.txt", REWRITE_SUSPECT),
                       ("french.txt", FRENCH_SUSPECT), ("combined.txt", combined),
                       ("note.txt", "Bring a torch and warm socks to the camp on Friday.")):
        (suspects / name).write_text(text, encoding="utf-8")
    index = root / "corpus.db"
    assert _run("index", "add", str(index), str(sources), "--workers", "1")[0] == 0
    folder = root / "corpus.spark"
    code, out, err = _run("index", "build-spark", str(sources), "--output", str(folder))
    assert code == 0, err
    assert out.startswith(f"{len(list(sources.iterdir()))} documents indexed, 0 skipped")
    return {"root": root, "sources": sources, "suspects": suspects, "index": index,
            "folder": folder}


@pytest.fixture(scope="module")
def local(corpus: dict[str, Path]) -> list[dict]:
    """The local engine's records of the suspects."""
    code, out, err = _run("scan", str(corpus["index"]), str(corpus["suspects"]), "--format",
                          "jsonl", "--workers", "1")
    assert code == 0, err
    return [json.loads(line) for line in out.splitlines()]




def _spark(corpus: dict[str, Path], suspects: Path, stages: Path,
           *options: str) -> tuple[list[dict], str]:
    code, out, err = _run("scan", str(corpus["folder"]), str(suspects), "--engine",
                          "spark", "--stages", str(stages), "--format", "jsonl", *options)
    assert code == 0, err
    return [json.loads(line) for line in out.splitlines()], err


def _stage_files(stages: Path, names: tuple[str, ...]) -> dict[str, float]:
    return {str(p): p.stat().st_mtime_ns for name in names for p in (stages / name).iterdir()}


def test_spark_gives_the_local_engines_records_and_resumes(
    corpus: dict[str, Path], local: list[dict]
) -> None:
    """Stopped after the candidate stage (--until), with a half-written records stage, as a
    job killed then leaves it: the rerun reads the earlier stages back, and the records are
    the local engine's, byte for byte."""
    stages = corpus["root"] / "parity.stages"
    code, _, err = _run("scan", str(corpus["folder"]), str(corpus["suspects"]), "--engine",
                        "spark", "--stages", str(stages), "--until", "candidates")
    assert code == 0, err
    assert "stopped after stage candidates" in err
    earlier = ("suspects", "signed", "candidates")
    written = _stage_files(stages, earlier)
    assert not (stages / "records").exists()
    (stages / "records.tmp").mkdir()
    (stages / "records.tmp" / "part-00000.parquet").write_bytes(b"half a file")
    spark, err = _spark(corpus, corpus["suspects"], stages)
    for name in earlier:
        assert f"stage {name}: complete, reused" in err
    assert "stage records: 5 rows" in err and not (stages / "records.tmp").exists()
    assert _stage_files(stages, earlier) == written, "earlier stages not written again"
    manifest = json.loads((stages / "stages.json").read_text(encoding="utf-8"))
    assert sorted(manifest["stages"]) == ["candidates", "records", "signed", "suspects"]

    assert [r["suspect"]["id"] for r in spark] == [r["suspect"]["id"] for r in local]
    found = {r["suspect"]["id"]: [s["id"] for s in r["sources"]] for r in local}
    assert found["copy.txt"][0] == "orchard.txt" and found["note.txt"] == []
    assert "observatory.txt" in found["french.txt"]
    assert sum(r["candidates"] for r in local) > len(local), "suspects with several candidates"
    assert spark == local  # same candidates, passages and scores: the whole records


def test_parquet_input(corpus: dict[str, Path]) -> None:
    import pandas as pd

    suspects = corpus["root"] / "suspects.parquet"
    suspects.mkdir()
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(corpus["suspects"].iterdir())}
    pd.DataFrame({"id": list(texts), "text": list(texts.values()),
                  "series": ["wire"] * len(texts)}).to_parquet(suspects / "part-0.parquet")
    stages = corpus["root"] / "parquet.stages"
    code, _, err = _run("scan", str(corpus["folder"]), str(suspects), "--engine", "spark",
                        "--input", "parquet", "--stages", str(stages), "--until", "suspects")
    assert code == 0 and "stage suspects: 5 rows" in err, err
    read = pd.read_parquet(stages / "suspects").sort_values("position")
    assert list(read["id"]) == list(texts) and list(read["position"]) == [0, 1, 2, 3, 4]
    assert [json.loads(m) for m in read["metadata"]] == [{"series": "wire"}] * len(texts)


def test_restart_removes_every_stage_and_nothing_else(tmp_path: Path) -> None:
    folder = tmp_path / "stages"
    manifest = {"schema": MANIFEST_SCHEMA, "stages": {
        name: {"params": {}, "rows": 1, "seconds": 0.1, "finished": "2026-12-07T10:00:00+00:00"}
        for name in ("suspects", "signed")}}
    for name in ("suspects", "signed", "candidates.tmp"):
        (folder / name).mkdir(parents=True)
        (folder / name / "part-00000.parquet").write_bytes(b"rows")
    (folder / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    stages = StageFolder(None, str(folder), SCAN_STAGES)  # type: ignore[arg-type]
    assert stages.done("signed") and not stages.done("candidates")
    StageFolder(None, str(folder), SCAN_STAGES, restart=True)  # type: ignore[arg-type]
    assert sorted(p.name for p in folder.iterdir()) == [MANIFEST]
    assert json.loads((folder / MANIFEST).read_text(encoding="utf-8"))["stages"] == {}
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(InvalidOption, match="not sourcetrace stages"):
        StageFolder(None, str(tmp_path / "mine"), SCAN_STAGES, restart=True)  # type: ignore[arg-type]
    assert (tmp_path / "mine" / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_spark_errors_are_one_line(corpus: dict[str, Path], tmp_path: Path,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    scan = ("scan", str(corpus["folder"]), str(corpus["suspects"]), "--engine", "spark")
    empty = tmp_path / "empty"
    empty.mkdir()
    cases = {
        "--stages DIR": _run(*scan),
        "no documents": _run("scan", str(corpus["folder"]), str(empty), "--engine", "spark",
                             "--stages", str(tmp_path / "s1")),
        "not an index file": _run("scan", str(corpus["index"]), str(corpus["suspects"]),
                                  "--engine", "spark", "--stages", str(tmp_path / "s2")),
        "not sourcetrace stages": _run(*scan, "--stages", str(corpus["sources"])),
        "is for --engine spark": _run("scan", str(corpus["index"]), str(corpus["suspects"]),
                                      "--master", "local[1]"),
        "cannot connect": _run(*scan, "--stages", str(tmp_path / "s3"), "--master",
                               f"spark://127.0.0.1:{_closed_port()}"),
    }
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    cases["needs Java 17"] = _run(*scan, "--stages", str(tmp_path / "s4"))
    for expected, (code, _, err) in cases.items():
        errors = [line for line in err.splitlines() if line.startswith("Error: ")]
        assert len(errors) == 1 and expected in errors[0], (expected, err)
        if code == 1:  # a usage error (2) shows the usage above its line
            assert err.strip() == errors[0], (expected, err)
        else:
            assert code == 2, (expected, err)


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
