"""Word-level passage edges: trimmed to the reused words, grown over words copied as they are.

Sentences are the units of seeding, but scraped pages have "sentences" hundreds of words long
(lists and menus without punctuation), and reuse rarely starts and ends exactly where such a
unit does. A passage edge is moved inwards to the first (last) word where a window of words
mostly found on the other side begins (ends); and outwards over a run of words that are the
same on both sides, which a copy takes along whatever its units.
"""

from __future__ import annotations

import re
from itertools import takewhile

import numpy as np

from sourcetrace.align.lexical import Words, content_word_offsets
from sourcetrace.model import Span

__all__ = ["extend_verbatim", "trim_pair", "trim_span"]


def trim_span(words: Words, other: set[str], span: Span, window: int, density: float, slack: int = 0) -> Span:
    """The part of ``span`` from the first to the last dense run of words found in ``other``
    (``window`` content words of which a share ``density`` or more are in ``other``, starting
    and ending with one that is); an edge with at most ``slack`` content words beyond that
    run stays where it is."""
    if len(words.stems) < window:
        return span
    found = np.fromiter((stem in other for stem in words.stems), dtype=np.float64, count=len(words.stems))
    dense = np.convolve(found, np.ones(window) / window, mode="valid") >= density
    starts = np.flatnonzero(dense & (found[: len(dense)] > 0))
    ends = np.flatnonzero(dense[::-1] & (found[::-1][: len(dense)] > 0))
    if not len(starts) or not len(ends):
        return span
    first = int(starts[0])
    last = len(found) - 1 - int(ends[0])
    if last < first:
        return span
    return Span(
        int(words.starts[first]) if first > slack else span.start,
        int(words.ends[last]) if last < len(found) - 1 - slack else span.end,
    )


def trim_pair(
    src_text: str,
    src: Span,
    tgt_text: str,
    tgt: Span,
    language: str,
    window: int,
    density: float,
    slack: int = 0,
) -> tuple[Span, Span]:
    """Trim both sides of a passage against each other's content words in ``language`` (their
    lexical language, :func:`~sourcetrace.align.lexical.lexical_language`; ``window``,
    ``density`` and ``slack``: see :func:`trim_span`)."""
    src_words = content_word_offsets(src_text, src, language)
    tgt_words = content_word_offsets(tgt_text, tgt, language)
    new_tgt = trim_span(tgt_words, set(src_words.stems), tgt, window, density, slack)
    kept_tgt = {s for s, a in zip(tgt_words.stems, tgt_words.starts) if new_tgt.start <= a < new_tgt.end}
    new_src = trim_span(src_words, kept_tgt, src, window, density, slack)
    return new_src, new_tgt


_TOKEN = re.compile(r"\S+")


def extend_verbatim(
    src_text: str, src: Span, tgt_text: str, tgt: Span, tgt_floor: int, tgt_ceiling: int,
    min_tokens: int, reach: int,
) -> tuple[Span, Span]:
    """Both spans grown over the words before and after them that are the same on both sides,
    when at least ``min_tokens`` of them run on: a copy goes on as long as the text is the same,
    though a unit at its edge (an address, a line of numbers) has too few content words to seed
    or to make the two sides more alike. The derived side stays within
    ``[tgt_floor, tgt_ceiling)``, clear of other passages; ``reach`` bounds each step."""
    tgt_before = list(_TOKEN.finditer(tgt_text, max(tgt_floor, tgt.start - reach), tgt.start))[::-1]
    src_before = list(_TOKEN.finditer(src_text, max(0, src.start - reach), src.start))[::-1]
    before = _same_run(tgt_before, src_before)
    if before >= min_tokens:
        src, tgt = Span(src_before[before - 1].start(), src.end), Span(tgt_before[before - 1].start(), tgt.end)
    tgt_after = list(_TOKEN.finditer(tgt_text, tgt.end, min(tgt_ceiling, tgt.end + reach)))
    src_after = list(_TOKEN.finditer(src_text, src.end, min(len(src_text), src.end + reach)))
    after = _same_run(tgt_after, src_after)
    if after >= min_tokens:
        src, tgt = Span(src.start, src_after[after - 1].end()), Span(tgt.start, tgt_after[after - 1].end())
    return src, tgt


def _same_run(one: list[re.Match[str]], other: list[re.Match[str]]) -> int:
    """How many tokens, from the first, are the same in both lists."""
    return sum(1 for _ in takewhile(lambda pair: pair[0].group() == pair[1].group(), zip(one, other)))
