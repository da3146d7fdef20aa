"""The ``substitution`` detector: a content word of the original replaced by one that is not
its synonym.

English pairs only. The words of the two sentences are aligned by lemma (spaCy's parse, the
same normalisation as everywhere: case, accents, British/American spelling), and each short run
of replaced words is looked at word by word: a noun, verb, adjective or adverb of the original
paired with a word of the same part of speech that replaced it. WordNet (``lexicon.relate``)
then says how the two relate:

* a synonym, an inflection, a more general or more specific word: nothing to report;
* an antonym ("welcomed" -> "rejected"): **critical**, unless the two sentences negate a
  different number of things ("did not accept" -> "rejected" says the same);
* another action, event or statement of the same kind, a sister in WordNet's hierarchy
  (their first senses have one direct hypernym), or a sister noun in a compound whose head is
  kept: **critical**;
* another thing of the same kind, or an action or event related more loosely ("an invasion"
  -> "an occupation", both an "activity"): **minor**, worth a look;
* a machine translation's false friend, from a short list of cognates whose meaning differs
  between English and German, French, Spanish or Italian ("current" -> "actual": German
  *aktuell*): **critical**.

Words that are names, numbers or dates are left to their own detectors, and so are hedges and
connectives. A word found anywhere in the other sentence was moved, not replaced. A pair whose
sentences share under half of their content words is reworded throughout; its words are not
paired.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sourcetrace.assess.lexicon import Relation, relate
from sourcetrace.assess.negation import negation_cues
from sourcetrace.assess.pair import SentencePair
from sourcetrace.assess.words import STOPWORDS, normalise
from sourcetrace.config import LexiconParams, SubstitutionParams
from sourcetrace.model import Distortion, Severity

if TYPE_CHECKING:
    from spacy.tokens import Token

_WORDNET_POS = {"NOUN": "n", "VERB": "v", "ADJ": "a", "ADV": "r"}
_CALENDAR = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december today tomorrow yesterday tonight
    week month year day weekend""".split()
)
# Words the hedge and relation detectors judge (certainty, connectives).
_LEFT_TO_OTHERS = frozenset(
    """necessarily certainly definitely surely clearly probably likely possibly perhaps maybe
    potentially reportedly allegedly apparently seemingly presumably undoubtedly despite
    although though because therefore thus hence consequently however nevertheless
    nonetheless regardless unless""".split()
)
# Cognates that a machine translation through German, French, Spanish or Italian renders word
# for word although the meaning differs; unordered English pairs, with the source of the slip.
FALSE_FRIENDS: dict[frozenset[str], str] = {
    frozenset(pair.split("/")): note for pair, note in {
        "current/actual": "German 'aktuell', French 'actuel', Spanish 'actual' mean current",
        "currently/actually": "German 'aktuell', French 'actuellement' mean currently",
        "possible/eventual": "German 'eventuell', French 'éventuel' mean possible",
        "possibly/eventually": "German 'eventuell', French 'éventuellement' mean possibly",
        "sympathetic/nice": "French 'sympathique', German 'sympathisch' mean likeable",
        "sympathetic/likeable": "French 'sympathique', German 'sympathisch' mean likeable",
        "sensitive/sensible": "French 'sensible', German 'sensibel' mean sensitive",
        "global/total": "French 'global' means overall, total",
        "global/overall": "French 'global' means overall",
        "attend/assist": "French 'assister à' means attend",
        "meeting/reunion": "French 'réunion' means meeting",
        "ask/demand": "French 'demander' means ask",
        "claim/pretend": "French 'prétendre' means claim",
        "disappointment/deception": "French 'déception' means disappointment",
        "training/formation": "French 'formation' means training",
        "competitor/concurrent": "French 'concurrent' means competitor",
        "get/become": "German 'bekommen' means get",
        "consistent/consequent": "German 'konsequent' means consistent",
        "bookshop/library": "French 'librairie' means bookshop",
        "poison/gift": "German 'Gift' means poison",
    }.items()
}


_STRENGTH = {"antonym": 5, "sister": 4, "kin": 3, "literal": 2, "unrelated": 1, "synonym": 0}


@dataclass(frozen=True)
class _Replacement:
    old: Token
    new: Token
    pos: str
    relation: Relation
    false_friend: str = ""


def detect_substitutions(pair: SentencePair) -> tuple[Distortion, ...]:
    """Content words of the original replaced by a word that changes what is said.

    Where words are paired is ``pair.config.substitution`` (``max_run``: the longest run of
    replaced words, a side, judged word by word, a longer one being a rewording;
    ``min_shared``: the share of content words, Dice, the two sentences must have in common);
    how far WordNet relations reach is ``pair.config.lexicon``.
    """
    if not (pair.is_english("original") and pair.is_english("derived")):
        return ()
    params = pair.config.substitution
    olds = [t for t in pair.parse(pair.original_sentence) if not (t.is_punct or t.is_space)]
    news = [t for t in pair.parse(pair.derived_sentence) if not (t.is_punct or t.is_space)]
    old_keys, new_keys = [_key(t) for t in olds], [_key(t) for t in news]
    if _shared(old_keys, new_keys) < params.min_shared:
        return ()
    joined = _hyphenated(pair.original_sentence) | _hyphenated(pair.derived_sentence)
    polarity_kept = (len(negation_cues(pair.original_sentence, pair.parse))
                     == len(negation_cues(pair.derived_sentence, pair.parse)))
    matcher = difflib.SequenceMatcher(None, old_keys, new_keys, autojunk=False)
    findings = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "replace" or i2 - i1 > params.max_run or j2 - j1 > params.max_run:
            continue
        for replacement in _replacements(olds[i1:i2], news[j1:j2], Counter(old_keys),
                                         Counter(new_keys), pair.config.lexicon):
            if {replacement.old.lower_, replacement.new.lower_} & joined:
                continue  # "non-traditional" -> "nontraditional": one word written two ways
            finding = _finding(pair, replacement, polarity_kept)
            if finding is not None:
                findings.append(finding)
    return tuple(findings)


