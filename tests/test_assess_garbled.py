"""The garbled detector: an aligned sentence whose wording was lost."""

from __future__ import annotations

from sourcetrace.assess.garbled import detect_garbled
from sourcetrace.assess.pair import SentencePair


def test_a_sentence_sharing_few_content_words_is_garbled_and_minor() -> None:
    (finding,) = detect_garbled(SentencePair.of_sentences(
        "It is astonishing how quickly the harbour project is moving forward now.",
        "Insure that crazy is this harbor advancing , quick .",
    ))
    assert (finding.type, finding.severity) == ("garbled", "minor")
    assert "space before punctuation" in finding.explanation


def test_a_faithful_rewording_is_not_garbled() -> None:
    assert detect_garbled(SentencePair.of_sentences(
        "The harbour project is moving forward quickly, the mayor said on Friday.",
        "The harbor project is moving ahead quickly, the mayor said Friday.",
    )) == ()


def test_pairs_in_two_languages_are_left_alone() -> None:
    assert detect_garbled(SentencePair.of_sentences(
        "The harbour project is moving forward quickly.", "Projekti i portit po ecën shpejt.",
        "en", "sq",
    )) == ()
