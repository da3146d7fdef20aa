"""The ``date`` detector: weekdays, calendar dates, years, relative time and durations.

Each side's date mentions are read into comparable keys: a calendar date ``(year, month, day)``
with missing parts left open, a weekday, a relative expression (``tomorrow`` is one day ahead,
``last week`` one week back), a duration (``three weeks``) or a time ago (``two years ago``).
Month, weekday, unit and relative words come from ``dateparser``'s per-language data (and
``babel`` for month names), so a non-English side is read in its own language, inflected
month and weekday names through their lemma (``simplemma``) or stem ("tetorit", "të hënën").
Two mentions agree when their keys do, whatever the format ("24th of February 2022" and
"February 24, 2022"), and a missing year or day is not a change. A point in time on one side that agrees with no
mention on the other, facing one that agrees with none either, is a change. Two texts are
compared as if read on one day, so two relative expressions that differ ("today" ->
"yesterday") are a critical change. A relative expression facing an absolute one ("on Monday"
-> "tomorrow") names the same day only if the text is read on the right day, which the
sentences do not tell: minor, unless the tense of the event rules that day out ("met on Monday"
-> "met tomorrow", "said Thursday" -> "will say tomorrow"): critical.
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from babel.dates import get_month_names
from babel.core import UnknownLocaleError

from sourcetrace.assess.nlp import Parse
from sourcetrace.assess.pair import SentencePair
from sourcetrace.model import Distortion, Severity

# Units of time a duration or relative expression can count in, by dateparser's key.
_UNITS = ("year", "month", "week", "day", "hour", "minute", "decade", "century")
_ENGLISH_UNITS = {
    "year": "year", "years": "year", "month": "month", "months": "month", "week": "week",
    "weeks": "week", "day": "day", "days": "day", "hour": "hour", "hours": "hour",
    "minute": "minute", "minutes": "minute", "decade": "decade", "decades": "decade",
    "century": "century", "centuries": "century", "fortnight": "fortnight",
    "fortnights": "fortnight",
}
# English number words a duration may count with ("three weeks", "a year").
_COUNT_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "several": -1, "few": -1,
    "couple": 2,
}
# Counts that can close a range ("a year or two"); not "a", "few".
_RANGE_ENDS = [w for w in _COUNT_WORDS if _COUNT_WORDS[w] >= 1 and w not in ("a", "an")]
# Keys of expressions counted from the day the text is read ("tomorrow", "two years ago").
_RELATIVE_KINDS = frozenset({"relative", "ago"})
_FUTURE_AUXILIARIES = frozenset({"will", "shall", "'ll", "wo"})
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
_ENGLISH_EXTRA_RELATIVE = {
    "tonight": ("relative", "day", 0), "this morning": ("relative", "day", 0),
    "this evening": ("relative", "day", 0), "this afternoon": ("relative", "day", 0),
    "this weekend": ("relative", "weekend", 0), "last weekend": ("relative", "weekend", -1),
    "next weekend": ("relative", "weekend", 1), "at the weekend": ("relative", "weekend", 0),
    "over the weekend": ("relative", "weekend", 0), "the weekend": ("relative", "weekend", 0),
}

if TYPE_CHECKING:
    from spacy.tokens import Token

Key = tuple[Any, ...]


@dataclass(frozen=True)
class DateMention:
    """A date expression at ``[start, end)`` of a sentence and its comparable key."""

    start: int
    end: int
    text: str
    key: Key

    @property
    def group(self) -> str:
        """Mentions of one group can stand for each other: points in time, or durations."""
        return "duration" if self.key[0] == "duration" else "point"


@dataclass(frozen=True)
class _Vocabulary:
    """The date words of one language, compiled into patterns."""

    months: dict[str, int]
    weekdays: dict[str, int]
    units: dict[str, str]
    relative: dict[str, Key]
    language: str

    @property
    def case_sensitive(self) -> bool:
        """English month and weekday names need a capital ("May" the month, "may" the verb)."""
        return self.language == "en"

    @property
    def inflected(self) -> bool:
        """Other languages inflect names ("shkurt" -> "shkurtit", "e hënë" -> "të hënën")."""
        return self.language != "en"


@lru_cache(maxsize=32)
def _vocabulary(language: str) -> _Vocabulary:
    """Month, weekday, unit and relative words of ``language`` (English always included)."""
    months: dict[str, int] = {name: i + 1 for i, name in enumerate(_MONTHS)}
    months.update({"jan": 1, "feb": 2, "aug": 8, "sept": 9, "sep": 9, "oct": 10, "nov": 11,
                   "dec": 12})
    weekdays = {name: i for i, name in enumerate(_WEEKDAYS)}
    units = dict(_ENGLISH_UNITS)
    relative: dict[str, Key] = dict(_ENGLISH_EXTRA_RELATIVE)
    for code in dict.fromkeys(("en", language)):
        info = _dateparser_info(code)
        # Short abbreviations of other languages are common words too (Albanian "nën": under).
        shortest = 3 if code == "en" else 4
        for i, name in enumerate(_MONTHS):
            months.update({w.lower(): i + 1 for w in info.get(name, []) if len(w) >= shortest})
        for i, name in enumerate(_WEEKDAYS):
            weekdays.update({_strip_article(w): i for w in info.get(name, []) if len(w) >= 4})
        for unit in _UNITS:
            units.update({w.lower(): unit for w in info.get(unit, []) if len(w) >= 3})
        for label, phrases in info.get("relative-type", {}).items():
            key = _relative_key(label)
            if key is not None:
                relative.update({p.lower(): key for p in phrases if len(p) >= 3})
        months.update(_babel_months(code))
    # A relative word that is also a unit word ("vjet": years, last year) is too ambiguous.
    relative = {p: k for p, k in relative.items() if p not in units}
    return _Vocabulary(months, weekdays, units, relative, language)


def _dateparser_info(code: str) -> dict[str, Any]:
    try:
        module = importlib.import_module(f"dateparser.data.date_translation_data.{code}")
    except ImportError:
        return {}
    return dict(module.info)


def _babel_months(code: str) -> dict[str, int]:
    try:
        names = get_month_names("wide", locale=code)
    except (UnknownLocaleError, ValueError):
        return {}
    return {str(name).lower(): int(number) for number, name in names.items()}


def _strip_article(word: str) -> str:
    """Albanian weekday names carry an article ("e hënë"): the name alone is the anchor."""
    parts = word.lower().split()
    return parts[-1] if len(parts) > 1 and len(parts[0]) <= 2 else word.lower()


_RELATIVE_LABEL = re.compile(r"^(?:(in) )?(\d+) (\w+)(?: (ago))?$")
_RELATIVE_DAY = re.compile(r"^(last|this|next) (\w+)$")


def _relative_key(label: str) -> Key | None:
    """dateparser's relative labels ("1 day ago", "in 1 week", "next monday") as keys."""
    if match := _RELATIVE_LABEL.match(label):
        ahead, count, unit, _ = match.groups()
        if unit in ("second", "minute", "hour"):
            return None
        return ("relative", unit, int(count) if ahead else -int(count))
    if (match := _RELATIVE_DAY.match(label)) and match.group(2) in _WEEKDAYS:
        step = {"last": -1, "this": 0, "next": 1}[match.group(1)]
        return ("relative-weekday", _WEEKDAYS.index(match.group(2)), step)
    return None


