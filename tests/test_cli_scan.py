"""`sourcetrace scan`: every format, ranking, attribution, cross-language candidates, errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus_fixtures import COPY_SUSPECT, FRENCH_SUSPECT, REWRITE_SUSPECT, STORIES, write_corpus
from sourcetrace.cli import cli
from sourcetrace.evaluate.pan import read_cases


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def indexed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """An index of the six stories, and a folder of suspects: a copy, a rewrite, a French
    translation, an unrelated note, and a page that copies the orchard story from a copy of it."""
    root = tmp_path_factory.mktemp("scan")
    write_corpus(root)
    mirror = "Syndicated. " + STORIES["orchard"]
    (root / "stories" / "mirror.txt").write_text(mirror, encoding="utf-8")
    index = root / "corpus.db"
    assert _run("index", "add", str(index), str(root / "stories"), "--workers", "1")[0] == 0
    suspects = root / "suspects"
    suspects.mkdir()
    for name, text in (("copy.txt", COPY_SUSPECT), ("rewrite.txt", REWRITE_SUSPECT),
                       ("french.txt", FRENCH_SUSPECT),
                       ("note.txt", "Bring a torch and warm socks to the camp on Friday.")):
        (suspects / name).write_text(text, encoding="utf-8")
    return index, suspects


def _jsonl(indexed: tuple[Path, Path], *options: str) -> dict[str, dict]:
    index, suspects = indexed
    code, out, err = _run("scan", str(index), str(suspects), "--format", "jsonl", "--workers", "1",
                          *options)
    assert code == 0, err
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["schema"] for r in records] == ["sourcetrace.scan/1"] * 4
    return {r["suspect"]["id"]: r for r in records}


def test_jsonl_ranks_the_sources_of_each_suspect(indexed: tuple[Path, Path]) -> None:
    records = _jsonl(indexed)
    assert list(records) == ["copy.txt", "french.txt", "note.txt", "rewrite.txt"]
    copy = records["copy.txt"]
    # the orchard story and its syndicated copy hold the same text: the better one first
    assert [s["id"] for s in copy["sources"]] == ["orchard.txt", "mirror.txt"]
    assert [s["rank"] for s in copy["sources"]] == [1, 2]
    best, second = copy["sources"]
    assert best["score"] >= second["score"] and best["verdict"] in ("copy", "rewrite")
    assert best["channel"] == "lexical" and copy["candidates"] == copy["verified"] == 2
    passage = best["passages"][0]
    start = COPY_SUSPECT.index(STORIES["orchard"][:40])
    assert passage["derived"]["start"] == start and passage["attributed"] is True
    assert [p["attributed"] for p in second["passages"]] == [False]
    assert "report" not in best
    assert [s["id"] for s in records["rewrite.txt"]["sources"]] == ["tram.txt"]
    assert records["note.txt"]["sources"] == []


def test_a_translation_is_found_across_languages(indexed: tuple[Path, Path]) -> None:
    french = _jsonl(indexed)["french.txt"]
    assert french["suspect"]["language"] == "fr"
    assert [s["id"] for s in french["sources"]][:1] == ["observatory.txt"]
    assert french["sources"][0]["channel"] == "cross-language"
    assert french["sources"][0]["verdict"] == "translation"


def test_top_and_min_score_cut_the_list(indexed: tuple[Path, Path]) -> None:
    records = _jsonl(indexed, "--top", "1")
    assert [s["id"] for s in records["copy.txt"]["sources"]] == ["orchard.txt"]
    records = _jsonl(indexed, "--min-score", "0.99")
    assert [s["id"] for s in records["rewrite.txt"]["sources"]] == ["tram.txt"]
    assert records["copy.txt"]["sources"] == []  # a fifth of that page is not the story


def test_min_chars_drops_a_source_with_no_attributed_text(indexed: tuple[Path, Path]) -> None:
    # mirror.txt holds the orchard story too; every passage of it is orchard.txt's
    assert [s["id"] for s in _jsonl(indexed)["copy.txt"]["sources"]] == ["orchard.txt", "mirror.txt"]
    records = _jsonl(indexed, "--min-chars", "1")
    assert [s["id"] for s in records["copy.txt"]["sources"]] == ["orchard.txt"]
    assert _run("scan", str(indexed[0]), str(indexed[1]), "--min-chars", "-1")[0] == 2


def test_text_and_csv_tables(indexed: tuple[Path, Path]) -> None:
    index, suspects = indexed
    code, out, err = _run("scan", str(index), str(suspects), "--workers", "1")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["suspect", "#", "source", "score", "cov", "verdict", "pass",
                                "crit", "cand"]
    assert lines[1].split()[:3] == ["copy.txt", "1", "orchard.txt"]
    assert "(no source found)" in next(line for line in lines if line.startswith("note.txt"))
    assert err.splitlines()[-1].startswith("4 suspects scanned, ")
    code, out, _ = _run("scan", str(index), str(suspects), "--format", "csv", "--workers", "1")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["suspect"], r["rank"], r["source"]) for r in rows][:2] == [
        ("copy.txt", "1", "orchard.txt"), ("copy.txt", "2", "mirror.txt")]


def test_pan_output_has_one_file_per_pair_with_attributed_passages(
    indexed: tuple[Path, Path], tmp_path: Path
) -> None:
    index, suspects = indexed
    out = tmp_path / "pan"
    assert _run("scan", str(index), str(suspects), "--format", "pan", "-o", str(out),
                "--workers", "1")[0] == 0
    names = sorted(p.name for p in out.iterdir())
    assert "copy-orchard.xml" in names and "rewrite-tram.xml" in names
    assert "copy-mirror.xml" not in names  # its only passage is attributed to orchard.txt
    (case,) = read_cases(out / "copy-orchard.xml")
    assert COPY_SUSPECT[case.susp_span.start : case.susp_span.end].startswith("Apple growers")


def test_html_overview_links_every_pair_page(indexed: tuple[Path, Path], tmp_path: Path) -> None:
    index, suspects = indexed
    out = tmp_path / "html"
    assert _run("scan", str(index), str(suspects), "--format", "html", "-o", str(out),
                "--workers", "1")[0] == 0
    overview = (out / "index.html").read_text(encoding="utf-8")
    pages = sorted(p.name for p in (out / "pairs").iterdir())
    assert pages and all(f'href="pairs/{page}"' in overview for page in pages)
    assert "no source found" in overview
    assert "<!DOCTYPE html>" in (out / "pairs" / pages[0]).read_text(encoding="utf-8")


def test_two_workers_give_the_same_records(indexed: tuple[Path, Path]) -> None:
    index, suspects = indexed
    one = _run("scan", str(index), str(suspects), "--format", "jsonl", "--workers", "1")[1]
    two = _run("scan", str(index), str(suspects), "--format", "jsonl", "--workers", "2")[1]
    assert one == two


def test_scan_errors_are_one_line(indexed: tuple[Path, Path], tmp_path: Path) -> None:
    index, suspects = indexed
    missing = str(tmp_path / "none.db")
    assert _run("scan", missing, str(suspects)) == (1, "", f"Error: {missing}: no such index\n")
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"not an index\n" * 100)
    code, out, err = _run("scan", str(broken), str(suspects))
    assert (code, out) == (1, "") and err.startswith(f"Error: {broken}: not a sourcetrace index")
    code, _, err = _run("scan", str(index), str(suspects), "--format", "pan")
    assert code == 2 and "--format pan writes a folder: give it with -o" in err
