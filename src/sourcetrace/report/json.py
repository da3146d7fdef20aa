"""The JSON report: ``Report.to_dict()`` serialised, byte-for-byte deterministic."""

from __future__ import annotations

import json
from typing import Any


def render(data: dict[str, Any]) -> str:
    """Serialise a report dict as indented UTF-8-friendly JSON.

    Keys keep the dict's own order (the documented field order), not a sorted one; the dict is
    built in a fixed order, so the same report always gives the same text.

    Args:
        data: The report dict.

    Returns:
        The JSON text, ending with a newline.
    """
    return json.dumps(data, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