@lru_cache(maxsize=32)
def _patterns(language: str) -> tuple[re.Pattern[str], ...]:
    """Date patterns, longest first; the first match at a position wins."""
    vocab = _vocabulary(language)
    month = _alternation(vocab.months, vocab.case_sensitive)
    weekday = _alternation(vocab.weekdays, vocab.case_sensitive)
    unit = _alternation(vocab.units, False)
    relative = _alternation(vocab.relative, False)
    if vocab.inflected:
        # An inflection ending after the name (checked in ``_name_number``), and linking words
        # before the year ("tetorit të vitit 2021": of October of the year 2021).
        month = rf"(?:{month})[^\W\d]{{0,3}}"
        weekday = rf"(?:{weekday})[^\W\d]{{0,3}}"
        day_year_link = month_year_link = r"(?:[^\W\d]{1,5},?\s+){0,2}"
    else:
        day_year_link, month_year_link = "", r"(?:of\s+)?"
    count = r"\d+(?:[.,]\d+)?|" + "|".join(sorted(_COUNT_WORDS, key=len, reverse=True))
    upto = r"\d+(?:[.,]\d+)?|" + "|".join(sorted(_RANGE_ENDS, key=len, reverse=True))
    b, e = r"(?<![\w-])", r"(?![\w-])"
    # A year may end a range ("2007-2008"), but not a name or a code ("F-2008", "2008-style").
    year_b, year_e = r"(?<!\w)(?<![^\W\d]-)", r"(?!\w)(?![-\u2013][^\W\d])"
    return (
        re.compile(rf"{b}(?P<iso>(?P<y>\d{{4}})-(?P<m>\d{{1,2}})-(?P<d>\d{{1,2}})){e}"),
        re.compile(rf"{b}(?P<num>(?P<a>\d{{1,2}})[./](?P<b>\d{{1,2}})[./](?P<y>\d{{2}}|\d{{4}})){e}"),
        re.compile(
            rf"{b}(?P<d>\d{{1,2}})(?:st|nd|rd|th|\.)?(?:\s+of)?\s+(?P<month>{month})(?:\.(?=,?\s+\d))?"
            rf"(?:,?\s+{day_year_link}(?P<y>\d{{4}}))?{e}"
        ),
        # "September 11", "September the 11th" (not "May the 5 people").
        re.compile(
            rf"{b}(?P<month>{month})\.?\s+(?:the\s+(?=\d{{1,2}}(?:st|nd|rd|th)\b))?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?!\d)"
            rf"(?:,?\s+(?P<y>\d{{4}}))?{e}"
        ),
        re.compile(rf"{b}(?P<month>{month})(?:,?\s+{month_year_link}(?P<y>\d{{4}}))?{e}"),
        re.compile(rf"{b}(?P<relative>{relative}){e}", re.IGNORECASE),
        re.compile(rf"{b}(?P<weekday>{weekday}){e}"),
        # "a year or two" is a range; "a year earlier" is "a year ago". ("two or three weeks"
        # keeps "two" a number: the number detector reads it.)
        re.compile(rf"{b}(?P<count>{count})[\s-]+(?P<unit>{unit})(?:\s+or\s+(?P<upto>{upto}))?"
                   rf"(?P<ago>\s+(?:ago|earlier))?{e}(?!-?old)",
                   re.IGNORECASE),
        re.compile(rf"{year_b}(?P<year>(?:1[89]|20)\d\d){year_e}"),
    )


