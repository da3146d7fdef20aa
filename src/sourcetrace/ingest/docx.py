"""Read the text of a Word document (``.docx``) with python-docx.

The body is read in document order: each paragraph (headings included) is a paragraph of the
text, and each table row is one paragraph with its cells separated by a tab. Empty paragraphs
are skipped. Footnotes (``word/footnotes.xml``, which python-docx does not read) follow the body,
one paragraph each, in the order of their numbers; the reference marks in the body are numbers
Word draws, not text, so they are not in the text. Page headers and footers are separate parts
of the file and are left out: they are furniture.

The document's text is the result, paragraphs separated by a blank line; offsets index it
(``text_source == "extracted"``).
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator

import docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from lxml import etree

from sourcetrace.errors import UnreadableInput
from sourcetrace.model import Document

_FOOTNOTES_PART = "/word/footnotes.xml"
# The most the file's parts may unpack to, all of them and its XML: a ZIP bomb (a small file
# whose parts unpack to gigabytes) is refused before anything is unpacked. A book-length
# document is a few MB of XML, and python-docx reads about 0.3 MB of it a second.
MAX_UNPACKED_BYTES = 250_000_000
MAX_UNPACKED_XML_BYTES = 20_000_000
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(data: bytes, name: str) -> Document:
    """Extract the paragraphs, tables and footnotes of a Word document.

    Args:
        data: The bytes of the ``.docx`` file.
        name: The document's name.

    Returns:
        The document, with ``format == "docx"`` and ``text_source == "extracted"``; ``metadata``
        holds the title, author and date the file's properties declare.

    Raises:
        UnreadableInput: The data is not a Word document, it holds no text, or it unpacks to
            more than :data:`MAX_UNPACKED_BYTES` (:data:`MAX_UNPACKED_XML_BYTES` of XML).
    """
    _check_unpacked_size(data, name)
    try:
        word = docx.Document(io.BytesIO(data))
        body = list(_body_paragraphs(word))
        footnotes = list(_footnotes(word))
    # A damaged archive fails in zlib (a corrupt stream), as EOFError (one cut short) or
    # NotImplementedError (an unknown compression method), not only as BadZipFile.
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, etree.XMLSyntaxError,
            zlib.error, EOFError, NotImplementedError):
        raise UnreadableInput(f"{name}: not a readable Word document (.docx)") from None
    if not body and not footnotes:
        raise UnreadableInput(f"{name}: the Word document holds no text")
    notes = (f"footnotes follow the body text ({len(footnotes)})",) if footnotes else ()
    return Document(
        name=name,
        text="\n\n".join(body + footnotes),
        encoding="utf-8",
        notes=notes,
        format="docx",
        text_source="extracted",
        metadata=_metadata(word),
    )


def _check_unpacked_size(data: bytes, name: str) -> None:
    """Refuse a file whose parts declare more than the limits unpacked (zipfile stops reading a
    part at its declared size, so the declarations bound what is read)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError):
        raise UnreadableInput(f"{name}: not a readable Word document (.docx)") from None
    xml = sum(p.file_size for p in parts if p.filename.endswith((".xml", ".rels")))
    for size, limit, what in (
        (sum(p.file_size for p in parts), MAX_UNPACKED_BYTES, ""),
        (xml, MAX_UNPACKED_XML_BYTES, " of XML"),
    ):
        if size > limit:
            raise UnreadableInput(
                f"{name}: the Word document unpacks to {size:,} bytes{what}, over the {limit:,}"
                " byte limit (a ZIP bomb?)"
            )


def _body_paragraphs(word: docx.document.Document) -> Iterator[str]:
    for block in word.iter_inner_content():
        if isinstance(block, Table):
            yield from _table_rows(block)
        elif block.text.strip():
            yield block.text.strip()


def _table_rows(table: Table) -> Iterator[str]:
    for row in table.rows:
        cells = [cell.text.strip() for cell in row.cells]
        if any(cells):
            yield "\t".join(cells)


def _footnotes(word: docx.document.Document) -> Iterator[str]:
    """The text of each real footnote (not Word's separator notes), one string per footnote."""
    part = next(
        (p for p in word.part.package.iter_parts() if p.partname == _FOOTNOTES_PART), None
    )
    if part is None:
        return
    root = etree.fromstring(part.blob)
    for footnote in root.iter(f"{_W}footnote"):
        if footnote.get(f"{_W}type") in ("separator", "continuationSeparator"):
            continue
        paragraphs = (
            "".join(t.text or "" for t in p.iter(f"{_W}t")).strip()
            for p in footnote.iter(f"{_W}p")
        )
        text = " ".join(p for p in paragraphs if p)
        if text:
            yield text


def _metadata(word: docx.document.Document) -> dict[str, str]:
    properties = word.core_properties
    values = {
        "title": properties.title,
        "author": properties.author,
        "date": properties.created.date().isoformat() if properties.created else "",
    }
    return {key: value for key, value in values.items() if value}
