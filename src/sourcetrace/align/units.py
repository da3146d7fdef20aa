"""Alignment units: sentences, with overlong ones cut into chunks of words.

Scraped pages hold "sentences" of hundreds of words (menus, lists, tables without
punctuation). Reuse starts and ends inside them, and one long unit against a short one has a
low similarity even when the short one is copied from it. Cutting long sentences into chunks
of about ``max_words`` words keeps units comparable; links are still reported per sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sourcetrace.model import Segment

_TOKEN = re.compile(r"\S+")


@dataclass(frozen=True)
class Units:
    """Units of a text, and for each unit the index of the sentence it belongs to."""

    segments: tuple[Segment, ...]
    sentence: tuple[int, ...]


def alignment_units(text: str, sentences: tuple[Segment, ...], max_words: int = 30) -> Units:
    units: list[Segment] = []
    parents: list[int] = []
    for position, sentence in enumerate(sentences):
        for start, end in _chunks(text, sentence, max_words):
            units.append(Segment(len(units), start, end, sentence.paragraph))
            parents.append(position)
    return Units(tuple(units), tuple(parents))


def _chunks(text: str, sentence: Segment, max_words: int) -> list[tuple[int, int]]:
    tokens = list(_TOKEN.finditer(text, sentence.start, sentence.end))
    # a sentence up to half again the limit stays whole: cutting it would leave a stub
    if len(tokens) <= max_words * 3 // 2:
        return [(sentence.start, sentence.end)]
    count = -(-len(tokens) // max_words)
    size = -(-len(tokens) // count)
    return [
        (tokens[k].start(), tokens[min(k + size, len(tokens)) - 1].end())
        for k in range(0, len(tokens), size)
    ]