def _alternation(words: dict[str, Any], case_sensitive: bool) -> str:
    """A regex alternation of ``words``, longest first; English names need a capital."""
    forms = sorted(words, key=len, reverse=True)
    if case_sensitive:
        return "|".join(_capitalised(re.escape(w)) for w in forms)
    return "(?i:" + "|".join(re.escape(w) for w in forms) + ")"


def _capitalised(escaped: str) -> str:
    """"may" -> "May": English month and weekday names are capitalised, "may" is a modal."""
    if escaped.isascii():
        return escaped[:1].upper() + escaped[1:]
    return "(?i:" + escaped + ")"


def date_mentions(sentence: str, language: str = "en") -> tuple[DateMention, ...]:
    """The date expressions of ``sentence``, left to right, non-overlapping."""
    vocab = _vocabulary(language)
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for pattern in _patterns(language):
        for match in pattern.finditer(sentence):
            start, end = match.span()
            if any(start < b and a < end for a, b in taken):
                continue
            key = _key(match, vocab)
            if key is not None:
                found.append(DateMention(start, end, match.group(), key))
                taken.append((start, end))
    return tuple(sorted(found, key=lambda m: m.start))


def _key(match: re.Match[str], vocab: _Vocabulary) -> Key | None:
    """The comparable key of one date match (``None`` when it is no date after all)."""
    groups = match.groupdict()
    if groups.get("iso"):
        return ("date", int(groups["y"]), int(groups["m"]), int(groups["d"]))
    if groups.get("num"):
        return _numeric_date(int(groups["a"]), int(groups["b"]), groups["y"])
    if groups.get("month"):
        month = _name_number(groups["month"], vocab.months, vocab)
        if month is None:
            return None
        day = int(groups["d"]) if groups.get("d") else None
        year = int(groups["y"]) if groups.get("y") else None
        if day is not None and not 1 <= day <= 31:
            return None
        return ("date", year, month, day)
    if groups.get("relative"):
        return vocab.relative[groups["relative"].lower()]
    if groups.get("weekday"):
        weekday = _name_number(groups["weekday"], vocab.weekdays, vocab)
        return None if weekday is None else ("weekday", weekday)
    if groups.get("unit"):
        upto = groups.get("upto")
        unit = vocab.units[groups["unit"].lower()]
        return _duration(groups["count"], upto, unit, bool(groups["ago"]))
    if groups.get("year"):
        return ("date", int(groups["year"]), None, None)
    return None


