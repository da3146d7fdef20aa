"""The negation detector: polarity flipped, lost, added or moved; rewording is not."""

from __future__ import annotations

import pytest

from assessing import sentence_pair
from sourcetrace.assess.negation import detect_negation


def _explanations(original: str, derived: str) -> list[str]:
    return [d.explanation.split(":")[0] for d in detect_negation(sentence_pair(original, derived))]


@pytest.mark.parametrize(
    ("original", "derived", "expected"),
    [
        ("The council has not approved the new budget.", "The council has approved the new budget.",
         ["negation lost"]),
        ("The port was reopened after the storm.", "The port was never reopened after the storm.",
         ["negation added"]),
        ("He did not say that he would resign.", "He said that he would not resign.",
         ["negation moved"]),
        ("The firm can't pay its debts.", "The firm can pay its debts.", ["negation lost"]),
    ],
)
def test_polarity_changes_are_found(original: str, derived: str, expected: list[str]) -> None:
    assert _explanations(original, derived) == expected


@pytest.mark.parametrize(
    ("original", "derived"),
    [
        ("The US has not excluded the possibility.", "The US has not ruled out the possibility."),
        ("The firm cannot pay its debts.", "The firm can't pay its debts."),
        ("Not only did the river rise, it burst its banks.", "The river rose and burst its banks."),
        ("They talked about the plan.", "They discussed the plan and would not go into details of the costs."),
    ],
)
def test_rewording_and_added_clauses_are_not_flips(original: str, derived: str) -> None:
    assert _explanations(original, derived) == []


@pytest.mark.parametrize(
    ("original", "derived"),
    [
        # The negated word is not on the other side: polarity said another way, no flip.
        ("The mayor did not respond to requests for comment.",
         "The mayor declined requests for comment."),
        ("The firm was fined for not meeting its hiring targets.",
         "The firm was fined for failing to meet its hiring targets."),
        ("Inspectors have not ruled out a second leak at the plant.",
         "Inspectors continue to consider a second leak at the plant."),
        ("Callers on the do-not-call register were still phoned.",
         "Callers on the register were still phoned."),
    ],
)
def test_polarity_reworded_on_another_word_is_not_a_flip(original: str, derived: str) -> None:
    assert _explanations(original, derived) == []


@pytest.mark.parametrize(
    ("original", "derived", "expected"),
    [
        # "not until" says when: no negation to lose.
        ("The primary isn't until March 9.", "The primary will be March 9.", []),
        ("The shop is not open until noon.", "The shop is open until noon.", ["negation lost"]),
        # A negated noun: the claim is its verb; a claim the original does not make is an addition.
        ("Crews said some passengers were thrown from the bus.",
         "Crews said no passenger was ejected, but some were thrown from the bus.", []),
        ("Passengers were ejected from the bus.", "No passengers were ejected from the bus.",
         ["negation added"]),
        # A negated copula: the claim is its complement.
        ("The decision was an easy one.", "The decision was not difficult.", []),
        ("The decision was easy.", "The decision was not easy.", ["negation added"]),
        # The parser reads "not determined" as an adjective and "determined" as a verb.
        ("The plates are determined from the records.",
         "The plates are not determined from the records.", ["negation added"]),
    ],
)
def test_what_a_negation_denies_must_be_asserted_on_the_other_side(
    original: str, derived: str, expected: list[str]
) -> None:
    assert _explanations(original, derived) == expected


def test_a_negation_read_the_same_with_the_next_word_did_not_move() -> None:
    # The bracketed insertion makes the parser tie "without" to another word.
    assert _explanations(
        "Writing safe programs that show an attack path is adequate [to show a flaw] without "
        "building in the copying code.",
        "Writing safe programs that show an attack path is adequate without building in the "
        "copying code.",
    ) == []
