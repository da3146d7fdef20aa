"""Word tokens with offsets and the normalisation detectors compare words under.

Normalisation folds what does not change meaning for a reader: case, accents and typographic
quotes (``anyascii``), and British/American spelling variants (defence/defense,
organisation/organization, colour/color, centre/center), so none of them is ever a finding.
The spelling rules are applied to both sides alike, so a rule that also rewrites a word with no
variant ("science" -> "sciense") is harmless: it only matters that two spellings of one word meet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from anyascii import anyascii

from sourcetrace.stopwords import ENGLISH_FUNCTION_WORDS

# Hyphens split words: "once-in-a-generation" and "once in a generation" are the same words.
# "per cent" is one word, the same as "percent".
_WORD = re.compile(r"[Pp]er\s+cent\b|\w+(?:[’']\w+)*", re.UNICODE)
_POSSESSIVE = re.compile(r"(?<=\w)'s$")
_ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th)$")

# Spelling pairs with no rule behind them; rule-based ones are folded by _SPELLING_RULES.
_SPELLING_WORDS = {
    "programme": "program", "programmes": "programs", "grey": "gray", "tyre": "tire",
    "tyres": "tires", "cheque": "check", "aluminium": "aluminum", "kerb": "curb",
    "judgement": "judgment", "ageing": "aging", "travelled": "traveled", "travelling": "traveling",
    "cancelled": "canceled", "cancelling": "canceling", "labelled": "labeled",
    "modelling": "modeling", "fulfil": "fulfill", "enrol": "enroll", "plough": "plow",
    "sceptical": "skeptical", "manoeuvre": "maneuver", "analyse": "analyze",
    "analysed": "analyzed", "paralyse": "paralyze", "per cent": "percent",
}
_SPELLING_RULES = (
    (re.compile(r"^(.{3,})our(s|ed|ing|ite|ites|able)?$"), r"\1or\2"),   # colour, favourite
    (re.compile(r"^(.{3,})is(e|es|ed|ing|ation|ations)$"), r"\1iz\2"),   # organise, realisation
    (re.compile(r"^(.{2,})(ence|ences)$"), r"\1ense"),                   # defence, licence
    (re.compile(r"^(.{3,})tre(s)?$"), r"\1ter\2"),                       # centre, metres
    (re.compile(r"^(.{3,})ogue(s)?$"), r"\1og\2"),                       # catalogue, dialogue
)
# Typographic marks folded to ASCII before comparing (anyascii keeps ’ and “ distinct otherwise).
_PUNCT = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"', "„": '"'})


@dataclass(frozen=True)
class Word:
    """A word of a sentence: ``text[start:end]`` and its normalised form."""

    start: int
    end: int
    text: str
    norm: str


def words(text: str) -> tuple[Word, ...]:
    """The words of ``text`` with offsets into it and a normalised form (:func:`normalise`)."""
    return tuple(
        Word(m.start(), m.end(), m.group(), normalise(m.group())) for m in _WORD.finditer(text)
    )


@lru_cache(maxsize=65536)
def normalise(word: str) -> str:
    """Lower case, ASCII, no possessive "'s", one spelling per British/American variant."""
    folded = anyascii(word.translate(_PUNCT)).lower()
    # "Finland's president" and "president of Finland" share "finland"; "24th" and "24" agree.
    folded = _ORDINAL.sub(r"\1", _POSSESSIVE.sub("", folded)).replace("'", "")
    folded = re.sub(r"\s+", " ", folded)
    if folded in _SPELLING_WORDS:
        return _SPELLING_WORDS[folded]
    for pattern, replacement in _SPELLING_RULES:
        if pattern.match(folded):
            return pattern.sub(replacement, folded)
    return folded


def fold(text: str) -> str:
    """A whole phrase normalised word by word and joined by single spaces."""
    return " ".join(w.norm for w in words(text))


# Function words: a change among these alone is wording, not content (why they differ from
# the aligner's stop words: sourcetrace.stopwords).
STOPWORDS = ENGLISH_FUNCTION_WORDS


def content_norms(text: str) -> list[str]:
    """Normalised words of ``text`` that are not function words (the detectors' content
    words; the aligner's are stems: :func:`~sourcetrace.align.lexical.content_words`)."""
    return [w.norm for w in words(text) if w.norm not in STOPWORDS]
