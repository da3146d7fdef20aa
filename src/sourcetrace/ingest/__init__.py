"""Read what newsrooms have into :class:`~sourcetrace.model.Document` objects.

One entry point per use: :func:`read_document` for one input (``compare``),
:func:`read_documents` for inputs that hold many (a directory, a JSON Lines export), as an
iterator, for indexing, and :func:`read_bytes` for data already in memory (an upload to the HTTP
service, which never reads a path a client names). An input is a path, ``"-"`` for standard
input, or an ``http(s)://`` URL.

Its format comes from ``input_format`` when given, else from its bytes and name
(:mod:`sourcetrace.ingest.sniff`). One module reads each format:

* ``text`` and ``markdown``: :mod:`~sourcetrace.ingest.text` (the decoded bytes, exactly;
  Markdown markup stays in the text and is marked as artifacts by
  :func:`~sourcetrace.artifacts.find_artifacts`);
* ``html``: :mod:`~sourcetrace.ingest.html` (trafilatura's main text and metadata);
* ``pdf``: :mod:`~sourcetrace.ingest.pdf` (pdfminer.six, columns, running heads, hyphenation);
* ``docx``: :mod:`~sourcetrace.ingest.docx` (python-docx, tables and footnotes);
* ``jsonl``: :mod:`~sourcetrace.ingest.jsonl` (one document per line);
* URLs: :mod:`~sourcetrace.ingest.url` fetches, then the reader of the content type.

Offsets index ``Document.text``: the decoded file for text and Markdown
(``text_source == "file"``), the extracted text for the others (``"extracted"``).
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable, Iterator
from typing import BinaryIO

from sourcetrace.errors import (
    InputNotFound,
    InputTooLarge,
    InvalidOption,
    UnreadableInput,
)
from sourcetrace.ingest.jsonl import read_jsonl
from sourcetrace.ingest.sniff import INPUT_FORMATS, sniff_format
from sourcetrace.ingest.text import decode, read_text
from sourcetrace.ingest.url import fetch, is_url
from sourcetrace.model import Document

__all__ = [
    "DEFAULT_MAX_BYTES",
    "INPUT_FORMATS",
    "STDIN_NAME",
    "decode",
    "files_under",
    "read_bytes",
    "read_document",
    "read_documents",
]

STDIN_NAME = "<stdin>"
DEFAULT_MAX_BYTES = 50_000_000

def read_html(data: bytes, name: str, url: str | None = None) -> Document:
    """:func:`sourcetrace.ingest.html.read_html`, imported on first use (trafilatura is slow
    to import and most runs read plain text)."""
    from sourcetrace.ingest.html import read_html as read

    return read(data, name, url=url)


def read_pdf(data: bytes, name: str) -> Document:
    """:func:`sourcetrace.ingest.pdf.read_pdf`, imported on first use."""
    from sourcetrace.ingest.pdf import read_pdf as read

    return read(data, name)


def read_docx(data: bytes, name: str) -> Document:
    """:func:`sourcetrace.ingest.docx.read_docx`, imported on first use."""
    from sourcetrace.ingest.docx import read_docx as read

    return read(data, name)


_READERS: dict[str, Callable[[bytes, str], Document]] = {
    "text": read_text,
    "markdown": lambda data, name: read_text(data, name, text_format="markdown"),
    "html": read_html,
    "pdf": read_pdf,
    "docx": read_docx,
}


def read_document(
    source: str | os.PathLike[str],
    *,
    stdin: BinaryIO | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    name: str | None = None,
    input_format: str | None = None,
) -> Document:
    """Read one document from a file, standard input (``"-"``) or an ``http(s)://`` URL.

    Args:
        source: A path, ``"-"`` for standard input, or a URL.
        stdin: The binary stream read for ``"-"``; defaults to ``sys.stdin.buffer``.
        max_bytes: The largest input accepted, in bytes (a fetched page included).
        name: The name the document (and every error message) carries; defaults to the path
            or URL as given, or ``"<stdin>"``.
        input_format: One of :data:`INPUT_FORMATS`, or None to detect it.

    Returns:
        The document, ``language`` and ``artifacts`` left unset. A JSON Lines input must hold
        exactly one document.

    Raises:
        InputNotFound: The path does not exist.
        UnreadableInput: The path is a directory or unreadable, the data cannot be read in its
            format (binary, undecodable, a corrupt PDF or DOCX, a page with no main text), a URL
            cannot be fetched, or a JSON Lines input holds other than one document.
        InputTooLarge: The input is larger than ``max_bytes``.
        EmptyDocument: The text is empty or only whitespace.
        InvalidOption: ``max_bytes`` is not positive or ``input_format`` is unknown.
    """
    _check_options(max_bytes, input_format)
    if isinstance(source, str) and source == "-":
        label = name if name is not None else STDIN_NAME
        stream = stdin if stdin is not None else sys.stdin.buffer
        data, path = _read_stream(stream, label, max_bytes), None
    elif is_url(source):
        label = name if name is not None else str(source)
        data, fetched_format = fetch(str(source), max_bytes=max_bytes)
        if input_format is None and fetched_format == "html":
            return read_html(data, label, url=str(source))
        return _parse(data, label, input_format or fetched_format)
    else:
        path = os.fsdecode(os.fspath(source))
        label = name if name is not None else path
        data = _read_file(path, label, max_bytes)
    return _parse(data, label, input_format or sniff_format(data, path))


def read_bytes(
    data: bytes,
    name: str,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    input_format: str | None = None,
) -> Document:
    """Read one document from bytes in memory, as :func:`read_document` reads a file.

    Nothing is opened or fetched: ``name`` is only the document's label, and its extension
    (``.pdf``, ``.html``...) counts as a file's would when the format is detected.

    Args:
        data: The input's bytes.
        name: The name the document (and every error message) carries, e.g. an upload's
            file name.
        max_bytes: The largest input accepted, in bytes.
        input_format: One of :data:`INPUT_FORMATS`, or None to detect it.

    Returns:
        The document, ``language`` and ``artifacts`` left unset.

    Raises:
        UnreadableInput, InputTooLarge, EmptyDocument, InvalidOption: As for
            :func:`read_document`.
    """
    _check_options(max_bytes, input_format)
    if len(data) > max_bytes:
        raise InputTooLarge(_too_large_message(name, len(data), max_bytes))
    return _parse(data, name, input_format or sniff_format(data, name))


def read_documents(
    source: str | os.PathLike[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    input_format: str | None = None,
) -> Iterator[Document]:
    """Yield every document of an input, one at a time (for indexing many documents).

    A directory yields the documents of its files, recursively, in sorted path order, skipping
    hidden files and folders (names starting with a dot); a JSON Lines input yields one document
    per line; any other input yields the one document :func:`read_document` reads.

    Args:
        source: A directory, a path, ``"-"`` or a URL.
        max_bytes: The largest file accepted, in bytes.
        input_format: Forces the format of every file, as in :func:`read_document`.

    Raises:
        The errors of :func:`read_document`, for the first file that cannot be read.
    """
    _check_options(max_bytes, input_format)
    if not (isinstance(source, str) and (source == "-" or is_url(source))):
        path = os.fsdecode(os.fspath(source))
        if os.path.isdir(path):
            for file_path in files_under(path):
                yield from read_documents(file_path, max_bytes=max_bytes, input_format=input_format)
            return
        data = _read_file(path, path, max_bytes)
        if (input_format or sniff_format(data, path)) == "jsonl":
            yield from read_jsonl(data, path)
            return
    yield read_document(source, max_bytes=max_bytes, input_format=input_format)


def _parse(data: bytes, name: str, input_format: str) -> Document:
    if input_format == "jsonl":
        return _only_document(read_jsonl(data, name), name)
    return _READERS[input_format](data, name)


def _only_document(documents: Iterator[Document], name: str) -> Document:
    """The one document of a JSON Lines input that should hold exactly one."""
    first = next(documents, None)
    if first is None:
        raise UnreadableInput(f"{name}: the JSON Lines file holds no document")
    if next(documents, None) is not None:
        raise UnreadableInput(
            f"{name}: the JSON Lines file holds more than one document; compare takes one"
            " (put the document on a line of its own file)"
        )
    return first


def _check_options(max_bytes: int, input_format: str | None) -> None:
    if max_bytes < 1:
        raise InvalidOption(f"the input size limit must be at least 1 byte, not {max_bytes}")
    if input_format is not None and input_format not in INPUT_FORMATS:
        expected = ", ".join(INPUT_FORMATS)
        raise InvalidOption(f"unknown input format {input_format!r}; expected one of: {expected}")


def files_under(folder: str) -> list[str]:
    """The files below a folder, sorted by path, without hidden files and folders."""
    found: list[str] = []
    for root, folders, files in os.walk(folder):
        folders[:] = sorted(f for f in folders if not f.startswith("."))
        found.extend(os.path.join(root, f) for f in sorted(files) if not f.startswith("."))
    return sorted(found)


# --- reading -------------------------------------------------------------------------------


def _read_file(path: str, label: str, max_bytes: int) -> bytes:
    """Read at most ``max_bytes`` from a regular file, checking its size before reading it."""
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise UnreadableInput(f"{label}: is a directory, not a file")
        # Refuse a huge file from its size alone rather than reading it into memory first.
        if info.st_size > max_bytes:
            raise InputTooLarge(_too_large_message(label, info.st_size, max_bytes))
        with open(path, "rb") as handle:
            return _read_stream(handle, label, max_bytes)
    except OSError as error:
        raise _os_error(error, label) from None


def _read_stream(stream: BinaryIO, label: str, max_bytes: int) -> bytes:
    """Read a stream to its end, failing once it gives more than ``max_bytes``.

    Reading at most ``max_bytes + 1`` bytes bounds memory for pipes and special files, whose
    size is unknown (or reported as 0) in advance.
    """
    chunks: list[bytes] = []
    remaining = max_bytes + 1
    try:
        while remaining > 0:
            chunk = stream.read(min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    except OSError as error:
        raise _os_error(error, label) from None
    if remaining <= 0:
        raise InputTooLarge(f"{label}: the input is over the {_format_size(max_bytes)} limit")
    return b"".join(chunks)


def _os_error(error: OSError, label: str) -> UnreadableInput | InputNotFound:
    """Translate an operating-system error into a one-line domain error."""
    if isinstance(error, (FileNotFoundError, NotADirectoryError)):
        return InputNotFound(f"{label}: no such file")
    if isinstance(error, IsADirectoryError):
        return UnreadableInput(f"{label}: is a directory, not a file")
    if isinstance(error, PermissionError):
        return UnreadableInput(f"{label}: permission denied")
    return UnreadableInput(f"{label}: cannot be read ({error.strerror or error})")


def _too_large_message(label: str, size: int, max_bytes: int) -> str:
    """Say how far over the limit an input is, precisely enough that the two sizes differ."""
    size_text, limit_text = _format_size(size), _format_size(max_bytes)
    if size_text == limit_text:
        size_text, limit_text = f"{size:,} B", f"{max_bytes:,} B"
    return f"{label}: {size_text} is over the {limit_text} limit"


def _format_size(size: int) -> str:
    """Format a byte count in decimal units: ``"123 MB"``, ``"1.5 kB"``, ``"12 B"``."""
    for unit, scale in (("MB", 1_000_000), ("kB", 1_000)):
        if size >= scale:
            value = size / scale
            digits = f"{value:.0f}" if value >= 100 else f"{value:.1f}".removesuffix(".0")
            return f"{digits} {unit}"
    return f"{size} B"
