"""PAN detections XML for one pair: the derived text is PAN's suspicious ("this") document."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from sourcetrace.evaluate.pan import format_detections
from sourcetrace.model import Span


def render(data: dict[str, Any]) -> str:
    """One ``detected-plagiarism`` feature per passage of a report dict.

    ``this_offset``/``this_length`` are the passage's derived range and ``source_offset``/
    ``source_length`` its original range. Documents are referred to by file name (the last
    component of their name), as PAN does.

    Args:
        data: The report dict.

    Returns:
        The XML text, as :func:`sourcetrace.evaluate.pan.format_detections` writes it.
    """
    detections = [
        (_span(passage["derived"]), _span(passage["original"])) for passage in data["passages"]
    ]
    return format_detections(
        _file_name(data["derived"]["name"]), _file_name(data["original"]["name"]), detections
    )


def _span(value: dict[str, int]) -> Span:
    return Span(value["start"], value["end"])


def _file_name(name: str) -> str:
    return PurePath(name).name or name
