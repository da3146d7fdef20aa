"""Renderers: one report, several output formats.

Design: :meth:`Report.to_dict` is the single source of truth. Every renderer reads that dict
and nothing else: the dict carries both texts and their segments, so a saved JSON report
(:func:`~sourcetrace.report.saved.read_report`) renders byte for byte like a fresh one.

* :func:`render` takes a :class:`~sourcetrace.model.Report` and calls ``to_dict()`` once:
  the normal entry point.
* :func:`render_dict` takes a report dict, for instance loaded from a ``.json`` file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from sourcetrace.errors import InvalidOption
from sourcetrace.model import Report

__all__ = ["FORMATS", "Format", "render", "render_dict"]

Format = Literal["text", "json", "html", "csv", "md", "pan"]
FORMATS: tuple[Format, ...] = ("text", "json", "html", "csv", "md", "pan")


def render(report: Report, fmt: Format, *, color: bool = False, verbose: bool = False) -> str:
    """Render a report in one of :data:`FORMATS`.

    Args:
        report: The report to render.
        fmt: ``"text"`` (terminal summary), ``"json"`` (the documented report), ``"html"``
            (the side-by-side page), ``"csv"`` (one row per finding), ``"md"`` (Markdown
            summary) or ``"pan"`` (PAN detections XML).
        color: Whether the text format may use colours and styles (ANSI escapes); the
            other formats ignore it.
        verbose: Whether the text format lists every sentence link; the others ignore it.

    Returns:
        The rendered report, ending with a newline.

    Raises:
        InvalidOption: ``fmt`` is not a known format.
    """
    return render_dict(report.to_dict(), fmt, color=color, verbose=verbose)


def render_dict(
    data: dict[str, Any], fmt: Format, *, color: bool = False, verbose: bool = False
) -> str:
    """Render a report dict (``Report.to_dict()``, or the same loaded from JSON).

    Args:
        data: The report dict, schema ``sourcetrace.report/1``.
        fmt: One of :data:`FORMATS`.
        color: Whether the text format may use colours and styles.
        verbose: Whether the text format lists every sentence link.

    Returns:
        The rendered report, ending with a newline.

    Raises:
        InvalidOption: ``fmt`` is not a known format.
    """
    if fmt == "text":
        from sourcetrace.report import text

        return text.render(data, color=color, verbose=verbose)
    return _renderer(fmt)(data)


def _renderer(fmt: str) -> Callable[[dict[str, Any]], str]:
    # Imported here so that one format never loads what another needs (rich, for instance).
    if fmt == "json":
        from sourcetrace.report import json

        return json.render
    if fmt == "html":
        from sourcetrace.report import html

        return html.render
    if fmt == "csv":
        from sourcetrace.report import csv

        return csv.render
    if fmt == "md":
        from sourcetrace.report import markdown

        return markdown.render
    if fmt == "pan":
        from sourcetrace.report import pan

        return pan.render
    raise InvalidOption(f"unknown format {fmt!r}; expected one of: {', '.join(FORMATS)}")
