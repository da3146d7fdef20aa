"""The documents named on a command line: files, folders (recursively) and JSON Lines exports.

Each document gets its corpus id: a JSON Lines record's ``id``; else the file's path relative
to the folder given (its name, for a file given itself). A file that cannot be read is yielded
as :class:`Skipped` with the reason, and the walk goes on: one bad file in a folder of
thousands must not stop an index build.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from sourcetrace.errors import SourcetraceError
from sourcetrace.ingest import files_under, read_bytes, read_document
from sourcetrace.ingest.jsonl import read_records
from sourcetrace.ingest.sniff import sniff_format
from sourcetrace.model import Document

__all__ = ["Skipped", "Source", "file_sources", "input_files", "read_sources", "record_sources", "upload_sources"]


@dataclass(frozen=True)
class Source:
    """One document to index, with its id and the metadata kept with it."""

    id: str
    document: Document
    metadata: dict[str, Any]


@dataclass(frozen=True)
class Skipped:
    """An input that could not be read, and why (a one-line message naming it)."""

    name: str
    reason: str


def read_sources(paths: Sequence[str], exclude: Sequence[str] = ()) -> Iterator[Source | Skipped]:
    """Every document of ``paths``, in order: folders walked in sorted path order.

    Files of a folder that are ``exclude`` (the index itself, inside the folder it indexes)
    are passed over.
    """
    for file_path, identifier in input_files(paths, exclude):
        yield from file_sources(file_path, identifier)


def input_files(paths: Sequence[str], exclude: Sequence[str] = ()) -> Iterator[tuple[str, str]]:
    """The files of ``paths`` (folders walked in sorted path order), each with the id its
    document gets: its path relative to the folder given, or its name for a file given itself.
    The Spark job hands these to its executors, which read them with :func:`file_sources`."""
    left_out = {os.path.realpath(p) for p in exclude}
    for path in paths:
        if os.path.isdir(path):
            for file_path in files_under(path):
                if os.path.realpath(file_path) not in left_out:
                    yield file_path, os.path.relpath(file_path, path)
        else:
            yield path, os.path.basename(path)


def upload_sources(data: bytes, name: str, max_bytes: int) -> list[Source]:
    """The documents of an upload's bytes: a JSON Lines export's records (ids their own), or
    one document of any format ``compare`` reads, whose id is ``name``. Nothing is opened.

    Raises:
        SourcetraceError: The upload cannot be read (a one-line message naming it).
    """
    if sniff_format(data[:4096], name) == "jsonl":
        return list(record_sources(data, name))
    document = read_bytes(data, name, max_bytes=max_bytes)
    return [Source(name, document, dict(document.metadata))]


def file_sources(
    path: str, identifier: str, jsonl: bool | None = None
) -> Iterator[Source | Skipped]:
    """The documents of one file (several for JSON Lines), or why it cannot be read.

    ``jsonl``: read the file as JSON Lines (True) or as one document (False) whatever its
    name; None: by its name or first bytes.
    """
    try:
        if _is_jsonl(path) if jsonl is None else jsonl:
            with open(path, "rb") as handle:
                data = handle.read()
            yield from record_sources(data, path)
            return
        document = read_document(path)
    except SourcetraceError as error:
        yield Skipped(path, str(error))
        return
    except OSError as error:
        yield Skipped(path, f"{path}: cannot be read ({error.strerror or error})")
        return
    yield Source(identifier, document, dict(document.metadata))


def record_sources(data: bytes, name: str) -> Iterator[Source]:
    """The documents of JSON Lines ``data`` (records of the file ``name``), with their fields.

    Raises:
        UnreadableInput, EmptyDocument: As :func:`~sourcetrace.ingest.jsonl.read_records`.
    """
    for record, document in read_records(data, name):
        yield Source(str(record["id"]), document, _record_metadata(record))


def _is_jsonl(path: str) -> bool:
    """A JSON Lines export, by its name or its first bytes (read_document sniffs the rest)."""
    if path.endswith((".jsonl", ".ndjson")):
        return True
    if not os.path.isfile(path):
        return False
    with open(path, "rb") as handle:
        head = handle.read(4096)
    return sniff_format(head, path) == "jsonl"


def _record_metadata(record: dict[str, Any]) -> dict[str, Any]:
    """Every field of a record but its id and text, as it was (passim's ``series`` too)."""
    return {key: value for key, value in sorted(record.items()) if key not in ("id", "text")}