def _name_number(word: str, names: dict[str, int], vocab: _Vocabulary) -> int | None:
    """The number of a month or weekday name, read through inflection in other languages.

    A word the lemmatiser knows is read by its lemma (``simplemma``: "shkurtin" -> "shkurt"),
    so "shkurtër" (short) is not February and "majtë" (left) is not May. A word it does not
    know ("shtatorit", "të martën") is read by a name of four letters or more that it starts
    with, leaving an ending of at most three letters ("martë" + "n").
    """
    word = word.lower()
    if word in names:
        return names[word]
    if not vocab.inflected:
        return None
    lemma, known = _lemma(word, vocab.language)
    if known:
        return names.get(lemma)
    for cut in (1, 2, 3):
        stem = word[:-cut]
        if len(stem) >= 4 and stem in names:
            return names[stem]
    return None


def load_lemmas(language: str) -> None:
    """Load ``simplemma``'s lemma data of ``language`` now, not at its first lookup.

    The data of a language loads once per process, when a text in it first reaches the
    detector: some 120 MB and seconds for German or Spanish. A long-running worker that will
    meet the language loads it when it starts, so its memory and latency do not step up in
    mid-run. A language ``simplemma`` does not know loads nothing.
    """
    _lemma("a", language)


@lru_cache(maxsize=4096)
def _lemma(word: str, language: str) -> tuple[str, bool]:
    """``simplemma``'s lemma of ``word`` and whether it knows the word (not where it does not
    know the language)."""
    import simplemma

    try:
        known = simplemma.is_known(word, lang=language)
        return str(simplemma.lemmatize(word, lang=language)).lower(), known
    except ValueError:
        return word, False


def _numeric_date(a: int, b: int, year: str) -> Key | None:
    """12/03/2024 is read day-first or month-first: the key keeps both readings open."""
    full_year = int(year) + (2000 if len(year) == 2 else 0)
    readings = tuple(sorted({(m, d) for d, m in ((a, b), (b, a)) if 1 <= m <= 12 and 1 <= d <= 31}))
    if not readings:
        return None
    return ("numeric", full_year, readings)


def _duration(count: str, upto: str | None, unit: str, ago: bool) -> Key:
    """A duration or time ago; a range of counts keeps both ends: ``(1.0, 2.0)``."""
    amount: float | tuple[float, float] = _count_value(count)
    if upto is not None:
        amount = (float(amount), _count_value(upto))
    return ("ago" if ago else "duration", amount, unit)


def _count_value(count: str) -> float:
    value = _COUNT_WORDS.get(count.lower())
    return float(value) if value is not None else float(count.replace(",", "."))


def agree(a: Key, b: Key) -> bool:
    """Whether two date keys can name the same time (formats and missing parts aside)."""
    if a == b:
        return True
    # "Friday" and "last Friday" name the same day; the qualifier only places it in time.
    if {a[0], b[0]} == {"weekday", "relative-weekday"} and a[1] == b[1]:
        return True
    # "two years" is within "a year or two"; two ranges agree only when they are the same.
    if a[0] == b[0] and a[0] in ("duration", "ago") and a[2] == b[2]:
        return _within(a[1], b[1]) or _within(b[1], a[1])
    calendar_a, calendar_b = _calendar(a), _calendar(b)
    if calendar_a and calendar_b:
        return any(_compatible(x, y) for x in calendar_a for y in calendar_b)
    return False


def _within(value: float | tuple[float, float], bounds: float | tuple[float, float]) -> bool:
    if isinstance(value, tuple) or not isinstance(bounds, tuple):
        return value == bounds
    return bounds[0] <= value <= bounds[1]


def _calendar(key: Key) -> list[tuple[int | None, int | None, int | None]]:
    if key[0] == "date":
        return [(key[1], key[2], key[3])]
    if key[0] == "numeric":
        return [(key[1], m, d) for m, d in key[2]]
    return []


