"""The ``number`` detector: counts, amounts, percentages, money and measures.

Each side's numbers are read into values: digits in the side's own locale (``babel`` knows
that "1.200,5" is 1200.5 in Albanian and "1,200.5" in English; an ambiguous "1,200" keeps both
readings), English number words (``text2num``: "twenty-one", "three"), scale words ("1.5
million") and percent signs or words. Qualifiers that make a number approximate or a bound
("about", "more than", "fewer than") are kept beside the value. Numbers that belong to a date
(years, days of a month, durations) are left to the ``date`` detector.

Two numbers agree when their values do, whatever the writing ("95 per cent" and "95%",
"three" and "3", "1,500,000" and "1.5 million"). A number of the original that agrees with none
of the derived sentence, facing one of the derived sentence that agrees with none of the
original, is a changed number (critical); a bound turned the other way ("more than 50" ->
"fewer than 50") is critical too, and a number made approximate or exact is minor.
"Percentage points" are a percent unit: "6.1 percentage points" -> "6.1 percent" is minor
(the same figure for a level, which news often writes either way, though not the same for a
change of a rate: the finding says so).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from babel.core import Locale, UnknownLocaleError
from text_to_num import text2num

from sourcetrace.assess.dates import date_mentions
from sourcetrace.assess.pair import SentencePair
from sourcetrace.config import NumberParams
from sourcetrace.model import Distortion

_SCALES = {
    "thousand": 1e3, "million": 1e6, "millions": 1e6, "billion": 1e9, "billions": 1e9,
    "trillion": 1e12, "bn": 1e9, "mn": 1e6, "m": 1e6, "k": 1e3,
    # Scale words of other languages met in news (Albanian, French, German, Spanish, Italian).
    "mijë": 1e3, "milion": 1e6, "milionë": 1e6, "miliard": 1e9, "miliardë": 1e9,
    "mille": 1e3, "millions de": 1e6, "milliard": 1e9, "milliarden": 1e9, "millionen": 1e6,
    "millones": 1e6, "milioni": 1e6, "miliardi": 1e9, "tausend": 1e3, "mil": 1e3,
}
_PERCENT = r"%|[\s-]?per[\s-]?cent\b|[\s-]?percent\b|\s?për\s?qind\b|\s?pour\s?cent\b|\s?prozent\b|\s?por\s?ciento\b"
_CURRENCY = r"[$£€¥]|US\$|USD\s?|EUR\s?|GBP\s?"
_NUMBER_WORDS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty "
    "ninety hundred thousand million billion dozen"
).split()
_WORD_RUN = re.compile(
    r"(?<![\w-])(?:" + "|".join(_NUMBER_WORDS) + r")(?:(?:[\s-]+(?:and[\s-]+)?)(?:"
    + "|".join(_NUMBER_WORDS) + r"))*(?!\w)",
    re.IGNORECASE,
)
_DIGITS = re.compile(
    rf"(?<![\w.,/-])(?<![A-Za-z]-)(?P<currency>{_CURRENCY})?"
    r"(?P<digits>\d{1,3}(?:(?:[,.]|\s(?=\d{3}\b))\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?)"
    rf"(?P<ordinal>st|nd|rd|th)?(?P<percent>{_PERCENT})?"
    r"(?![\w/]|[.,]\d)"
)
_SCALE_AFTER = re.compile(r"[\s-]?(" + "|".join(sorted(_SCALES, key=len, reverse=True)) + r")\b",
                          re.IGNORECASE)
_PERCENT_AFTER = re.compile(rf"^(?:{_PERCENT})", re.IGNORECASE)
_POINTS_AFTER = re.compile(r"^[\s-]?percentage[\s-]points?\b", re.IGNORECASE)
_QUALIFIERS = {
    "about": "about", "around": "about", "approximately": "about", "roughly": "about",
    "nearly": "about", "almost": "about", "some": "about", "circa": "about", "an estimated": "about",
    "more than": "over", "over": "over", "at least": "over", "upwards of": "over",
    "in excess of": "over", "greater than": "over", "above": "over",
    "less than": "under", "fewer than": "under", "under": "under", "at most": "under",
    "up to": "under", "below": "under", "no more than": "under",
}
_QUALIFIER_BEFORE = re.compile(
    r"\b(" + "|".join(sorted(_QUALIFIERS, key=len, reverse=True)) + r")\s+(?:\S+\s+)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class NumberMention:
    """A number at ``[start, end)`` of a sentence, its possible values and its qualifier."""

    start: int
    end: int
    text: str
    values: frozenset[float]
    percent: bool
    qualifier: str | None
    points: bool = False

    def agrees(self, other: NumberMention) -> bool:
        # "2 percentage points" is often written "2 points": a point count without a unit.
        units_agree = (self.percent == other.percent or (self.points and not other.percent)
                       or (other.points and not self.percent))
        return bool(self.values & other.values) and units_agree


def number_mentions(
    sentence: str, language: str = "en", params: NumberParams | None = None
) -> tuple[NumberMention, ...]:
    """The numbers of ``sentence`` that are not part of a date, left to right, each with the
    qualifier found within ``params.qualifier_window_chars`` before it."""
    window = (params or NumberParams()).qualifier_window_chars
    dates = [(m.start, m.end) for m in date_mentions(sentence, language)]
    found = [*_digit_mentions(sentence, language, window)]
    if language == "en":
        taken = [(m.start, m.end) for m in found]
        found += [m for m in _word_mentions(sentence, window) if not _overlaps(m, taken)]
    return tuple(
        sorted((m for m in found if not _overlaps(m, dates)), key=lambda m: m.start)
    )


def _overlaps(mention: NumberMention, spans: list[tuple[int, int]]) -> bool:
    return any(mention.start < b and a < mention.end for a, b in spans)


def _digit_mentions(sentence: str, language: str, window: int) -> list[NumberMention]:
    mentions = []
    for match in _DIGITS.finditer(sentence):
        values = _digit_values(match.group("digits"), language)
        if not values:
            continue
        end = match.end()
        percent = bool(match.group("percent"))
        if not percent and (scale := _SCALE_AFTER.match(sentence, end)):
            values = frozenset(v * _SCALES[scale.group(1).lower()] for v in values)
            end = scale.end()
        if not percent and (after := _PERCENT_AFTER.match(sentence[end:])):
            percent, end = True, end + after.end()
        mention = _mention(sentence, match.start(), end, values, percent, window)
        mentions.append(_with_points(sentence, mention))
    return mentions


def _with_points(sentence: str, mention: NumberMention) -> NumberMention:
    """A number followed by "percentage points", read as a percent in points."""
    after = _POINTS_AFTER.match(sentence[mention.end :])
    if mention.percent or after is None:
        return mention
    end = mention.end + after.end()
    return replace(mention, end=end, text=sentence[mention.start : end], percent=True, points=True)


def _word_mentions(sentence: str, window: int) -> list[NumberMention]:
    mentions = []
    for match in _WORD_RUN.finditer(sentence):
        text = match.group().lower().replace("-", " ")
        if text in ("one", "zero"):
            # "one of the officials" and "a senior official" say the same; "one" is a pronoun
            # or an article far more often than a count.
            continue
        value = _word_value(text)
        if value is None:
            continue
        end = match.end()
        percent = False
        if after := _PERCENT_AFTER.match(sentence[end:]):
            percent, end = True, end + after.end()
        mention = _mention(sentence, match.start(), end, frozenset({value}), percent, window)
        mentions.append(_with_points(sentence, mention))
    return mentions


def _word_value(text: str) -> float | None:
    if text == "dozen":
        return 12.0
    try:
        return float(text2num(text, "en"))
    except ValueError:
        return None


def _mention(
    sentence: str, start: int, end: int, values: frozenset[float], percent: bool, window: int
) -> NumberMention:
    qualifier = _QUALIFIER_BEFORE.search(sentence[max(0, start - window) : start])
    kind = _QUALIFIERS[qualifier.group(1).lower()] if qualifier else None
    return NumberMention(start, end, sentence[start:end], values, percent, kind)


@lru_cache(maxsize=64)
def _separators(language: str) -> tuple[str, str]:
    """The locale's group and decimal separators (English ones when babel does not know it)."""
    try:
        symbols = Locale.parse(language).number_symbols["latn"]
    except (UnknownLocaleError, ValueError, KeyError):
        return ",", "."
    return symbols["group"], symbols["decimal"]


