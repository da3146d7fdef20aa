"""Reading a saved JSON report back, checked well enough that every renderer can trust it.

A report saved with ``--format json`` carries both texts and their segments, so it re-renders
without the input files. :func:`read_report` refuses anything that is not such a report: bad
JSON, another schema, a missing field, a value of the wrong type, or an offset that does not
fit the text it points into (a quoted ``text`` must also equal the text at its offsets).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from sourcetrace.errors import InvalidReport
from sourcetrace.model import SCHEMA

# Larger than any report of two texts under the 50 MB input limit could reasonably be.
MAX_BYTES = 400 * 1024 * 1024

_SIDES = ("original", "derived")


def read_report(path: str | os.PathLike[str]) -> dict[str, Any]:
    """Load and check a saved report (``sourcetrace compare --format json``).

    Args:
        path: The JSON file.

    Returns:
        The report dict, as ``Report.to_dict()`` made it.

    Raises:
        InvalidReport: The file is missing or unreadable, is not JSON, or is not a valid
            ``sourcetrace.report/1`` report; the message names the first problem found.
    """
    name = os.fspath(path)
    data = _load_json(Path(path), name)
    try:
        check_report(data)
    except InvalidReport as error:
        raise InvalidReport(f"{name}: not a valid sourcetrace report: {error}") from None
    return data


def check_report(data: Any) -> None:
    """Check a report dict's structure and offsets.

    Raises:
        InvalidReport: The first problem, with where it is (e.g. ``passages[2].links[0]``).
    """
    report = _object(data, "the report")
    if report.get("schema") != SCHEMA:
        raise InvalidReport(f"schema is {report.get('schema')!r}, expected {SCHEMA!r}")
    texts = {side: _document(_field(report, side, dict), side) for side in _SIDES}
    _field(report, "verdict", str)
    for name, value in _field(report, "scores", dict).items():
        _number(value, f"scores.{name}")
    segment_counts = {side: len(report[side]["segments"]) for side in _SIDES}
    for index, passage in enumerate(_field(report, "passages", list)):
        _passage(passage, f"passages[{index}]", texts, segment_counts)
    for index, item in enumerate(_field(report, "distortions", list)):
        where = f"distortions[{index}]"
        item = _object(item, where)
        for key in ("type", "severity", "explanation"):
            _field(item, key, str, where)
        for side in _SIDES:
            _quote(_field(item, side, dict, where), texts[side], f"{where}.{side}")
    for key, side in (("omissions", "original"), ("additions", "derived")):
        for index, item in enumerate(_field(report, key, list)):
            _quote(_object(item, f"{key}[{index}]"), texts[side], f"{key}[{index}]")
    for index, item in enumerate(_field(report, "artifacts", list)):
        where = f"artifacts[{index}]"
        item = _object(item, where)
        side = _field(item, "side", str, where)
        if side not in texts:
            raise InvalidReport(f"{where}.side is {side!r}, expected original or derived")
        _field(item, "kind", str, where)
        _quote(item, texts[side], where)


def _load_json(path: Path, name: str) -> Any:
    try:
        if path.is_dir():
            raise InvalidReport(f"{name}: is a directory, not a report file")
        if path.stat().st_size > MAX_BYTES:
            raise InvalidReport(f"{name}: too large for a report ({path.stat().st_size:,} bytes)")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InvalidReport(f"{name}: no such file") from None
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        raise InvalidReport(f"{name}: cannot read: {reason}") from None
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise InvalidReport(f"{name}: not a JSON report (not UTF-8 text)") from None
    except json.JSONDecodeError as error:
        raise InvalidReport(
            f"{name}: not a JSON report ({error.msg} at line {error.lineno}, column {error.colno})"
        ) from None


def _object(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InvalidReport(f"{where} must be an object")
    return value


def _field(item: dict[str, Any], key: str, kind: type, where: str = "") -> Any:
    label = f"{where}.{key}" if where else key
    if key not in item:
        raise InvalidReport(f"{label} is missing")
    value = item[key]
    # bool is an int to isinstance, never to a report.
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise InvalidReport(f"{label} must be {_KIND_NAMES.get(kind, 'given')}")
    return value


_KIND_NAMES: dict[type, str] = {
    dict: "an object",
    list: "a list",
    str: "a string",
    int: "an integer",
}


def _number(value: Any, where: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidReport(f"{where} must be a number")


def _document(doc: dict[str, Any], side: str) -> str:
    text = _field(doc, "text", str, side)
    _field(doc, "name", str, side)
    if doc.get("language") is not None:
        _field(doc, "language", str, side)
    if _field(doc, "length", int, side) != len(text):
        raise InvalidReport(f"{side}.length is {doc['length']}, but the text has {len(text)}")
    previous_end = 0
    for index, segment in enumerate(_field(doc, "segments", list, side)):
        where = f"{side}.segments[{index}]"
        if not _is_int_list(segment, 3):
            raise InvalidReport(f"{where} must be [start, end, paragraph]")
        start, end, _paragraph = segment
        if not previous_end <= start < end <= len(text):
            raise InvalidReport(f"{where} is out of order or outside the text")
        previous_end = end
    return text


def _is_int_list(value: Any, length: int | None = None) -> bool:
    return (
        isinstance(value, list)
        and (length is None or len(value) == length)
        and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
    )


def _span(item: dict[str, Any], text: str, where: str) -> tuple[int, int]:
    start = _field(item, "start", int, where)
    end = _field(item, "end", int, where)
    if not 0 <= start <= end <= len(text):
        raise InvalidReport(
            f"{where} [{start}, {end}) does not fit a text of {len(text)} characters"
        )
    return start, end


def _quote(item: dict[str, Any], text: str, where: str) -> None:
    start, end = _span(item, text, where)
    if _field(item, "text", str, where) != text[start:end]:
        raise InvalidReport(f"{where}.text differs from the document text at [{start}, {end})")


def _passage(
    passage: Any, where: str, texts: dict[str, str], segment_counts: dict[str, int]
) -> None:
    passage = _object(passage, where)
    _field(passage, "kind", str, where)
    _number(_field(passage, "similarity", object, where), f"{where}.similarity")
    for side in _SIDES:
        _span(_field(passage, side, dict, where), texts[side], f"{where}.{side}")
    for index, link in enumerate(_field(passage, "links", list, where)):
        _link(link, f"{where}.links[{index}]", texts, segment_counts)


def _link(link: Any, where: str, texts: dict[str, str], segment_counts: dict[str, int]) -> None:
    link = _object(link, where)
    _number(_field(link, "similarity", object, where), f"{where}.similarity")
    _field(link, "status", str, where)
    for side in _SIDES:
        _span(_field(link, side, dict, where), texts[side], f"{where}.{side}")
        indices = _field(link, f"{side}_segments", list, where)
        if not indices or not _is_int_list(indices):
            raise InvalidReport(f"{where}.{side}_segments must be a list of segment indices")
        if not all(0 <= i < segment_counts[side] for i in indices):
            raise InvalidReport(f"{where}.{side}_segments names a segment that does not exist")
