"""The hedge detector: certainty changed; equivalent hedges are not (relations: test_assess_relation)."""

from __future__ import annotations

import pytest

from assessing import sentence_pair
from sourcetrace.assess.hedges import detect_hedges


def _found(original: str, derived: str) -> list[tuple[str, str, str]]:
    pair = sentence_pair(original, derived)
    return [(d.severity, original[d.original.start : d.original.end],
             derived[d.derived.start : d.derived.end]) for d in detect_hedges(pair)]


@pytest.mark.parametrize(
    ("original", "derived", "expected"),
    [
        ("The bridge will close in May.", "The bridge may close in May.", ("critical", "will", "may")),
        ("The vote certainly helped the mayor.", "The vote possibly helped the mayor.",
         ("critical", "certainly", "possibly")),
        # A certainty denied is only a possibility.
        ("The views did not necessarily agree with his.", "The views necessarily agreed with his.",
         ("critical", "not necessarily", "necessarily")),
        ("Members must pay the fee.", "Members should pay the fee.", ("minor", "must", "should")),
        # "can" says what is possible to do, not how sure the writer is: a minor step.
        ("The grant will be used for road repairs.", "The grant can be used for road repairs.",
         ("minor", "will", "can")),
        ("Some issues can only be resolved if the league expands.",
         "Some issues will be resolved if the league expands.", ("minor", "can", "will")),
        ("Some issues can only be settled later.", "Some issues must be settled later.",
         ("minor", "can", "must")),
        ("There reportedly will be three crew members.", "There reportedly could be three crew members.",
         ("critical", "will", "could")),
    ],
)
def test_changed_certainty_is_found(original: str, derived: str, expected: tuple[str, str, str]) -> None:
    assert _found(original, derived) == [expected]


@pytest.mark.parametrize(
    ("original", "derived"),
    [
        ("The plan could reshape the region.", "The plan can reshape the region."),
        ("The match was cancelled because of the rain.", "The match was cancelled despite the rain."),
        ("Leaders will gather in Paris in May.", "Leaders will meet in Paris in May."),
        ("The talks might not succeed.", "The talks may not succeed."),
        ("The bridge may close in May.", "The bridge can close in May."),
    ],
)
def test_equivalent_hedges_are_not_flagged(original: str, derived: str) -> None:
    assert _found(original, derived) == []
