"""The index file: one SQLite database (standard library ``sqlite3``), write-ahead logged.

Tables (schema :data:`SCHEMA`, kept in ``meta``):

* ``documents``: one row per source document: ``doc`` (internal number), ``id`` (unique),
  ``name``, ``language``, ``length`` (characters), ``digest`` (xxhash64 of the text and the
  metadata: a re-add of the same document is skipped) and ``metadata`` (JSON object: title,
  date, url and every other field of the record, as it was);
* ``prepared``: the document as the aligner needs it, a zlib-compressed msgpack blob, so a scan
  never reads or prepares a source again;
* ``signatures``: the lexical signature (window unit ranges and exact window features), the
  anchors and the document vector, as blobs;
* ``bands`` ``(key, doc)`` and ``anchors`` ``(anchor, doc)``: the postings the candidate search
  looks up, one row per distinct key of a document (clustered on the key: a lookup reads one
  B-tree range).

Every change is one transaction (``BEGIN IMMEDIATE``): a process killed at any moment leaves
the file as it was after the last committed document, and SQLite's journal undoes the rest on
the next open. Readers (a scan) never wait for a writer (WAL); a second writer waits up to
:data:`BUSY_TIMEOUT_S` seconds for the first, then fails with a one-line error.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import tempfile
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sourcetrace.errors import IndexBusy, InvalidIndex

__all__ = ["BUSY_TIMEOUT_S", "SCHEMA", "DocumentRow", "KeysOf", "Store", "StoredDocument"]

SCHEMA = "sourcetrace.index/1"
BUSY_TIMEOUT_S = 60.0
# Rows fetched per SQL statement (SQLite's default limit on bound parameters is 32,766).
_CHUNK = 900

# (prepared blob, anchors blob) -> (band keys, anchor keys) of a stored document.
KeysOf = Callable[[bytes, bytes], tuple[Sequence[int], Sequence[int]]]

_TABLES = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE documents (
    doc INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    language TEXT,
    length INTEGER NOT NULL,
    digest TEXT NOT NULL,
    metadata TEXT NOT NULL
);
CREATE TABLE prepared (
    doc INTEGER PRIMARY KEY REFERENCES documents(doc) ON DELETE CASCADE,
    data BLOB NOT NULL
);
CREATE TABLE signatures (
    doc INTEGER PRIMARY KEY REFERENCES documents(doc) ON DELETE CASCADE,
    lexical BLOB NOT NULL,
    anchors BLOB NOT NULL,
    vector BLOB
);
CREATE TABLE bands (key INTEGER NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (key, doc))
    WITHOUT ROWID;
CREATE TABLE anchors (anchor INTEGER NOT NULL, doc INTEGER NOT NULL, PRIMARY KEY (anchor, doc))
    WITHOUT ROWID;
"""


@dataclass(frozen=True)
class DocumentRow:
    """What the index holds about one document, without its blobs."""

    doc: int
    id: str
    name: str
    language: str | None
    length: int
    digest: str
    metadata: dict[str, Any]


@dataclass(frozen=True)
class StoredDocument:
    """Everything a document adds to the index (made by :func:`sourcetrace.index.sign`)."""

    id: str
    name: str
    language: str | None
    length: int
    digest: str
    metadata: dict[str, Any]
    prepared: bytes
    lexical: bytes
    anchors_blob: bytes
    vector: bytes | None
    band_keys: Sequence[int]
    anchor_keys: Sequence[int]


