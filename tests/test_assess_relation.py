"""The relation detector: the logical relation between clauses changed; the same relation
in other words is not."""

from __future__ import annotations

import pytest

from assessing import sentence_pair
from sourcetrace.assess import detect
from sourcetrace.assess.relations import detect_relations, relation_cues


def _found(original: str, derived: str, languages: tuple[str, str] = ("en", "en")) -> list[tuple[str, str, str]]:
    pair = sentence_pair(original, derived, *languages)
    return [(d.severity, original[d.original.start : d.original.end],
             derived[d.derived.start : d.derived.end]) for d in detect_relations(pair)]


@pytest.mark.parametrize(
    ("original", "derived", "expected"),
    [
        ("The match was cancelled because of the rain.", "The match was cancelled despite the rain.",
         ("critical", "because of", "despite")),
        ("The council will vote on the budget regardless of the protest.",
         "The council will vote on the budget because of the protest.",
         ("critical", "regardless of", "because of")),
        ("Although prices rose, sales held up in the spring.",
         "Because prices rose, sales held up in the spring.", ("critical", "Although", "Because")),
        ("The ferry will not sail unless the wind drops.", "The ferry will not sail if the wind drops.",
         ("critical", "unless", "if")),
        ("The grant is paid if the school keeps its licence.",
         "The grant is paid because the school keeps its licence.", ("critical", "if", "because")),
        # "despite" takes the engagement as a fact, "regardless of" leaves it open: minor.
        ("They will protect the coast regardless of future federal support.",
         "They will protect the coast despite the future federal support.",
         ("minor", "regardless of", "despite")),
    ],
)
def test_changed_relation_is_found(original: str, derived: str, expected: tuple[str, str, str]) -> None:
    assert _found(original, derived) == [expected]


@pytest.mark.parametrize(
    ("original", "derived"),
    [
        ("The match was called off because of the rain.", "The match was called off due to the rain."),
        ("Although the road was icy, the bus ran on time.", "The road was icy, but the bus ran on time."),
        ("The match went ahead despite the rain.", "The match went ahead in spite of the rain."),
        # A connective dropped or added is rewording, not a changed relation.
        ("The match was cancelled because of the rain.", "The rain stopped the match."),
        ("She asked if the office was open.", "She wanted to know whether the office was open."),
    ],
)
def test_same_relation_is_not_flagged(original: str, derived: str) -> None:
    assert _found(original, derived) == []


def test_what_if_is_no_condition() -> None:
    assert [c.family for c in relation_cues("What if the dam breaks, because it might?")] == ["cause"]


def test_a_translation_is_read_in_its_language() -> None:
    # Albanian "megjithëse" (although) rendered as "because".
    original = "Megjithëse çmimet u rritën, shitjet mbetën të larta."
    derived = "Because prices rose, sales stayed high."
    assert _found(original, derived, ("sq", "en")) == [("critical", "Megjithëse", "Because")]


def test_the_relation_finding_is_typed_relation() -> None:
    pair = sentence_pair("The plan failed because of the vote.", "The plan failed despite the vote.")
    assert [d.type for d in detect(pair) if d.severity == "critical"] == ["relation"]
