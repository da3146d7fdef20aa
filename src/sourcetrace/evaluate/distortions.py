"""Measure the distortion detectors on controlled edits of real English sentences.

FactCC-style (Kryściński et al., 2020): real sentences are drawn from the English texts of a data
folder (the ``en`` side of ``en-sq-dev``, PAN source documents, MSRP sentences), and each is
edited once in a known way, with a seeded random generator so the same seed gives the same cases:

* edits a reader must be told about: ``number`` swap, ``date`` swap, ``entity`` swap,
  ``negation`` (added or removed), ``quote`` (a word of a quotation changed, dropped or added)
  and ``hedge`` (certainty or logical relation changed);
* harmless rewrites that must not be flagged critical: ``spelling`` (British/American),
  ``case`` (Nato/NATO), ``date_format``, ``number_format``, ``synonym`` and ``coreference`` (a
  name replaced by a description, "the official" for the person).

The edits are written from the editor's side with their own word lists and patterns: nothing
here calls a detector's code, so the measure is not circular (entity swaps pick the name to
replace with spaCy's recogniser, as FactCC does, through the caller's
:class:`~sourcetrace.resources.Resources`). Each case is one
:class:`~sourcetrace.assess.SentencePair`; every detector the config names runs on it, with the
config's thresholds.

Scoring, per edit type T: a case of type T is found when a *critical* finding of type T
overlaps the edited words; every other critical finding of type T (on any case) is a false
alarm. Recall = found / cases of T; precision = found / (found + false alarms). Harmless cases
report the share flagged with any critical finding.

Two more checks: the cross-language variant edits numbers and dates of the English side of
``en-sq-dev`` line pairs and compares it with the Albanian side (unedited pairs are the
controls; an edit counts only where the Albanian side states the edited digits or names the
edited month); the MSRP check takes training pairs labelled paraphrase whose numbers (digits and spelled-out
counts) and capitalised words are the same on both sides and reports the share with any
critical finding.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from sourcetrace.assess import detect
from sourcetrace.assess.nlp import Parse
from sourcetrace.assess.pair import SentencePair
from sourcetrace.config import Config
from sourcetrace.errors import CorpusError
from sourcetrace.model import Distortion, Span
from sourcetrace.resources import Resources
from sourcetrace.segment import segment

EDIT_TYPES = ("number", "date", "entity", "negation", "quote", "hedge")
HARMLESS_TYPES = ("spelling", "case", "date_format", "number_format", "synonym", "coreference")
CROSS_LANGUAGE_TYPES = ("number", "date")
_MIN_WORDS, _MAX_WORDS = 6, 60


@dataclass(frozen=True)
class Case:
    """One generated case: ``original`` edited into ``derived`` at the given spans."""

    kind: str
    original: str
    derived: str
    original_edit: Span
    derived_edit: Span
    original_language: str = "en"
    derived_language: str = "en"

    def pair(self, config: Config, resources: Resources) -> SentencePair:
        return SentencePair.of_sentences(
            self.original, self.derived, self.original_language, self.derived_language,
            resources=resources, config=config,
        )


@dataclass
class TypeScore:
    """Counts for one type: cases, cases found, false alarms (critical findings elsewhere)."""

    cases: int = 0
    found: int = 0
    false_alarms: int = 0

    @property
    def recall(self) -> float:
        return self.found / self.cases if self.cases else 0.0

    @property
    def precision(self) -> float:
        flagged = self.found + self.false_alarms
        return self.found / flagged if flagged else 1.0

    def to_dict(self) -> dict[str, float | int]:
        return {"cases": self.cases, "found": self.found, "false_alarms": self.false_alarms,
                "recall": round(self.recall, 4), "precision": round(self.precision, 4)}


@dataclass
class Evaluation:
    """Everything ``sourcetrace eval distortions`` measures."""

    edits: dict[str, TypeScore] = field(default_factory=dict)
    harmless: dict[str, tuple[int, int]] = field(default_factory=dict)
    cross_language: dict[str, TypeScore] = field(default_factory=dict)
    msrp: tuple[int, int] = (0, 0)
    substitutions: dict[str, object] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        return {
            "edits": {k: v.to_dict() for k, v in self.edits.items()},
            "harmless": {k: {"cases": n, "flagged_critical": f,
                             "rate": round(f / n, 4) if n else 0.0}
                         for k, (n, f) in self.harmless.items()},
            "cross_language": {k: v.to_dict() for k, v in self.cross_language.items()},
            "msrp": {"pairs": self.msrp[0], "flagged_critical": self.msrp[1],
                     "rate": round(self.msrp[1] / self.msrp[0], 4) if self.msrp[0] else 0.0},
            "substitutions": self.substitutions,
        }


# ---------------------------------------------------------------------------------------------
# Sentences


def english_sentences(data_dir: Path, pan_documents: int = 300) -> list[str]:
    """Real English sentences of 6-60 words from the data folder, in a fixed order."""
    found: list[str] = []
    for path in sorted(data_dir.glob("en-sq-dev/doc*/en.txt")):
        found += path.read_text(encoding="utf-8").splitlines()
    for path in sorted(data_dir.glob("pan13-train/src/*.txt"))[:pan_documents]:
        text = path.read_text(encoding="utf-8", errors="replace")
        found += [text[s.start : s.end] for s in segment(text, "sentences")]
    for original, derived, _ in msrp_pairs(data_dir):
        found += [original, derived]
    sentences = [" ".join(s.split()) for s in found]
    usable = [s for s in sentences if _MIN_WORDS <= len(s.split()) <= _MAX_WORDS]
    if not usable:
        raise CorpusError(f"{data_dir}: no English sentences found (expected en-sq-dev, "
                          "pan13-train or msrp-train inside)")
    return list(dict.fromkeys(usable))


def msrp_pairs(data_dir: Path) -> Iterator[tuple[str, str, bool]]:
    """MSRP training pairs: (sentence 1, sentence 2, labelled paraphrase)."""
    for path in sorted(data_dir.glob("msrp-train/*.txt")):
        for line in path.read_text(encoding="utf-8-sig").splitlines():
            parts = line.split("\t")
            if len(parts) == 5 and parts[0] in ("0", "1"):
                yield parts[3], parts[4], parts[0] == "1"


# ---------------------------------------------------------------------------------------------
# Edits. Each takes a sentence and a random generator and returns
# (derived sentence, original edit span, derived edit span), or None when it does not apply.

Edit = Callable[[str, random.Random], "tuple[str, Span, Span] | None"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_RELATIVE_DAYS = ["yesterday", "today", "tomorrow"]
_TIME_WORDS = r"(?:years?|months?|weeks?|days?|hours?|minutes?|decades?|centuries|century)"
_COUNT_WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                "eleven", "twelve", "twenty", "thirty", "forty", "fifty", "hundred"]
_MONTH_RE = "|".join(_MONTHS) + r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\."


def _replace(sentence: str, start: int, end: int, new: str) -> tuple[str, Span, Span]:
    return (sentence[:start] + new + sentence[end:], Span(start, end),
            Span(start, start + len(new)))


def _choose(rng: random.Random, matches: list[re.Match[str]]) -> re.Match[str] | None:
    return rng.choice(matches) if matches else None


def edit_number(sentence: str, rng: random.Random) -> tuple[str, Span, Span] | None:
    """Change a count or amount: 14 -> 17, "three" -> "five", 2.5 -> 3.5."""
    candidates = [
        m for m in re.finditer(r"(?<![\w.,/#:-])\d{1,3}(?:,\d{3})*(?:\.\d+)?(?![\w/:]|[.,]\d|-\w|\s*hrs)",
                               sentence)
        if not re.fullmatch(r"(?:1[89]|20)\d\d", m.group())
        and not re.search(rf"(?:{_MONTH_RE})\s*$", sentence[: m.start()])
        and not re.match(rf"\s*(?:of\s+)?(?:{_MONTH_RE}|{_TIME_WORDS}\b)", sentence[m.end():])
    ]
    words = [m for m in re.finditer(r"\b(?:" + "|".join(_COUNT_WORDS) + r")\b", sentence)
             if not re.match(rf"[\s-]*{_TIME_WORDS}\b|-", sentence[m.end():])]
    match = _choose(rng, candidates + words)
    if match is None:
        return None
    old = match.group()
    if old in _COUNT_WORDS:
        new = rng.choice([w for w in _COUNT_WORDS if w != old])
    else:
        digits = old.replace(",", "")
        value = float(digits)
        step = rng.choice([1, 2, 3, 5, 10]) if value >= 1 else 0.5
        changed = value + step if rng.random() < 0.6 or value - step <= 0 else value - step
        new = f"{changed:g}" if "." in digits else f"{int(changed):,}" if "," in old else str(int(changed))
    return _replace(sentence, match.start(), match.end(), new)


def edit_date(sentence: str, rng: random.Random) -> tuple[str, Span, Span] | None:
    """Change a month, weekday, year or relative day; or a weekday into a relative day."""
    options: list[tuple[re.Match[str], Callable[[str], str]]] = []
    for m in re.finditer(rf"\b(?:{_MONTH_RE})\b", sentence):
        if m.group() == "May" and not re.match(r"\s+\d", sentence[m.end():]):
            continue  # "May" alone may be the modal verb
        options.append((m, lambda old: rng.choice([x for x in _MONTHS if x not in (old, "May")])))
    for m in re.finditer(r"\b(?:" + "|".join(_DAYS) + r")\b", sentence):
        options.append((m, lambda old: rng.choice([d for d in _DAYS if d != old] + ["tomorrow"])))
    for m in re.finditer(r"\b(?:yesterday|today|tomorrow)\b", sentence):
        options.append((m, lambda old: rng.choice([d for d in _RELATIVE_DAYS if d != old])))
    for m in re.finditer(r"(?<![\w.,$£€-])(?:19[5-9]\d|20[0-2]\d)(?![\w%]|[.,]\d)", sentence):
        options.append((m, lambda old: str(int(old) + rng.choice([-3, -2, -1, 1, 2, 3]))))
    if not options:
        return None
    match, change = rng.choice(options)
    return _replace(sentence, match.start(), match.end(), change(match.group()))


def edit_negation(sentence: str, rng: random.Random) -> tuple[str, Span, Span] | None:
    """Remove a negation ("did not go" -> "did go") or add one after an auxiliary verb."""
    removals = list(re.finditer(r"\b(?:not|never) (?=\w)", sentence))
    contractions = list(re.finditer(r"\b(do|does|did|is|are|was|were|has|have|had|could|would|should)n't\b", sentence))
    if removals or contractions:
        match = rng.choice(removals + contractions)
        if match.group().endswith("n't"):
            return _replace(sentence, match.start(), match.end(), match.group(1))
        return _replace(sentence, match.start(), match.end(), "")
    auxiliaries = list(re.finditer(
        r"\b(?:is|are|was|were|will|would|can|could|should|has|have|had|must|did|does)"
        r"(?= (?!not\b|n't)[a-z]{3,})", sentence))
    match = _choose(rng, auxiliaries)
    if match is None or re.search(r"\b(?:no|not|never|nothing|none|without)\b|n't", sentence):
        return None
    new = "cannot" if match.group() == "can" else match.group() + " not"
    return _replace(sentence, match.start(), match.end(), new)


_QUOTE = re.compile(r"[\"“]([^\"“”]{12,}?)[\"”]")
_QUOTE_INSERTS = ["secret", "huge", "terrible", "foreign", "private", "dangerous", "brilliant"]


def edit_quote(sentence: str, rng: random.Random, vocabulary: list[str]) -> tuple[str, Span, Span] | None:
    """Change, drop or add a content word inside a direct quotation."""
    quote = _choose(rng, [q for q in _QUOTE.finditer(sentence) if len(q.group(1).split()) >= 4])
    if quote is None:
        return None
    inner = [w for w in re.finditer(r"\b[a-z]{4,}\b", quote.group(1))
             if w.group() not in _EDIT_STOPWORDS]
    word = _choose(rng, inner)
    if word is None:
        return None
    start, end = quote.start(1) + word.start(), quote.start(1) + word.end()
    action = rng.choice(["change", "change", "drop", "add"])
    if action == "change":
        new = rng.choice([v for v in vocabulary if v != word.group()])
        return _replace(sentence, start, end, new)
    if action == "drop":
        cut_end = end + 1 if sentence[end : end + 1] == " " else end
        return _replace(sentence, start, cut_end, "")
    new = rng.choice(_QUOTE_INSERTS) + " "
    return _replace(sentence, start, start, new)


_EDIT_STOPWORDS = frozenset(
    """that this with from have were they their there what when which will would could should
    been being into about than then them only also just very more most some such your our""".split()
)
_HEDGE_SWAPS = {
    "will": ["may", "might"], "must": ["may", "might"], "certainly": ["possibly", "perhaps"],
    "definitely": ["possibly", "perhaps"], "clearly": ["possibly"], "surely": ["perhaps"],
    "because of": ["despite", "in spite of"], "because": ["although"], "may": ["will"],
    "might": ["will"], "possibly": ["certainly"], "perhaps": ["certainly"],
    "despite": ["because of"], "although": ["because"], "due to": ["despite"],
}


def edit_hedge(sentence: str, rng: random.Random) -> tuple[str, Span, Span] | None:
    """Change certainty ("will" -> "may") or a logical relation ("because of" -> "despite")."""
    pattern = r"\b(?:" + "|".join(sorted(map(re.escape, _HEDGE_SWAPS), key=len, reverse=True)) + r")\b"
    matches = [m for m in re.finditer(pattern, sentence)
               if not (m.group() in ("may", "will") and re.match(r"\s+(?:of|be\b)", sentence[m.end():]) is None
                       and not re.match(r"\s+[a-z]", sentence[m.end():]))]
    match = _choose(rng, matches)
    if match is None:
        return None
    return _replace(sentence, match.start(), match.end(), rng.choice(_HEDGE_SWAPS[match.group()]))


def edit_entity(
    sentence: str, rng: random.Random, pools: dict[str, list[str]], parse: Parse
) -> tuple[str, Span, Span] | None:
    """Replace a person, organisation or place (found in ``parse``'s parse) with another of the
    same kind."""
    entities = [e for e in parse(sentence).ents if e.label_ in pools and len(e.text) > 2]
    entity = rng.choice(entities) if entities else None
    if entity is None:
        return None
    words_here = set(sentence.lower().split())
    choices = [n for n in pools[entity.label_]
               if n.lower() != entity.text.lower() and not set(n.lower().split()) & words_here]
    if not choices:
        return None
    return _replace(sentence, entity.start_char, entity.end_char, rng.choice(choices))


# Harmless rewrites ---------------------------------------------------------------------------

_SPELLINGS = {
    "defence": "defense", "organisation": "organization", "organisations": "organizations",
    "colour": "color", "centre": "center", "programme": "program", "favour": "favor",
    "labour": "labor", "realise": "realize", "recognise": "recognize", "analyse": "analyze",
    "travelled": "traveled", "licence": "license", "offence": "offense",
    "behaviour": "behavior", "neighbour": "neighbor", "honour": "honor", "theatre": "theater",
    "metres": "meters", "catalogue": "catalog", "organised": "organized",
    "emphasised": "emphasized", "criticised": "criticized", "harbour": "harbor",
    "rumour": "rumor", "humour": "humor", "grey": "gray", "recognised": "recognized",
    "civilisation": "civilization",
}
_SPELLINGS.update({v: k for k, v in list(_SPELLINGS.items())})
_SYNONYMS = {
    "said": "stated", "big": "large", "start": "begin", "started": "began", "help": "assist",
    "buy": "purchase", "show": "demonstrate", "shows": "demonstrates", "important": "significant",
    "main": "principal", "people": "individuals", "whole": "entire", "quickly": "rapidly",
    "need": "require", "needs": "requires", "get": "obtain", "tried": "attempted",
    "chance": "opportunity", "area": "region", "many": "numerous", "often": "frequently",
    "rich": "wealthy", "hard": "difficult", "answer": "reply", "enough": "sufficient",
    "also": "additionally", "end": "conclusion", "fast": "quick", "small": "little",
    "house": "home", "children": "kids", "car": "automobile", "shop": "store",
}


def rewrite_spelling(sentence: str, rng: random.Random) -> tuple[str, Span, Span] | None:
    return _swap_word(sentence, rng, _SPELLINGS)


def rewrite_synonym(sentence: str, rng: random.Random) -> tuple[str, Span, Span] | None:
    return _swap_word(sentence, rng, _SYNONYMS)


def _swap_word(sentence: str, rng: random.Random, table: dict[str, str]) -> tuple[str, Span, Span] | None:
    # A capitalised word inside the sentence may be part of a name ("Main Street", "Big Lots"):
    # rewriting it would change the name, not reword the sentence.
    match = _choose(rng, [m for m in re.finditer(r"\b[A-Za-z]+\b", sentence)
                          if m.group().lower() in table
                          and (m.start() == 0 or m.group()[0].islower())])
    if match is None:
        return None
    new = table[match.group().lower()]
    if match.group()[0].isupper():
        new = new[0].upper() + new[1:]
    return _replace(sentence, match.start(), match.end(), new)


def rewrite_case(sentence: str, rng: random.Random) -> tuple[str, Span, Span] | None:
    """An acronym written as a name or the reverse: NATO <-> Nato."""
    match = _choose(rng, [m for m in re.finditer(r"\b(?:[A-Z]{3,6}|[A-Z][a-z]{2,5})\b", sentence)
                          if m.start() > 0 and (m.group().isupper() or m.group() in ("Nato", "Unesco", "Unicef", "Opec", "Nasa"))])
    if match is None:
        return None
    old = match.group()
    return _replace(sentence, match.start(), match.end(), old.capitalize() if old.isupper() else old.upper())


def rewrite_date_format(sentence: str, rng: random.Random) -> tuple[str, Span, Span] | None:
    """The same date in another format: "March 5, 2004" <-> "5 March 2004" <-> "5th of March"."""
    american = _choose(rng, list(re.finditer(rf"\b({_MONTH_RE}) (\d{{1,2}}),? (\d{{4}})\b", sentence)))
    if american is not None:
        month, day, year = american.groups()
        new = rng.choice([f"{day} {month} {year}", f"{day}{_ordinal(int(day))} of {month} {year}"])
        return _replace(sentence, american.start(), american.end(), new)
    british = _choose(rng, list(re.finditer(rf"\b(\d{{1,2}}) ({_MONTH_RE}),? (\d{{4}})\b", sentence)))
    if british is not None:
        day, month, year = british.groups()
        return _replace(sentence, british.start(), british.end(), f"{month} {day}, {year}")
    plain = _choose(rng, list(re.finditer(rf"\b({_MONTH_RE}) (\d{{1,2}})\b(?!,? \d)", sentence)))
    if plain is not None:
        month, day = plain.groups()
        return _replace(sentence, plain.start(), plain.end(), f"{day} {month}")
    return None


def _ordinal(day: int) -> str:
    return "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


_DIGIT_WORDS = {str(i): w for i, w in enumerate(
    ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"])}


def rewrite_number_format(sentence: str, rng: random.Random) -> tuple[str, Span, Span] | None:
    """The same number written otherwise: 5 <-> five, 12% <-> 12 per cent, 1,500 <-> 1500."""
    # Not inside a code, a URL or a name ("%3A", "Route 9", "7th Cavalry", "Eighty-six").
    options = [m for m in re.finditer(r"(?<![\w.,#%-])(\d{1,3}(?:,\d{3})+|[2-9]|10|\d+(?:\.\d+)?%|\d+(?:\.\d+)? per cent)(?!\d|[.,-]\w|[A-Za-z])", sentence)
               if not re.search(r"[A-Z][a-z]+\s$", sentence[: m.start()])]
    options += [m for m in re.finditer(r"(?<!-)\b(?:two|three|four|five|six|seven|eight|nine|ten)\b(?!-)", sentence)]
    match = _choose(rng, options)
    if match is None:
        return None
    old = match.group()
    words = {w: d for d, w in _DIGIT_WORDS.items()}
    if old in words:
        new = words[old]
    elif old in _DIGIT_WORDS:
        new = _DIGIT_WORDS[old]
    elif old.endswith("%"):
        new = old[:-1] + " per cent"
    elif old.endswith("per cent"):
        new = old[: -len(" per cent")] + "%"
    else:
        new = old.replace(",", "")
    return _replace(sentence, match.start(), match.end(), new)


_DESCRIPTIONS = {"PERSON": "the official", "ORG": "the organisation", "GPE": "the country"}


def rewrite_coreference(sentence: str, rng: random.Random, parse: Parse) -> tuple[str, Span, Span] | None:
    """A name replaced by a description that stands for it: "Trump said" -> "the official said"."""
    entities = [e for e in parse(sentence).ents if e.label_ in _DESCRIPTIONS and e.start_char > 0]
    entity = rng.choice(entities) if entities else None
    if entity is None:
        return None
    return _replace(sentence, entity.start_char, entity.end_char, _DESCRIPTIONS[entity.label_])


# ---------------------------------------------------------------------------------------------
# Generation and scoring


def generate_cases(sentences: list[str], seed: int, per_type: int, resources: Resources) -> list[Case]:
    """``per_type`` cases of every edit and harmless type (fewer where sentences run out);
    names are found with the English parser of ``resources``."""
    rng = random.Random(seed)
    vocabulary = sorted({w for s in sentences[:3000] for w in re.findall(r"\b[a-z]{5,9}\b", s)}
                        - _EDIT_STOPWORDS)
    parse = resources.english.parse
    pools = _entity_pools(sentences, rng, parse)
    edits: dict[str, Edit] = {
        "number": edit_number, "date": edit_date,
        "entity": lambda s, r: edit_entity(s, r, pools, parse),
        "negation": edit_negation,
        "quote": lambda s, r: edit_quote(s, r, vocabulary),
        "hedge": edit_hedge,
        "spelling": rewrite_spelling, "case": rewrite_case, "date_format": rewrite_date_format,
        "number_format": rewrite_number_format, "synonym": rewrite_synonym,
        "coreference": lambda s, r: rewrite_coreference(s, r, parse),
    }
    cases = []
    for kind, edit in edits.items():
        order = list(range(len(sentences)))
        random.Random(f"{seed}:{kind}").shuffle(order)
        made = 0
        for index in order:
            if made == per_type:
                break
            sentence = sentences[index]
            if kind in ("entity", "coreference") and not _prefilter_names(sentence):
                continue
            result = edit(sentence, rng)
            if result is None or result[0] == sentence:
                continue
            if kind in HARMLESS_TYPES and in_quotation(sentence, result[1]):
                continue  # any change of a quotation's words is a quote edit, not harmless
            cases.append(Case(kind, sentence, *result))
            made += 1
    return cases


def in_quotation(sentence: str, span: Span) -> bool:
    """Whether ``span`` of ``sentence`` lies between quotation marks."""
    return any(a <= span.start and span.end <= b for a, b in _quoted_stretches(sentence))


def _quoted_stretches(sentence: str) -> list[tuple[int, int]]:
    """Stretches between quotation marks, read left to right; a closing mark first (a word
    right before it, none after) closes a quotation opened before the sentence, and an
    opening mark left open quotes to the end."""
    marks = [m.start() for m in re.finditer(r"[\"“”]", sentence)]
    stretches: list[tuple[int, int]] = []
    if marks and (sentence[marks[0]] == "”" or (
            sentence[marks[0]] == '"' and marks[0] > 0 and not sentence[marks[0] - 1].isspace()
            and sentence[marks[0] + 1 : marks[0] + 2] in ("", " ", ",", "."))):
        stretches.append((0, marks[0]))
        marks = marks[1:]
    for opening, closing in zip(marks[::2], marks[1::2] + [len(sentence)]):
        stretches.append((opening, closing + 1))
    return stretches


def _prefilter_names(sentence: str) -> bool:
    """Only parse sentences with a capitalised word past the first: spaCy is the slow part."""
    return bool(re.search(r"\s[A-Z][a-z]", sentence))


def _entity_pools(sentences: list[str], rng: random.Random, parse: Parse) -> dict[str, list[str]]:
    """Names of each kind found in a sample of the sentences (the replacements of swaps)."""
    sample = [s for s in sentences if _prefilter_names(s)]
    random.Random(7).shuffle(sample)
    pools: dict[str, set[str]] = {"PERSON": set(), "ORG": set(), "GPE": set()}
    for sentence in sample[:1500]:
        for entity in parse(sentence).ents:
            if entity.label_ in pools and entity.text[:1].isupper() and len(entity.text) > 2:
                pools[entity.label_].add(entity.text)
    return {label: sorted(names) for label, names in pools.items()}


def score_cases(
    cases: Iterable[Case], types: Iterable[str], config: Config, resources: Resources
) -> tuple[dict[str, TypeScore], dict[str, tuple[int, int]]]:
    """Per-type recall and precision over edit cases; flagged shares over harmless ones (the
    config's detectors, with its thresholds)."""
    scores = {t: TypeScore() for t in types}
    harmless: dict[str, list[int]] = {}
    for case in cases:
        found = detect(case.pair(config, resources), config.assessment.detectors)
        critical = [d for d in found if d.severity == "critical"]
        if case.kind in scores:
            scores[case.kind].cases += 1
            hit = any(d.type in _FOUND_BY.get(case.kind, (case.kind,)) and _touches(d, case)
                      for d in critical)
            scores[case.kind].found += hit
            for kind in {d.type for d in critical} & scores.keys():
                if not (kind == case.kind and hit):
                    scores[kind].false_alarms += 1
        else:
            counts = harmless.setdefault(case.kind, [0, 0])
            counts[0] += 1
            counts[1] += bool(critical)
            for kind in {d.type for d in critical} & scores.keys():
                scores[kind].false_alarms += 1
    return scores, {k: (v[0], v[1]) for k, v in harmless.items()}


# A hedge edit changes certainty or a connective; connectives are the relation detector's.
_FOUND_BY = {"hedge": ("hedge", "relation")}


def _touches(finding: Distortion, case: Case) -> bool:
    """Whether a finding points at the edited words (on either side, a few characters' slack)."""
    def near(a: Span, b: Span) -> bool:
        return a.start <= b.end + 3 and b.start <= a.end + 3
    return near(finding.original, case.original_edit) or near(finding.derived, case.derived_edit)


def cross_language_cases(data_dir: Path, seed: int, per_type: int) -> list[Case]:
    """Edited (number, date) and unedited control pairs: Albanian original, English derived."""
    rng = random.Random(seed)
    lines = []
    for folder in sorted(data_dir.glob("en-sq-dev/doc*")):
        en = (folder / "en.txt").read_text(encoding="utf-8").splitlines()
        sq = (folder / "sq.txt").read_text(encoding="utf-8").splitlines()
        lines += [(s, e) for s, e in zip(sq, en) if _MIN_WORDS <= len(e.split()) <= _MAX_WORDS]
    order = list(range(len(lines)))
    random.Random(f"{seed}:cross").shuffle(order)
    cases: list[Case] = []
    made = {"number": 0, "date": 0, "control": 0}
    edits = {"number": edit_number, "date": edit_date}
    for index in order:
        sq, en = lines[index]
        shared = set(re.findall(r"\d+", sq)) & set(re.findall(r"\d+", en))
        if not shared:
            continue
        # The type with fewer cases so far gets the first try at a line that allows both.
        for kind in sorted(edits, key=lambda k: made[k]):
            if made[kind] >= per_type:
                continue
            result = edits[kind](en, rng)
            # Only edits of something the Albanian side states too can be checked against it.
            if result and _stated_in_albanian(en[result[1].start : result[1].end], sq):
                cases.append(Case(kind, sq, result[0], Span(0, 0), result[2], "sq", "en"))
                made[kind] += 1
                break
        else:
            if made["control"] < per_type:
                cases.append(Case("control", sq, en, Span(0, 0), Span(0, 0), "sq", "en"))
                made["control"] += 1
    return cases


# The evaluation's own Albanian month stems (kept apart from the date detector's vocabulary):
# an edited English month is checkable where the Albanian side names that month.
_ALBANIAN_MONTHS = dict(zip(_MONTHS, ["janar", "shkurt", "mars", "prill", "maj", "qershor",
                                      "korrik", "gusht", "shtator", "tetor", "nëntor", "dhjetor"]))


def _stated_in_albanian(english: str, albanian: str) -> bool:
    """Whether the Albanian sentence states the English words (digits, or a month by its stem)."""
    stem = _ALBANIAN_MONTHS.get(english)
    if stem is None:
        return english in albanian
    return re.search(rf"(?<!\w){stem}(?:i|it|in|ë)?(?!\w)", albanian, re.IGNORECASE) is not None


def msrp_check(data_dir: Path, config: Config, resources: Resources, limit: int = 2000) -> tuple[int, int]:
    """(pairs, pairs with a critical finding) over MSRP paraphrases with the same numbers and
    capitalised words on both sides."""
    pairs = flagged = 0
    for first, second, paraphrase in msrp_pairs(data_dir):
        if not paraphrase or _anchors(first) != _anchors(second):
            continue
        pairs += 1
        pair = SentencePair.of_sentences(first, second, "en", "en", resources=resources, config=config)
        flagged += any(d.severity == "critical" for d in detect(pair, config.assessment.detectors))
        if pairs == limit:
            break
    return pairs, flagged


# Spelled-out counts are numbers too: "four years" and "few years" do not state the same number.
# (The evaluation's own list, kept apart from the number detector's.)
_SPELLED_NUMBER = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|twenty|thirty|"
    r"forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million|billion|half|"
    r"third|quarter|double|twice|triple|first|second)s?\b",
    re.IGNORECASE,
)


def _anchors(sentence: str) -> tuple[list[str], list[str]]:
    numbers = sorted(re.findall(r"\d+(?:[.,]\d+)*", sentence))
    numbers += sorted(m.group().lower() for m in _SPELLED_NUMBER.finditer(sentence))
    names = sorted(set(re.findall(r"(?<=\s)[A-Z][\w'-]*", sentence)))
    return numbers, names


def evaluate(
    data_dir: str | Path,
    *,
    seed: int = 13,
    per_type: int = 200,
    per_relation: int = 150,
    config: Config | None = None,
    resources: Resources | None = None,
) -> Evaluation:
    """Generate every case set from ``data_dir`` and score the detectors on it.

    Args:
        data_dir: The folder of English texts (``en-sq-dev/``, ``pan13-train/``, ``msrp-train/``).
        seed, per_type, per_relation: The generator's seed and how many cases of each kind.
        config: The detectors to run and their thresholds (``Config()`` when None).
        resources: The English parser, shared by the generator and the detectors; a fresh
            one when None.

    Raises:
        CorpusError: ``data_dir`` holds none of the expected English texts.
    """
    root = Path(data_dir)
    if not root.is_dir():
        raise CorpusError(f"{root}: not a folder")
    config = config or Config()
    resources = resources or Resources()
    sentences = english_sentences(root)
    cases = generate_cases(sentences, seed, per_type, resources)
    edits, harmless = score_cases(cases, EDIT_TYPES, config, resources)
    result = Evaluation(edits=edits, harmless=harmless)
    if (root / "en-sq-dev").is_dir():
        crossed = cross_language_cases(root, seed, per_type)
        result.cross_language, _ = score_cases(crossed, CROSS_LANGUAGE_TYPES, config, resources)
    if (root / "msrp-train").is_dir():
        result.msrp = msrp_check(root, config, resources)
    from sourcetrace.evaluate.substitutions import generate_substitutions, score_substitutions

    substitutions = generate_substitutions(sentences, seed, per_relation, resources)
    result.substitutions = score_substitutions(substitutions, config, resources).to_dict()
    return result
