"""The Markdown summary: documents, verdict, scores, counts and tables of findings.

Meant to be pasted into an issue, a wiki page or a pull request. Every piece of report text goes
through :func:`inline`, which flattens it to one line and backslash-escapes the characters that
Markdown (and the HTML it may embed) would act on, so a text holding ``<script>``, ``[link](...)``
or ``|`` stays literal text in any renderer.
"""

from __future__ import annotations

import re
from typing import Any

from sourcetrace.report.findings import Finding, distortion_counts, findings
from sourcetrace.report.wording import (
    link_count,
    percent,
    score_explanation,
    score_label,
    verdict_explanation,
)

# Quotes in tables are cut to this many characters.
QUOTE_CHARS = 160

_SPECIAL = re.compile(r"([\\`*_\[\]<|~&])")
_SPACE = re.compile(r"\s+")


def inline(text: object) -> str:
    """One line of literal Markdown text: whitespace collapsed, special characters escaped."""
    return _SPECIAL.sub(r"\\\1", _SPACE.sub(" ", str(text)).strip())


def render(data: dict[str, Any]) -> str:
    """The Markdown summary of a report dict.

    Args:
        data: The report dict.

    Returns:
        The Markdown text, ending with a newline.
    """
    found = findings(data)
    sections = [
        "# Text reuse report",
        _documents(data),
        f"**Verdict: {inline(data['verdict'])}.** {inline(verdict_explanation(data['verdict']))}",
        _scores(data),
        _counts(data, found),
        _distortions([f for f in found if f.kind == "distortion"]),
        _one_sided("Omissions", "original", [f for f in found if f.kind == "omission"]),
        _one_sided("Additions", "derived", [f for f in found if f.kind == "addition"]),
    ]
    return "\n\n".join(section for section in sections if section) + "\n"


def _table(header: list[str], rows: list[list[str]]) -> str:
    lines = [header, ["---"] * len(header), *rows]
    return "\n".join("| " + " | ".join(line) + " |" for line in lines)


def _documents(data: dict[str, Any]) -> str:
    rows = [
        [
            role.capitalize(),
            inline(data[role]["name"]),
            inline(data[role]["language"] or "unknown"),
            f"{data[role]['length']:,} characters",
        ]
        for role in ("original", "derived")
    ]
    return _table(["", "document", "language", "length"], rows)


def _scores(data: dict[str, Any]) -> str:
    rows = [
        [inline(score_label(name)), percent(value), inline(score_explanation(name))]
        for name, value in data["scores"].items()
    ]
    return _table(["score", "value", "meaning"], rows) if rows else ""


def _counts(data: dict[str, Any], found: list[Finding]) -> str:
    severities, types = distortion_counts(data)
    detail = "; ".join(
        part
        for part in (
            ", ".join(f"{count} {inline(name)}" for name, count in severities),
            ", ".join(f"{inline(name)} {count}" for name, count in types),
        )
        if part
    )
    omissions = sum(1 for f in found if f.kind == "omission" and not f.artifact)
    items = [
        f"- Passages: {len(data['passages'])} ({link_count(data)} sentence links)",
        f"- Distortions: {len(data['distortions'])}" + (f" ({detail})" if detail else ""),
        f"- Omissions: {omissions}",
        f"- Additions: {len(data['additions'])}",
        f"- Page furniture: {len(data['artifacts'])}",
    ]
    return "\n".join(items)


def _quote(quote: dict[str, Any] | None) -> str:
    if quote is None:
        return ""
    text = _SPACE.sub(" ", quote["text"]).strip()
    if len(text) > QUOTE_CHARS:
        text = text[:QUOTE_CHARS].rstrip() + "\u2026"
    words = f"\u201c{inline(text)}\u201d" if text else "(nothing)"
    return f"{words} ({quote['start']}\u2013{quote['end']})"


def _distortions(found: list[Finding]) -> str:
    if not found:
        return "## Distortions\n\nNone found."
    rows = [
        [
            str(f.number),
            inline(f.severity),
            inline(f.type),
            _quote(f.original),
            _quote(f.derived),
            inline(f.explanation),
        ]
        for f in found
    ]
    table = _table(["#", "severity", "type", "original", "derived", "explanation"], rows)
    return f"## Distortions\n\n{table}"


def _one_sided(title: str, side: str, found: list[Finding]) -> str:
    if not found:
        return f"## {title}\n\nNone found."
    rows = [[str(f.number), _quote(getattr(f, side)), inline(f.label)] for f in found]
    return f"## {title}\n\n{_table(['#', side, 'what'], rows)}"
