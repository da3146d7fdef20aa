"""Language identification with the bundled lite model, on headlines and whole texts."""

from __future__ import annotations

import pytest

from sourcetrace.language import detect_language, segment_languages
from sourcetrace.segment import segment


@pytest.mark.parametrize(
    ("headline", "language"),
    [
        ("Misioni i OSBE-së në Shkup", "sq"),
        ("Floods close schools across northern England", "en"),
        ("Die Alpen im Winter", "de"),
        ("Le président a démissionné", "fr"),
        ("FLOODS CLOSE SCHOOLS ACROSS NORTHERN ENGLAND", "en"),
    ],
)
def test_short_headlines(headline: str, language: str) -> None:
    assert detect_language(headline) == language


def test_no_letters_means_no_language() -> None:
    assert detect_language("2024 - 17:30 | 3.5%") is None


def test_a_foreign_header_does_not_decide_a_long_text() -> None:
    text = "Lajme nga Tirana\n\n" + " ".join(
        ["The council met on Tuesday and agreed to repair the old bridge before winter."] * 12
    )
    assert detect_language(text) == "en"


def test_mixed_document_gets_a_language_per_segment() -> None:
    text = (
        "The council met on Tuesday and agreed to repair the old bridge.\n"
        "Ok.\n"
        "Këshilli u mblodh të martën dhe ra dakord të riparojë urën e vjetër.\n"
    )
    assert segment_languages(text, segment(text, "lines")) == ("en", "en", "sq")
