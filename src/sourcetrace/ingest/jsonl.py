"""Read an export of many documents: JSON Lines, one ``{"id": ..., "text": ...}`` per line.

Each non-blank line is one JSON object with a string ``"text"`` and an ``"id"`` (string or
number). The document is named ``FILE#ID``; its text is the ``"text"`` string exactly (offsets
index it, ``text_source == "extracted"``), and every other field whose value is a string, number
or boolean goes into ``metadata`` as a string. The file must be UTF-8 (JSON's encoding).

:func:`read_jsonl` yields the documents one at a time, so an index of thousands of documents
never holds them all; ``compare`` takes a JSONL input only when it holds exactly one document.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from sourcetrace.errors import EmptyDocument, UnreadableInput
from sourcetrace.model import Document


def read_jsonl(data: bytes, name: str) -> Iterator[Document]:
    """Yield the documents of a JSON Lines export, in file order (see :func:`read_records`)."""
    for _, document in read_records(data, name):
        yield document


def read_records(data: bytes, name: str) -> Iterator[tuple[dict[str, Any], Document]]:
    """Yield each record of a JSON Lines export as parsed, with its document, in file order.

    The index keeps a record's fields as they are (numbers, lists, objects), which the
    document's string-only ``metadata`` cannot.

    Args:
        data: The bytes of the file.
        name: The file's name; each document is named ``name#id``.

    Yields:
        One (record, document) pair per non-blank line.

    Raises:
        UnreadableInput: The file is not UTF-8, a line is not a JSON object with a string
            ``text`` and an ``id``, or two lines share an id.
        EmptyDocument: A document's text is empty or only whitespace.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise UnreadableInput(f"{name}: JSON Lines must be UTF-8 (bad byte at {error.start})") from None
    seen: set[str] = set()
    # JSON Lines separates records by "\n" alone: str.splitlines would also cut a text at
    # U+2028, U+0085 or \x1c, which JSON strings may hold unescaped.
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        record = _parse(line, f"{name}:{number}")
        document = _document(record, name, f"{name}:{number}")
        if document.name in seen:
            raise UnreadableInput(f"{name}:{number}: the id of {document.name} is used twice")
        seen.add(document.name)
        yield record, document


def _parse(line: str, where: str) -> dict[str, Any]:
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise UnreadableInput(f"{where}: not valid JSON ({error.msg})") from None
    if not isinstance(record, dict):
        raise UnreadableInput(f"{where}: each line must be a JSON object with id and text")
    return record


def _document(record: dict[str, Any], name: str, where: str) -> Document:
    identifier, text = record.get("id"), record.get("text")
    if isinstance(identifier, bool) or not isinstance(identifier, (str, int)):
        raise UnreadableInput(f"{where}: the object needs an \"id\" (a string or an integer)")
    if not isinstance(text, str):
        raise UnreadableInput(f"{where}: the object needs a \"text\" string")
    # An id with a line break or other control character is shown quoted: a name stays one line.
    shown = str(identifier)
    document_name = f"{name}#{shown if shown.isprintable() else json.dumps(shown)}"
    if not text.strip():
        raise EmptyDocument(f"{document_name}: the text is empty")
    metadata = {
        key: value if isinstance(value, str) else json.dumps(value)
        for key, value in sorted(record.items())
        if key not in ("id", "text") and isinstance(value, (str, int, float, bool))
    }
    return Document(
        name=document_name,
        text=text,
        format="jsonl",
        text_source="extracted",
        metadata=metadata,
    )
