"""``sourcetrace compare`` on the inputs newsrooms have: HTML, PDF, DOCX, --save-text, errors."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsroom_fixtures import ARTICLE, HEADLINE, news_page_html, print_edition_pdf, word_document
from sourcetrace.cli import cli


def _write(folder: Path, name: str, data: bytes) -> str:
    path = folder / name
    path.write_bytes(data)
    return str(path)


def _compare(*args: str) -> object:
    return CliRunner().invoke(cli, ["compare", *args])


def test_compare_page_html_with_copy_pdf_end_to_end(tmp_path: Path) -> None:
    page = _write(tmp_path, "page.html", news_page_html())
    copy = _write(tmp_path, "copy.pdf", print_edition_pdf())
    result = _compare(page, copy, "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    original, derived = report["original"], report["derived"]
    assert (original["format"], original["text_source"]) == ("html", "extracted")
    assert (derived["format"], derived["text_source"]) == ("pdf", "extracted")
    assert original["metadata"]["author"] == "Jane Doe"
    assert derived["text"].split("\n\n") == list(ARTICLE)
    # Every article paragraph of the copy is found in the page: the PDF is a copy of it.
    assert report["scores"]["derived_from_original"] == pytest.approx(1.0)
    assert report["passages"]
    for passage in report["passages"]:
        start, end = passage["original"]["start"], passage["original"]["end"]
        assert original["text"][start:end].strip()


def test_save_text_writes_the_texts_the_offsets_index(tmp_path: Path) -> None:
    page = _write(tmp_path, "page.html", news_page_html())
    copy = _write(tmp_path, "copy.docx", word_document())
    out = tmp_path / "texts"
    result = _compare(page, copy, "--format", "json", "--save-text", str(out))
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert (out / "original.txt").read_text(encoding="utf-8") == report["original"]["text"]
    assert (out / "derived.txt").read_text(encoding="utf-8") == report["derived"]["text"]
    assert report["original"]["text"].startswith(HEADLINE)


def test_save_text_never_overwrites_an_input(tmp_path: Path) -> None:
    original = _write(tmp_path, "original.txt", "\n\n".join(ARTICLE).encode())
    page = _write(tmp_path, "page.html", news_page_html())
    result = _compare(original, page, "--save-text", str(tmp_path))
    assert result.exit_code == 1
    assert result.output == f"Error: refusing to overwrite the input file {original}\n"
    assert Path(original).read_text() == "\n\n".join(ARTICLE)


def test_input_format_forces_the_reader(tmp_path: Path) -> None:
    page = _write(tmp_path, "page.html", news_page_html())
    result = _compare(page, page, "--format", "json", "--input-format", "text")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["original"]["text"] == news_page_html().decode()


def _not_docx() -> bytes:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as target:
        target.writestr("notes.txt", "harbour fees")
    return archive.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("broken.pdf", print_edition_pdf()[:400], "not a readable PDF (damaged or truncated)"),
        ("locked.pdf", print_edition_pdf(password="harbour"), "the PDF is password-protected"),
        ("notes.docx", _not_docx(), "not a readable Word document (.docx)"),
        (
            "menu.html",
            b"<!DOCTYPE html><html><body><nav><a href='/'>Home</a></nav></body></html>",
            "no main text found in the HTML page",
        ),
    ],
    ids=["corrupt-pdf", "password-pdf", "zip-not-docx", "html-without-text"],
)
def test_unreadable_inputs_give_one_error_line(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    good = _write(tmp_path, "good.txt", "\n\n".join(ARTICLE).encode())
    bad = _write(tmp_path, name, data)
    result = _compare(good, bad)
    assert result.exit_code == 1
    assert result.output == f"Error: {bad}: {message}\n"


def test_unreachable_url_gives_one_error_line(tmp_path: Path) -> None:
    good = _write(tmp_path, "good.txt", "\n\n".join(ARTICLE).encode())
    result = _compare("http://127.0.0.1:9/story.html", good)
    assert result.exit_code == 1
    assert result.output == (
        "Error: http://127.0.0.1:9/story.html: cannot be fetched (connection refused)\n"
    )
