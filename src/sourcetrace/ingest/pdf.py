"""Read the text layer of a PDF (a print edition, a press release) with pdfminer.six.

pdfminer groups characters into lines and lines into text boxes. This reader puts the boxes of
each page in reading order, drops the page furniture a PDF repeats on every page, and mends the
line breaks of typeset text:

* **Columns.** A box that lies in the left or right half of the page belongs to that column;
  a box across the middle (a headline, a full-width paragraph) separates bands. Within a band
  the left column is read top to bottom, then the right one.
* **Headers, footers, page numbers.** A box in the top or bottom margin band of a page is
  dropped when it is a page number ("3", "Page 3 of 8", "- 3 -") or when the same text, with its
  digits ignored, sits in a margin band of at least two pages. ``notes`` counts them.
* **Line ends.** The lines of a box are joined with a space; a line ending in a hyphen after a
  letter, followed by a line starting with a lowercase letter, is joined without the hyphen
  ("fisher-" + "men" is "fishermen"). A box that ends mid-sentence (no closing punctuation) is
  continued by the next box in the same font size, across columns and pages.

The document's text is the result, paragraphs separated by a blank line; offsets index it
(``text_source == "extracted"``).
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from pdfminer.high_level import extract_pages
from pdfminer.layout import LAParams, LTChar, LTPage, LTTextBox, LTTextLine
from pdfminer.pdfdocument import PDFEncryptionError, PDFTextExtractionNotAllowed
from pdfminer.psexceptions import PSException

from sourcetrace.errors import UnreadableInput
from sourcetrace.model import Document

# Share of the page height, at the top and at the bottom, where running heads and folios sit.
_MARGIN_BAND = 0.1
# Slack (in points) for a column box that pokes a little over the middle of the page.
_GUTTER_SLACK = 6.0
_PAGE_NUMBER = re.compile(r"^[\s\-–—]*(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?[\s\-–—]*$", re.I)
_SENTENCE_END = tuple(".!?:;\"”’)»")


@dataclass(frozen=True)
class _Box:
    """A text box of one page, with its lines' text and where it lies."""

    page: int
    lines: tuple[str, ...]
    x0: float
    x1: float
    top: float
    font_size: float
    in_margin: bool


def read_pdf(data: bytes, name: str) -> Document:
    """Extract the text of a PDF in reading order, without its running heads and folios.

    Args:
        data: The bytes of the PDF.
        name: The document's name.

    Returns:
        The document, with ``format == "pdf"`` and ``text_source == "extracted"``.

    Raises:
        UnreadableInput: The PDF is corrupt, password-protected, or has no text layer.
    """
    boxes = list(_boxes(data, name))
    furniture = _furniture(boxes)
    body = [box for box in boxes if box not in furniture]
    paragraphs = _paragraphs(body)
    if not paragraphs:
        raise UnreadableInput(
            f"{name}: the PDF has no text layer (a scanned document?); run OCR on it first"
        )
    notes = (f"dropped {len(furniture)} page headers, footers and page numbers",) if furniture else ()
    return Document(
        name=name,
        text="\n\n".join(paragraphs),
        encoding="utf-8",
        notes=notes,
        format="pdf",
        text_source="extracted",
    )


def _boxes(data: bytes, name: str) -> Iterator[_Box]:
    """The text boxes of every page, each page's in reading order."""
    try:
        for number, page in enumerate(extract_pages(io.BytesIO(data), laparams=LAParams())):
            yield from _in_reading_order(_page_boxes(page, number), page.width)
    except PDFTextExtractionNotAllowed:
        raise UnreadableInput(f"{name}: the PDF does not allow text extraction") from None
    except PDFEncryptionError:
        raise UnreadableInput(f"{name}: the PDF is password-protected") from None
    except (PSException, ValueError, KeyError, TypeError, AssertionError):
        # pdfminer signals a damaged file with whatever exception its parser hits first.
        raise UnreadableInput(f"{name}: not a readable PDF (damaged or truncated)") from None


def _page_boxes(page: LTPage, number: int) -> Iterator[_Box]:
    band = page.height * _MARGIN_BAND
    for element in page:
        if not isinstance(element, LTTextBox):
            continue
        lines = tuple(
            line.get_text().strip()
            for line in element
            if isinstance(line, LTTextLine) and line.get_text().strip()
        )
        if lines:
            yield _Box(
                page=number,
                lines=lines,
                x0=element.x0,
                x1=element.x1,
                top=page.height - element.y1,
                font_size=_font_size(element),
                in_margin=element.y0 > page.height - band or element.y1 < band,
            )


def _font_size(box: LTTextBox) -> float:
    """The most common character size in a box, rounded to half a point."""
    sizes = Counter(
        round(char.size * 2) / 2
        for line in box
        if isinstance(line, LTTextLine)
        for char in line
        if isinstance(char, LTChar)
    )
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _in_reading_order(boxes: Iterable[_Box], width: float) -> list[_Box]:
    """Boxes sorted by band, then column, then from the top; a full-width box is its own band."""
    middle = width / 2
    keyed: list[tuple[tuple[int, int, float], _Box]] = []
    band = 0
    for box in sorted(boxes, key=lambda box: box.top):
        column = _column(box, middle)
        if column is None:
            keyed.append(((band + 1, 0, box.top), box))
            band += 2
        else:
            keyed.append(((band, column, box.top), box))
    return [box for _, box in sorted(keyed, key=lambda pair: pair[0])]


def _column(box: _Box, middle: float) -> int | None:
    """0 for a box in the left half of the page, 1 for the right half, None across the middle."""
    if box.x1 <= middle + _GUTTER_SLACK:
        return 0
    if box.x0 >= middle - _GUTTER_SLACK:
        return 1
    return None


def _furniture(boxes: list[_Box]) -> set[_Box]:
    """Margin boxes that are page numbers, or repeat (digits aside) on two pages or more."""
    pages_by_text: dict[str, set[int]] = {}
    for box in boxes:
        if box.in_margin:
            pages_by_text.setdefault(_without_digits(box), set()).add(box.page)
    return {
        box
        for box in boxes
        if box.in_margin
        and (
            _PAGE_NUMBER.match(" ".join(box.lines))
            or len(pages_by_text[_without_digits(box)]) >= 2
        )
    }


def _without_digits(box: _Box) -> str:
    return re.sub(r"\d+", "#", " ".join(box.lines).casefold())


def _paragraphs(boxes: list[_Box]) -> list[str]:
    """The boxes' text, a paragraph per box, continued across boxes that end mid-sentence."""
    paragraphs: list[str] = []
    previous: _Box | None = None
    for box in boxes:
        text = _join_lines(box.lines)
        if previous is not None and _continues(previous, box, paragraphs[-1]):
            paragraphs[-1] = _join_lines((paragraphs[-1], text))
        else:
            paragraphs.append(text)
        previous = box
    return paragraphs


def _continues(previous: _Box, box: _Box, paragraph: str) -> bool:
    return previous.font_size == box.font_size and not paragraph.endswith(_SENTENCE_END)


def _join_lines(lines: Iterable[str]) -> str:
    """Join typeset lines with spaces, undoing hyphenation at line ends."""
    text = ""
    for line in lines:
        if not text:
            text = line
        elif _hyphenated(text, line):
            text = text[:-1] + line
        else:
            text = f"{text} {line}"
    return text


def _hyphenated(text: str, line: str) -> bool:
    return len(text) >= 2 and text[-1] == "-" and text[-2].isalpha() and line[:1].islower()
