"""A development set for the ``substitution`` and ``relation`` detectors, built from real sentences.

Each case is one real English sentence of the data folder with one word replaced, chosen with a
seeded generator so the same seed gives the same set:

* replacements a reader must be told about (positives): ``antonym`` (a verb, noun or adjective
  replaced by WordNet's antonym of its first sense: "accepted" -> "rejected"), ``co-hyponym``
  (a verb, or a noun naming an act or event, replaced by another hyponym of its first sense's
  direct hypernym: "acquitted" -> "convicted") and ``connective`` (a connective replaced by one
  of another family, from this module's own swap table: "because of" -> "despite");
* harmless replacements (negatives): ``synonym`` (another word of the first sense's synset:
  "buy" -> "purchase") and ``hypernym`` (the first sense's hypernym: "sedan" -> "car").

The generator reads WordNet through the same file reader as the detector, but picks words with
its own rules (first sense only, single words, its own inflection); the detector's judgement
(``assess.lexicon``) is not called. Both use WordNet, so the positives are found by construction
more easily than real changes: the hand-written cases in ``tests/test_assess_substitution.py``
and the MSRP check are the realistic checks. The cases are split by source sentence (a CRC of
its text) into a ``dev`` half, which the thresholds were looked at on, and a ``held-out`` half,
and both are reported.
"""

from __future__ import annotations

import random
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sourcetrace.assess import detect
from sourcetrace.assess.nlp import Parse
from sourcetrace.assess.pair import SentencePair
from sourcetrace.assess.wordnet import wordnet
from sourcetrace.config import Config
from sourcetrace.evaluate.distortions import in_quotation
from sourcetrace.model import Distortion, Span
from sourcetrace.resources import Resources

if TYPE_CHECKING:
    from spacy.tokens import Token

POSITIVE_RELATIONS = ("antonym", "co-hyponym", "connective")
HARMLESS_RELATIONS = ("synonym", "hypernym")
HALVES = ("dev", "held-out")
# Which finding types count as finding each positive relation.
_FOUND_BY = {"antonym": ("substitution",), "co-hyponym": ("substitution",),
             "connective": ("relation",)}
_POS = {"VERB": "v", "NOUN": "n", "ADJ": "a"}
# WordNet lexicographer files of nouns that name an act, event, statement or process.
_EVENT_FILES = frozenset({4, 10, 11, 19, 22})
# The generator's own connective swaps (one family to another).
_CONNECTIVE_SWAPS = {
    "because of": ["despite", "regardless of"], "because": ["although", "unless"],
    "despite": ["because of"], "in spite of": ["because of"], "although": ["because"],
    "even though": ["because"], "due to": ["despite"], "regardless of": ["because of"],
    "unless": ["if"], "if": ["unless"], "therefore": ["nevertheless"],
    "as a result of": ["despite"], "thanks to": ["despite"],
}
_CONNECTIVE = re.compile(
    r"\b(" + "|".join(re.escape(k) for k in sorted(_CONNECTIVE_SWAPS, key=len, reverse=True))
    + r")\b")


@dataclass(frozen=True)
class SubstitutionCase:
    """One sentence with one word replaced: the relation of the new word to the old one."""

    relation: str
    original: str
    derived: str
    original_edit: Span
    derived_edit: Span

    @property
    def half(self) -> str:
        return HALVES[zlib.crc32(self.original.encode("utf-8")) % 2]


def generate_substitutions(
    sentences: list[str], seed: int, per_relation: int, resources: Resources
) -> list[SubstitutionCase]:
    """``per_relation`` cases of every relation (fewer where the sentences run out); words are
    picked from the parses of the English parser of ``resources``."""
    order = list(range(len(sentences)))
    random.Random(f"{seed}:substitutions").shuffle(order)
    rng = random.Random(seed)
    made = {r: 0 for r in (*POSITIVE_RELATIONS, *HARMLESS_RELATIONS)}
    cases: list[SubstitutionCase] = []
    for start in range(0, len(order), 200):
        if all(n >= per_relation for n in made.values()):
            break
        batch = [sentences[i] for i in order[start : start + 200]]
        resources.english.parse_many(batch)
        for sentence in batch:
            # The relation with fewest cases so far gets the first try at a sentence.
            for relation in sorted(made, key=lambda r: made[r]):
                if made[relation] >= per_relation:
                    continue
                case = _edit(sentence, relation, rng, resources.english.parse)
                # A word changed inside a quotation is a misquote, the quote detector's case.
                if case is not None and not in_quotation(sentence, case.original_edit):
                    cases.append(case)
                    made[relation] += 1
                    break
    return cases


def _edit(sentence: str, relation: str, rng: random.Random, parse: Parse) -> SubstitutionCase | None:
    if relation == "connective":
        matches = list(_CONNECTIVE.finditer(sentence))
        if not matches:
            return None
        match = rng.choice(matches)
        return _case(relation, sentence, match.start(), match.end(),
                     rng.choice(_CONNECTIVE_SWAPS[match.group()]))
    tokens = [t for t in parse(sentence) if _editable(t)]
    rng.shuffle(tokens)
    for token in tokens:
        replacement = _replacement(token, relation, rng)
        if replacement is not None:
            word = _inflected(replacement, token)
            return _case(relation, sentence, token.idx, token.idx + len(token.text), word)
    return None


