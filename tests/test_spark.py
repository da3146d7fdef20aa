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

from sourcetrace.spark.session import SparkOptions, spark_session  # noqa: E402


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


def _local(corpus: dict[str, Path]) -> list[dict]:
    code, out, err = _run("scan", str(corpus["index"]), str(corpus["suspects"]), "--format",
                          "jsonl", "--workers", "1")
    assert code == 0, err
    return [json.loads(line) for line in out.splitlines()]


def _spark(corpus: dict[str, Path], stages: Path, *options: str) -> tuple[list[dict], str]:
    code, out, err = _run("scan", str(corpus["folder"]), str(corpus["suspects"]), "--engine",
                          "spark", "--stages", str(stages), "--format", "jsonl", *options)
    assert code == 0, err
    return [json.loads(line) for line in out.splitlines()], err


def _stage_files(stages: Path, names: tuple[str, ...]) -> dict[str, float]:
    return {str(p): p.stat().st_mtime_ns for name in names for p in (stages / name).iterdir()}


def test_spark_gives_the_local_engines_records(corpus: dict[str, Path]) -> None:
    local = _local(corpus)
    spark, _ = _spark(corpus, corpus["root"] / "parity.stages")
    assert [r["suspect"]["id"] for r in spark] == [r["suspect"]["id"] for r in local]
    found = {r["suspect"]["id"]: [s["id"] for s in r["sources"]] for r in local}
    assert found["copy.txt"][0] == "orchard.txt" and found["note.txt"] == []
    assert "observatory.txt" in found["french.txt"]
    assert sum(r["candidates"] for r in local) > len(local), "suspects with several candidates"
    # same candidates, passages and scores: the whole records, byte for byte
    assert spark == local


def test_a_rerun_resumes_after_the_candidate_stage(corpus: dict[str, Path]) -> None:
    stages = corpus["root"] / "resume.stages"
    code, _, err = _run("scan", str(corpus["folder"]), str(corpus["suspects"]), "--engine",
                        "spark", "--stages", str(stages), "--until", "candidates")
    assert code == 0, err
    assert "stopped after stage candidates" in err
    earlier = ("suspects", "signed", "candidates")
    written = _stage_files(stages, earlier)
    assert not (stages / "records").exists()
    (stages / "records.tmp").mkdir()  # what a job killed while writing records leaves
    (stages / "records.tmp" / "part-00000.parquet").write_bytes(b"half a file")
    records, err = _spark(corpus, stages)
    for name in earlier:
        assert f"stage {name}: complete, reused" in err
    assert "stage records:" in err and not (stages / "records.tmp").exists()
    assert _stage_files(stages, earlier) == written, "earlier stages not written again"
    assert records == _local(corpus)
    manifest = json.loads((stages / "stages.json").read_text(encoding="utf-8"))
    assert sorted(manifest["stages"]) == ["candidates", "records", "signed", "suspects"]


def test_restart_and_changed_options_compute_stages_again(corpus: dict[str, Path]) -> None:
    stages = corpus["root"] / "restart.stages"
    base = ("scan", str(corpus["folder"]), str(corpus["suspects"]), "--engine", "spark",
            "--stages", str(stages))
    assert _run(*base, "--until", "suspects")[0] == 0
    first = _stage_files(stages, ("suspects",))
    code, _, err = _run(*base, "--until", "suspects", "--restart")
    assert code == 0 and "stage suspects: 5 rows" in err
    assert set(_stage_files(stages, ("suspects",)).values()).isdisjoint(first.values())


def test_parquet_suspects(corpus: dict[str, Path]) -> None:
    import pandas as pd

    folder = corpus["root"] / "suspects.parquet"
    folder.mkdir()
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(corpus["suspects"].iterdir())}
    pd.DataFrame({"id": list(texts), "text": list(texts.values()),
                  "series": ["wire"] * len(texts)}).to_parquet(folder / "part-0.parquet")
    code, out, err = _run("scan", str(corpus["folder"]), str(folder), "--engine", "spark",
                          "--input", "parquet", "--stages", str(corpus["root"] / "pq.stages"),
                          "--format", "jsonl")
    assert code == 0, err
    spark = {r["suspect"]["id"]: r for r in map(json.loads, out.splitlines())}
    for record in _local(corpus):
        ranked = spark[record["suspect"]["id"]]["sources"]
        assert [(s["id"], s["score"], s["passages"]) for s in ranked] == [
            (s["id"], s["score"], s["passages"]) for s in record["sources"]]


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
        assert code in (1, 2), (expected, err)
        assert expected in err and "Traceback" not in err, (expected, err)
        assert len(err.strip().splitlines()) <= 3, (expected, err)  # usage errors add a hint


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
