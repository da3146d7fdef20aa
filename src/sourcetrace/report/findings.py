"""Findings: the distortions, omissions and additions of a report dict, in reading order.

Every people-facing renderer (HTML, terminal, CSV, Markdown) lists findings the same way and
numbers them the same way, so "finding 3" means one thing in all of them: distortions first
(critical before minor, then by position in the derived text), then omissions (by position in
the original, page furniture last), then additions (by position in the derived text).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from typing import Any, Literal

FindingKind = Literal["distortion", "omission", "addition"]

SEVERITIES = ("critical", "minor")


@dataclass(frozen=True)
class Finding:
    """One numbered finding, with the quoted span on each side it touches.

    ``original``/``derived`` are the report's ``{"start", "end", "text"}`` dicts, or None for
    the side a finding does not touch (an omission has no derived side, an addition no
    original side).
    """

    number: int
    kind: FindingKind
    type: str
    severity: str | None
    original: dict[str, Any] | None
    derived: dict[str, Any] | None
    explanation: str
    level: str | None = None
    artifact: bool = False

    @property
    def label(self) -> str:
        """A short name such as ``critical number distortion`` or ``omitted sentence``."""
        if self.kind == "distortion":
            return f"{self.severity} {self.type} distortion"
        if self.kind == "omission":
            return "omitted page furniture" if self.artifact else f"omitted {self.level}"
        return f"added {self.level}"


def findings(data: dict[str, Any]) -> list[Finding]:
    """The report's findings, ordered and numbered from 1 (see the module docstring)."""
    ordered = [
        *(_distortion(d) for d in sorted(data["distortions"], key=_distortion_key)),
        *(_omission(o) for o in sorted(data["omissions"], key=_omission_key)),
        *(_addition(a) for a in sorted(data["additions"], key=_span_key)),
    ]
    return [replace(finding, number=number) for number, finding in enumerate(ordered, start=1)]


def severity_rank(severity: str | None) -> int:
    """0 for critical, 1 for minor, 2 for anything else (an unknown severity sorts last)."""
    return SEVERITIES.index(severity) if severity in SEVERITIES else len(SEVERITIES)


def distortion_counts(data: dict[str, Any]) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """Distortions per severity (critical, minor, others) and per type (by name).

    Returns:
        Two lists of ``(name, count)``, in a fixed order, without zero counts.
    """
    by_severity = Counter(d["severity"] for d in data["distortions"])
    by_type = Counter(d["type"] for d in data["distortions"])
    severities = sorted(by_severity, key=lambda name: (severity_rank(name), name))
    return [(name, by_severity[name]) for name in severities], sorted(by_type.items())


def _distortion_key(item: dict[str, Any]) -> tuple[Any, ...]:
    return (
        severity_rank(item["severity"]),
        item["derived"]["start"],
        item["original"]["start"],
        item["type"],
    )


def _omission_key(item: dict[str, Any]) -> tuple[Any, ...]:
    return (bool(item.get("artifact")), item["start"], item["end"])


def _span_key(item: dict[str, Any]) -> tuple[int, int]:
    return (item["start"], item["end"])


def _quote(item: dict[str, Any]) -> dict[str, Any]:
    return {"start": item["start"], "end": item["end"], "text": item["text"]}


def _distortion(item: dict[str, Any]) -> Finding:
    return Finding(
        number=0,
        kind="distortion",
        type=item["type"],
        severity=item["severity"],
        original=_quote(item["original"]),
        derived=_quote(item["derived"]),
        explanation=item["explanation"],
    )


def _omission(item: dict[str, Any]) -> Finding:
    level = item.get("level", "sentence")
    artifact = bool(item.get("artifact"))
    explanation = (
        "page furniture of the original left out of the derived text (not counted)"
        if artifact
        else f"this {level} of the original is carried nowhere into the derived text"
    )
    return Finding(
        number=0,
        kind="omission",
        type=level,
        severity=None,
        original=_quote(item),
        derived=None,
        explanation=explanation,
        level=level,
        artifact=artifact,
    )


def _addition(item: dict[str, Any]) -> Finding:
    level = item.get("level", "sentence")
    return Finding(
        number=0,
        kind="addition",
        type=level,
        severity=None,
        original=None,
        derived=_quote(item),
        explanation=f"this {level} of the derived text has no source in the original",
        level=level,
    )
