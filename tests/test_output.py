"""Output files (``sourcetrace.output``): atomic writes, never over an input, saved texts."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from sourcetrace import output
from sourcetrace.errors import InvalidOption
from sourcetrace.output import refuse_input_paths, save_texts, write_atomic

REPORT = "Verdict: rewrite. The harbour board’s repairs cost €3.5 million, not €3 million.\n"


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_write_atomic_writes_utf8_and_leaves_nothing_else(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    write_atomic(path, REPORT)
    assert path.read_bytes() == REPORT.encode("utf-8")
    assert _names(tmp_path) == ["report.txt"]
    # an ordinary output file, not the private mode of a temporary one
    assert stat.S_IMODE(path.stat().st_mode) == 0o644


def test_write_atomic_replaces_a_file(tmp_path: Path) -> None:
    path = tmp_path / "report.txt"
    path.write_text("an older report\n", encoding="utf-8")
    write_atomic(str(path), REPORT)
    assert path.read_text(encoding="utf-8") == REPORT
    assert _names(tmp_path) == ["report.txt"]


def test_a_failed_write_keeps_the_old_file_and_removes_the_temporary_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "report.txt"
    path.write_text("an older report\n", encoding="utf-8")

    def full_disk(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output.os, "replace", full_disk)
    with pytest.raises(InvalidOption) as caught:
        write_atomic(path, REPORT)
    assert str(caught.value) == f"cannot write {path}: no space left on device"
    assert path.read_text(encoding="utf-8") == "an older report\n"
    assert _names(tmp_path) == ["report.txt"]


def test_an_interrupted_write_removes_the_temporary_file_and_goes_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(src: str, dst: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(output.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(tmp_path / "report.txt", REPORT)
    assert _names(tmp_path) == []


def test_write_atomic_errors_name_the_path_and_the_reason(tmp_path: Path) -> None:
    missing = tmp_path / "missing" / "report.txt"
    with pytest.raises(InvalidOption) as caught:
        write_atomic(missing, REPORT)
    assert str(caught.value) == f"cannot write {missing}: its folder does not exist"
    with pytest.raises(InvalidOption) as caught:
        write_atomic(tmp_path, REPORT)
    assert str(caught.value) == f"cannot write {tmp_path}: is a directory"
    a_file = tmp_path / "notes.txt"
    a_file.write_text("notes\n", encoding="utf-8")
    with pytest.raises(InvalidOption) as caught:
        write_atomic(a_file / "report.txt", REPORT)
    assert str(caught.value) == f"cannot write {a_file / 'report.txt'}: not a directory"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes anywhere")
def test_write_atomic_into_a_read_only_folder(tmp_path: Path) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        with pytest.raises(InvalidOption) as caught:
            write_atomic(folder / "report.txt", REPORT)
    finally:
        folder.chmod(0o755)
    assert str(caught.value) == f"cannot write {folder / 'report.txt'}: permission denied"


def test_an_input_path_is_refused_however_it_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "texts").mkdir()
    original = tmp_path / "texts" / "original.txt"
    original.write_text("The harbour wall will be repaired.\n", encoding="utf-8")
    link = tmp_path / "latest.txt"
    link.symlink_to(original)
    for output_path in (original, "texts/original.txt", "texts/../texts/original.txt", link):
        with pytest.raises(InvalidOption) as caught:
            refuse_input_paths(output_path, ["-", "texts/original.txt"])
        assert str(caught.value) == "refusing to overwrite the input file texts/original.txt"
    # Other paths, and standard input, are fine.
    refuse_input_paths("texts/report.txt", ["-", "texts/original.txt"])
    refuse_input_paths("-", ["-"])


def test_an_input_that_does_not_exist_yet_is_refused_by_where_its_path_leads(tmp_path: Path) -> None:
    planned = tmp_path / "derived.txt"
    with pytest.raises(InvalidOption):
        refuse_input_paths(tmp_path / "." / "derived.txt", [str(planned)])
    refuse_input_paths(tmp_path / "other.txt", [str(planned)])


def test_save_texts_creates_the_folder_and_writes_each_text(tmp_path: Path) -> None:
    folder = tmp_path / "out" / "texts"
    texts = {"original": "Één zin.\n", "derived": "One sentence.\r\nAnother.\n"}
    written = save_texts(folder, texts, ["original.html", "-"])
    assert written == [folder / "original.txt", folder / "derived.txt"]
    # exactly the texts the offsets index: UTF-8, line breaks as they were
    assert [p.read_bytes() for p in written] == [t.encode("utf-8") for t in texts.values()]
    assert _names(folder) == ["derived.txt", "original.txt"]
    # Saving again replaces them.
    save_texts(str(folder), {"original": "Two.\n", "derived": "Three.\n"}, [])
    assert (folder / "original.txt").read_text(encoding="utf-8") == "Two.\n"


def test_save_texts_never_overwrites_an_input(tmp_path: Path) -> None:
    derived = tmp_path / "derived.txt"
    derived.write_text("The copy as the user gave it.\n", encoding="utf-8")
    with pytest.raises(InvalidOption) as caught:
        save_texts(tmp_path, {"original": "x\n", "derived": "y\n"}, ["page.html", str(derived)])
    assert str(caught.value) == f"refusing to overwrite the input file {derived}"
    assert derived.read_text(encoding="utf-8") == "The copy as the user gave it.\n"


def test_save_texts_into_a_file_is_an_error(tmp_path: Path) -> None:
    a_file = tmp_path / "texts"
    a_file.write_text("not a folder\n", encoding="utf-8")
    with pytest.raises(InvalidOption) as caught:
        save_texts(a_file, {"original": "x\n"}, [])
    assert str(caught.value) == f"cannot write {a_file}: file exists"
    assert a_file.read_text(encoding="utf-8") == "not a folder\n"
