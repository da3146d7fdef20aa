"""Read the main text of a web page (``.html``, ``.htm``, a fetched URL) with trafilatura.

trafilatura keeps the article and drops the page around it: navigation, cookie banners, ads,
share bars, "most read" boxes and reader comments (``include_comments=False``), preferring to
leave out a doubtful block rather than let furniture in (``favor_precision=True``).

The document's text is the extracted text, one block (paragraph, heading, list item, table row)
per paragraph, paragraphs separated by a blank line; offsets index that text
(``text_source == "extracted"``), which ``compare --save-text`` writes out so they can be checked.
The title, author, date, site name and canonical URL the page declares go into ``metadata``.
"""

from __future__ import annotations

import re

import trafilatura

from sourcetrace.errors import UnreadableInput
from sourcetrace.ingest.text import decode
from sourcetrace.model import Document

# A charset the page declares near its start (<meta charset="..."> or http-equiv).
_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.I)
_METADATA_FIELDS = ("title", "author", "date", "sitename", "url")
# Below this many words, what trafilatura's fallback extractors return from a page without an
# article is a menu item or an "Advertisement" label, not a main text.
_MIN_WORDS = 10


def read_html(data: bytes, name: str, *, url: str | None = None) -> Document:
    """Extract a web page's main text and metadata.

    Args:
        data: The bytes of the page.
        name: The document's name.
        url: Where the page was fetched from, if it was; recorded as ``metadata["url"]`` when
            the page names no canonical URL.

    Returns:
        The document, with ``format == "html"`` and ``text_source == "extracted"``.

    Raises:
        UnreadableInput: The page cannot be decoded or has no main text.
    """
    page, encoding, notes = _decode_page(data, name)
    extracted = trafilatura.bare_extraction(
        page,
        url=url,
        include_comments=False,
        favor_precision=True,
        include_tables=True,
        with_metadata=True,
    )
    blocks = _blocks(extracted.text if extracted is not None else "")
    if sum(len(block.split()) for block in blocks) < _MIN_WORDS:
        raise UnreadableInput(f"{name}: no main text found in the HTML page")
    metadata = _metadata(extracted, url)
    return Document(
        name=name,
        text="\n\n".join(blocks),
        encoding=encoding,
        notes=notes,
        format="html",
        text_source="extracted",
        metadata=metadata,
    )


def _decode_page(data: bytes, name: str) -> tuple[str, str, tuple[str, ...]]:
    """Decode the page in the charset it declares, or else as any text file is decoded."""
    declared = _DECLARED_CHARSET.search(data[:4096])
    if declared is not None:
        charset = declared.group(1).decode("ascii").lower()
        try:
            return data.decode(charset), charset, ()
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common: fall back to detection
    document = decode(data, name)
    return document.text, document.encoding, document.notes


def _blocks(text: str) -> list[str]:
    """The non-blank lines of trafilatura's text, one block each, without edge whitespace."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def _metadata(extracted: object, url: str | None) -> dict[str, str]:
    metadata = {
        field: str(value)
        for field in _METADATA_FIELDS
        if (value := getattr(extracted, field, None))
    }
    if url is not None:
        metadata.setdefault("url", url)
    return metadata