def _case(relation: str, sentence: str, start: int, end: int, new: str) -> SubstitutionCase:
    derived = sentence[:start] + new + sentence[end:]
    return SubstitutionCase(relation, sentence, derived, Span(start, end),
                            Span(start, start + len(new)))


def _editable(token: Token) -> bool:
    return (token.pos_ in _POS and token.is_alpha and token.text.islower() and len(token.text) >= 4
            and not token.ent_type_ and token.tag_ not in ("JJR", "JJS", "VBG"))


def _replacement(token: Token, relation: str, rng: random.Random) -> str | None:
    """A word standing in the given relation to the first WordNet sense of ``token``."""
    pos = _POS[token.pos_]
    lemma = token.lemma_.lower()
    senses = wordnet().senses(lemma, pos)
    if not senses:
        return None
    first = senses[0]
    if relation == "antonym":
        index = first.words.index(lemma) + 1 if lemma in first.words else 0
        options = [wordnet().synset(p.pos, p.offset).words[p.target - 1]
                   for p in first.related("!") if p.source == index and p.target > 0]
    elif relation == "co-hyponym":
        if pos == "a" or (pos == "n" and first.lexfile not in _EVENT_FILES):
            return None
        # A sister word whose own commonest sense is the sister: the word a writer would use
        # for that thing ("acquit" -> "convict", not "say" -> "breathe").
        own = {w for s in senses for w in s.words}
        options = [w for p in first.related("@")
                   for h in wordnet().synset(p.pos, p.offset).related("~")
                   if h.offset != first.offset
                   for w in wordnet().synset(h.pos, h.offset).words[:1]
                   if w not in own and wordnet().offsets(w, pos)[:1] == (h.offset,)]
    elif relation == "synonym":
        options = [w for w in first.words if w != lemma]
    else:  # hypernym
        options = [wordnet().synset(p.pos, p.offset).words[0] for p in first.related("@")]
    options = [w for w in options if re.fullmatch(r"[a-z]{3,}", w) and w != lemma]
    return rng.choice(sorted(options)) if options else None


def _inflected(lemma: str, like: Token) -> str:
    """``lemma`` in the form of ``like`` (past, third person, plural), irregular forms from
    WordNet's exception lists."""
    tag = like.tag_
    if tag in ("VBD", "VBN"):
        return _irregular(lemma, "v", ("ed",)) or _regular(lemma, "ed")
    if tag == "VBZ":
        return _regular(lemma, "s")
    if tag == "NNS":
        return _irregular(lemma, "n", ("s",)) or _regular(lemma, "s")
    return lemma


def _irregular(lemma: str, pos: str, regular_endings: tuple[str, ...]) -> str | None:
    forms = sorted(inflected for inflected, bases in wordnet().exceptions(pos).items()
                   if lemma in bases and not inflected.endswith(regular_endings)
                   and not inflected.endswith("ing"))
    return forms[0] if forms else None


def _regular(lemma: str, ending: str) -> str:
    if ending == "s":
        if lemma.endswith(("s", "x", "z", "ch", "sh")):
            return lemma + "es"
        if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
            return lemma[:-1] + "ies"
        return lemma + "s"
    if lemma.endswith("e"):
        return lemma + "d"
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        return lemma[:-1] + "ied"
    return lemma + "ed"


@dataclass
class SubstitutionScores:
    """Per relation and half: (cases, cases found or flagged critical)."""

    counts: dict[str, dict[str, list[int]]]

    def to_dict(self) -> dict[str, object]:
        return {
            relation: {
                half: {"cases": n, ("found" if relation in POSITIVE_RELATIONS else
                                    "flagged_critical"): k,
                       "rate": round(k / n, 4) if n else 0.0}
                for half, (n, k) in halves.items()
            }
            for relation, halves in self.counts.items()
        }


def score_substitutions(
    cases: Iterable[SubstitutionCase], config: Config, resources: Resources
) -> SubstitutionScores:
    """Positives: found when a critical finding of the relation's type points at the edit.
    Harmless: flagged when any critical finding is made on the pair (the config's detectors,
    with its thresholds)."""
    counts: dict[str, dict[str, list[int]]] = {
        r: {h: [0, 0] for h in (*HALVES, "all")} for r in (*POSITIVE_RELATIONS, *HARMLESS_RELATIONS)
    }
    for case in cases:
        pair = SentencePair.of_sentences(case.original, case.derived, "en", "en", resources=resources, config=config)
        critical = [d for d in detect(pair, config.assessment.detectors) if d.severity == "critical"]
        if case.relation in POSITIVE_RELATIONS:
            hit = any(d.type in _FOUND_BY[case.relation] and _touches(d, case) for d in critical)
        else:
            hit = bool(critical)
        for half in (case.half, "all"):
            counts[case.relation][half][0] += 1
            counts[case.relation][half][1] += hit
    return SubstitutionScores(counts)


def _touches(finding: Distortion, case: SubstitutionCase) -> bool:
    def near(a: Span, b: Span) -> bool:
        return a.start <= b.end + 3 and b.start <= a.end + 3
    return near(finding.original, case.original_edit) or near(finding.derived, case.derived_edit)
