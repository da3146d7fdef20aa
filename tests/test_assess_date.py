"""The date detector: dates, weekdays and relative days changed; other formats are not."""

from __future__ import annotations

import pytest

from sourcetrace.assess.dates import date_mentions, detect_dates
from sourcetrace.assess.pair import SentencePair


def _found(original: str, derived: str, *languages: str | None) -> list[tuple[str, str]]:
    pair = SentencePair.of_sentences(original, derived, *languages)
    return [(original[d.original.start : d.original.end], derived[d.derived.start : d.derived.end])
            for d in detect_dates(pair) if d.severity == "critical"]


@pytest.mark.parametrize(
    ("original", "derived", "expected"),
    [
        ("The ministers will meet in Vienna on Monday to sign the deal.",
         "The ministers will meet in Vienna tomorrow to sign the deal.", ("Monday", "tomorrow")),
        ("The dam was finished in March 2011.", "The dam was finished in May 2011.",
         ("March 2011", "May 2011")),
        ("The festival was first held in 1998.", "The festival was first held in 1999.",
         ("1998", "1999")),
        ("The strike lasted three weeks.", "The strike lasted two weeks.", ("three weeks", "two weeks")),
        ("They voted on Tuesday.", "They voted on Thursday.", ("Tuesday", "Thursday")),
    ],
)
def test_changed_dates_are_critical(original: str, derived: str, expected: tuple[str, str]) -> None:
    assert _found(original, derived) == [expected]


@pytest.mark.parametrize(
    ("original", "derived"),
    [
        ("The war began on the 24th of February 2022.", "The war began on February 24, 2022."),
        ("The vote is on 12 June.", "The vote is on June 12."),
        ("The report is dated 2024-03-05.", "The report is dated 5 March 2024."),
        ("The report came out in June 2020.", "The report came out in 2020."),
        ("She may call again.", "She might call again."),
    ],
)
def test_the_same_date_in_another_format_is_not_flagged(original: str, derived: str) -> None:
    assert _found(original, derived) == []


def test_albanian_month_names_are_read() -> None:
    keys = [m.key for m in date_mentions("Takimi u mbajt më 24 shkurt 2022.", "sq")]
    assert keys == [("date", 2022, 2, 24)]
    assert _found("Takimi u mbajt më 24 shkurt 2022.", "The meeting was held on 24 March 2022.",
                  "sq", "en") == [("24 shkurt 2022", "24 March 2022")]
    assert _found("Takimi u mbajt më 24 shkurt 2022.", "The meeting was held on 24 February 2022.",
                  "sq", "en") == []
