"""Language identification with the bundled lite model, on headlines and whole texts."""

from __future__ import annotations

from pathlib import Path

import pytest

from sourcetrace.language import LanguageIdentifier, detect_language, segment_languages
from sourcetrace.segment import segment

IDENTIFIER = LanguageIdentifier()


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
    assert detect_language(headline, IDENTIFIER) == language


def test_no_letters_means_no_language() -> None:
    assert detect_language("2024 - 17:30 | 3.5%", IDENTIFIER) is None


def test_a_foreign_header_does_not_decide_a_long_text() -> None:
    text = "Lajme nga Tirana\n\n" + " ".join(
        ["The council met on Tuesday and agreed to repair the old bridge before winter."] * 12
    )
    assert detect_language(text, IDENTIFIER) == "en"


def test_mixed_document_gets_a_language_per_segment() -> None:
    text = (
        "The council met on Tuesday and agreed to repair the old bridge.\n"
        "Ok.\n"
        "Këshilli u mblodh të martën dhe ra dakord të riparojë urën e vjetër.\n"
    )
    assert segment_languages(text, segment(text, "lines"), IDENTIFIER) == ("en", "en", "sq")


def test_a_cross_language_pair_outside_the_models_languages_is_refused_in_one_line(
    tmp_path: Path,
) -> None:
    from click.testing import CliRunner

    from sourcetrace.cli import cli

    english = tmp_path / "en.txt"
    maltese = tmp_path / "mt.txt"
    english.write_text(
        "The meeting took place in the capital and many people from the local community"
        " attended. The minister said the project would start next year.\n",
        encoding="utf-8",
    )
    maltese.write_text(
        "Il-laqgħa saret fil-belt kapitali u attendew ħafna nies mill-komunità lokali."
        " Il-ministru qal li l-proġett se jibda s-sena d-dieħla.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["compare", str(english), str(maltese)])
    assert result.exit_code == 1
    assert result.output.strip() == (
        "Error: cannot compare texts across languages: no multilingual model for mt"
        " (same-language comparison works for any language)"
    )


def test_the_same_unsupported_language_on_both_sides_is_compared_lexically() -> None:
    from sourcetrace import Document, compare

    text = (
        "Il-laqgħa saret fil-belt kapitali u attendew ħafna nies mill-komunità lokali. "
        "Il-ministru qal li l-proġett se jibda s-sena d-dieħla u jispiċċa fi tmiem is-sajf. "
        "Il-kunsill lokali laqa' l-aħbar b'entużjażmu kbir waqt laqgħa pubblika oħra."
    )
    report = compare(Document("a", text, language="mt"), Document("b", text, language="mt"))
    assert report.passages and report.passages[0].kind == "verbatim"
