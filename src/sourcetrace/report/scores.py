"""The evaluation table: PAN measures per corpus section and overall."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rich.table import Table

from sourcetrace.report._console import to_string

# Wide enough that a table of every PAN 2013 section never wraps.
WIDTH = 200
# (row label, key of Scores.to_dict()) in display order.
ROWS = (
    ("plagdet", "plagdet"),
    ("recall", "recall"),
    ("precision", "precision"),
    ("granularity", "granularity"),
    ("micro plagdet", "micro_plagdet"),
    ("micro recall", "micro_recall"),
    ("micro precision", "micro_precision"),
    ("case recall", "case_recall"),
    ("case precision", "case_precision"),
    ("cases", "cases"),
    ("detections", "detections"),
    ("pairs", "pairs"),
    ("pairs with detections", "pairs_with_detections"),
)


def render(
    scores: Mapping[str, Mapping[str, Any]], *, color: bool = False, width: int = WIDTH
) -> str:
    """One table with a row per measure and a column per section (``overall`` last).

    Args:
        scores: ``Scores.to_dict()`` per section, in display order.
        color: Whether to emit colours and styles.
        width: The most columns the table may take.

    Returns:
        The table as text, ending with a newline; undefined measures read ``n/a``.
    """
    table = Table(title="PAN text alignment", title_justify="left")
    table.add_column("measure")
    for name in scores:
        table.add_column(name, justify="right")
    for label, key in ROWS:
        table.add_row(label, *(format_value(values[key]) for values in scores.values()))
    return to_string([table], width=width, color=color)


def format_value(value: float | int | None) -> str:
    """``n/a`` for an undefined measure, counts as integers, shares with four decimals."""
    if value is None:
        return "n/a"
    if isinstance(value, int):
        return str(value)
    return f"{value:.4f}"
