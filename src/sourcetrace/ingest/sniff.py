"""Choose an input's format from its first bytes, its file extension, then its content.

In order (``--input-format`` overrides all of it):

1. Magic numbers: ``%PDF`` is a PDF, a ZIP archive (``PK\\x03\\x04``) is taken for a Word
   document, whatever the file is called, since a download often loses its extension.
2. The extension: ``.txt``, ``.md``/``.markdown``, ``.html``/``.htm``/``.xhtml``, ``.pdf``,
   ``.docx``, ``.jsonl``/``.ndjson``.
3. The content of anything else (standard input, ``.text``, no extension): an HTML document
   type or ``<html`` tag at the start is HTML; a first line that is a JSON object with a
   ``"text"`` string is JSON Lines; otherwise it is plain text.
"""

from __future__ import annotations

import json
import os
import re

INPUT_FORMATS = ("text", "markdown", "html", "pdf", "docx", "jsonl")

_EXTENSIONS = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".docx": "docx",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}
_HTML_START = re.compile(
    rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S
)


def sniff_format(data: bytes, path: str | None) -> str:
    """The input format of ``data``, read from ``path`` (None for standard input).

    Returns:
        One of :data:`INPUT_FORMATS`.
    """
    if data.startswith(b"%PDF"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return "docx"
    if path is not None:
        extension = os.path.splitext(path)[1].lower()
        if extension in _EXTENSIONS:
            return _EXTENSIONS[extension]
    if _HTML_START.match(data[:4096]):
        return "html"
    if _looks_like_jsonl(data):
        return "jsonl"
    return "text"


def _looks_like_jsonl(data: bytes) -> bool:
    """Whether the first non-blank line is a JSON object with a ``"text"`` string."""
    if not data.lstrip().startswith(b"{"):
        return False
    first_line = data.lstrip().split(b"\n", 1)[0]
    try:
        record = json.loads(first_line)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return False
    return isinstance(record, dict) and isinstance(record.get("text"), str)
