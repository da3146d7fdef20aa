"""CSV export of the findings: one row per distortion, omission and addition.

Rows follow the findings order of :mod:`sourcetrace.report.findings` (the numbers match the HTML
report). Written with the :mod:`csv` module (RFC 4180 quoting, ``\\n`` line ends), so a text
holding commas, quotes or newlines stays one cell.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from sourcetrace.report.findings import Finding, findings

COLUMNS = (
    "finding",
    "kind",
    "type",
    "severity",
    "level",
    "artifact",
    "original_start",
    "original_end",
    "original_text",
    "derived_start",
    "derived_end",
    "derived_text",
    "explanation",
)
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def render(data: dict[str, Any]) -> str:
    """The findings of a report dict as CSV with a header row.

    Text cells that a spreadsheet would read as a formula (starting with ``=``, ``+``, ``-``,
    ``@``, a tab or a carriage return) get a leading apostrophe; offsets always point at the
    text without it.

    Args:
        data: The report dict.

    Returns:
        The CSV text, ending with a newline; only the header when there is no finding.
    """
    rows = [COLUMNS, *(_row(finding) for finding in findings(data))]
    return "".join(_csv_line(row) for row in rows)


def _csv_line(row: Sequence[str | int]) -> str:
    """One row ending with ``\n``. The writer quotes a cell holding any character of its line
    terminator, so it is given ``\r\n``: with ``\n`` alone, a cell holding a lone ``\r`` (an old
    Mac line end) was left unquoted and read back as two rows."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(row)
    return buffer.getvalue().removesuffix("\r\n") + "\n"


def _row(finding: Finding) -> list[str | int]:
    return [
        finding.number,
        finding.kind,
        finding.type,
        finding.severity or "",
        finding.level or "",
        "true" if finding.artifact else "false",
        *_side(finding.original),
        *_side(finding.derived),
        _inert(finding.explanation),
    ]


def _side(quote: dict[str, Any] | None) -> list[str | int]:
    if quote is None:
        return ["", "", ""]
    return [quote["start"], quote["end"], _inert(quote["text"])]


def _inert(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_STARTS) else text
