"""Plain-language names and explanations of verdicts and scores, shared by every renderer."""

from __future__ import annotations

from typing import Any

SCORE_LABELS = {
    "coverage": "Original reused",
    "derived_from_original": "Derived from original",
    "fidelity": "Fidelity",
}

_SCORE_EXPLANATIONS = {
    "coverage": "share of the original's sentences carried into the derived text",
    "derived_from_original": "share of the derived text's sentences that come from the original",
    "fidelity": "how faithfully the reused passages keep the original's facts and meaning "
    "(1.0: no distortion found)",
}

_VERDICT_EXPLANATIONS = {
    "independent": "No reused passage was found: the derived text does not appear to draw on "
    "the original.",
    "copy": "The derived text is a near-verbatim copy: most of both texts match word for word.",
    "summary": "The derived text condenses the original: short passages stand for longer "
    "stretches of it.",
    "partial": "The derived text reuses part of the original: less than half of the original "
    "is carried over.",
    "rewrite": "The derived text retells most of the original, reworded or reordered.",
    "translation": "The derived text is a translation of the original.",
}


def score_label(name: str) -> str:
    """The display name of a score, or the score's own name when it is not a known one."""
    return SCORE_LABELS.get(name, name.replace("_", " ").capitalize())


def score_explanation(name: str) -> str:
    """What a score measures, in a phrase; empty for an unknown score."""
    return _SCORE_EXPLANATIONS.get(name, "")


def verdict_explanation(verdict: str) -> str:
    """One or two sentences saying what a verdict means."""
    return _VERDICT_EXPLANATIONS.get(verdict, f"The pair was classified as {verdict!r}.")


def percent(value: float) -> str:
    """A share as a percentage with one decimal, e.g. ``81.0%``."""
    return f"{value:.1%}"


def link_count(data: dict[str, Any]) -> int:
    """The number of sentence links over all passages."""
    return sum(len(passage["links"]) for passage in data["passages"])
