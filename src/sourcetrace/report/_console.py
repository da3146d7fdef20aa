"""Rendering rich renderables into a string, with or without colour."""

from __future__ import annotations

import io
from collections.abc import Iterable

from rich.console import Console, RenderableType


def to_string(renderables: Iterable[RenderableType], *, width: int, color: bool) -> str:
    """Print renderables into a string as a terminal ``width`` columns wide would show them.

    Args:
        renderables: What to print, one after the other.
        width: The width in columns.
        color: Whether to emit colours and styles (ANSI escape sequences). Without them the
            result is plain text that depends on nothing but the renderables and the width.

    Returns:
        The text, ending with a newline.
    """
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width,
        force_terminal=color,
        no_color=not color,
        color_system="standard" if color else None,
        highlight=False,
        emoji=False,
        markup=False,
    )
    for renderable in renderables:
        console.print(renderable)
    if color:
        return buffer.getvalue()
    # Plain text: drop the padding rich adds to fill each line, which only shows in diffs.
    lines = [line.rstrip() for line in buffer.getvalue().splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"
