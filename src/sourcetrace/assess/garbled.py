"""The ``garbled`` detector: derived wording that no longer carries the original's meaning.

Inside an aligned pair of one language, the derived sentence is garbled when few of its content
words are the original's (Dice overlap of content words below 0.35, both sides with at least
four content words): the aligner linked the sentences by their position and remaining words, but
the wording was lost, typically by machine translation. Marks of broken machine-translated
grammar (a quotation mark facing the wrong way, a space before punctuation or inside a hyphenated
word) are listed as evidence. The finding is minor: no single fact is named as changed; the
other detectors name those.

The thresholds here are the defaults of the config's ``garbled`` section
(:class:`~sourcetrace.config.GarbledParams`).

A quotation is checked on its own, because a garbled quote inside an otherwise faithful sentence
leaves the sentence's overlap high. A derived quotation is garbled when it shares less than
60% of the original quotation's content words *and* shows a mark of word salad: a look-alike
word standing for another ("insane" -> "Insure": close spelling, different word, not an
inflection) or two neighbouring words of the original swapped ("this is" -> "is this"). A
faithful rewording ("insane" -> "crazy", "fast" -> "quickly") has neither mark and is left to
the ``quote`` detector. The finding is critical: a reader takes a quotation as the speaker's
words, and these no longer carry the statement.
"""

from __future__ import annotations

import os
import re
from collections import Counter

from rapidfuzz import fuzz

from sourcetrace.assess.pair import SentencePair
from sourcetrace.assess.quotes import Quotation, paired_quotations
from sourcetrace.assess.words import content_words, words
from sourcetrace.config import GarbledParams
from sourcetrace.model import Distortion

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
    """The derived sentence when it shares too few content words with its original, else its
    garbled quotations."""
    if not pair.same_language:
        return ()
    sentence = _garbled_sentence(pair)
    if sentence is not None:
        return (sentence,)
    return tuple(
        finding
        for old, new in paired_quotations(pair)
        if (finding := _garbled_quotation(pair, old, new)) is not None
    )


def _garbled_sentence(pair: SentencePair) -> Distortion | None:
    original, derived = pair.original_sentence, pair.derived_sentence
    params = pair.config.garbled
    if min(len(content_words(original)), len(content_words(derived))) < params.min_content_words:
        return None
    score = overlap(original, derived)
    if score >= params.max_overlap:
        return None
    marks = sorted({name for pattern, name in _BROKEN if pattern.search(derived)})
    evidence = f"; {', '.join(marks)}" if marks else ""
    return Distortion(
        "garbled", "minor", pair.original, pair.derived,
        f"wording lost: only {score:.0%} of the content words are shared{evidence}: "
        f"'{original}' -> '{derived}'",
    )


def _garbled_quotation(pair: SentencePair, old: Quotation, new: Quotation) -> Distortion | None:
    """A derived quotation turned into word salad: little shared, and salad's marks (a
    quotation is judged on fewer words than a sentence, with marks of word salad required)."""
    params = pair.config.garbled
    if len(content_words(old.text)) < params.min_quote_content_words:
        return None
    score = overlap(old.text, new.text)
    if score >= params.max_quote_overlap:
        return None
    marks = lookalikes(old.text, new.text, params) + swapped_neighbours(old.text, new.text)
    if not marks:
        return None
    return Distortion(
        "garbled", "critical",
        pair.original_span(old.start, old.end), pair.derived_span(new.start, new.end),
        f"quotation garbled: only {score:.0%} of its content words are shared, and "
        f"{'; '.join(marks)}: '{old.text}' -> '{new.text}'",
    )


def lookalikes(original: str, derived: str, params: GarbledParams | None = None) -> list[str]:
    """Derived words that look like an original word they replaced, without being a form of it.

    "insane" -> "Insure" is a look-alike (machine translation or a misread: a rapidfuzz ratio
    of at least ``params.lookalike_similarity``); "team" -> "teams" and "hate" -> "hated"
    share all but an ending and are inflections, not look-alikes.
    """
    similarity = (params or GarbledParams()).lookalike_similarity
    olds = {w.norm: w.text for w in words(original)}
    news = {w.norm: w.text for w in words(derived)}
    lost = [w for w in olds if w not in news and len(w) >= 4 and not w.isdigit()]
    found = []
    for new in (w for w in news if w not in olds and len(w) >= 4 and not w.isdigit()):
        for old in lost:
            if fuzz.ratio(old, new) >= similarity and not _inflection(old, new):
                found.append(f"look-alike word '{olds[old]}' -> '{news[new]}'")
                break
    return found


def _inflection(a: str, b: str) -> bool:
    """Whether two words differ only in an ending of up to three letters ("move"/"moving")."""
    common = len(os.path.commonprefix([a, b]))
    return common >= min(len(a), len(b)) - 1 and max(len(a), len(b)) - common <= 3


def swapped_neighbours(original: str, derived: str) -> list[str]:
    """Two neighbouring words of the original that stand side by side, swapped, in the derived."""
    old = [w.norm for w in words(original)]
    new_words = words(derived)
    new = [w.norm for w in new_words]
    pairs = set(zip(old, old[1:]))
    return [
        f"word order broken: '{b} {a}' -> '{new_words[i].text} {new_words[i + 1].text}'"
        for i, (a, b) in enumerate(zip(new, new[1:]))
        if a != b and (b, a) in pairs and (a, b) not in pairs
    ]
