"""Render scan records (``sourcetrace.scan/1``, one per suspect): JSON Lines, a text table, CSV,
PAN detections per suspect-source pair, and an HTML overview linking to the pair reports.

Every renderer takes the records :meth:`sourcetrace.Index.scan` yields; the full pair report
each source carries (``report``) is used by the HTML pages and left out of the JSON Lines.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from sourcetrace.evaluate.pan import format_detections, pair_file_name
from sourcetrace.model import Span
from sourcetrace.output import write_atomic
from sourcetrace.report import render_dict
from sourcetrace.report.html import escape

__all__ = ["SCAN_FORMATS", "csv_table", "jsonl_line", "text_table", "write_html", "write_pan"]

SCAN_FORMATS = ("jsonl", "text", "csv", "html", "pan")
FOLDER_FORMATS = ("html", "pan")
_CSV_COLUMNS = (
    "suspect", "rank", "source", "score", "verdict", "coverage", "derived_from_original",
    "fidelity", "passages", "critical", "minor", "channel", "candidates",
)


def jsonl_line(record: dict[str, Any]) -> str:
    """One suspect's record as a JSON line, without the full pair reports."""
    slim = {**record, "sources": [
        {key: value for key, value in source.items() if key != "report"}
        for source in record["sources"]
    ]}
    return json.dumps(slim, ensure_ascii=False, sort_keys=True) + "\n"


def text_table(records: Iterable[dict[str, Any]]) -> str:
    """A table: one line per suspect-source match (a dash for a suspect with none)."""
    lines = [f"{'suspect':30} {'#':>2} {'source':30} {'score':>6} {'cov':>6} {'verdict':11}"
             f" {'pass':>4} {'crit':>4} {'cand':>4}"]
    for record in records:
        suspect = _cut(record["suspect"]["id"], 30)
        if "error" in record:
            lines.append(f"{suspect:30} error: {record['error']}")
            continue
        if not record["sources"]:
            lines.append(f"{suspect:30}  - {'(no source found)':30} {'':6} {'':6} {'':11}"
                         f" {'':4} {'':4} {record['candidates']:4d}")
        for source in record["sources"]:
            lines.append(
                f"{suspect:30} {source['rank']:2d} {_cut(source['id'], 30):30}"
                f" {source['score']:6.3f} {source['scores']['coverage']:6.3f}"
                f" {source['verdict']:11} {len(source['passages']):4d}"
                f" {source['distortions']['critical']:4d} {record['candidates']:4d}"
            )
    return "\n".join(lines) + "\n"


def csv_table(records: Iterable[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(_CSV_COLUMNS)
    for record in records:
        for source in record["sources"]:
            scores = source["scores"]
            writer.writerow([
                record["suspect"]["id"], source["rank"], source["id"], source["score"],
                source["verdict"], scores["coverage"], scores["derived_from_original"],
                scores["fidelity"], len(source["passages"]), source["distortions"]["critical"],
                source["distortions"]["minor"], source["channel"], record["candidates"],
            ])
    return out.getvalue()


def write_pan(records: Iterable[dict[str, Any]], folder: str | os.PathLike[str]) -> int:
    """One PAN detections XML per suspect-source pair with attributed passages; returns the
    number of files. Files are named as PAN names pairs (``pair_file_name``)."""
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    written = 0
    for record in records:
        for source in record["sources"]:
            detections = [
                (Span(p["derived"]["start"], p["derived"]["end"]),
                 Span(p["original"]["start"], p["original"]["end"]))
                for p in source["passages"] if p["attributed"]
            ]
            if not detections:
                continue
            suspect = Path(record["suspect"]["id"]).name
            name = pair_file_name(suspect, Path(source["id"]).name)
            write_atomic(target / name, format_detections(suspect, Path(source["id"]).name,
                                                         detections))
            written += 1
    return written


def write_html(records: Sequence[dict[str, Any]], folder: str | os.PathLike[str]) -> int:
    """``index.html`` (every suspect, its sources, coverage bars) and one side-by-side report
    per suspect-source pair under ``pairs/``; returns the number of pair pages."""
    target = Path(folder)
    (target / "pairs").mkdir(parents=True, exist_ok=True)
    rows, pages = [], 0
    for number, record in enumerate(records, start=1):
        links = []
        for source in record["sources"]:
            page = f"pairs/{number:05d}-{source['rank']:02d}-{_slug(source['id'])}.html"
            write_atomic(target / page, render_dict(source["report"], "html"))
            pages += 1
            links.append(_source_cell(source, page))
        rows.append(_suspect_row(record, links))
    write_atomic(target / "index.html", _overview(rows))
    return pages


def _source_cell(source: dict[str, Any], page: str) -> str:
    scores = source["scores"]
    return (
        f'<li><a href="{escape(page)}">{escape(source["id"])}</a> '
        f'<span class="verdict">{escape(source["verdict"])}</span>'
        f'{_bar("of the suspect", scores["derived_from_original"])}'
        f'{_bar("of the source", scores["coverage"])}'
        f'<span class="counts">{len(source["passages"])} passages,'
        f' {source["distortions"]["critical"]} critical</span></li>'
    )


def _bar(label: str, share: float) -> str:
    percent = round(100 * share)
    return (f'<span class="bar" title="{percent}% {label}"><span style="width:{percent}%">'
            f'</span></span><span class="share">{percent}% {escape(label)}</span>')


def _suspect_row(record: dict[str, Any], links: list[str]) -> str:
    found = "".join(links) or "<li>no source found</li>"
    error = f'<p class="error">{escape(record["error"])}</p>' if "error" in record else ""
    return (f'<tr><th>{escape(record["suspect"]["id"])}</th><td>{record["candidates"]}</td>'
            f"<td>{error}<ul>{found}</ul></td></tr>")


def _overview(rows: list[str]) -> str:
    return (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<title>sourcetrace scan</title><style>"
        "body{font:15px/1.4 system-ui,sans-serif;margin:2em}table{border-collapse:collapse}"
        "th,td{vertical-align:top;text-align:left;padding:.4em .8em;border-top:1px solid #ddd}"
        "ul{margin:0;padding:0;list-style:none}li{margin:.2em 0}"
        ".bar{display:inline-block;width:8em;height:.7em;background:#eee;margin:0 .3em}"
        ".bar span{display:block;height:100%;background:#3b7dd8}.share,.counts{color:#555;"
        "font-size:90%;margin-right:.8em}.verdict{margin:0 .5em;font-weight:600}"
        ".error{color:#b00}</style></head><body><h1>Scan</h1>"
        "<p>Candidates are found approximately; every source listed was verified by a full "
        "comparison with the suspect.</p><table><thead><tr><th>suspect</th><th>candidates"
        "</th><th>sources</th></tr></thead><tbody>\n" + "\n".join(rows)
        + "\n</tbody></table></body></html>\n"
    )


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text)[:80]
