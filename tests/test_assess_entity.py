"""The entity detector: a name swapped for another; spellings, cases and descriptions are not."""

from __future__ import annotations

import pytest

from assessing import sentence_pair
from sourcetrace.assess.entities import detect_entities


def _found(original: str, derived: str) -> list[tuple[str, str]]:
    pair = sentence_pair(original, derived)
    return [(original[d.original.start : d.original.end], derived[d.derived.start : d.derived.end])
            for d in detect_entities(pair)]


@pytest.mark.parametrize(
    ("original", "derived", "expected"),
    [
        ("Chancellor Angela Merkel opened the summit in Berlin.",
         "Chancellor Theresa May opened the summit in Berlin.", ("Angela Merkel", "Theresa May")),
        ("The ministers met in Brussels to discuss the budget.",
         "The ministers met in Madrid to discuss the budget.", ("Brussels", "Madrid")),
        ("Shares of Microsoft fell after the report.", "Shares of Oracle fell after the report.",
         ("Microsoft", "Oracle")),
    ],
)
def test_swapped_names_are_found(original: str, derived: str, expected: tuple[str, str]) -> None:
    assert _found(original, derived) == [expected]


@pytest.mark.parametrize(
    ("original", "derived"),
    [
        ("Leaders of Nato will meet in Paris.", "Leaders of NATO will meet in Paris."),
        ("Trump said he was not concerned by the warning.",
         "The US president said he was not concerned by the warning."),
        ("Sir Keir Starmer spoke in London.", "Keir Starmer spoke in London."),
        ("President Zelenskyy asked for help.", "President Zelensky asked for help."),
        ("Ukrainian officials briefed the United States.", "Ukrainian officials briefed the US."),
        ("Alexander Stubb, Finland's president, spoke.", "Alexander Stubb, President of Finland, spoke."),
    ],
)
def test_spellings_aliases_and_descriptions_are_not_flagged(original: str, derived: str) -> None:
    assert _found(original, derived) == []


def test_a_name_the_recogniser_misses_is_still_seen_swapped_in_aligned_wording() -> None:
    found = _found("Apart from that, Slovenia must stop challenging the treaty.",
                   "Apart from that, Anaheim must stop challenging the treaty.")
    assert found == [("Slovenia", "Anaheim")]


def test_a_swap_is_seen_when_the_recogniser_finds_no_name_on_one_side() -> None:
    # spaCy tags "Skopje" as an organisation and "Palm" as nothing at all
    found = _found("Two cases of vote-buying in a Skopje municipality were referred for prosecution.",
                   "Two cases of vote-buying in a Palm municipality were referred for prosecution.")
    assert found == [("Skopje", "Palm")]


def test_a_number_in_a_name_written_as_a_word_is_the_same_name() -> None:
    assert _found("The hotel stands on Route 9 near Kingston.", "The hotel stands on Route nine near Kingston.") == []


def test_a_possessive_written_without_its_apostrophe_is_the_same_name() -> None:
    assert _found("Garcia was treated for cancer, and Moore suffers from non-Hodgkin's lymphoma.",
                  "Garcia had cancer and Moore is being treated for non-Hodgkins lymphoma.") == []


def test_a_short_code_is_not_read_without_its_final_letter() -> None:
    # "US" without its "s" would be the "U" of "U.N.": the swap must still be seen.
    found = _found("Germany, on the U.N. Security Council, moved closer to the United States and left.",
                   "Germany, on the U.N. Security Council, moved closer to Longhorn and left.")
    assert found == [("the United States", "Longhorn")]


def test_a_country_left_as_another_languages_abbreviation_is_explained_not_swapped() -> None:
    # "SHBA" is the Albanian abbreviation of the United States, kept by a round-trip translation.
    pair = sentence_pair(
        "All Europe must do is resist the pressure applied by the US and Russia.",
        "All Europe must do is resist the pressure applied by Sh.ba and Russia.",
    )
    (finding,) = detect_entities(pair)
    assert finding.severity == "minor"
    assert finding.explanation.startswith("name left untranslated: 'Sh.ba' is the Albanian name of 'US'")