def _compatible(x: tuple[Any, ...], y: tuple[Any, ...]) -> bool:
    return all(p is None or q is None or p == q for p, q in zip(x, y))


def detect_dates(pair: SentencePair) -> tuple[Distortion, ...]:
    """Date mentions of the original that became a different date in the derived sentence."""
    originals = date_mentions(pair.original_sentence, pair.language("original"))
    derived = date_mentions(pair.derived_sentence, pair.language("derived"))
    if not originals or not derived:
        return ()
    day_weight = pair.config.date.day_weight
    lone_originals, lone_derived = _unmatched(originals, derived, day_weight)
    findings = []
    for group in ("point", "duration"):
        olds = [m for m in lone_originals if m.group == group]
        news = [m for m in lone_derived if m.group == group]
        for old, new in _facing(olds, news, day_weight):
            severity, explanation = _judged(pair, old, new)
            if severity is None:
                continue
            findings.append(
                Distortion(
                    type="date",
                    severity=severity,
                    original=pair.original_span(old.start, old.end),
                    derived=pair.derived_span(new.start, new.end),
                    explanation=explanation,
                )
            )
    return tuple(findings)


def _unmatched(
    originals: tuple[DateMention, ...], derived: tuple[DateMention, ...], day_weight: int
) -> tuple[list[DateMention], list[DateMention]]:
    """Mentions left over after pairing each with at most one agreeing mention of the other side.

    One to one, so a year repeated where the original had two ("2004 - 2007" -> "2004 - 2004")
    leaves one over; identical keys pair first, so a looser agreement cannot take their partner,
    and among looser ones the mention sharing the most stated parts (year, month, day) wins.
    """
    partner: dict[int, int] = {}
    for same in (True, False):
        for i, old in enumerate(originals):
            if i in partner:
                continue
            free = [
                j for j, new in enumerate(derived)
                if j not in partner.values()
                and (old.key == new.key if same else agree(old.key, new.key))
            ]
            if free:
                # "2009" agrees with "30 September" (nothing in common), better with "2009".
                partner[i] = max(free, key=lambda j: (_shared_parts(old.key, derived[j].key, day_weight), -j))
    lone_originals = [o for i, o in enumerate(originals) if i not in partner]
    lone_derived = [d for j, d in enumerate(derived) if j not in partner.values()]
    return lone_originals, lone_derived


def _facing(
    olds: list[DateMention], news: list[DateMention], day_weight: int
) -> list[tuple[DateMention, DateMention]]:
    """Each left-over original mention with the left-over derived mention that replaced it.

    The derived mention of the same kind (calendar or relative) sharing the most stated parts
    wins, then the first: "23 maj" -> "23 January" rather than "16 May" beside it.
    """
    free = list(news)
    facing = []
    for old in olds:
        if not free:
            break
        new = max(free, key=lambda m: (_calendar(old.key) != [] and _calendar(m.key) != [],
                                       _shared_parts(old.key, m.key, day_weight), -free.index(m)))
        free.remove(new)
        facing.append((old, new))
    return facing


def _shared_parts(a: Key, b: Key, day_weight: int) -> int:
    """The stated calendar parts two keys have in common, weighed by how telling a match is:
    a shared day of the month (one in 31) counts ``day_weight`` times (twice by default), a
    shared year or month once."""
    weights = (1, 1, day_weight)
    return max(
        (sum(w for w, p, q in zip(weights, x, y) if p is not None and p == q)
         for x in _calendar(a) for y in _calendar(b)),
        default=0,
    )


