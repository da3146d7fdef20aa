"""The number detector: counts, amounts and percentages changed, harmless writings not."""

from __future__ import annotations

import pytest

from assessing import sentence_pair
from sourcetrace.assess.numbers import detect_numbers, number_mentions


def _found(original: str, derived: str, *languages: str | None) -> list[tuple[str, str, str]]:
    pair = sentence_pair(original, derived, *languages)
    return [(d.severity, original[d.original.start : d.original.end],
             derived[d.derived.start : d.derived.end]) for d in detect_numbers(pair)]


@pytest.mark.parametrize(
    ("original", "derived", "expected"),
    [
        ("The plan was backed by three ministers on the council.",
         "The plan was backed by two ministers on the council.", ("three", "two")),
        ("Turnout rose to 64 per cent in the northern district.",
         "Turnout rose to 46 per cent in the northern district.", ("64 per cent", "46 per cent")),
        ("The bridge will cost $1.5 million to repair.",
         "The bridge will cost $2.5 million to repair.", ("$1.5 million", "$2.5 million")),
        ("A crew of 12 worked through the night at the quay.",
         "A crew of twenty worked through the night at the quay.", ("12", "twenty")),
    ],
)
def test_changed_numbers_are_critical(original: str, derived: str, expected: tuple[str, str]) -> None:
    assert _found(original, derived) == [("critical", *expected)]


@pytest.mark.parametrize(
    ("original", "derived"),
    [
        ("Turnout rose to 64 per cent.", "Turnout rose to 64%."),
        ("The plan was backed by three ministers.", "The plan was backed by 3 ministers."),
        ("The fund holds 1,500,000 euros.", "The fund holds 1.5 million euros."),
        ("One senior official said so.", "A senior official said so."),
        ("The school opened on 4 May 2021 with 30 pupils.", "The school opened on May 4, 2021 with 30 pupils."),
        ("A 40-year-old driver was hurt.", "A driver, 40, was hurt."),
    ],
)
def test_the_same_number_written_otherwise_is_not_flagged(original: str, derived: str) -> None:
    assert _found(original, derived) == []


def test_a_bound_turned_around_is_critical_and_an_approximation_minor() -> None:
    assert _found("More than 50 homes were flooded.", "Fewer than 50 homes were flooded.") == [
        ("critical", "50", "50")
    ]
    assert _found("About 50 homes were flooded.", "50 homes were flooded.") == [("minor", "50", "50")]


def test_years_and_durations_are_left_to_the_date_detector() -> None:
    assert [m.text for m in number_mentions("In 2019 the works took three weeks and cost 40 euros.")] == ["40"]


def test_albanian_digits_are_read_in_their_locale() -> None:
    assert _found("Buxheti është 1.200 euro.", "The budget is 1,200 euros.", "sq", "en") == []
    assert _found("Buxheti është 1.200 euro.", "The budget is 1,500 euros.", "sq", "en") == [
        ("critical", "1.200", "1,500")
    ]


def test_percentage_points_are_a_percent_unit() -> None:
    assert _found("The poll has a margin of error of 6.1 percentage points.",
                  "The poll has a margin of error of 6.1 percent.") == [
        ("minor", "6.1 percentage points", "6.1 percent")
    ]
    assert _found("Support rose 2 percentage points.", "Support rose 2 points.") == []
    assert _found("Support rose 2 percentage points.", "Support rose 3 percentage points.") == [
        ("critical", "2 percentage points", "3 percentage points")
    ]


def test_a_count_before_a_range_of_years_stays_a_number() -> None:
    assert _found("The crimes carry penalties of five to 30 years in prison.",
                  "The crimes carry penalties of three to 30 years in prison.") == [
        ("critical", "five", "three")
    ]