def _digit_values(digits: str, language: str) -> frozenset[float]:
    """The values ``digits`` can have in ``language``: both readings when it is ambiguous."""
    group, decimal = _separators(language)
    compact = digits.replace(" ", "").replace("\u00a0", "")
    readings = {_read(compact, group, decimal), _read(compact, ",", "."), _read(compact, ".", ",")}
    if language == "en" or (group, decimal) == (",", "."):
        readings = {_read(compact, ",", ".")}
    return frozenset(value for value in readings if value is not None)


def _read(digits: str, group: str, decimal: str) -> float | None:
    """``digits`` read with one pair of separators; ``None`` when they do not fit."""
    if group in (" ", "\u00a0", "\u202f"):
        group = ""
    parts = digits.split(decimal) if decimal in digits else [digits]
    if len(parts) > 2:
        return None
    whole = parts[0]
    if group and group in whole:
        chunks = whole.split(group)
        if any(len(chunk) != 3 for chunk in chunks[1:]):
            return None
        whole = "".join(chunks)
    if not whole.isdigit():
        return None
    try:
        return float(Decimal(whole + ("." + parts[1] if len(parts) == 2 else "")))
    except InvalidOperation:
        return None


def detect_numbers(pair: SentencePair) -> tuple[Distortion, ...]:
    """Numbers of the original changed in the derived sentence, and bounds turned around."""
    params = pair.config.number
    originals = number_mentions(pair.original_sentence, _number_language(pair, "original"), params)
    derived = number_mentions(pair.derived_sentence, _number_language(pair, "derived"), params)
    if not originals or not derived:
        return ()
    findings = []
    lone_originals = [o for o in originals if not any(o.agrees(d) for d in derived)]
    lone_derived = [d for d in derived if not any(o.agrees(d) for o in originals)]
    for old, new in zip(lone_originals, lone_derived):
        findings.append(_finding(pair, old, new, "critical", f"number changed: '{old.text}' -> '{new.text}'"))
    for old in originals:
        new = next((d for d in derived if old.agrees(d)), None)
        if new is not None and old.qualifier != new.qualifier:
            findings.append(_qualifier_finding(pair, old, new))
        elif new is not None and old.percent and new.percent and old.points != new.points:
            findings.append(_finding(
                pair, old, new, "minor",
                f"percent unit changed: '{old.text}' -> '{new.text}' (percentage points and "
                "percent are the same for a level, not for a change of a rate)",
            ))
    return tuple(findings)


def _number_language(pair: SentencePair, side: str) -> str:
    """Number words are read in English only; digits in the side's locale."""
    return "en" if pair.is_english(side) else pair.language(side)


def _qualifier_finding(pair: SentencePair, old: NumberMention, new: NumberMention) -> Distortion:
    bounds = {old.qualifier, new.qualifier}
    severity = "critical" if bounds == {"over", "under"} else "minor"
    describe = {None: "exact", "about": "approximate", "over": "a lower bound", "under": "an upper bound"}
    return _finding(
        pair, old, new, severity,
        f"number '{old.text}' was {describe[old.qualifier]} and is now "
        f"{describe[new.qualifier]}: '{new.text}'",
    )


def _finding(
    pair: SentencePair, old: NumberMention, new: NumberMention, severity: str, explanation: str
) -> Distortion:
    return Distortion(
        type="number",
        severity=severity,  # type: ignore[arg-type]
        original=pair.original_span(old.start, old.end),
        derived=pair.derived_span(new.start, new.end),
        explanation=explanation,
    )
