"""The garbled detector: an aligned sentence whose wording was lost."""

from __future__ import annotations

import pytest

from assessing import sentence_pair
from sourcetrace.assess.garbled import detect_garbled, lookalikes


def test_a_sentence_sharing_few_content_words_is_garbled_and_minor() -> None:
    (finding,) = detect_garbled(sentence_pair(
        "It is astonishing how quickly the harbour project is moving forward now.",
        "Insure that crazy is this harbor advancing , quick .",
    ))
    assert (finding.type, finding.severity) == ("garbled", "minor")
    assert "space before punctuation" in finding.explanation


def test_a_faithful_rewording_is_not_garbled() -> None:
    assert detect_garbled(sentence_pair(
        "The harbour project is moving forward quickly, the mayor said on Friday.",
        "The harbor project is moving ahead quickly, the mayor said Friday.",
    )) == ()


def test_pairs_in_two_languages_are_left_alone() -> None:
    assert detect_garbled(sentence_pair(
        "The harbour project is moving forward quickly.", "Projekti i portit po ecën shpejt.",
        "en", "sq",
    )) == ()


QUOTE_SPOKEN = "\"It's insane how fast this is moving,\" said Maria Lund, the mayor of Tarnby, on Friday."


def _garbled(original: str, derived: str) -> list[tuple[str, str]]:
    pair = sentence_pair(original, derived, "en", "en")
    return [(f.severity, derived[f.derived.start : f.derived.end]) for f in detect_garbled(pair)]


def test_a_quotation_turned_into_word_salad_is_garbled_and_critical() -> None:
    derived = "\"Insure that crazy is this moving,\" said Maria Lund, the mayor of Tarnby, on Friday."
    assert _garbled(QUOTE_SPOKEN, derived) == [("critical", "Insure that crazy is this moving,")]
    (finding,) = detect_garbled(sentence_pair(QUOTE_SPOKEN, derived, "en", "en"))
    assert "look-alike word 'insane' -> 'Insure'" in finding.explanation
    assert "word order broken" in finding.explanation


@pytest.mark.parametrize(
    "derived",
    [
        # Reworded, as another outlet or a careful translation renders it: not salad.
        "\"It is crazy how quickly this is moving,\" said Maria Lund, the mayor of Tarnby, on Friday.",
        # Only spelling and contractions differ.
        "\"It is insane how fast this is moving,\" Maria Lund, the mayor of Tarnby, said on Friday.",
    ],
)
def test_a_reworded_quotation_is_not_garbled(derived: str) -> None:
    assert _garbled(QUOTE_SPOKEN, derived) == []


def test_a_date_written_the_other_way_round_in_a_quotation_is_not_garbled() -> None:
    # "3 March" -> "March 3" swaps neighbours, but every word is kept.
    assert _garbled("\"The ferry will run again on 3 March,\" a spokesman said.",
                    "\"The ferry will run again on March 3,\" a spokesman said.") == []


def test_inflections_are_not_look_alikes() -> None:
    assert lookalikes("the teams hate the new stadium", "the team hated the new stadiums") == []
    assert lookalikes("It is insane", "Insure that") == ["look-alike word 'insane' -> 'Insure'"]
