"""The ``hedge`` detector: the certainty of a claim changed.

English only (spaCy tags tell the modal "may" from the month "May"). Each side's hedge cues are
sorted into classes: ``certain`` (will, must, certainly, definitely, clearly, necessarily...),
``probable`` (should, probably, likely...), ``possible`` (may, might, could, possibly, perhaps,
reportedly, "not necessarily"...) and ``ability`` (can: what someone or something is able or
allowed to do, not how sure the writer is that it happens). Logical relations between clauses
(because, despite, unless...) are the ``relation`` detector's.

A class present on one side only, facing another class present on the other side only, is a
change: ``certain`` <-> ``possible`` is critical ("will" -> "may", "not necessarily" ->
"necessarily"): a claim stated as sure is now only possible, or the reverse. A step to or from
``probable`` is minor ("must" -> "should"), and so is a step between ``ability`` and
``certain`` or ``probable`` ("will be used" -> "can be used", "can be resolved" -> "will be
resolved"): the claim is framed another way, but no certainty is withdrawn or asserted by it.
``ability`` and ``possible`` ("could" -> "can") count as one class. A cue simply dropped or
added is left alone: rewording drops and adds modal verbs all the time without changing what
is claimed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sourcetrace.assess.nlp import Parse
from sourcetrace.assess.pair import SentencePair
from sourcetrace.model import Distortion, Severity

_MODAL_VERBS = {
    "will": "certain", "'ll": "certain", "wo": "certain", "must": "certain", "shall": "certain",
    "should": "probable", "ought": "probable",
    "may": "possible", "might": "possible", "could": "possible",
    "can": "ability", "ca": "ability",
}
_ADVERBS = {
    "certainly": "certain", "definitely": "certain", "surely": "certain", "clearly": "certain",
    "undoubtedly": "certain", "inevitably": "certain", "always": "certain",
    "unquestionably": "certain", "doubtless": "certain", "assuredly": "certain",
    "probably": "probable", "likely": "probable", "presumably": "probable",
    "possibly": "possible", "perhaps": "possible", "maybe": "possible", "potentially": "possible",
    "reportedly": "possible", "allegedly": "possible", "apparently": "possible",
    "seemingly": "possible", "conceivably": "possible", "supposedly": "possible",
    "unlikely": "possible", "necessarily": "certain",
}
# A certainty denied is a possibility: "not necessarily" -> "necessarily" asserts it.
_PHRASES = {"not necessarily": "possible", "n't necessarily": "possible",
            "not certainly": "possible", "not always": "possible"}
_PHRASE_PATTERN = re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(k) for k in sorted(_PHRASES, key=len, reverse=True))
    + r")\b",
    re.IGNORECASE,
)
_CRITICAL = {"certain", "possible"}


@dataclass(frozen=True)
class HedgeCue:
    """A hedge word or phrase at ``[start, end)`` and its class."""

    start: int
    end: int
    text: str
    level: str


def hedge_cues(sentence: str, parse: Parse) -> tuple[HedgeCue, ...]:
    """The modality cues of an English sentence (parsed by ``parse``), left to right."""
    found = [
        HedgeCue(m.start(), m.end(), m.group(), _PHRASES[m.group().lower().replace("’", "'")])
        for m in _PHRASE_PATTERN.finditer(sentence.replace("’", "'"))
    ]
    taken = [(c.start, c.end) for c in found]
    for token in parse(sentence):
        if any(a <= token.idx < b for a, b in taken):
            continue
        word = token.lower_
        if token.tag_ == "MD" and word in _MODAL_VERBS:
            level = _MODAL_VERBS[word]
        elif word in _ADVERBS and token.pos_ in ("ADV", "ADJ"):
            level = _ADVERBS[word]
        else:
            continue
        found.append(HedgeCue(token.idx, token.idx + len(token.text), token.text, level))
    return tuple(sorted(found, key=lambda c: c.start))


def detect_hedges(pair: SentencePair) -> tuple[Distortion, ...]:
    """Certainty of the original changed in the derived sentence."""
    if not (pair.is_english("original") and pair.is_english("derived")):
        return ()
    olds = list(hedge_cues(pair.original_sentence, pair.parse))
    news = list(hedge_cues(pair.derived_sentence, pair.parse))
    # The same word, then the same class, on both sides is kept: only the rest can have changed.
    for same in (lambda a, b: a.text.lower() == b.text.lower(), _same_class):
        for cue in list(olds):
            match = next((n for n in news if same(cue, n)), None)
            if match is not None:
                olds.remove(cue)
                news.remove(match)
    if not olds or not news:
        return ()
    old, new = olds[0], news[0]
    severity: Severity = "critical" if {old.level, new.level} == _CRITICAL else "minor"
    return (Distortion(
        "hedge", severity,
        pair.original_span(old.start, old.end), pair.derived_span(new.start, new.end),
        f"certainty changed: '{old.text}' ({old.level}) -> '{new.text}' ({new.level})",
    ),)


def _same_class(a: HedgeCue, b: HedgeCue) -> bool:
    """The same class; "could" and "can" (possible and ability) both leave a thing open."""
    return a.level == b.level or {a.level, b.level} == {"possible", "ability"}
