"""Tests for the readers of each input format, format sniffing, JSONL and directories.

The fixtures are built by the tests (``newsroom_fixtures``): for each format the article must
come out whole and none of the page furniture may reach the text.
"""

from __future__ import annotations

import codecs
import io
import zipfile
from pathlib import Path

import pytest

from newsroom_fixtures import (
    ARTICLE,
    FOOTNOTE,
    HEADLINE,
    HTML_FURNITURE,
    PDF_RUNNING_HEAD,
    news_page_html,
    print_edition_pdf,
    word_document,
)
from sourcetrace.errors import EmptyDocument, InvalidOption, UnreadableInput
from sourcetrace.ingest import read_document, read_documents
from sourcetrace.ingest.text import MOJIBAKE_NOTE


def write(tmp_path: Path, filename: str, data: bytes) -> Path:
    path = tmp_path / filename
    path.write_bytes(data)
    return path


def assert_article_whole(text: str) -> None:
    for paragraph in ARTICLE:
        assert paragraph in text


# --- HTML ----------------------------------------------------------------------------------


def test_html_page_gives_the_article_and_no_furniture(tmp_path: Path) -> None:
    document = read_document(write(tmp_path, "page.html", news_page_html()))
    assert_article_whole(document.text)
    for furniture in HTML_FURNITURE:
        assert furniture not in document.text
    assert document.text.startswith(HEADLINE)
    assert (document.format, document.text_source) == ("html", "extracted")
    assert document.metadata == {"title": HEADLINE, "author": "Jane Doe", "date": "2025-03-04"}


def test_html_paragraphs_are_separated_by_blank_lines(tmp_path: Path) -> None:
    text = read_document(write(tmp_path, "page.htm", news_page_html())).text
    assert text.split("\n\n") == [HEADLINE, *ARTICLE]


def test_html_is_sniffed_from_standard_input() -> None:
    document = read_document("-", stdin=io.BytesIO(news_page_html()))
    assert document.format == "html"
    assert_article_whole(document.text)


def test_html_in_a_legacy_charset_is_decoded_as_declared(tmp_path: Path) -> None:
    page = news_page_html().decode().replace('charset="utf-8"', 'charset="windows-1252"')
    page = page.replace("Tom Baird", "Tom Bairð’s friend Zoë")
    document = read_document(write(tmp_path, "page.html", page.encode("cp1252")))
    assert "Tom Bairð’s friend Zoë" in document.text
    assert document.encoding == "windows-1252"


def test_html_without_main_text_is_refused(tmp_path: Path) -> None:
    page = b"<!DOCTYPE html><html><body><nav><a href='/'>Home</a></nav></body></html>"
    path = write(tmp_path, "empty.html", page)
    with pytest.raises(UnreadableInput) as caught:
        read_document(path)
    assert str(caught.value) == f"{path}: no main text found in the HTML page"


# --- PDF -----------------------------------------------------------------------------------


def test_pdf_two_columns_hyphenation_and_page_furniture(tmp_path: Path) -> None:
    document = read_document(write(tmp_path, "print.pdf", print_edition_pdf()))
    # Read column by column, page by page; "fisher-/men's" is one word again; the sentence
    # broken across the columns ("said Tom / Baird") is one paragraph.
    assert document.text.split("\n\n") == list(ARTICLE)
    assert PDF_RUNNING_HEAD.split()[0] not in document.text
    assert (document.format, document.text_source) == ("pdf", "extracted")
    assert document.notes == ("dropped 4 page headers, footers and page numbers",)


def test_pdf_is_sniffed_whatever_its_name(tmp_path: Path) -> None:
    document = read_document(write(tmp_path, "download", print_edition_pdf()))
    assert document.format == "pdf"


def test_corrupt_pdf_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "broken.pdf", print_edition_pdf()[:300])
    with pytest.raises(UnreadableInput) as caught:
        read_document(path)
    assert str(caught.value) == f"{path}: not a readable PDF (damaged or truncated)"


def test_password_protected_pdf_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "locked.pdf", print_edition_pdf(password="harbour"))
    with pytest.raises(UnreadableInput) as caught:
        read_document(path)
    assert str(caught.value) == f"{path}: the PDF is password-protected"


# --- DOCX ----------------------------------------------------------------------------------


def test_docx_heading_paragraphs_table_and_footnote(tmp_path: Path) -> None:
    document = read_document(write(tmp_path, "partner.docx", word_document()))
    assert document.text.split("\n\n") == [
        HEADLINE,
        ARTICLE[0],
        ARTICLE[1],
        "Vessel\tYearly fee",
        "Trawler\t9,600 pounds",
        "Yacht\t3,100 pounds",
        ARTICLE[2],
        ARTICLE[3],
        FOOTNOTE,
    ]
    assert (document.format, document.text_source) == ("docx", "extracted")
    assert document.notes == ("footnotes follow the body text (1)",)


def test_zip_that_is_not_a_docx_is_refused(tmp_path: Path) -> None:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as target:
        target.writestr("photos/harbour.txt", "not a Word document")
    path = write(tmp_path, "photos.zip", archive.getvalue())
    with pytest.raises(UnreadableInput) as caught:
        read_document(path)
    assert str(caught.value) == f"{path}: not a readable Word document (.docx)"


# --- encodings -----------------------------------------------------------------------------


