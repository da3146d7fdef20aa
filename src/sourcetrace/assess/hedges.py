"""The ``hedge`` detector: certainty, modality or a logical relation changed.

English only (spaCy tags tell the modal "may" from the month "May"). Each side's hedge cues are
sorted into classes of one scale:

* modality: ``certain`` (will, must, certainly, definitely, clearly...), ``probable`` (should,
  probably, likely...), ``possible`` (may, might, could, possibly, perhaps, reportedly...) and
  ``ability`` (can: what someone or something is able or allowed to do, not how sure the writer
  is that it happens);
* relation: ``cause`` (because, because of, due to, as a result of, therefore...) and
  ``concession`` (despite, although, even though, regardless of, nevertheless...).

A class present on one side only, facing another class of the same scale present on the other
side only, is a change: ``certain`` <-> ``possible`` and ``cause`` <-> ``concession`` are
critical ("will" -> "may", "because of" -> "despite"): a claim stated as sure is now only
possible. A step to or from ``probable`` is minor ("must" -> "should"), and so is a step
between ``ability`` and ``certain`` or ``probable`` ("will be used" -> "can be used", "can be
resolved" -> "will be resolved"): the claim is framed another way, but no certainty is
withdrawn or asserted by it. ``ability`` and ``possible`` ("could" -> "can") count as one class. A cue simply
dropped or added is left alone: rewording drops and adds modal verbs all the time without
changing what is claimed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sourcetrace.assess.nlp import parse
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
    "unlikely": "possible",
}
_RELATIONS = {
    "because of": "cause", "because": "cause", "due to": "cause", "owing to": "cause",
    "thanks to": "cause", "as a result of": "cause", "as a result": "cause",
    "therefore": "cause", "thus": "cause", "hence": "cause", "consequently": "cause",
    "caused by": "cause", "on account of": "cause",
    "despite": "concession", "in spite of": "concession", "although": "concession",
    "even though": "concession", "though": "concession", "regardless of": "concession",
    "nevertheless": "concession", "nonetheless": "concession", "notwithstanding": "concession",
    "even if": "concession",
}
_RELATION_PATTERN = re.compile(
    r"\b(" + "|".join(re.escape(k) for k in sorted(_RELATIONS, key=len, reverse=True)) + r")\b",
    re.IGNORECASE,
)
_SCALES = {"certain": "modality", "probable": "modality", "possible": "modality",
           "ability": "modality", "cause": "relation", "concession": "relation"}
_CRITICAL = ({"certain", "possible"}, {"cause", "concession"})


@dataclass(frozen=True)
class HedgeCue:
    """A hedge word or phrase at ``[start, end)`` and its class."""

    start: int
    end: int
    text: str
    level: str


def hedge_cues(sentence: str) -> tuple[HedgeCue, ...]:
    """The modality and relation cues of an English sentence, left to right."""
    found = [
        HedgeCue(m.start(), m.end(), m.group(), _RELATIONS[m.group().lower()])
        for m in _RELATION_PATTERN.finditer(sentence)
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
    """Certainty or logical relation of the original changed in the derived sentence."""
    if not (pair.is_english("original") and pair.is_english("derived")):
        return ()
    olds = list(hedge_cues(pair.original_sentence))
    news = list(hedge_cues(pair.derived_sentence))
    # The same word, then the same class, on both sides is kept: only the rest can have changed.
    for same in (lambda a, b: a.text.lower() == b.text.lower(), _same_class):
        for cue in list(olds):
            match = next((n for n in news if same(cue, n)), None)
            if match is not None:
                olds.remove(cue)
                news.remove(match)
    findings = []
    for scale in ("modality", "relation"):
        lost = [c for c in olds if _SCALES[c.level] == scale]
        gained = [c for c in news if _SCALES[c.level] == scale]
        if lost and gained:
            old, new = lost[0], gained[0]
            severity: Severity = "critical" if {old.level, new.level} in _CRITICAL else "minor"
            findings.append(Distortion(
                "hedge", severity,
                pair.original_span(old.start, old.end), pair.derived_span(new.start, new.end),
                f"{_describe(scale)} changed: '{old.text}' ({old.level}) -> "
                f"'{new.text}' ({new.level})",
            ))
    return tuple(findings)


def _same_class(a: HedgeCue, b: HedgeCue) -> bool:
    """The same class; "could" and "can" (possible and ability) both leave a thing open."""
    return a.level == b.level or {a.level, b.level} == {"possible", "ability"}


def _describe(scale: str) -> str:
    return "certainty" if scale == "modality" else "logical relation"