def _judged(pair: SentencePair, old: DateMention, new: DateMention) -> tuple[Severity | None, str]:
    """Severity and explanation of a date that faces another one (``None``: the same day).

    Both texts are taken as read on one day: two absolute dates, or two relative ones, that
    disagree name different days. An absolute day and a relative one ("Thursday" ->
    "yesterday") name the same day only for a reader on the right day: with both publication
    dates known, they are placed on the calendar and compared; otherwise the change is critical
    (the reader is told a day the original did not say), and so it is when the tense of the
    event rules the relative day out. A relative week, month or year facing a date stays minor.
    """
    if _is_relative(old) == _is_relative(new):
        what = "duration" if old.group == "duration" else "date"
        return "critical", f"{what} changed: '{old.text}' -> '{new.text}'"
    if _tense_rules_out(pair, old, new):
        return "critical", (
            f"date changed: '{old.text}' -> '{new.text}' (a relative date that the tense of the "
            "event rules out: not the same day)"
        )
    relative = old if _is_relative(old) else new
    if relative.key[0] != "relative" or relative.key[1] != "day":
        return "minor", (
            f"date re-anchored: '{old.text}' -> '{new.text}' (an absolute and a relative date: "
            "the same time only for a reader at the right time; check the publication date)"
        )
    published = (pair.original_published, pair.derived_published)
    if published[0] is None or published[1] is None:
        return "critical", (
            f"date re-anchored: '{old.text}' -> '{new.text}' (an absolute and a relative day, and "
            "the publication dates of the two texts are not both known: the same day only for a "
            "reader on the right day; give --original-date and --derived-date to check)"
        )
    days = (_days_named(old, published[0].day), _days_named(new, published[1].day))
    dates = (f"publication dates: original {published[0].describe()}, derived "
             f"{published[1].describe()}")
    if days[0] & days[1]:
        return None, ""
    return "critical", (
        f"date changed: '{old.text}' -> '{new.text}' (not the same day by the {dates})"
    )


def _days_named(mention: DateMention, published: dt.date) -> set[dt.date]:
    """The days a mention can name in a text published on ``published``: a relative day counted
    from it, a weekday within the week before or after it, a calendar date in its year."""
    key = mention.key
    if key[0] == "relative":
        return {published + dt.timedelta(days=key[2])}
    if key[0] in ("weekday", "relative-weekday"):
        return {published + dt.timedelta(days=d) for d in range(-6, 7)
                if (published + dt.timedelta(days=d)).weekday() == key[1]}
    days = set()
    for year, month, day in _calendar(key):
        if month is not None and day is not None:
            try:
                days.add(dt.date(year or published.year, month, day))
            except ValueError:
                continue
    return days


def _is_relative(mention: DateMention) -> bool:
    return mention.key[0] in _RELATIVE_KINDS


def _tense_rules_out(pair: SentencePair, old: DateMention, new: DateMention) -> bool:
    """Whether the relative date points to the past where the event is future, or the reverse
    ("met tomorrow", "will be launched yesterday"), in either sentence."""
    relative = old if _is_relative(old) else new
    direction = _direction(relative.key)
    if direction == 0:
        return False
    tenses = []
    for side, mention in (("original", old), ("derived", new)):
        if pair.is_english(side):
            sentence = pair.original_sentence if side == "original" else pair.derived_sentence
            tenses.append(_tense(sentence, mention, pair.parse))
    return -direction in tenses


def _finite(token: Token) -> bool:
    """A verb that carries a tense: with auxiliaries, or not a bare participle or infinitive
    ("as expected on Tuesday" takes the tense of the verb "expected" belongs to)."""
    if token.pos_ not in ("VERB", "AUX"):
        return False
    has_auxiliary = any(c.dep_ in ("aux", "auxpass") for c in token.children)
    return has_auxiliary or token.tag_ not in ("VBN", "VBG", "VB") or token.dep_ == "ROOT"


def _direction(key: Key) -> int:
    """-1 for a relative date in the past, 1 in the future, 0 for today or this week."""
    if key[0] == "ago":
        return -1
    step = key[2]
    return (step > 0) - (step < 0)


def _tense(sentence: str, mention: DateMention, parse: Parse) -> int:
    """The tense of the clause a date mention belongs to: -1 past, 1 future, 0 present or not
    known ("would", "could" carry no tense of their own)."""
    token = next((t for t in parse(sentence) if mention.start <= t.idx < mention.end), None)
    while token is not None and not _finite(token):
        token = None if token.head.i == token.i else token.head
    if token is None:
        return 0
    auxiliaries = [c for c in token.children if c.dep_ in ("aux", "auxpass")]
    if any(a.lower_ in _FUTURE_AUXILIARIES for a in auxiliaries):
        return 1
    if any(a.tag_ == "MD" for a in auxiliaries):
        return 0
    return -1 if token.tag_ == "VBD" or any(a.tag_ == "VBD" for a in auxiliaries) else 0
