"""The terminal summary: documents, verdict and scores in a panel, then a table of passages.

Rendered with ``rich`` into a string, 100 columns wide. Without colour (the default, and what
the CLI asks for when its output is not a terminal or ``NO_COLOR`` is set) the result is plain
text with no escape sequences, identical on every machine.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Group
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from sourcetrace.report._console import to_string

if TYPE_CHECKING:
    from sourcetrace.report import SourceTexts

WIDTH = 100
SNIPPET_CHARS = 60

_SPACE = re.compile(r"\s+")
_SCORE_LABELS = {
    "coverage": "Original reused",
    "derived_from_original": "Derived from original",
    "fidelity": "Fidelity",
}
_VERDICT_STYLES = {
    "copy": "bold red",
    "rewrite": "bold yellow",
    "summary": "bold magenta",
    "partial": "bold cyan",
    "independent": "bold green",
}


def render(data: dict[str, Any], texts: SourceTexts | None = None, *, color: bool = False) -> str:
    """The terminal summary of a report dict.

    Args:
        data: The report dict (``Report.to_dict()``).
        texts: The original and derived texts; without them the passage table shows ranges
            but no snippets.
        color: Whether to emit colours and styles (ANSI escape sequences).

    Returns:
        The summary, ending with a newline.
    """
    return to_string([_summary(data), _passages(data, texts)], width=WIDTH, color=color)


def _summary(data: dict[str, Any]) -> Panel:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    grid.add_row("Original", _document_line(data["original"]))
    grid.add_row("Derived", _document_line(data["derived"]))
    verdict = data["verdict"]
    grid.add_row("Verdict", Text(verdict, style=_VERDICT_STYLES.get(verdict, "bold")))
    # Scores in the report's own (fixed) order, so the summary never depends on hashing.
    for name, value in data["scores"].items():
        grid.add_row(_SCORE_LABELS.get(name, name), _percent(value))
    grid.add_row("Passages", str(len(data["passages"])))
    return Panel(grid, title="sourcetrace", title_align="left", box=box.ROUNDED)


def _document_line(document: dict[str, Any]) -> Text:
    line = Text(document["name"])
    line.append(f"  ({document['length']:,} characters)", style="dim")
    return line


def _passages(data: dict[str, Any], texts: SourceTexts | None) -> Table | Text:
    passages = data["passages"]
    if not passages:
        return Text("No reused passage found.")
    table = Table(box=box.SIMPLE_HEAD, expand=True, title_justify="left")
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Derived", ratio=1)
    table.add_column("Original", ratio=1)
    table.add_column("Kind", no_wrap=True)
    table.add_column("Similarity", justify="right", no_wrap=True)
    for number, passage in enumerate(passages, start=1):
        table.add_row(
            str(number),
            _side(passage["derived"], texts.derived if texts else None),
            _side(passage["original"], texts.original if texts else None),
            passage["kind"],
            f"{passage['similarity']:.2f}",
        )
    return table


def _side(span: dict[str, int], text: str | None) -> Group | Text:
    """A passage side: its character range and, with the text at hand, its first words."""
    where = Text(f"{span['start']}–{span['end']}", style="bold")
    if text is None:
        return where
    return Group(where, Text(_snippet(text[span["start"] : span["end"]]), style="dim"))


def _snippet(text: str) -> str:
    """The first :data:`SNIPPET_CHARS` characters, whitespace collapsed, quoted."""
    flat = _SPACE.sub(" ", text).strip()
    if len(flat) > SNIPPET_CHARS:
        flat = flat[:SNIPPET_CHARS].rstrip() + "…"
    return f"“{flat}”"


def _percent(value: float) -> str:
    return f"{value:.1%}"
