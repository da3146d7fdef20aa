"""Renderers: one report, several output formats.

Design: :meth:`Report.to_dict` is the single source of truth. Every renderer reads that dict
and nothing else of the report, so a saved JSON report renders exactly like a fresh one. The
only side input is the two texts, which the JSON deliberately leaves out (it stays compact and
never duplicates a document): the terminal summary uses them for short snippets, and shows
ranges alone when they are not given.

* :func:`render` takes a :class:`~sourcetrace.model.Report`, calls ``to_dict()`` once and
  passes the documents' texts along: the normal entry point.
* :func:`render_dict` takes a report dict (for instance loaded from a ``.json`` file) and,
  optionally, the texts.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal, NamedTuple

from sourcetrace.errors import InvalidOption
from sourcetrace.model import Report

__all__ = ["FORMATS", "Format", "SourceTexts", "render", "render_dict"]

Format = Literal["text", "json", "pan"]
FORMATS: tuple[Format, ...] = ("text", "json", "pan")


class SourceTexts(NamedTuple):
    """The two texts a report's offsets point into."""

    original: str
    derived: str


def render(report: Report, fmt: Format, *, color: bool = False) -> str:
    """Render a report in one of :data:`FORMATS`.

    Args:
        report: The report to render.
        fmt: ``"text"`` (terminal summary), ``"json"`` (the documented report) or ``"pan"``
            (PAN detections XML).
        color: Whether the text format may use colours and styles (ANSI escapes); the
            other formats ignore it.

    Returns:
        The rendered report, ending with a newline.

    Raises:
        InvalidOption: ``fmt`` is not a known format.
    """
    texts = SourceTexts(report.original.text, report.derived.text)
    return render_dict(report.to_dict(), fmt, texts=texts, color=color)


def render_dict(
    data: dict[str, Any],
    fmt: Format,
    *,
    texts: SourceTexts | None = None,
    color: bool = False,
) -> str:
    """Render a report dict (``Report.to_dict()``, or the same loaded from JSON).

    Args:
        data: The report dict, schema ``sourcetrace.report/1``.
        fmt: One of :data:`FORMATS`.
        texts: The original and derived texts, for snippets in the text format.
        color: Whether the text format may use colours and styles.

    Returns:
        The rendered report, ending with a newline.

    Raises:
        InvalidOption: ``fmt`` is not a known format.
    """
    return _renderer(fmt)(data, texts, color)


def _renderer(fmt: str) -> Callable[[dict[str, Any], SourceTexts | None, bool], str]:
    # Imported here so that importing the package does not load rich for JSON output.
    if fmt == "json":
        from sourcetrace.report import json

        return lambda data, _texts, _color: json.render(data)
    if fmt == "pan":
        from sourcetrace.report import pan

        return lambda data, _texts, _color: pan.render(data)
    if fmt == "text":
        from sourcetrace.report import text

        return lambda data, texts, color: text.render(data, texts, color=color)
    raise InvalidOption(f"unknown format {fmt!r}; expected one of: {', '.join(FORMATS)}")
