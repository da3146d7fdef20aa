"""The ``entity`` detector: a person, organisation or place swapped for another.

English sides are read with spaCy's named-entity recogniser; other languages with
language-independent anchors: runs of capitalised words that do not start the sentence. Names
are compared in a folded form (``anyascii``, case, "the", possessive "'s" dropped, also where
it is written without its apostrophe: "non-Hodgkins") so that
"Nato" and "NATO", "Zelenskyy" and "Zelensky", "Sir Keir Starmer" and "Keir Starmer" agree, and
a name also agrees with its initials ("Financial Times" and "FT") and with the usual short forms
of countries ("US", "United States", "America"; country names come from ``babel``).

A name is only reported when the original's name is found nowhere in the derived sentence and a
name of the same kind (person, organisation, place, nationality) stands in the derived
sentence that is found nowhere in the original. A dropped name alone is left to phrase-level
omissions, and a name replaced by a description ("the US president" for "Trump") is no swap:
a place or nationality that only qualifies a title ("US" in "the US president") does not count
as a name that stands for another.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

from babel import Locale, localedata
from rapidfuzz import fuzz

from sourcetrace.assess.nlp import Parse
from sourcetrace.assess.pair import SentencePair
from sourcetrace.assess.words import STOPWORDS, Word, fold, words
from sourcetrace.model import Distortion, Span

# spaCy labels by the kind of thing they name; names of one kind can be swapped for each other.
_KINDS = {
    "PERSON": "person", "ORG": "organisation", "GPE": "place", "LOC": "place", "FAC": "place",
    "NORP": "group",
}
_KIND_WORDS = {"person": "person", "organisation": "organisation", "place": "place",
               "group": "nationality or group", "name": "name"}
# Nouns a place or nationality can qualify without naming the actor ("the US president").
_TITLE_NOUNS = frozenset(
    """president leader minister chancellor secretary official officials spokesman spokeswoman
    spokesperson envoy ambassador diplomat diplomats counterpart government administration
    authorities army troops forces force military police team delegation side counterparts
    prime king queen head chief general foreign premier""".split()
)
_ALIASES = {
    "america": "us", "united states of america": "us", "usa": "us", "u s": "us",
    "u s a": "us", "american": "us", "americans": "us", "britain": "gb",
    "great britain": "gb", "uk": "gb", "u k": "gb", "united kingdom": "gb", "british": "gb",
    "european union": "eu", "europe": "europe", "european": "europe", "europeans": "europe",
    "russian": "ru", "russians": "ru", "ukrainian": "ua", "ukrainians": "ua", "french": "fr",
    "german": "de", "germans": "de", "chinese": "cn", "japanese": "jp", "italian": "it",
    "spanish": "es", "polish": "pl", "turkish": "tr", "israeli": "il", "iranian": "ir",
    "indian": "in", "canadian": "ca", "australian": "au", "mexican": "mx", "brazilian": "br",
    "north atlantic treaty organization": "nato", "united nations": "un",
}
# Capitalised in English but no names: a fallback must not take them for a new name.
_CALENDAR_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april
    may june july august september october november december""".split()
)
_SKIP_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL",
                          "LANGUAGE", "LAW", "PRODUCT", "EVENT", "WORK_OF_ART"})
_CAPITALISED_RUN = re.compile(r"(?<![\w'’])(?:[A-ZÀ-Þ][\w'’.-]*)(?:\s+(?:[A-ZÀ-Þ][\w'’.-]*))*")


@dataclass(frozen=True)
class Name:
    """A name at ``[start, end)`` of a sentence, its kind and folded forms."""

    start: int
    end: int
    text: str
    kind: str
    key: str
    qualifier_only: bool = False


def names(sentence: str, english: bool, parse: Parse) -> tuple[Name, ...]:
    """The names of ``sentence``: spaCy entities for English, capitalised runs otherwise."""
    if english:
        return _spacy_names(sentence, parse)
    return _capitalised_names(sentence)


def _spacy_names(sentence: str, parse: Parse) -> tuple[Name, ...]:
    found = []
    for entity in parse(sentence).ents:
        if entity.label_ in _SKIP_LABELS or entity.label_ not in _KINDS:
            continue
        key = _key(entity.text)
        if not key:
            continue
        head = entity.root.head
        qualifier_only = (
            entity.root.dep_ in ("compound", "amod", "poss", "nmod")
            and head.lower_ in _TITLE_NOUNS
        )
        found.append(
            Name(entity.start_char, entity.end_char, entity.text, _KINDS[entity.label_], key,
                 qualifier_only)
        )
    return tuple(found)


def _capitalised_names(sentence: str) -> tuple[Name, ...]:
    found = []
    for match in _CAPITALISED_RUN.finditer(sentence):
        if match.start() == 0 or sentence[: match.start()].rstrip()[-1:] in ".!?:\"“«":
            continue
        key = _key(match.group())
        if key and key not in STOPWORDS:
            found.append(Name(match.start(), match.end(), match.group(), "name", key))
    return tuple(found)


