"""The terminal summary: a panel with documents, verdict, scores and counts, then tables of the
top distortions and of the passages (with ``verbose``: every finding and every sentence link).

Rendered with ``rich`` into a string, 100 columns wide. Without colour (the default, and what
the CLI asks for when its output is not a terminal or ``NO_COLOR`` is set) the result is plain
text with no escape sequences, identical on every machine.
"""

from __future__ import annotations

import re
from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from sourcetrace.report._console import to_string
from sourcetrace.report.findings import Finding, distortion_counts, findings
from sourcetrace.report.wording import (
    link_count,
    percent,
    score_label,
    verdict_explanation,
)

WIDTH = 100
SNIPPET_CHARS = 60
# Distortions shown without --verbose.
TOP_DISTORTIONS = 10

_SPACE = re.compile(r"\s+")
_VERDICT_STYLES = {
    "copy": "bold red",
    "rewrite": "bold yellow",
    "summary": "bold magenta",
    "partial": "bold cyan",
    "independent": "bold green",
}
_SEVERITY_STYLES = {"critical": "bold red", "minor": "yellow"}


def render(data: dict[str, Any], *, color: bool = False, verbose: bool = False) -> str:
    """The terminal summary of a report dict.

    Args:
        data: The report dict (``Report.to_dict()``).
        color: Whether to emit colours and styles (ANSI escape sequences).
        verbose: List every distortion, omission, addition and sentence link, not only the
            top :data:`TOP_DISTORTIONS` distortions.

    Returns:
        The summary, ending with a newline.
    """
    found = findings(data)
    distortions = [f for f in found if f.kind == "distortion"]
    parts: list[RenderableType] = [_summary(data, found)]
    if distortions:
        parts.append(_distortions(distortions if verbose else distortions[:TOP_DISTORTIONS]))
        if not verbose and len(distortions) > TOP_DISTORTIONS:
            more = len(distortions) - TOP_DISTORTIONS
            parts.append(Text(f"… and {more} more distortions (--verbose lists them all)."))
    parts.append(_passages(data))
    if verbose:
        parts.extend(_one_sided(found, kind) for kind in ("omission", "addition"))
        parts.append(_links(data))
    return to_string(parts, width=WIDTH, color=color)


def _summary(data: dict[str, Any], found: list[Finding]) -> Panel:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column()
    grid.add_row("Original", _document_line(data["original"]))
    grid.add_row("Derived", _document_line(data["derived"]))
    verdict = data["verdict"]
    verdict_line = Text(verdict, style=_VERDICT_STYLES.get(verdict, "bold"))
    verdict_line.append(f"  {verdict_explanation(verdict)}", style="dim")
    grid.add_row("Verdict", verdict_line)
    # Scores in the report's own (fixed) order, so the summary never depends on hashing.
    for name, value in data["scores"].items():
        grid.add_row(score_label(name), percent(value))
    grid.add_row("Passages", f"{len(data['passages'])} ({link_count(data)} sentence links)")
    grid.add_row("Distortions", _distortion_line(data))
    omissions = sum(1 for f in found if f.kind == "omission" and not f.artifact)
    grid.add_row("Omissions", str(omissions))
    grid.add_row("Additions", str(len(data["additions"])))
    return Panel(grid, title="sourcetrace", title_align="left", box=box.ROUNDED)


def _document_line(document: dict[str, Any]) -> Text:
    line = Text(document["name"])
    details = f"{document['length']:,} characters"
    if document.get("language"):
        details = f"{document['language']}, {details}"
    line.append(f"  ({details})", style="dim")
    return line


def _distortion_line(data: dict[str, Any]) -> str:
    severities, types = distortion_counts(data)
    parts = [
        ", ".join(f"{count} {name}" for name, count in severities),
        ", ".join(f"{name} {count}" for name, count in types),
    ]
    detail = "; ".join(part for part in parts if part)
    return f"{len(data['distortions'])}" + (f" ({detail})" if detail else "")


def _distortions(distortions: list[Finding]) -> Table:
    table = Table(title="Distortions", title_justify="left", box=box.SIMPLE_HEAD, expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Severity", no_wrap=True)
    table.add_column("Type", no_wrap=True)
    table.add_column("Original", ratio=1)
    table.add_column("Derived", ratio=1)
    table.add_column("Explanation", ratio=1)
    for finding in distortions:
        severity = finding.severity or ""
        table.add_row(
            str(finding.number),
            Text(severity, style=_SEVERITY_STYLES.get(severity, "")),
            finding.type,
            _quoted(finding.original),
            _quoted(finding.derived),
            finding.explanation,
        )
    return table


def _one_sided(found: list[Finding], kind: str) -> Table | Text:
    rows = [f for f in found if f.kind == kind]
    title = "Omissions" if kind == "omission" else "Additions"
    if not rows:
        return Text(f"{title}: none.")
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Original" if kind == "omission" else "Derived", ratio=1)
    table.add_column("What", no_wrap=True)
    for finding in rows:
        quote = finding.original if kind == "omission" else finding.derived
        table.add_row(str(finding.number), _quoted(quote), finding.label)
    return table


def _passages(data: dict[str, Any]) -> Table | Text:
    passages = data["passages"]
    if not passages:
        return Text("No reused passage found.")
    table = Table(title="Passages", title_justify="left", box=box.SIMPLE_HEAD, expand=True)
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Derived", ratio=1)
    table.add_column("Original", ratio=1)
    table.add_column("Kind", no_wrap=True)
    table.add_column("Similarity", justify="right", no_wrap=True)
    for number, passage in enumerate(passages, start=1):
        table.add_row(
            str(number),
            _side(passage["derived"], data["derived"]["text"]),
            _side(passage["original"], data["original"]["text"]),
            passage["kind"],
            f"{passage['similarity']:.2f}",
        )
    return table


def _links(data: dict[str, Any]) -> Table | Text:
    if not data["passages"]:
        return Text("Sentence links: none.")
    table = Table(title="Sentence links", title_justify="left", box=box.SIMPLE_HEAD, expand=True)
    table.add_column("Passage", justify="right", no_wrap=True)
    table.add_column("Derived", ratio=1)
    table.add_column("Original", ratio=1)
    table.add_column("Similarity", justify="right", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    for number, passage in enumerate(data["passages"], start=1):
        for link in passage["links"]:
            table.add_row(
                str(number),
                _side(link["derived"], data["derived"]["text"]),
                _side(link["original"], data["original"]["text"]),
                f"{link['similarity']:.2f}",
                link["status"],
            )
    return table


def _side(span: dict[str, int], text: str) -> Group:
    """A passage or link side: its character range and its first words."""
    where = Text(f"{span['start']}–{span['end']}", style="bold")
    return Group(where, Text(_snippet(text[span["start"] : span["end"]]), style="dim"))


def _quoted(quote: dict[str, Any] | None) -> Group | Text:
    """A finding's phrase on one side, with its range; a dash for no side."""
    if quote is None:
        return Text("–")
    where = Text(f"{quote['start']}–{quote['end']}", style="bold")
    words = _snippet(quote["text"]) if quote["text"] else "(nothing)"
    return Group(Text(words), where)


def _snippet(text: str) -> str:
    """The first :data:`SNIPPET_CHARS` characters, whitespace collapsed, quoted."""
    flat = _SPACE.sub(" ", text).strip()
    if len(flat) > SNIPPET_CHARS:
        flat = flat[:SNIPPET_CHARS].rstrip() + "…"
    return f"“{flat}”"
