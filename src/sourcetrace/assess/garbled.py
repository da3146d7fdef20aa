"""The ``garbled`` detector: derived wording that no longer carries the original's meaning.

Inside an aligned pair of one language, the derived sentence is garbled when few of its content
words are the original's (Dice overlap of content words below 0.35, both sides with at least
four content words): the aligner linked the sentences by their position and remaining words, but
the wording was lost, typically by machine translation. Marks of broken machine-translated
grammar (a quotation mark facing the wrong way, a space before punctuation or inside a hyphenated
word) are listed as evidence. The finding is minor: no single fact is named as changed; the
other detectors name those.
"""

from __future__ import annotations

import re
from collections import Counter

from sourcetrace.assess.pair import SentencePair
from sourcetrace.assess.words import content_words
from sourcetrace.model import Distortion

_MAX_OVERLAP = 0.35
_MIN_CONTENT_WORDS = 4
_BROKEN = (
    (re.compile(r"\w\s+[.,;:!?](?:\s|$)"), "space before punctuation"),
    (re.compile(r"\w\s+-\w"), "broken hyphenation"),
    (re.compile(r"\w”\s+\w+\s+“\w"), "quotation marks facing the wrong way"),
    (re.compile(r"\b(\w+)\s+\1\b", re.IGNORECASE), "doubled word"),
)


def overlap(original: str, derived: str) -> float:
    """Dice overlap of the two sentences' content words (as multisets)."""
    a, b = Counter(content_words(original)), Counter(content_words(derived))
    total = sum(a.values()) + sum(b.values())
    return 2 * sum((a & b).values()) / total if total else 1.0


def detect_garbled(pair: SentencePair) -> tuple[Distortion, ...]:
    """The derived sentence when it shares too few content words with its original."""
    if not pair.same_language:
        return ()
    original, derived = pair.original_sentence, pair.derived_sentence
    if min(len(content_words(original)), len(content_words(derived))) < _MIN_CONTENT_WORDS:
        return ()
    score = overlap(original, derived)
    if score >= _MAX_OVERLAP:
        return ()
    marks = sorted({name for pattern, name in _BROKEN if pattern.search(derived)})
    evidence = f"; {', '.join(marks)}" if marks else ""
    return (
        Distortion(
            "garbled", "minor", pair.original, pair.derived,
            f"wording lost: only {score:.0%} of the content words are shared{evidence}: "
            f"'{original}' -> '{derived}'",
        ),
    )
