"""Hostile inputs and the invariants every answer keeps (issue 22), shared by tests/test_fuzz.py
(bounded, in the suite) and bench/fuzz.py (the long run).

The strategies build texts from pieces that break naive code: right-to-left and CJK script
(with "。" sentence ends), combining marks, emoji sequences, NUL and other controls, every line
ending, very long words and markup that must stay text in the HTML report. The checks say what
holds for any input: only the project's own errors escape, every offset lies in its text and
quotes exactly what it indexes, the renderers run and the HTML page escapes document text.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from html.parser import HTMLParser
from typing import Any

from hypothesis import strategies as st

from sourcetrace.index import Index, IndexParams
from sourcetrace.model import Report
from sourcetrace.report import FORMATS, render

# A tag no renderer writes: seen as a tag in the HTML page, document text escaped badly.
MARK_TAG = "fuzzmark"
HOSTILE_MARKUP = (
    f"<{MARK_TAG} onclick=x>", f"</script><{MARK_TAG}>", f"</textarea><{MARK_TAG}>",
    f"<!--<{MARK_TAG}>-->", f"]]><{MARK_TAG}>", f"\"'><{MARK_TAG}>", "&amp;", "&#x3c;",
)
WORDS = (
    "harbour", "council", "voted", "bridge", "teachers", "budget", "river", "mayor", "school",
    "Müller", "café", "naïve", "e\u0301te\u0301", "straße", "İstanbul", "ǅemal",
    "مرحبا", "بالعالم", "שלום", "עולם", "Привет", "мир", "Γειά", "κόσμε",
    "東京", "天气很好", "大阪", "ソウル", "서울", "हिन्दी", "ไทย",
    "👩\u200d👩\u200d👧", "🏖️", "🇫🇷", "1,234.5", "3½", "42%", "U.S.", "e.g.", "Dr.",
)
ODD_PIECES = (
    "\x00", "\x07", "\x1b[31m", "\u200b", "\u200f", "\u202e", "\u2028", "\u2029", "\ufeff",
    "\ufffd", "\u00a0", "\t", "\r\n", "\r", "\n", "\n\n", "\f", "\v", "。", "！", "？", "…",
    "«", "»", "“", "”", "\"", "'", "—", "-", "*", "#", "|", ">", "[", "]", "(", ")",
)


def pieces() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(WORDS),
        st.sampled_from(ODD_PIECES),
        st.sampled_from(HOSTILE_MARKUP),
        st.sampled_from((" ", " ", " ", ". ", ", ", "。")),
        st.text(min_size=1, max_size=12),
        st.builds(lambda c, n: c * n, st.sampled_from("xa阿ب-."), st.integers(100, 3000)),
    )


def hostile_texts(max_pieces: int = 120) -> st.SearchStrategy[str]:
    """Any text: mostly words and spaces, with the odd pieces mixed in, or arbitrary Unicode."""
    return st.one_of(
        st.lists(pieces(), max_size=max_pieces).map("".join),
        st.text(max_size=400),
        st.sampled_from(("", " ", "\n", " \t\r\n ", "a", "。", "\x00", "\ufeff")),
    )


@st.composite
def prose(draw: st.DrawFn, min_sentences: int = 4, max_sentences: int = 14) -> str:
    """Prose of distinct sentences (each holds a word of its own: a text that repeats a
    sentence is the align/ limitation test_fuzz.py keeps as a strict xfail), long enough to be
    reused, with odd pieces near their start and any line ending between sentences."""
    count = draw(st.integers(min_sentences, max_sentences))
    sentences = []
    for index in range(count):
        words = draw(st.lists(st.sampled_from(WORDS), min_size=6, max_size=14))
        odd = draw(st.lists(st.sampled_from(ODD_PIECES + HOSTILE_MARKUP), max_size=2))
        # A marker after the odd pieces too: one that ends a sentence leaves two, each unique.
        words[0:0] = [f"Item{index}x", *odd, f"Mark{index}y"]
        end = draw(st.sampled_from((".", "。", "!", "?", "…")))
        sentences.append(" ".join(words) + end)
    breaks = draw(st.lists(st.sampled_from((" ", "\n", "\r\n", "\r", "\n\n")), min_size=count, max_size=count))
    return "".join(s + b for s, b in zip(sentences, breaks, strict=True))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(["text", "title", "id", "date", "url", "x"]), inner, max_size=4),
    max_leaves=8,
)
# What a record's other fields hold: any JSON, integers past 64 bits among them (JSON has no
# bound; msgpack and SQLite do).
METADATA_VALUES = st.one_of(JSON_VALUES, st.integers(min_value=2**63), st.integers(max_value=-(2**63) - 1))
BAD_LINES = ("", "{", "[1, 2]", '{"id": 3}', '{"id": "x"}', '{"id": "x", "text": 7}', '{"text": "\\ud800 lone"}', "\x00")


@st.composite
def index_records(draw: st.DrawFn, max_records: int = 5) -> list[str]:
    """The lines of a JSON Lines export to index: records of prose or of hostile text, ids that
    repeat (a later record replaces an earlier), any JSON in their other fields, bad lines."""
    lines = []
    for number in range(draw(st.integers(1, max_records))):
        kind = draw(st.sampled_from(("prose", "prose", "hostile", "bad")))
        if kind == "bad":
            lines.append(draw(st.one_of(st.sampled_from(BAD_LINES), st.text(max_size=30))))
            continue
        identifier = draw(st.one_of(st.just(f"doc{number}"), st.sampled_from(("doc0", "Ω/é id", " ")), st.text(min_size=1, max_size=8)))
        record: dict[str, Any] = {"id": identifier, "text": draw(prose() if kind == "prose" else hostile_texts(60))}
        record.update(draw(st.dictionaries(st.sampled_from(("title", "date", "url", "series", "n")), METADATA_VALUES, max_size=3)))
        lines.append(json.dumps(record))
    return lines


# --- invariants ----------------------------------------------------------------------------


def check_report(report: Report, original: str, derived: str) -> None:
    """Every offset of the report lies in its text, in order, and quotes what it indexes; every
    renderer runs; the HTML page holds document text as text."""
    assert report.original.text == original and report.derived.text == derived
    for segments, text in ((report.original_segments, original), (report.derived_segments, derived)):
        previous_end = 0
        for segment in segments:
            assert previous_end <= segment.start < segment.end <= len(text), segment
            previous_end = segment.end
    for passage in report.passages:
        _in_bounds(passage.src.start, passage.src.end, original)
        _in_bounds(passage.tgt.start, passage.tgt.end, derived)
        for link in passage.links:
            assert link.src and link.tgt
            assert all(0 <= i < len(report.original_segments) for i in link.src)
            assert all(0 <= i < len(report.derived_segments) for i in link.tgt)
    for distortion in report.distortions:
        _in_bounds(distortion.original.start, distortion.original.end, original)
        _in_bounds(distortion.derived.start, distortion.derived.end, derived)
    for omission in report.omissions:
        _in_bounds(omission.span.start, omission.span.end, original)
    for addition in report.additions:
        _in_bounds(addition.span.start, addition.span.end, derived)
    assert all(0.0 <= value <= 1.0 for value in report.scores.values()), report.scores
    assert report.verdict in {"independent", "partial", "translation", "copy", "summary", "rewrite"}
    rendered = {fmt: render(report, fmt) for fmt in FORMATS}
    check_json(rendered["json"])
    check_html(rendered["html"])
    list(csv.reader(io.StringIO(rendered["csv"], newline="")))


def _in_bounds(start: int, end: int, text: str) -> None:
    assert 0 <= start <= end <= len(text), (start, end, len(text))


def check_json(rendered: str) -> None:
    """The JSON report parses, and every quoted span's text is its document's text at its offsets."""
    data = json.loads(rendered)
    texts = {side: data[side]["text"] for side in ("original", "derived")}
    for side, quoted in _quotes(data):
        assert texts[side][quoted["start"] : quoted["end"]] == quoted["text"], quoted


def _quotes(data: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for distortion in data["distortions"]:
        yield "original", distortion["original"]
        yield "derived", distortion["derived"]
    for omission in data["omissions"]:
        yield "original", omission
    for addition in data["additions"]:
        yield "derived", addition
    for artifact in data["artifacts"]:
        yield artifact["side"], artifact


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)


def check_html(page: str) -> None:
    """No markup from document text became a tag of the page."""
    parser = _Tags()
    parser.feed(page)
    parser.close()
    assert MARK_TAG not in parser.tags


def check_identical(report: Report) -> None:
    """A text compared with itself: all of it reused, word for word, nothing distorted."""
    assert report.scores["coverage"] == 1.0 and report.scores["derived_from_original"] == 1.0, report.scores
    assert report.passages and all(p.kind == "verbatim" for p in report.passages)
    assert report.distortions == () and report.verdict == "copy"


def check_index(path: str, lines: list[str]) -> dict[str, str]:
    """The index file is intact and holds whole documents only, each the text of a record of
    ``lines`` with its id; returns the stored texts by id."""
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        documents = db.execute("SELECT count(*) FROM documents").fetchone()[0]
        for table in ("prepared", "signatures"):
            assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == documents, table
        for table in ("bands", "anchors"):
            orphans = f"SELECT count(*) FROM {table} WHERE doc NOT IN (SELECT doc FROM documents)"
            assert db.execute(orphans).fetchone()[0] == 0, table
    texts: dict[str, set[str]] = {}
    for line in lines:
        with contextlib.suppress(ValueError):
            record = json.loads(line)
            if isinstance(record, dict) and isinstance(record.get("text"), str):
                texts.setdefault(str(record.get("id")), set()).add(record["text"])
    index = Index(path)
    stored = {}
    for row in index.list():
        prepared = index.get(row.id)
        assert prepared is not None and prepared.document.text in texts.get(row.id, set()), row.id
        assert row.length == len(prepared.document.text)
        stored[row.id] = prepared.document.text
    return stored


def check_scan_record(record: dict[str, Any], suspect: str, sources: dict[str, str]) -> None:
    """A scan record names its suspect, says why it could not scan it in one line, or reports
    sources of the index whose passages lie in both texts, ranked by score."""
    assert record["schema"] == "sourcetrace.scan/1" and record["suspect"]["length"] == len(suspect)
    if "error" in record:
        assert "\n" not in record["error"] and record["sources"] == []
        return
    assert record["verified"] == record["candidates"] >= len(record["sources"])
    scores = [source["score"] for source in record["sources"]]
    assert scores == sorted(scores, reverse=True)
    for rank, source in enumerate(record["sources"], start=1):
        assert source["rank"] == rank and source["id"] in sources and source["passages"]
        for passage in source["passages"]:
            _in_bounds(passage["original"]["start"], passage["original"]["end"], sources[source["id"]])
            _in_bounds(passage["derived"]["start"], passage["derived"]["end"], suspect)
        check_json(json.dumps(source["report"]))


def index_scan_and_remove(folder: Path, lines: list[str], pick: int, tail: str) -> None:
    """Index ``lines`` as a JSON Lines export, check the index, index them again (nothing but
    replacements), scan a suspect made of a stored text (the ``pick``-th) and ``tail``, then
    remove every document: each step keeps the invariants or refuses with one line."""
    export = folder / "export.jsonl"
    export.write_bytes("\n".join(lines).encode("utf-8", "surrogatepass"))
    path = str(folder / "sources.db")
    index = Index(path, IndexParams(vector_units=0))
    summary = index.add([str(export)], workers=1)
    assert all("\n" not in skipped.reason for skipped in summary.skipped)
    stored = check_index(path, lines)
    assert summary.added - summary.replaced == len(stored)
    again = index.add([str(export)], workers=1)
    assert again.added == again.replaced and check_index(path, lines) == stored
    texts = sorted(stored.values())
    suspect = (texts[pick % len(texts)] if texts else "") + tail
    for record in index.scan([suspect], workers=1):
        check_scan_record(record, suspect, stored)
    assert index.remove(sorted(stored)) == len(stored)
    assert check_index(path, lines) == {}
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT count(*) FROM bands").fetchone()[0] == 0