# Numbers inside names are written either way: "Route 9" and "Route nine", "7th" and "seventh".
_NUMERALS = {
    word: str(i) for i, words_of_i in enumerate(
        ["", "one first", "two second", "three third", "four fourth", "five fifth", "six sixth",
         "seven seventh", "eight eighth", "nine ninth", "ten tenth"])
    for word in words_of_i.split()
}


def _key(text: str) -> str:
    """The folded form of a name: no article, no possessive, aliases resolved."""
    folded = fold(re.sub(r"['’]s$", "", text.strip()))
    folded = " ".join(_NUMERALS.get(token, token) for token in re.sub(r"^the ", "", folded).split())
    return _country_codes().get(folded, _ALIASES.get(folded, folded))


@lru_cache(maxsize=1)
def _country_codes() -> dict[str, str]:
    """English country names and codes from babel, folded, mapped to their lower-case code."""
    territories = Locale("en").territories
    codes = {fold(name): code.lower() for code, name in territories.items() if code.isalpha()}
    codes.update({code.lower(): code.lower() for code in territories if code.isalpha()})
    return codes


def found_in(name: Name, others: tuple[Name, ...], text: str, similarity: float) -> bool:
    """Whether ``name`` is named again among ``others`` (a name as ``similar`` counts) or
    anywhere in the folded ``text``."""
    folded_text = f" {fold(text)} "
    for other in others:
        if _same(name.key, other.key, similarity):
            return True
    tokens = name.key.split()
    if f" {name.key} " in folded_text or f" {_unmarked(name.key)} " in _unmarked(folded_text):
        return True
    # A person is named again by the surname alone ("Starmer" for "Sir Keir Starmer").
    if name.kind == "person" and len(tokens) > 1 and f" {tokens[-1]} " in folded_text:
        return True
    return _initials(name.key) in folded_text.split()


def _unmarked(folded: str) -> str:
    """Folded words of four letters or more without a final "s": a possessive written without
    its apostrophe ("non-Hodgkins" for "non-Hodgkin's") names the same thing. Shorter words are
    codes and initials ("us", "u n"), kept whole."""
    return " ".join(w.removesuffix("s") if len(w) >= 4 else w for w in folded.split(" "))


def _same(a: str, b: str, similarity: float) -> bool:
    """One name: the same folded words, some of the other's words, its initials, or spelled
    alike (a rapidfuzz ratio of at least ``similarity``: "Zelenskyy", "Zelensky")."""
    if a == b:
        return True
    a_tokens, b_tokens = set(a.split()), set(b.split())
    if a_tokens <= b_tokens or b_tokens <= a_tokens:
        return True
    if _initials(a) == b or _initials(b) == a:
        return True
    return fuzz.ratio(a, b) >= similarity


def _initials(key: str) -> str:
    tokens = [t for t in key.split() if t not in STOPWORDS]
    return "".join(t[0] for t in tokens) if len(tokens) > 1 else ""


def detect_entities(pair: SentencePair) -> tuple[Distortion, ...]:
    """Names of the original replaced by another name of the same kind."""
    original, derived = pair.original_sentence, pair.derived_sentence
    olds = names(original, pair.is_english("original"), pair.parse)
    news = names(derived, pair.is_english("derived"), pair.parse)
    findings = _recognised_swaps(pair, olds, news) if olds and news else []
    if pair.same_language:
        # names the recogniser missed on one side or both
        findings += _replaced_names(pair, findings)
    return tuple(_untranslated(pair, f) for f in findings)


def _untranslated(pair: SentencePair, finding: Distortion) -> Distortion:
    """A country named by its abbreviation in another language ("Sh.ba", Albanian for the US)
    is the same place, left untranslated by machine translation: minor, explained as such."""
    old = pair.original_text[finding.original.start : finding.original.end]
    new = pair.derived_text[finding.derived.start : finding.derived.end]
    found = _foreign_country_names().get(_letters(new))
    if found is None or found[0] != _key(old):
        return finding
    language = Locale.parse(found[1]).english_name
    return Distortion(
        "entity", "minor", finding.original, finding.derived,
        f"name left untranslated: '{new}' is the {language} name of '{old}' "
        f"({found[2]}), left as it was by machine translation; the place is the same",
    )


def _letters(name: str) -> str:
    """A name as its letters alone, upper case: "Sh.ba" and "SHBA" are one abbreviation."""
    return re.sub(r"[\W_]", "", fold(name)).upper()


