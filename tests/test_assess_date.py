"""The date detector: dates, weekdays and relative days changed; other formats are not."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from assessing import sentence_pair
from sourcetrace.assess.dates import date_mentions, detect_dates
from sourcetrace.assess.pair import Published


def _found(original: str, derived: str, *languages: str | None) -> list[tuple[str, str]]:
    pair = sentence_pair(original, derived, *languages)
    return [(original[d.original.start : d.original.end], derived[d.derived.start : d.derived.end])
            for d in detect_dates(pair) if d.severity == "critical"]


@pytest.mark.parametrize(
    ("original", "derived", "expected"),
    [
        ("The harbour board met on Monday to discuss the terminal.",
         "The harbour board met tomorrow to discuss the terminal.", ("Monday", "tomorrow")),
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
        ("The attacks of September the 11th changed it.", "The attacks of September 11 changed it."),
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


@pytest.mark.parametrize(
    ("albanian", "key"),
    [
        ("Ligji u ndryshua në shkurt të vitit 2020.", ("date", 2020, 2, None)),
        ("Zgjedhjet u mbajtën më 17 tetorit të vitit 2021.", ("date", 2021, 10, 17)),
        ("Që nga shtatori i vitit 2007 komunat paguajnë vetë.", ("date", 2007, 9, None)),
        ("Kuvendi mblidhet të hënën.", ("weekday", 0)),
        ("Takimi mbahet të martën në mëngjes.", ("weekday", 1)),
    ],
)
def test_inflected_albanian_months_and_weekdays_are_read(albanian: str, key: tuple) -> None:
    assert [m.key for m in date_mentions(albanian, "sq")] == [key]


def test_albanian_words_that_only_look_like_month_names_are_not_dates() -> None:
    # "e majta" (the left) is not May; "nën" (under) is not an abbreviation of November.
    assert date_mentions("Partia e majtë votoi nën presion.", "sq") == ()


def test_a_changed_year_in_a_range_is_found_across_languages() -> None:
    assert _found("Të ardhurat u rritën në periudhën 2004 – 2007.",
                  "Revenues grew in the period 2004-2005.", "sq", "en") == [("2007", "2005")]
    assert _found("Të ardhurat u rritën në periudhën 2004 – 2007.",
                  "Revenues grew over 2004 – 2004.", "sq", "en") == [("2007", "2004")]
    assert _found("Të ardhurat u rritën në periudhën 2004 – 2007.",
                  "Revenues grew in the period 2004-2007.", "sq", "en") == []


def test_an_inflected_month_facing_another_month_is_a_change() -> None:
    assert _found("Ligji u miratua në shkurt të vitit 2020.", "The law was passed in March 2020.",
                  "sq", "en") == [("shkurt të vitit 2020", "March 2020")]
    assert _found("Ligji u miratua në shkurt të vitit 2020.",
                  "The law was passed in February 2020.", "sq", "en") == []


def test_a_changed_year_is_not_hidden_by_a_day_and_month_without_a_year() -> None:
    # "2009" agrees with "30 September" (no part in common) but must pair with "2008".
    assert _found("The grants for 2009 were paid late (deadline 30 September).",
                  "The grants for 2008 were paid late (deadline 30 September).") == [("2009", "2008")]


def test_a_changed_month_faces_the_date_with_the_same_day() -> None:
    # The Albanian side states the first day without a month ("5 dhe 26 mars").
    assert _found("Trajnimet u mbajtën më 5 dhe 26 mars.",
                  "The training sessions were held on 5 March and 26 July.",
                  "sq", "en") == [("26 mars", "26 July")]


def test_known_albanian_words_starting_like_a_month_are_not_dates() -> None:
    # "shkurtër" (short) starts like "shkurt" (February).
    assert [m.text for m in date_mentions("Me vonesë të shkurtër, në vitin 2009.", "sq")] == ["2009"]


def _judged(original: str, derived: str) -> list[tuple[str, str, str]]:
    pair = sentence_pair(original, derived, "en", "en")
    return [(d.severity, original[d.original.start : d.original.end],
             derived[d.derived.start : d.derived.end]) for d in detect_dates(pair)]


@pytest.mark.parametrize(
    ("original", "derived", "expected"),
    [
        # The same day only for a reader on the right day, and neither publication date is
        # known: the reader is told a day the original did not say.
        ("The ministers will meet in Vienna on Monday to sign the deal.",
         "The ministers will meet in Vienna tomorrow to sign the deal.",
         ("critical", "Monday", "tomorrow")),
        ("Thursday, the mayor called the plan an insult to voters.",
         "Yesterday, the mayor said the plan was an insult to voters.",
         ("critical", "Thursday", "Yesterday")),
        ("Tomorrow's hearing is to look at the budget.", "Tuesday's hearing is to look at the budget.",
         ("critical", "Tomorrow", "Tuesday")),
        # A relative week facing a month is a coarser re-anchoring: minor.
        ("The board will decide next week on the fares.", "The board will decide in March on the fares.",
         ("minor", "next week", "March")),
        # The tense rules the relative day out: not the same day.
        ("The new campaign will be launched on Friday outside the station.",
         "The new campaign will be launched yesterday outside the station.",
         ("critical", "Friday", "yesterday")),
        ("The climbers did not return as expected on Tuesday.",
         "The climbers did not return as expected on tomorrow.",
         ("critical", "Tuesday", "tomorrow")),
        # Two relative dates, read on one day, name different days.
        ("The story first ran in today's edition.", "The story first ran in yesterday's edition.",
         ("critical", "today", "yesterday")),
    ],
)
def test_an_absolute_day_made_relative_is_critical_without_publication_dates(
    original: str, derived: str, expected: tuple[str, str, str]
) -> None:
    assert _judged(original, derived) == [expected]


@pytest.mark.parametrize(
    ("original", "derived", "expected"),
    [
        ("A year or two later, a tenth of the pupils had started to smoke.",
         "Within two years, a tenth of the pupils had started to smoke.", []),
        ("The repairs take a week or two.", "The repairs take two weeks.", []),
        ("The repairs take a week or two.", "The repairs take five weeks.",
         [("critical", "a week or two", "five weeks")]),
        ("The repairs take a week or two.", "The repairs take a week or three.",
         [("critical", "a week or two", "a week or three")]),
        ("For the weekend, sales were up from the same weekend a year earlier.",
         "Sales were up from a year ago.", []),
        ("Sales were up from the same month a year earlier.", "Sales were up from two years ago.",
         [("critical", "a year earlier", "two years ago")]),
    ],
)
def test_ranges_of_time_and_times_earlier_are_read(
    original: str, derived: str, expected: list[tuple[str, str, str]]
) -> None:
    assert _judged(original, derived) == expected


def test_the_before_a_day_needs_an_ordinal() -> None:
    assert [m.text for m in date_mentions("It ended on September the 11th.")] == ["September the 11th"]
    assert [m.text for m in date_mentions("In May the 5 workers left.")] == ["May"]


def _judged_on(original: str, derived: str, published: tuple[str, str]) -> list[tuple[str, str]]:
    pair = replace(
        sentence_pair(original, derived, "en", "en"),
        original_published=Published(dt.date.fromisoformat(published[0]), "--original-date"),
        derived_published=Published(dt.date.fromisoformat(published[1]), "the document's metadata 'date'"),
    )
    return [(d.severity, d.explanation) for d in detect_dates(pair)]


def test_publication_dates_that_make_them_the_same_day_clear_the_change() -> None:
    # Published on Sunday 16 February 2025: "Monday" and "tomorrow" are 17 February.
    assert _judged_on("The ministers will meet in Vienna on Monday.",
                      "The ministers will meet in Vienna tomorrow.", ("2025-02-16", "2025-02-16")) == []
    # The copy ran a day later: its "yesterday" is the original's "Monday".
    assert _judged_on("The ministers met in Vienna on Monday.",
                      "The ministers met in Vienna yesterday.", ("2025-02-17", "2025-02-18")) == []


def test_publication_dates_that_make_them_different_days_say_where_they_came_from() -> None:
    found = _judged_on("The ministers will meet in Vienna on Monday.",
                       "The ministers will meet in Vienna tomorrow.", ("2025-02-16", "2025-02-18"))
    assert len(found) == 1 and found[0][0] == "critical"
    assert "original 2025-02-16 (--original-date)" in found[0][1]
    assert "derived 2025-02-18 (the document's metadata 'date')" in found[0][1]
