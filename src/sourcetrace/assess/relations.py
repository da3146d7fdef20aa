"""The ``relation`` detector: the logical relation between two clauses changed.

Connectives are sorted into families: ``cause`` (because, due to, therefore...), ``opposition``
(despite, although, however...: a concession or a contrast), ``irrelevance`` (regardless of,
irrespective of, whether or not, even if: the thing does not matter), ``condition`` (if, provided
that, as long as...) and ``exception`` (unless: if not). English is read from a list of words
and phrases, other languages from a short list each (Albanian, German, French), so a
translation is checked too.

After pairing the same family on both sides, a family left on one side facing another family
left on the other is a change: **critical** ("because of the rain" -> "despite the rain",
"unless it rains" -> "if it rains", "regardless of the vote" -> "because of the vote"), except
``irrelevance`` <-> ``opposition`` or ``condition``, **minor**: "despite the engagement" takes
the engagement as a fact where "regardless of" leaves it open, and "if it was, it would be too
dear" says what "even if it was, it is too dear" says; the claim holds either way. A connective
merely dropped or added is not reported (rewording joins and splits clauses all the time).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from sourcetrace.assess.pair import SentencePair
from sourcetrace.model import Distortion, Severity

_FAMILIES: dict[str, dict[str, str]] = {
    "en": {
        **dict.fromkeys(
            ["because of", "because", "due to", "owing to", "thanks to", "as a result of",
             "as a result", "therefore", "thus", "hence", "consequently", "caused by",
             "on account of"], "cause"),
        **dict.fromkeys(
            ["despite", "in spite of", "although", "even though", "though", "nevertheless",
             "nonetheless", "notwithstanding", "albeit", "however", "whereas"],
            "opposition"),
        **dict.fromkeys(
            ["regardless of", "irrespective of", "whether or not", "no matter", "even if"],
            "irrelevance"),
        **dict.fromkeys(
            ["if", "only if", "provided that", "providing that", "as long as", "on condition that",
             "in case"], "condition"),
        **dict.fromkeys(["unless", "except if"], "exception"),
    },
    "sq": {
        **dict.fromkeys(["sepse", "për shkak të", "për shkak se", "prandaj", "ngaqë"], "cause"),
        **dict.fromkeys(["megjithëse", "edhe pse", "megjithatë", "ndonëse", "pavarësisht se"],
                        "opposition"),
        **dict.fromkeys(["pavarësisht nga"], "irrelevance"),
        **dict.fromkeys(["nëse", "në qoftë se", "po qe se"], "condition"),
        **dict.fromkeys(["përveç nëse", "veç nëse"], "exception"),
    },
    "de": {
        **dict.fromkeys(["weil", "wegen", "aufgrund", "deshalb", "daher", "deswegen"], "cause"),
        **dict.fromkeys(["trotz", "obwohl", "obgleich", "dennoch", "jedoch", "trotzdem"],
                        "opposition"),
        **dict.fromkeys(["unabhängig von", "ungeachtet"], "irrelevance"),
        **dict.fromkeys(["falls", "sofern"], "condition"),
        **dict.fromkeys(["es sei denn", "außer wenn"], "exception"),
    },
    "fr": {
        **dict.fromkeys(["parce que", "à cause de", "en raison de", "grâce à", "donc",
                         "par conséquent"], "cause"),
        **dict.fromkeys(["malgré", "bien que", "quoique", "cependant", "néanmoins",
                         "pourtant", "en dépit de"], "opposition"),
        **dict.fromkeys(["indépendamment de", "quel que soit", "quelle que soit"],
                        "irrelevance"),
        **dict.fromkeys(["si", "à condition que", "pourvu que"], "condition"),
        **dict.fromkeys(["à moins que", "sauf si"], "exception"),
    },
}
# Framed another way, the claim kept: "despite X" takes X as a fact where "regardless of X"
# leaves it open; "if X, it would be too dear" and "even if X, it is too dear" say one thing.
_MINOR = (frozenset({"irrelevance", "opposition"}), frozenset({"irrelevance", "condition"}))
_DESCRIPTIONS = {"cause": "cause", "opposition": "concession or contrast",
                 "irrelevance": "irrelevance", "condition": "condition",
                 "exception": "exception (if not)"}


# "what if", "as if", "asked if" (whether): no condition.
_NOT_CONDITION = re.compile(r"\b(?:what|as|ask|asked|asks|see|know|wonder|wondered)$")


@dataclass(frozen=True)
class RelationCue:
    """A connective at ``[start, end)`` of a sentence and its family."""

    start: int
    end: int
    text: str
    family: str


@lru_cache(maxsize=16)
def _pattern(language: str) -> re.Pattern[str] | None:
    cues = _FAMILIES.get(language)
    if not cues:
        return None
    # Longest first: "because of" before "because", "even if" before "if".
    alternation = "|".join(re.escape(c) for c in sorted(cues, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternation})(?![\w-])", re.IGNORECASE)


def relation_cues(sentence: str, language: str = "en") -> tuple[RelationCue, ...]:
    """The connectives of ``sentence``, left to right ("what if" and "as if" are no condition)."""
    pattern = _pattern(language)
    if pattern is None:
        return ()
    cues = _FAMILIES[language]
    found = []
    for match in pattern.finditer(sentence):
        before = sentence[: match.start()].rstrip().lower()
        if match.group().lower() == "if" and _NOT_CONDITION.search(before):
            continue
        found.append(RelationCue(match.start(), match.end(), match.group(),
                                 cues[match.group().lower()]))
    return tuple(found)


def detect_relations(pair: SentencePair) -> tuple[Distortion, ...]:
    """A connective of the original replaced by one of another family in the derived sentence."""
    olds = list(relation_cues(pair.original_sentence, pair.language("original")))
    news = list(relation_cues(pair.derived_sentence, pair.language("derived")))
    for cue in list(olds):
        match = next((n for n in news if n.family == cue.family), None)
        if match is not None:
            olds.remove(cue)
            news.remove(match)
    if not olds or not news:
        return ()
    old, new = olds[0], news[0]
    severity: Severity = "minor" if frozenset({old.family, new.family}) in _MINOR else "critical"
    explanation = (f"logical relation changed: '{old.text}' ({_DESCRIPTIONS[old.family]}) -> "
                   f"'{new.text}' ({_DESCRIPTIONS[new.family]})")
    if severity == "minor":
        explanation += (": the claim holds either way, but one of them takes the thing as a "
                        "fact and the other leaves it open")
    return (Distortion("relation", severity, pair.original_span(old.start, old.end),
                       pair.derived_span(new.start, new.end), explanation),)
