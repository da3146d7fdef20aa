"""The ``negation`` detector: polarity flipped, a negation lost, added or moved.

English sides are parsed with spaCy: each negation cue ("not", "n't", "never", "no", "nobody",
"nothing", "without", "cannot"...) is tied to the word it negates (its syntactic head), so a cue
kept on the same word is the same negation whatever else was reworded. Other languages count
the cues of a short per-language list. Fixed phrases whose negation word negates nothing ("not
only", "no doubt", "whether or not") are not cues, and neither is "not until": "isn't until
March 9" says when a thing happens, as "will be March 9" does. Two cues that read the same
with the word after them ("without building") are one negation even where the parser tied them
to different words.

A negation of the original with no counterpart in the derived sentence (or the reverse) flips
the sentence's meaning, critical, when what it denies is asserted in the other sentence: the
negated word, and for a negated noun ("no passenger was ejected") or copula ("was not
difficult") the verb or complement that carries the claim. Otherwise the negation belongs to a
claim the other sentence does not make ("no passenger was ejected" added beside "some were
thrown"), or says the same with other words ("was an easy one" -> "was not difficult"). With
as many cues on both sides, a cue that left one word for another word that both sentences share
("did not say he would go" -> "said he would not go") is a moved negation: critical too.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sourcetrace.assess.accounting import phrase_spans
from sourcetrace.assess.nlp import Parse
from sourcetrace.assess.pair import SentencePair
from sourcetrace.assess.words import STOPWORDS, normalise, words
from sourcetrace.model import Distortion, Span

if TYPE_CHECKING:
    from spacy.tokens import Token

_ENGLISH_CUES = frozenset(
    {"not", "n't", "never", "no", "none", "nobody", "nothing", "nowhere", "neither", "nor",
     "without", "cannot", "nt", "rarely", "seldom", "hardly", "barely", "scarcely"}
)
# Fixed phrases in which the negation word negates nothing the sentence asserts.
_NOT_CUES = re.compile(
    r"\b(?:not only|not just|no doubt|whether or not|if not|no matter|nothing but|"
    r"not least|none other than|no less than|no fewer than|no more than|not to mention|not until)\b"
    r"|n['’]t until\b",
    re.IGNORECASE,
)
_OTHER_CUES = {
    "sq": {"nuk", "s'", "jo", "asnjë", "asnje", "kurrë", "kurre", "pa", "as", "mos"},
    "fr": {"ne", "n'", "pas", "jamais", "aucun", "aucune", "sans", "rien", "personne"},
    "de": {"nicht", "kein", "keine", "keinen", "keiner", "nie", "niemals", "ohne", "nichts"},
    "es": {"no", "nunca", "ningún", "ninguna", "sin", "nada", "nadie", "jamás"},
    "it": {"non", "mai", "nessun", "nessuna", "senza", "niente", "nulla"},
    "uk": {"не", "ні", "ніколи", "без", "жоден", "жодна", "нічого"},
}


@dataclass(frozen=True)
class Cue:
    """A negation word at ``[start, end)`` and the word it negates (its lemma, folded)."""

    start: int
    end: int
    text: str
    head: str
    head_start: int
    head_end: int
    head_pos: str = ""
    claim: frozenset[str] = frozenset()

    def extent(self, max_chars: int) -> tuple[int, int]:
        """The cue with the word it negates ("not excluded"), or the cue alone when the two
        span more than ``max_chars`` characters."""
        start, end = min(self.start, self.head_start), max(self.end, self.head_end)
        return (start, end) if end - start <= max_chars else (self.start, self.end)


def negation_cues(sentence: str, parse: Parse, language: str = "en") -> tuple[Cue, ...]:
    """The negation cues of ``sentence`` (English parsed by ``parse``), left to right."""
    blocked = [m.span() for m in _NOT_CUES.finditer(sentence)] if language == "en" else []
    if language == "en":
        cues = _english_cues(sentence, parse)
    else:
        cues = _listed_cues(sentence, _OTHER_CUES.get(language, set()))
    return tuple(c for c in cues if not any(a <= c.start < b for a, b in blocked))


def _english_cues(sentence: str, parse: Parse) -> list[Cue]:
    found = []
    for token in parse(sentence):
        if token.lower_ not in _ENGLISH_CUES and token.dep_ != "neg":
            continue
        if _in_compound(sentence, token.idx, token.idx + len(token.text)):
            continue  # "the do-not-call registry" names a thing; it negates nothing
        head = token.head if token.head is not token else token
        found.append(
            Cue(token.idx, token.idx + len(token.text), token.text, normalise(head.lemma_),
                head.idx, head.idx + len(head.text), head.pos_, _claim_word(head))
        )
    return found


def _claim_word(head: Token) -> frozenset[str]:
    """The word that carries what a negation denies where its head does not, as its lemma and
    its form: the complement of a copula ("was not difficult"), the verb or adjective a negated
    noun belongs to ("no passenger was ejected"). Empty where the head itself is that word."""
    if head.pos_ == "AUX":
        complement = next((c for c in head.children if c.dep_ in ("acomp", "attr")), None)
        return frozenset() if complement is None else _forms(complement)
    if head.pos_ not in ("NOUN", "PROPN", "PRON", "NUM"):
        return frozenset()
    token = head
    while token.head.i != token.i and token.pos_ not in ("VERB", "ADJ", "AUX"):
        token = token.head
    return _forms(token) if token.pos_ in ("VERB", "ADJ") else frozenset()


def _forms(token: Token) -> frozenset[str]:
    """A word's lemma and form: "are not determined" (an adjective, lemma "determined") makes
    the same claim as "are determined" (a verb, lemma "determine")."""
    return frozenset({normalise(token.lemma_), normalise(token.text)})


def _in_compound(sentence: str, start: int, end: int) -> bool:
    return sentence[start - 1 : start] == "-" or sentence[end : end + 1] == "-"


def _listed_cues(sentence: str, cues: set[str]) -> list[Cue]:
    return [
        Cue(m.start(), m.end(), m.group(), "", m.start(), m.end())
        for m in re.finditer(r"\w+'?", sentence)
        if m.group().lower() in cues
    ]


def detect_negation(pair: SentencePair) -> tuple[Distortion, ...]:
    """Negations lost, added or moved between the original and the derived sentence."""
    if not pair.same_language:
        return ()
    language = "en" if pair.is_english("original") else pair.language("original")
    # A negation inside a phrase dropped or added whole is an omission or addition, not a flip.
    dropped, added = phrase_spans(pair)
    news = [c for c in negation_cues(pair.derived_sentence, pair.parse, language) if not _inside(c, added)]
    olds = [c for c in negation_cues(pair.original_sentence, pair.parse, language) if not _inside(c, dropped)]
    lone_olds = [c for c in olds if not _take_counterpart(pair, c, news)]
    moved = _moved(pair, lone_olds, news)
    if len(lone_olds) == len(news):
        # As many cues left on both sides: the negated words were reworded, not the polarity.
        return tuple(moved)
    if language == "en" and pair.is_english("derived"):
        # Polarity flips only where the negated word itself is on both sides; "did not
        # respond" -> "declined", "for not meeting" -> "for failing to meet" and "without
        # penalty" -> "unpenalised" say the same thing another way.
        lone_olds = [c for c in lone_olds if _asserted(c, pair.derived_sentence, pair.original_sentence, pair.parse)]
        news = [c for c in news if _asserted(c, pair.original_sentence, pair.derived_sentence, pair.parse)]
    return tuple(moved + _lost_or_added(pair, lone_olds, news))


# Verbs that negate what they govern: "failed to meet" is "did not meet".
_NEGATING_VERBS = frozenset(
    """fail decline refuse deny lack avoid stop prevent cease neglect omit reject lose miss
    forgo refrain exclude""".split()
)


def _asserted(cue: Cue, other: str, own: str, parse: Parse) -> bool:
    """Whether the word ``cue`` negates stands un-negated in the other sentence."""
    if not cue.head:
        return True
    if cue.head_pos == "ADP":
        return False  # "and not in others": the negated words are left out, nothing to align
    heads = [t for t in parse(other) if normalise(t.lemma_) == cue.head]
    if not heads:
        return False
    if cue.claim and not any(_forms(t) & cue.claim for t in parse(other)):
        return False  # "no passenger was ejected": the other sentence says nothing of ejecting
    if any(a.lemma_.lower() in _NEGATING_VERBS for t in heads for a in (t, *t.ancestors)):
        return False
    return not _negative_affix(other, own)


def _negative_affix(other: str, own: str) -> bool:
    """A word of ``other`` that is a word of ``own`` with "un-", "non-", "in-" before it."""
    stems = {w for w in re.findall(r"[a-z]{5,}", own.lower())}
    for word in re.findall(r"\b(?:un|non|in|im|dis)-?([a-z]{5,})", other.lower()):
        if any(os.path.commonprefix([word, stem]).__len__() >= 5 for stem in stems):
            return True
    return False


def _inside(cue: Cue, spans: list[tuple[int, int]]) -> bool:
    return any(a <= cue.start and cue.end <= b for a, b in spans)


def _take_counterpart(pair: SentencePair, cue: Cue, others: list[Cue]) -> bool:
    """Remove and report the first derived cue that negates the same word, or else reads the
    same with the word after it ("without building": the parse may tie the two to different
    words when the sentences around them differ)."""
    reading = _reading(pair.original_sentence, cue)
    for same in (lambda o: cue.head == o.head,
                 lambda o: reading is not None and reading == _reading(pair.derived_sentence, o)):
        match = next((o for o in others if same(o)), None)
        if match is not None:
            others.remove(match)
            return True
    return False


def _reading(sentence: str, cue: Cue) -> tuple[str, str] | None:
    """The cue word ("n't" read as "not") and the word after it; ``None`` at the end."""
    after = words(sentence[cue.end :])
    if not after:
        return None
    word = normalise(cue.text)
    return ("not" if word == "nt" else word), after[0].norm


def _lost_or_added(pair: SentencePair, olds: list[Cue], news: list[Cue]) -> list[Distortion]:
    """More cues on one side: each extra cue is a negation lost (or added)."""
    findings = []
    limit = pair.config.negation.max_extent_chars
    if len(olds) > len(news):
        for cue in olds[len(news):] if news else olds:
            findings.append(Distortion(
                "negation", "critical", pair.original_span(*cue.extent(limit)),
                _derived_head(pair, cue),
                f"negation lost: '{_phrase(pair.original_sentence, cue, limit)}' is no longer negated "
                f"in '{_clip(pair.derived_sentence)}'",
            ))
    else:
        for cue in news[len(olds):] if olds else news:
            findings.append(Distortion(
                "negation", "critical", _original_head(pair, cue),
                pair.derived_span(*cue.extent(limit)),
                f"negation added: '{_phrase(pair.derived_sentence, cue, limit)}' negates what "
                f"'{_clip(pair.original_sentence)}' asserts",
            ))
    return findings


def _moved(pair: SentencePair, olds: list[Cue], news: list[Cue]) -> list[Distortion]:
    """Cues that now negate another word both sentences share; matched cues leave the lists."""
    if not olds or not news or not (pair.is_english("original") and pair.is_english("derived")):
        return []
    findings = []
    limit = pair.config.negation.max_extent_chars
    original_words = {normalise(t.lemma_) for t in pair.parse(pair.original_sentence)}
    derived_words = {normalise(t.lemma_) for t in pair.parse(pair.derived_sentence)}
    for old in list(olds):
        new = next(
            (n for n in news if old.head in derived_words and n.head in original_words
             and old.head not in STOPWORDS and n.head not in STOPWORDS
             and _predicate(pair.original_sentence, old, pair.parse)
             and _predicate(pair.derived_sentence, n, pair.parse)),
            None,
        )
        if new is None:
            continue
        olds.remove(old)
        news.remove(new)
        findings.append(Distortion(
            "negation", "critical", pair.original_span(*old.extent(limit)),
            pair.derived_span(*new.extent(limit)),
            f"negation moved: '{_phrase(pair.original_sentence, old, limit)}' -> "
            f"'{_phrase(pair.derived_sentence, new, limit)}'",
        ))
    return findings


def _predicate(sentence: str, cue: Cue, parse: Parse) -> bool:
    """Whether a cue negates a verb or an adjective (a negation can move between those)."""
    return any(
        t.idx == cue.head_start and t.pos_ in ("VERB", "ADJ", "AUX") for t in parse(sentence)
    )


def _phrase(sentence: str, cue: Cue, max_chars: int) -> str:
    start, end = cue.extent(max_chars)
    return sentence[start:end]


def _clip(sentence: str, limit: int = 80) -> str:
    return sentence if len(sentence) <= limit else sentence[: limit - 3] + "..."


def _derived_head(pair: SentencePair, cue: Cue) -> Span:
    """Where the negated word stands in the derived sentence (the whole sentence if nowhere)."""
    span = _find_lemma(pair.derived_sentence, cue.head, pair.is_english("derived"), pair.parse)
    return pair.derived_span(*span) if span else pair.derived


def _original_head(pair: SentencePair, cue: Cue) -> Span:
    """Where the newly negated word stands in the original sentence."""
    span = _find_lemma(pair.original_sentence, cue.head, pair.is_english("original"), pair.parse)
    return pair.original_span(*span) if span else pair.original


def _find_lemma(sentence: str, lemma: str, english: bool, parse: Parse) -> tuple[int, int] | None:
    if not lemma or not english:
        return None
    for token in parse(sentence):
        if normalise(token.lemma_) == lemma:
            return token.idx, token.idx + len(token.text)
    return None