def _key(token: Token) -> str:
    return normalise(token.lemma_ if token.lemma_ else token.text)


def _hyphenated(sentence: str) -> set[str]:
    """Hyphenated words of a sentence written solid ("non-traditional" -> "nontraditional")."""
    return {m.group().replace("-", "").lower() for m in re.finditer(r"\w+(?:-\w+)+", sentence)}


def _lemma(token: Token) -> str:
    """The word as WordNet lists it (not spelling-folded: "silence" is no "silense")."""
    return (token.lemma_ or token.text).lower()


def _shared(old_keys: list[str], new_keys: list[str]) -> float:
    olds = [k for k in old_keys if k not in STOPWORDS]
    news = [k for k in new_keys if k not in STOPWORDS]
    if not olds or not news:
        return 0.0
    common = sum(min(olds.count(k), news.count(k)) for k in set(olds))
    return 2 * common / (len(olds) + len(news))


def _candidate(token: Token) -> str | None:
    """The WordNet part of speech of a word the detector judges, or ``None``."""
    word = token.lower_
    if (token.ent_type_ or not token.is_alpha or token.like_num or word in STOPWORDS
            or word in _CALENDAR or word in _LEFT_TO_OTHERS or len(word) < 3):
        return None
    return _WORDNET_POS.get(token.pos_)


def _replacements(olds: list[Token], news: list[Token], old_counts: Counter[str],
                  new_counts: Counter[str], lexicon: LexiconParams) -> list[_Replacement]:
    """Each original content word with the derived word of its part of speech that relates to
    it most strongly; a word that stands as often elsewhere in the other sentence was only
    moved."""
    found = []
    free = [t for t in news if _candidate(t) and new_counts[_key(t)] > old_counts[_key(t)]]
    for old in olds:
        pos = _candidate(old)
        if pos is None or old_counts[_key(old)] <= new_counts[_key(old)]:
            continue
        options = []
        for new in free:
            if _candidate(new) != pos or _contains(_key(old), _key(new)):
                continue
            note = FALSE_FRIENDS.get(frozenset({old.lower_, new.lower_})) or FALSE_FRIENDS.get(
                frozenset({_lemma(old), _lemma(new)}), "")
            relation = relate(_lemma(old), _lemma(new), pos, lexicon)
            options.append(_Replacement(old, new, pos, relation, note))
        if not options:
            continue
        if any(o.relation.kind == "synonym" and not o.false_friend for o in options):
            continue  # the word is carried by a synonym; the other new words are additions
        best = max(options, key=lambda o: (bool(o.false_friend), _STRENGTH[o.relation.kind]))
        free.remove(best.new)
        found.append(best)
    return found


_NEGATIVE_PREFIX = re.compile(r"^(?:un|in|im|il|ir|dis|non|a)-?$")


def _contains(old: str, new: str) -> bool:
    """One word inside the other: the same word with a part added or cut ("reentry" ->
    "entry", "sense" -> "commonsense"), but not with a negative prefix ("valid" ->
    "invalid"), nor "male" -> "female", "men" -> "women" (WordNet's antonyms)."""
    short, long = sorted((old, new), key=len)
    if short not in long or (short, long) in (("male", "female"), ("men", "women"), ("man", "woman")):
        return False
    return _NEGATIVE_PREFIX.match(long[: long.index(short)]) is None


def _finding(pair: SentencePair, change: _Replacement, polarity_kept: bool) -> Distortion | None:
    severity, explanation = _judged(change, polarity_kept)
    if severity is None:
        return None
    old, new = change.old, change.new
    return Distortion(
        "substitution", severity,
        pair.original_span(old.idx, old.idx + len(old.text)),
        pair.derived_span(new.idx, new.idx + len(new.text)),
        explanation,
    )


def _judged(change: _Replacement, polarity_kept: bool) -> tuple[Severity | None, str]:
    old, new = f"'{change.old.text}'", f"'{change.new.text}'"
    relation = change.relation
    if change.false_friend:
        return "critical", (f"false friend of machine translation: {old} -> {new} "
                            f"({change.false_friend})")
    if relation.kind == "antonym":
        if not polarity_kept:
            return None, ""  # "did not accept" -> "rejected": the negation turned it round
        return "critical", f"word replaced by its opposite: {old} -> {new}"
    kinds = f" (both a kind of '{relation.common}')" if relation.common else ""
    if relation.kind == "sister":
        if relation.event:
            what = "action" if change.pos == "v" else "event or action"
            return "critical", f"another {what}: {old} -> {new}{kinds}"
        if _term(change):
            return "critical", (f"term changed: '{change.old.text} {change.old.head.text}' -> "
                                f"'{change.new.text} {change.new.head.text}'{kinds}")
        return "minor", f"a different thing of the same kind: {old} -> {new}{kinds}"
    if relation.kind == "kin" and relation.event:
        what = "action" if change.pos == "v" else "event or action"
        return "minor", f"a related but different {what}: {old} -> {new}{kinds}"
    return None, ""


def _term(change: _Replacement) -> bool:
    """A noun modifying a noun that both sentences keep: a compound term ("peacekeeping force")."""
    old, new = change.old, change.new
    return (change.pos == "n" and old.dep_ in ("compound", "amod", "nmod")
            and new.dep_ in ("compound", "amod", "nmod") and _key(old.head) == _key(new.head))
