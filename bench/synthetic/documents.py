"""Documents as the JSONL files hold them: sentences joined into paragraphs, offsets kept,
news metadata (title, date, url, series) made up around them."""

from __future__ import annotations

import datetime as dt
import json
import math
import random
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

Span = tuple[int, int]
_FIRST_DAY = dt.date(2015, 1, 1)
_LENGTH_MEDIAN, _LENGTH_SIGMA, _LENGTH_MIN, _LENGTH_MAX = 3000, 0.45, 1000, 9000
# Made-up outlets (".example" is reserved for examples): the ``series`` of a document, as in
# passim's records, and the host of its URL.
SITES = (
    "harbour-gazette", "northern-ledger", "valley-courier", "city-wire", "daily-lantern",
    "river-post", "coastal-herald", "metro-dispatch", "plains-tribune", "capital-observer",
    "lakeside-news", "highland-record", "evening-bulletin", "morning-star-online",
    "regional-times", "island-chronicle", "county-monitor", "weekly-review", "open-press",
    "border-journal", "summit-reporter", "bay-sentinel", "forest-echo", "market-voice",
)


@dataclass(frozen=True)
class Assembled:
    """A document's text and the span of each of its sentences (half-open, into ``text``)."""

    text: str
    spans: tuple[Span, ...]


def assemble(sentences: Sequence[str], breaks: Sequence[bool]) -> Assembled:
    """Sentences joined by a space, a blank line before each that starts a paragraph."""
    parts, spans, at = [], [], 0
    for index, (sentence, starts_paragraph) in enumerate(zip(sentences, breaks)):
        if index:
            gap = "\n\n" if starts_paragraph else " "
            parts.append(gap)
            at += len(gap)
        parts.append(sentence)
        spans.append((at, at + len(sentence)))
        at += len(sentence)
    return Assembled("".join(parts), tuple(spans))


def paragraph_breaks(count: int, rng: random.Random) -> list[bool]:
    """A news layout: paragraphs of one to four sentences."""
    breaks, left = [], 0
    for _ in range(count):
        breaks.append(left == 0)
        if left == 0:
            left = rng.choice((1, 2, 2, 3, 3, 4))
        left -= 1
    return breaks


def news_length(rng: random.Random) -> int:
    """Characters of a news story: log-normal around 3,000, from 1,000 to 9,000."""
    return round(min(_LENGTH_MAX, max(_LENGTH_MIN, rng.lognormvariate(math.log(_LENGTH_MEDIAN), _LENGTH_SIGMA))))


def random_date(rng: random.Random, years: int = 10) -> dt.date:
    return _FIRST_DAY + dt.timedelta(days=rng.randrange(365 * years))


def title_of(text: str) -> str:
    """A headline: the first paragraph's first ten words."""
    first = text.split("\n", 1)[0]
    return re.sub(r"[\s,;:.!?…\"'”’]+$", "", " ".join(first.split()[:10]))


@dataclass(frozen=True)
class Record:
    """One JSONL line: id, metadata, text (fields in that order; no date when undated)."""

    id: str
    text: str
    date: dt.date | None
    series: str
    extra: dict[str, object] = field(default_factory=dict)

    def to_json(self) -> str:
        title = title_of(self.text)
        record: dict[str, object] = {"id": self.id, "title": title}
        if self.date is not None:
            record["date"] = self.date.isoformat()
            stamp = self.date.strftime("%Y/%m")
        else:
            stamp = "archive"
        slug = "-".join(re.findall(r"\w+", title.lower())[:6]) or "story"
        record["url"] = f"https://{self.series}.example/{stamp}/{slug}-{self.id}"
        record["series"] = self.series
        record.update(self.extra)
        record["text"] = self.text
        return json.dumps(record, ensure_ascii=False)
