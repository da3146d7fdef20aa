"""``read_bytes``: an input already in memory (an upload) read as a file of that name would be."""

from __future__ import annotations

import pytest

from sourcetrace.errors import InputTooLarge, InvalidOption, UnreadableInput
from sourcetrace.ingest import read_bytes

PAGE = (
    b"<!DOCTYPE html><html><head><title>Quay closes</title></head><body><article>"
    b"<p>Kelsby's north quay will close to boats and pedestrians from Monday while "
    b"contractors repair a section of the harbour wall damaged in the February storms.</p>"
    b"<p>The work is expected to take six weeks and will cost about 420,000 pounds.</p>"
    b"</article></body></html>"
)


def test_the_name_extension_and_the_bytes_choose_the_format() -> None:
    markdown = read_bytes(b"# Quay\n\nThe quay closes on Monday.\n", "notes.md")
    assert markdown.format == "markdown" and markdown.name == "notes.md"
    page = read_bytes(PAGE, "upload")  # no extension: the bytes say HTML
    assert page.format == "html" and page.text_source == "extracted"
    assert "north quay will close" in page.text
    legacy = read_bytes("Café opposite the quay.\n".encode("cp1252"), "cafe.txt")
    assert legacy.text == "Café opposite the quay.\n" and legacy.encoding == "cp1252"


def test_a_forced_format_wins_and_nothing_is_opened() -> None:
    as_text = read_bytes(PAGE, "/etc/passwd", input_format="text")
    assert as_text.text == PAGE.decode("utf-8") and as_text.name == "/etc/passwd"


def test_limits_and_errors_name_the_input() -> None:
    with pytest.raises(InputTooLarge, match=r"^big\.txt: 11 B is over the 10 B limit$"):
        read_bytes(b"x" * 11, "big.txt", max_bytes=10)
    with pytest.raises(UnreadableInput, match=r"^scan\.pdf: "):
        read_bytes(b"%PDF-1.4 not really", "scan.pdf")
    with pytest.raises(InvalidOption, match="unknown input format 'rtf'"):
        read_bytes(b"text", "a.rtf", input_format="rtf")