def test_cp1252_text_comes_out_whole(tmp_path: Path) -> None:
    text = "\r\n\r\n".join(p.replace("We were", "“We were").replace("consulted,", "consulted,”") for p in ARTICLE)
    document = read_document(write(tmp_path, "story.txt", text.encode("cp1252")))
    assert document.text == text
    assert document.encoding == "cp1252"


def test_utf16_text_comes_out_whole(tmp_path: Path) -> None:
    text = "\n\n".join(ARTICLE) + "\nZoë Müller, 43, runs the café by the quay ☕.\n"
    document = read_document(write(tmp_path, "story.txt", codecs.BOM_UTF16_LE + text.encode("utf-16-le")))
    assert document.text == text
    assert document.encoding == "utf-16-le"


def test_mojibake_is_repaired_with_a_note(tmp_path: Path) -> None:
    # (No closing quote: its last UTF-8 byte, 0x9D, is undefined in cp1252.)
    clean = "The mayor’s office said no — twice — and the café stayed shut.\n"
    garbled = clean.encode("utf-8").decode("cp1252").encode("utf-8")
    assert b"\xc3\xa2\xe2\x82\xac\xe2\x84\xa2" in garbled  # "â€™"
    document = read_document(write(tmp_path, "story.txt", garbled))
    assert document.text == clean
    assert document.notes == (MOJIBAKE_NOTE,)


def test_clean_text_gets_no_repair_note(tmp_path: Path) -> None:
    text = "Café owners said “no” to the €5 levy. Ærø, façade, naïve.\n"
    document = read_document(write(tmp_path, "story.md", text.encode()))
    assert (document.text, document.notes, document.format) == (text, (), "markdown")


# --- JSONL and directories -----------------------------------------------------------------

JSONL = (
    b'{"id": "a1", "text": "The harbour board voted on Tuesday.", "section": "local", "words": 6}\n'
    b"\n"
    b'{"id": 2, "text": "Fishermen said the rise would cost them dearly.", "tags": ["x"]}\n'
)


def test_jsonl_yields_one_document_per_line(tmp_path: Path) -> None:
    path = write(tmp_path, "export.jsonl", JSONL)
    documents = list(read_documents(path))
    assert [d.name for d in documents] == [f"{path}#a1", f"{path}#2"]
    assert documents[0].text == "The harbour board voted on Tuesday."
    assert documents[0].metadata == {"section": "local", "words": "6"}
    assert documents[1].metadata == {}
    assert {d.format for d in documents} == {"jsonl"}


def test_jsonl_for_compare_must_hold_one_document(tmp_path: Path) -> None:
    path = write(tmp_path, "export.jsonl", JSONL)
    with pytest.raises(UnreadableInput) as caught:
        read_document(path)
    assert "holds more than one document" in str(caught.value)
    single = write(tmp_path, "one.jsonl", JSONL.splitlines()[0] + b"\n")
    assert read_document(single).name == f"{single}#a1"


def test_jsonl_is_sniffed_from_its_content() -> None:
    document = read_document("-", stdin=io.BytesIO(JSONL.splitlines()[2]))
    assert (document.name, document.format) == ("<stdin>#2", "jsonl")


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (b'{"id": "x"}', 'export.jsonl:1: the object needs a "text" string'),
        (b'{"text": "Hello."}', 'export.jsonl:1: the object needs an "id" (a string or an integer)'),
        (b"[1, 2]", "export.jsonl:1: each line must be a JSON object with id and text"),
        (b'{"id": 1, "text": "A."', "export.jsonl:1: not valid JSON (Expecting ',' delimiter)"),
    ],
)
def test_bad_jsonl_lines(tmp_path: Path, line: bytes, message: str) -> None:
    write(tmp_path, "export.jsonl", line)
    with pytest.raises(UnreadableInput) as caught:
        list(read_documents(tmp_path / "export.jsonl"))
    assert str(caught.value) == f"{tmp_path}/{message}"


def test_empty_jsonl_text_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "export.jsonl", b'{"id": 7, "text": "  "}')
    with pytest.raises(EmptyDocument):
        read_document(path)


def test_directory_yields_every_file_in_path_order(tmp_path: Path) -> None:
    write(tmp_path, "b-story.txt", b"The board voted on Tuesday.")
    (tmp_path / "a-folder").mkdir()
    write(tmp_path / "a-folder", "page.html", news_page_html())
    write(tmp_path, "c-export.jsonl", JSONL)
    write(tmp_path, ".hidden.txt", b"Not to be read.")
    documents = list(read_documents(tmp_path))
    assert [(Path(d.name).name, d.format) for d in documents] == [
        ("page.html", "html"),
        ("b-story.txt", "text"),
        ("c-export.jsonl#a1", "jsonl"),
        ("c-export.jsonl#2", "jsonl"),
    ]


def test_a_directory_is_still_not_one_document(tmp_path: Path) -> None:
    with pytest.raises(UnreadableInput):
        read_document(tmp_path)


def test_forced_input_format(tmp_path: Path) -> None:
    path = write(tmp_path, "page.html", news_page_html())
    document = read_document(path, input_format="text")
    assert document.text == news_page_html().decode()
    with pytest.raises(InvalidOption) as caught:
        read_document(path, input_format="rtf")
    assert str(caught.value).startswith("unknown input format 'rtf'; expected one of: text,")