class Store:
    """An open index file. Use as a context manager, or call :meth:`close`.

    ``read_only``: the connection cannot write (a reader that must never change the file,
    such as a long-running service's scanning worker).
    """

    def __init__(self, path: str | os.PathLike[str], *, create: bool = False,
                 params: dict[str, Any] | None = None, read_only: bool = False) -> None:
        self.path = os.fspath(path)
        if os.path.isdir(self.path):
            raise InvalidIndex(f"{self.path}: is a directory, not an index file")
        if not os.path.exists(self.path):
            if not create:
                raise InvalidIndex(f"{self.path}: no such index")
            _create_atomically(self.path, params or {})
        try:
            self._db = sqlite3.connect(_address(self.path, read_only), timeout=BUSY_TIMEOUT_S,
                                       isolation_level=None, uri=read_only)
            self._db.execute("PRAGMA foreign_keys = ON")
            self._db.execute("PRAGMA synchronous = NORMAL")
            self.params = self._check_schema()
        except sqlite3.DatabaseError as error:
            raise _database_error(self.path, error) from None

    # --- lifecycle ---------------------------------------------------------------------------

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _check_schema(self) -> dict[str, Any]:
        tables = self._db.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        if ("meta",) not in tables:
            raise InvalidIndex(f"{self.path}: not a sourcetrace index")
        meta = dict(self._db.execute("SELECT key, value FROM meta").fetchall())
        if meta.get("schema") != SCHEMA:
            found = meta.get("schema", "none")
            raise InvalidIndex(f"{self.path}: index schema {found}, this sourcetrace reads {SCHEMA}")
        return json.loads(meta["params"])

    @contextmanager
    def reading(self) -> Iterator[None]:
        """One read transaction: every read inside it sees the index as one commit left it,
        never a write of another process half seen."""
        self._db.execute("BEGIN")
        try:
            yield
        finally:
            self._db.execute("COMMIT")

    def data_version(self) -> int:
        """A number that changes when another connection commits a change to the index."""
        return int(self._db.execute("PRAGMA data_version").fetchone()[0])

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed whole, or rolled back whole."""
        try:
            self._db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as error:
            if "locked" in str(error) or "busy" in str(error):
                raise IndexBusy(
                    f"{self.path}: another process is writing to the index (waited"
                    f" {BUSY_TIMEOUT_S:.0f} s); try again when it is done"
                ) from None
            raise
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        self._db.execute("COMMIT")

    def _rows_in(self, select: str, values: list[Any], after: str = "") -> Iterator[tuple[Any, ...]]:
        """The rows of ``select`` (ending in ``IN``) over ``values``, a chunk at a time."""
        for chunk in _chunks(values):
            marks = ",".join("?" * len(chunk))
            yield from self._db.execute(f"{select} ({marks}){after}", chunk)

    # --- writing -----------------------------------------------------------------------------

    def digests(self, ids: Iterable[str]) -> dict[str, str]:
        """The stored digest of each of ``ids`` that the index holds."""
        found: dict[str, str] = {}
        found.update(self._rows_in("SELECT id, digest FROM documents WHERE id IN", list(ids)))
        return found

    def put(self, documents: Sequence[StoredDocument], keys_of: KeysOf) -> int:
        """Add documents in one transaction, replacing any stored under the same ids.

        Args:
            documents: The documents to store.
            keys_of: The band and anchor keys of a stored document, from its prepared blob
                and anchors blob (to delete the postings of a version being replaced).

        Returns:
            How many documents replaced a stored one.
        """
        replaced = 0
        with self._write() as db:
            for document in documents:
                replaced += self._delete(db, document.id, keys_of)
                self._insert(db, document)
        return replaced

    def remove(self, ids: Sequence[str], keys_of: KeysOf) -> int:
        """Remove documents and their postings in one transaction; returns how many were held."""
        with self._write() as db:
            return sum(self._delete(db, identifier, keys_of) for identifier in ids)

    def _insert(self, db: sqlite3.Connection, document: StoredDocument) -> None:
        cursor = db.execute(
            "INSERT INTO documents (id, name, language, length, digest, metadata)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (document.id, document.name, document.language, document.length, document.digest,
             json.dumps(document.metadata, sort_keys=True, ensure_ascii=False)),
        )
        doc = cursor.lastrowid
        db.execute("INSERT INTO prepared VALUES (?, ?)", (doc, document.prepared))
        db.execute("INSERT INTO signatures VALUES (?, ?, ?, ?)",
                   (doc, document.lexical, document.anchors_blob, document.vector))
        db.executemany("INSERT INTO bands VALUES (?, ?)", ((k, doc) for k in document.band_keys))
        db.executemany("INSERT INTO anchors VALUES (?, ?)",
                       ((k, doc) for k in document.anchor_keys))

    def _delete(self, db: sqlite3.Connection, identifier: str, keys_of: KeysOf) -> int:
        row = db.execute(
            "SELECT d.doc, p.data, s.anchors FROM documents d JOIN prepared p USING (doc)"
            " JOIN signatures s USING (doc) WHERE d.id = ?", (identifier,)
        ).fetchone()
        if row is None:
            return 0
        doc = row[0]
        band_keys, anchor_keys = keys_of(row[1], row[2])
        db.executemany("DELETE FROM bands WHERE key = ? AND doc = ?", ((k, doc) for k in band_keys))
        db.executemany("DELETE FROM anchors WHERE anchor = ? AND doc = ?",
                       ((k, doc) for k in anchor_keys))
        db.execute("DELETE FROM documents WHERE doc = ?", (doc,))
        return 1

    # --- reading -----------------------------------------------------------------------------

    def rows(self, ids: Sequence[str] | None = None) -> list[DocumentRow]:
        """The documents (all, in id order, or those of ``ids`` the index holds)."""
        columns = "doc, id, name, language, length, digest, metadata"
        if ids is None:
            found = self._db.execute(f"SELECT {columns} FROM documents ORDER BY id").fetchall()
        else:
            found = []
            found += self._rows_in(f"SELECT {columns} FROM documents WHERE id IN", list(ids))
        return [DocumentRow(*row[:6], metadata=json.loads(row[6])) for row in found]

    def rows_by_doc(self, docs: Sequence[int]) -> dict[int, DocumentRow]:
        columns = "doc, id, name, language, length, digest, metadata"
        found: dict[int, DocumentRow] = {}
        for row in self._rows_in(f"SELECT {columns} FROM documents WHERE doc IN", list(docs)):
            found[row[0]] = DocumentRow(*row[:6], metadata=json.loads(row[6]))
        return found

    def prepared(self, doc: int) -> bytes:
        return self._db.execute("SELECT data FROM prepared WHERE doc = ?", (doc,)).fetchone()[0]

    def lexical(self, docs: Sequence[int]) -> dict[int, bytes]:
        """The lexical signature blobs of ``docs``."""
        return self._blobs("lexical", docs)

    def anchor_blobs(self, docs: Sequence[int]) -> dict[int, bytes]:
        return self._blobs("anchors", docs)

    def anchor_counts(self, docs: Sequence[int]) -> dict[int, int]:
        """The number of distinct anchors of each document."""
        found: dict[int, int] = {}
        found.update(self._rows_in("SELECT doc, length(anchors) / 8 FROM signatures WHERE doc IN", list(docs)))
        return found

    def vectors(self) -> tuple[list[int], list[bytes]]:
        """Every stored document vector, in ``doc`` order."""
        found = self._db.execute(
            "SELECT doc, vector FROM signatures WHERE vector IS NOT NULL ORDER BY doc"
        ).fetchall()
        return [row[0] for row in found], [row[1] for row in found]

    def languages(self) -> dict[int, str | None]:
        return dict(self._db.execute("SELECT doc, language FROM documents").fetchall())

    def postings(self, table: str, keys: Sequence[int], cap: int) -> dict[int, list[int]]:
        """For each key posted by at most ``cap`` documents, those documents (sorted)."""
        column = "key" if table == "bands" else "anchor"
        found: dict[int, list[int]] = {}
        for key, doc in self._rows_in(f"SELECT {column}, doc FROM {table} WHERE {column} IN", sorted(set(keys))):
            found.setdefault(key, []).append(doc)
        return {key: sorted(docs) for key, docs in found.items() if len(docs) <= cap}

    def key_counts(self, table: str, keys: Sequence[int]) -> dict[int, int]:
        """The number of documents posting each key."""
        column = "key" if table == "bands" else "anchor"
        found: dict[int, int] = {}
        found.update(self._rows_in(
            f"SELECT {column}, count(*) FROM {table} WHERE {column} IN", sorted(set(keys)), f" GROUP BY {column}"
        ))
        return found

    def count(self) -> int:
        return self._db.execute("SELECT count(*) FROM documents").fetchone()[0]

    def language_counts(self) -> dict[str, int]:
        return dict(self._db.execute(
            "SELECT coalesce(language, 'unknown'), count(*) FROM documents GROUP BY 1 ORDER BY 1"
        ).fetchall())

    def _blobs(self, column: str, docs: Sequence[int]) -> dict[int, bytes]:
        found: dict[int, bytes] = {}
        found.update(self._rows_in(f"SELECT doc, {column} FROM signatures WHERE doc IN", list(docs)))
        return found


def _create_atomically(path: str, params: dict[str, Any]) -> None:
    """Make a new, empty index at ``path``: built under a temporary name, then linked into
    place, so a process killed meanwhile leaves no file, or a whole empty index. Another
    process that created it first wins (its index is the same)."""
    folder = os.path.dirname(os.path.abspath(path))
    try:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".index-", suffix=".tmp")
        os.close(handle)
    except OSError as error:
        raise InvalidIndex(f"{path}: cannot create the index ({error.strerror or error})") from None
    try:
        db = sqlite3.connect(temporary, isolation_level=None)
        try:
            db.execute("BEGIN")
            for statement in _TABLES.split(";"):
                if statement.strip():
                    db.execute(statement)
            db.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA,))
            db.execute("INSERT INTO meta VALUES ('params', ?)",
                       (json.dumps(params, sort_keys=True),))
            db.execute("COMMIT")
            db.execute("PRAGMA journal_mode = WAL")
        finally:
            db.close()
        os.chmod(temporary, 0o644)
        try:
            os.link(temporary, path)
        except FileExistsError:
            pass
    except OSError as error:
        raise InvalidIndex(f"{path}: cannot create the index ({error.strerror or error})") from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def _address(path: str, read_only: bool) -> str:
    """What ``sqlite3.connect`` opens: the path, or a read-only URI of it."""
    if not read_only:
        return path
    return f"file:{urllib.parse.quote(os.path.abspath(path))}?mode=ro"


def _chunks(values: list[Any]) -> Iterator[list[Any]]:
    # SQLite limits the parameters of one statement
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _database_error(path: str, error: sqlite3.DatabaseError) -> InvalidIndex:
    message = str(error)
    if "not a database" in message or "malformed" in message:
        return InvalidIndex(f"{path}: not a sourcetrace index (or a damaged one: {message})")
    return InvalidIndex(f"{path}: cannot open the index ({message})")
