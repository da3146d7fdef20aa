"""`sourcetrace index add|remove|list|stats`: output, exit status, errors, kills, concurrency."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus_fixtures import COPY_SUSPECT, STORIES, write_corpus, write_jsonl
from sourcetrace.cli import cli


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_add_list_stats_remove(tmp_path: Path) -> None:
    write_corpus(tmp_path)
    index = str(tmp_path / "corpus.db")
    code, out, err = _run("index", "add", index, str(tmp_path / "stories"), "--workers", "1")
    assert (code, err) == (0, "")
    assert out.startswith("6 documents indexed (0 replaced), 0 unchanged, 0 skipped in ")
    code, out, _ = _run("index", "list", index)
    assert code == 0
    lines = out.splitlines()
    assert [line.split("\t")[:2] for line in lines] == [[f"{n}.txt", "en"] for n in sorted(STORIES)]
    code, out, _ = _run("index", "stats", index, "--json")
    stats = json.loads(out)
    assert stats["documents"] == 6 and stats["languages"] == {"en": 6} and stats["bytes"] > 0
    code, out, err = _run("index", "remove", index, "chess.txt", "nothing.txt")
    assert (code, out, err) == (0, "1 documents removed\n", "not in the index: nothing.txt\n")
    code, out, _ = _run("index", "stats", index)
    assert out.splitlines()[:2] == ["documents: 5", "languages: en 5"]


def test_list_json_carries_the_records_metadata(tmp_path: Path) -> None:
    export = write_jsonl(tmp_path / "export.jsonl", ["tram"])
    index = str(tmp_path / "corpus.db")
    assert _run("index", "add", index, str(export), "--workers", "1")[0] == 0
    code, out, _ = _run("index", "list", index, "--json")
    assert json.loads(out) == {
        "id": "tram", "language": "en", "length": len(STORIES["tram"]),
        "name": f"{export}#tram",
        "metadata": {"date": "2025-03-01", "page": 1, "series": "the-courier", "title": "Tram"},
    }


def test_an_unreadable_file_is_reported_and_the_status_is_1(tmp_path: Path) -> None:
    write_corpus(tmp_path)
    (tmp_path / "stories" / "scan.pdf").write_bytes(b"%PDF-1.7 cut short")
    index = str(tmp_path / "corpus.db")
    code, out, err = _run("index", "add", index, str(tmp_path / "stories"), "--workers", "1")
    assert code == 1
    assert out.startswith("6 documents indexed (0 replaced), 0 unchanged, 1 skipped in ")
    assert err.startswith(f"skipped: {tmp_path / 'stories' / 'scan.pdf'}: ")
    assert len(err.splitlines()) == 1


@pytest.mark.parametrize("command", [["list"], ["stats"], ["remove", "x"]])
def test_a_missing_index_is_one_error_line(tmp_path: Path, command: list[str]) -> None:
    index = str(tmp_path / "none.db")
    code, out, err = _run("index", command[0], index, *command[1:])
    assert (code, out, err) == (1, "", f"Error: {index}: no such index\n")


def test_a_corrupt_index_is_one_error_line(tmp_path: Path) -> None:
    write_corpus(tmp_path)
    index = tmp_path / "corpus.db"
    assert _run("index", "add", str(index), str(tmp_path / "stories"), "--workers", "1")[0] == 0
    data = bytearray(index.read_bytes())
    data[:16] = b"garbage garbage!"
    index.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        Path(str(index) + suffix).unlink(missing_ok=True)
    code, out, err = _run("index", "list", str(index))
    assert code == 1 and out == ""
    assert err.startswith(f"Error: {index}: not a sourcetrace index") and err.count("\n") == 1


# --- durability: killed adds, concurrent adds ------------------------------------------------


def _many_documents(tmp_path: Path, count: int) -> Path:
    """``count`` distinct short documents (each story with its own numbers and place)."""
    folder = tmp_path / "many"
    folder.mkdir()
    names = sorted(STORIES)
    for number in range(count):
        story = STORIES[names[number % len(names)]]
        text = f"Report {number} from district {number * 7 + 3}. " + story.replace(
            "the", f"the {number}th" if number % 2 else "the", 1
        )
        (folder / f"doc{number:04d}.txt").write_text(text, encoding="utf-8")
    return folder


def _add_command(index: Path, folder: Path) -> list[str]:
    return [sys.executable, "-m", "sourcetrace", "index", "add", str(index), str(folder),
            "--workers", "1"]


def _documents(index: Path) -> int:
    try:
        with sqlite3.connect(f"file:{index}?mode=ro", uri=True, timeout=5) as db:
            return db.execute("SELECT count(*) FROM documents").fetchone()[0]
    except sqlite3.OperationalError:
        return 0  # not created yet


def _check_whole(index: Path) -> int:
    """The index opens, is intact, and every document has all its rows; returns the count
    (0 when the add was killed before it created the index: no file is left then)."""
    if not index.exists():
        return 0
    assert _run("index", "stats", str(index))[0] == 0
    with sqlite3.connect(index) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        documents = db.execute("SELECT count(*) FROM documents").fetchone()[0]
        for table in ("prepared", "signatures"):
            assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == documents
        for table in ("bands", "anchors"):
            orphans = db.execute(
                f"SELECT count(*) FROM {table} WHERE doc NOT IN (SELECT doc FROM documents)"
            ).fetchone()[0]
            assert orphans == 0
        with_bands = db.execute("SELECT count(DISTINCT doc) FROM bands").fetchone()[0]
        assert with_bands == documents
    return documents


def _dump(index: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(index) as db:
        rows: list[tuple[object, ...]] = []
        rows += db.execute("SELECT id, digest, metadata FROM documents ORDER BY id").fetchall()
        rows += db.execute(
            "SELECT d.id, b.key FROM bands b JOIN documents d USING (doc) ORDER BY 1, 2"
        ).fetchall()
        rows += db.execute(
            "SELECT d.id, a.anchor FROM anchors a JOIN documents d USING (doc) ORDER BY 1, 2"
        ).fetchall()
        return rows


def test_add_killed_at_several_points_resumes_to_the_same_index(tmp_path: Path) -> None:
    folder = _many_documents(tmp_path, 160)
    whole = tmp_path / "whole.db"
    subprocess.run(_add_command(whole, folder), check=True, capture_output=True)
    index = tmp_path / "killed.db"
    seen = []
    for kill_after in (0, 1, 40, 100):
        process = subprocess.Popen(_add_command(index, folder), stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while _documents(index) < kill_after and process.poll() is None:
            assert time.monotonic() < deadline
            time.sleep(0.02)
        if kill_after == 0:
            time.sleep(0.5)  # while it starts: before, or during, its first transaction
        process.send_signal(signal.SIGKILL)
        process.wait()
        seen.append(_check_whole(index))
    assert seen == sorted(seen) and seen[-1] < 160, "each kill left whole documents only"
    finished = subprocess.run(_add_command(index, folder), check=True, capture_output=True,
                              text=True)
    assert f"{160 - seen[-1]} documents indexed (0 replaced), {seen[-1]} unchanged" in finished.stdout
    assert _check_whole(index) == 160
    assert _dump(index) == _dump(whole)


def test_two_adds_at_once_both_complete(tmp_path: Path) -> None:
    write_corpus(tmp_path)
    many = _many_documents(tmp_path, 64)
    index = tmp_path / "corpus.db"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    first = subprocess.Popen(_add_command(index, many), env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    second = subprocess.Popen(_add_command(index, tmp_path / "stories"), env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    outputs = [p.communicate(timeout=300) for p in (first, second)]
    assert [p.returncode for p in (first, second)] == [0, 0], outputs
    assert _check_whole(index) == 64 + 6


def test_a_scan_runs_while_an_add_is_in_progress(tmp_path: Path) -> None:
    write_corpus(tmp_path)
    index = tmp_path / "corpus.db"
    assert _run("index", "add", str(index), str(tmp_path / "stories"), "--workers", "1")[0] == 0
    many = _many_documents(tmp_path, 200)
    adding = subprocess.Popen(_add_command(index, many), stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while _documents(index) <= 6:  # the scan starts once the add has written a batch
        assert adding.poll() is None and time.monotonic() < deadline, "the add ended too soon"
        time.sleep(0.02)
    suspect = tmp_path / "copy.txt"
    suspect.write_text(COPY_SUSPECT, encoding="utf-8")
    scanned = subprocess.run(
        [sys.executable, "-m", "sourcetrace", "scan", str(index), str(suspect), "--format",
         "jsonl", "--workers", "1"], capture_output=True, text=True, timeout=300,
    )
    assert adding.wait(timeout=300) == 0
    assert scanned.returncode == 0, scanned.stderr
    record = json.loads(scanned.stdout)
    assert record["sources"][0]["id"] == "orchard.txt"
    assert _check_whole(index) == 6 + 200