@lru_cache(maxsize=1)
def _foreign_country_names() -> dict[str, tuple[str, str, str]]:
    """Country names and abbreviations in every language babel knows but English, by their
    letters: (country code as ``_key`` folds it, locale, the name). Built on first need only
    (about a second): only a name swap asks."""
    english = {_letters(name) for name in Locale("en").territories.values()}
    names: dict[str, tuple[str, str, str]] = {}
    for locale in sorted(l for l in localedata.locale_identifiers() if "_" not in l):
        if locale == "en":
            continue
        try:
            territories = Locale.parse(locale).territories
        except (ValueError, TypeError):
            continue
        for code, name in sorted(territories.items()):
            letters = _letters(name)
            if code.isalpha() and len(letters) >= 2 and letters not in english:
                names.setdefault(letters, (code.lower(), locale, name))
    return names


def _recognised_swaps(pair: SentencePair, olds: tuple[Name, ...], news: tuple[Name, ...]) -> list[Distortion]:
    """Recognised names of the original replaced by a name of the same kind."""
    original, derived = pair.original_sentence, pair.derived_sentence
    similarity = pair.config.entity.same_name_similarity
    lone_olds = [n for n in olds if not n.qualifier_only and not found_in(n, news, derived, similarity)]
    lone_news = [n for n in news if not n.qualifier_only and not found_in(n, olds, original, similarity)]
    if lone_olds and not lone_news and pair.is_english("derived"):
        # The recogniser may miss the new name: a capitalised run new to the sentence stands in.
        lone_news = [
            n for n in _capitalised_names(derived)
            if n.key not in _CALENDAR_WORDS and not found_in(n, olds, original, similarity)
        ]
        lone_olds = [n for n in lone_olds if n.kind != "group"]
    findings = []
    for old in lone_olds:
        new = next((n for n in lone_news if _swappable(old, n)), None)
        if new is None:
            continue
        lone_news.remove(new)
        findings.append(
            Distortion(
                type="entity",
                severity="critical",
                original=pair.original_span(old.start, old.end),
                derived=pair.derived_span(new.start, new.end),
                explanation=f"{_KIND_WORDS[old.kind]} changed: '{old.text}' -> '{new.text}'",
            )
        )
    return findings


def _replaced_names(pair: SentencePair, found: list[Distortion]) -> list[Distortion]:
    """Capitalised words standing where other capitalised words stood, in otherwise aligned
    wording: a name swapped that the recogniser missed on one side or both ("Slovenia must
    stop" -> "Anaheim must stop"). Neither name may occur anywhere in the other sentence."""
    original, derived = pair.original_sentence, pair.derived_sentence
    old_words, new_words = words(original), words(derived)
    matcher = difflib.SequenceMatcher(
        None, [w.norm for w in old_words], [w.norm for w in new_words], autojunk=False
    )
    findings = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "replace" or not (
            _a_name(pair, original, old_words[i1:i2], i1 == 0, pair.is_english("original"))
            and _a_name(pair, derived, new_words[j1:j2], j1 == 0, pair.is_english("derived"))
        ):
            continue
        old_span = pair.original_span(old_words[i1].start, old_words[i2 - 1].end)
        new_span = pair.derived_span(new_words[j1].start, new_words[j2 - 1].end)
        old_text = original[old_words[i1].start : old_words[i2 - 1].end]
        new_text = derived[new_words[j1].start : new_words[j2 - 1].end]
        if _key(old_text) in f" {fold(derived)} " or _key(new_text) in f" {fold(original)} ":
            continue
        if any(_overlap(old_span, d.original) or _overlap(new_span, d.derived) for d in found):
            continue
        findings.append(Distortion(
            "entity", "critical", old_span, new_span,
            f"name changed: '{old_text}' -> '{new_text}'",
        ))
    return findings


def _a_name(pair: SentencePair, sentence: str, stretch: tuple[Word, ...], first: bool, english: bool) -> bool:
    """Whether the words of ``stretch`` (``first``: at the start of ``sentence``) are a run of
    capitalised words (function words between them allowed; at most ``entity.max_name_words``),
    no calendar word, and, at the start of the sentence, a proper noun."""
    if not stretch or len(stretch) > pair.config.entity.max_name_words or not stretch[0].text[:1].isupper():
        return False
    if not stretch[-1].text[:1].isupper():
        return False
    if any(not w.text[:1].isupper() and w.norm not in STOPWORDS for w in stretch):
        return False
    if any(w.norm in _CALENDAR_WORDS or w.norm in STOPWORDS and w.text[:1].isupper()
           for w in stretch):
        return False
    if first and english:
        return any(t.idx == stretch[0].start and t.pos_ == "PROPN" for t in pair.parse(sentence))
    return not first or not english


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _swappable(old: Name, new: Name) -> bool:
    """Names of one kind stand for each other; spaCy often calls a person an organisation."""
    if "name" in (old.kind, new.kind):
        return True
    return old.kind == new.kind or {old.kind, new.kind} == {"person", "organisation"}
