"""How two English words of one part of speech relate, read from WordNet.

A word's *common senses* are its first few WordNet senses (WordNet lists them by frequency in a
sense-tagged corpus); a word used in a news sentence almost always means one of them. Relations
are looked up among the common senses of one word and every sense of the other, so a rare sense
can make two words synonyms but never opposites:

* ``synonym``: a synset shared, or one a short step away (similar to, also see, verb group,
  derivation, pertainym, attribute), or a more general or more specific word within a few
  hypernym steps ("car" -> "vehicle", "weaponry" -> "weapons");
* ``antonym``: WordNet's antonym of the word, of its synonyms or of the head of its adjective
  cluster ("accept" / "reject", "high" / "low"), or the antonym of a word one hypernym up
  ("welcome", a kind of "receive" / "refuse");
* ``sister``: two different things of one kind, their first senses having the same direct
  hypernym, a specific one ("tornado" / "hurricane", kinds of "cyclone");
* ``kin``: related more loosely, their hypernym chains meeting a little higher up ("invasion" /
  "occupation", both an "activity"; "doctor" / "nurse", both a "health professional"), or the
  definition of one's first sense naming the other;
* ``literal``: related only through a rarer sense of the first word (a word-for-word rendering
  that may or may not carry the meaning);
* ``unrelated``: none of these (rewording, or a change WordNet cannot see).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from sourcetrace.assess.wordnet import Synset, wordnet
from sourcetrace.config import LexiconParams

# WordNet's lexicographer files whose nouns name what happens or is done or said: a claim.
EVENT_NOUN_FILES = frozenset({4, 10, 11, 19, 22})   # act, communication, event, phenomenon, process
# similar to, also see, verb group, derivation, pertainym, attribute, participle,
# cause, entailment, part and member ("kill" causes "die")
_NEAR = ("&", "^", "$", "+", "\\", "=", "<", ">", "*", "#m", "#p", "%m", "%p")
_HYPERNYMS = ("@", "@i")
_HYPONYMS = ("~", "~i")


@dataclass(frozen=True)
class Relation:
    """What a word became: ``kind`` (synonym, antonym, sister, kin, literal, unrelated), the kind of
    thing two sisters are (a word of their shared hypernym) and whether one of them names an
    event, an action or a statement (``event``)."""

    kind: str
    common: str = ""
    event: bool = False


def relate(old: str, new: str, pos: str, params: LexiconParams | None = None) -> Relation:
    """How ``new`` relates to ``old`` as words of part of speech ``pos`` (n, v, a, r), as far as
    ``params`` (the config's ``lexicon`` section; the defaults when None) lets relations reach."""
    params = params or LexiconParams()
    return _relate(old.lower(), new.lower(), pos, params)


@lru_cache(maxsize=16384)
def _relate(old: str, new: str, pos: str, params: LexiconParams) -> Relation:
    old_lemmas = wordnet().base_forms(old, pos)
    new_lemmas = wordnet().base_forms(new, pos)
    if not old_lemmas or not new_lemmas:
        return Relation("unrelated")
    if set(old_lemmas) & set(new_lemmas):
        return Relation("synonym")
    old_common = _common(old_lemmas, pos, params)
    new_common = _common(new_lemmas, pos, params)
    old_all = _all(old_lemmas, pos)
    new_all = _all(new_lemmas, pos)
    if _opposed(old_common, new_common) or _opposed(new_common, old_common):
        return Relation("antonym")
    if _close(old_common, new_all, params) or _close(new_common, old_all, params):
        return Relation("synonym")
    if _close(old_all, new_all, params):
        return Relation("literal")
    event = pos == "v" or (pos == "n" and _names_event(old_common[:1] + new_common[:1]))
    sister = _shared_kind(old_common[: params.sister_senses], new_common[: params.sister_senses],
                          pos, 1, params.sister_verb_depth if pos == "v" else params.sister_noun_depth)
    if sister is not None:
        return Relation("sister", sister, event)
    kin = _shared_kind(old_common, new_common, pos, params.kin_steps, params.min_ancestor_depth)
    if kin is None and event and pos == "n":
        kin = _shared_kind(old_common, new_common, pos, params.event_kin_steps,
                           params.event_ancestor_depth)
    if kin is not None:
        return Relation("kin", kin, event)
    if _glossed(old_common[:1], new_lemmas) or _glossed(new_common[:1], old_lemmas):
        return Relation("kin", "", event)
    return Relation("unrelated")


def _common(lemmas: tuple[str, ...], pos: str, params: LexiconParams) -> tuple[Synset, ...]:
    return tuple(dict.fromkeys(s for lemma in lemmas
                               for s in wordnet().senses(lemma, pos)[: params.common_senses]))


def _all(lemmas: tuple[str, ...], pos: str) -> tuple[Synset, ...]:
    return tuple(dict.fromkeys(s for lemma in lemmas for s in wordnet().senses(lemma, pos)))


def _close(senses: tuple[Synset, ...], others: tuple[Synset, ...], params: LexiconParams) -> bool:
    """A synset of ``others`` is one of ``senses``, one step away, or up or down the hierarchy."""
    targets = {(s.pos, s.offset) for s in others}
    for synset in senses:
        if (synset.pos, synset.offset) in targets:
            return True
        if any((p.pos, p.offset) in targets for p in synset.related(*_NEAR)):
            return True
        for symbols in (_HYPERNYMS, _HYPONYMS):
            if _reach(synset, symbols, params.hypernym_steps) & targets:
                return True
    return False


def _reach(synset: Synset, symbols: tuple[str, ...], steps: int) -> set[tuple[str, int]]:
    """Synsets reached from ``synset`` in 1..``steps`` steps along ``symbols`` pointers."""
    found: set[tuple[str, int]] = set()
    frontier = [synset]
    for _ in range(steps):
        following = []
        for current in frontier:
            for pointer in current.related(*symbols):
                key = (pointer.pos, pointer.offset)
                if key not in found:
                    found.add(key)
                    following.append(wordnet().synset(pointer.pos, pointer.offset))
        frontier = following
    return found


def _opposed(senses: tuple[Synset, ...], others: tuple[Synset, ...]) -> bool:
    """An antonym of one of ``senses`` (or of its cluster head, or of a hypernym one step up) is
    one of ``others`` or lies right next to it (similar to, hyponym)."""
    opposites: set[tuple[str, int]] = set()
    for synset in senses:
        sources = [synset]
        sources += [wordnet().synset(p.pos, p.offset) for p in synset.related("&", *_HYPERNYMS)]
        for source in sources:
            for pointer in source.related("!"):
                opposite = wordnet().synset(pointer.pos, pointer.offset)
                opposites.add((opposite.pos, opposite.offset))
                opposites.update((p.pos, p.offset) for p in opposite.related("&", *_HYPONYMS))
    return any((s.pos, s.offset) in opposites for s in others)


def _names_event(senses: tuple[Synset, ...]) -> bool:
    return bool(senses) and all(s.lexfile in EVENT_NOUN_FILES for s in senses)


def _shared_kind(olds: tuple[Synset, ...], news: tuple[Synset, ...], pos: str, steps: int,
                 min_depth: int) -> str | None:
    """A word of the nearest hypernym the two words' senses share, if it is specific."""
    old_up = {key: step for s in olds for key, step in _ancestors(s, steps).items()}
    for synset in news:
        for key, _ in sorted(_ancestors(synset, steps).items(), key=lambda kv: kv[1]):
            if key in old_up and (pos == "v" or _depth(*key) >= min_depth):
                return wordnet().synset(*key).words[0].replace("_", " ")
    return None


def _ancestors(synset: Synset, steps: int) -> dict[tuple[str, int], int]:
    found: dict[tuple[str, int], int] = {}
    frontier = [synset]
    for step in range(1, steps + 1):
        following = []
        for current in frontier:
            for pointer in current.related(*_HYPERNYMS):
                key = (pointer.pos, pointer.offset)
                if key not in found:
                    found[key] = step
                    following.append(wordnet().synset(*key))
        frontier = following
    return found


@lru_cache(maxsize=65536)
def _depth(pos: str, offset: int) -> int:
    """Steps from a synset up to the top of its hierarchy (along the first hypernym)."""
    depth, synset = 0, wordnet().synset(pos, offset)
    while (up := synset.related(*_HYPERNYMS)) and depth < 30:
        synset = wordnet().synset(up[0].pos, up[0].offset)
        depth += 1
    return depth


def _glossed(senses: tuple[Synset, ...], lemmas: tuple[str, ...]) -> bool:
    """Whether the definition of ``senses`` uses one of ``lemmas`` ("cancel": "postpone
    indefinitely or annul something that was scheduled")."""
    for synset in senses:
        definition = synset.gloss.split(";")[0].lower()
        if any(re.search(rf"\b{re.escape(lemma.replace('_', ' '))}\b", definition) for lemma in lemmas):
            return True
    return False
