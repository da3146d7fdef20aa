"""The ``quote`` detector: words changed inside a direct quotation, or another speaker.

Quotations are the text between quotation marks (“…”, "…", «…», „…“); a sentence that opens a
quotation without closing it (or closes one opened in an earlier sentence) quotes from the mark
to its end (or from its start to the mark). Each quotation of the original is paired with the
most similar quotation of the derived sentence, and the two are compared word by word under
:func:`~sourcetrace.assess.words.normalise` (case, typographic marks and spelling variants do not
count). A changed content word is critical: a reader takes a quotation as the speaker's own
words. A change of function words only is minor.

The speaker is the named subject of a speech verb ("said", "told", "added"...) outside the
quotation; a quotation whose named speaker is another person in the derived sentence, while
both names occur in both sentences, was given to someone else (critical). A plain swap of the
speaker's name is the ``entity`` detector's finding.
"""

from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from sourcetrace.assess.dates import Key, date_mentions
from sourcetrace.assess.nlp import Parse
from sourcetrace.assess.numbers import number_mentions
from sourcetrace.assess.pair import SentencePair
from sourcetrace.assess.words import STOPWORDS, fold, normalise, words
from sourcetrace.model import Distortion, Span

_OPEN = "“«„\""
_CLOSE = "”»“\""
_SPEECH_VERBS = frozenset(
    """say tell add ask warn caution state insist claim write explain note argue reply
    declare announce admit stress tweet comment""".split()
)


@dataclass(frozen=True)
class Quotation:
    """The quoted words at ``[start, end)`` of a sentence (inside the marks).

    ``opened`` and ``closed`` say whether the sentence shows the opening and the closing mark;
    a quotation carried over from (or on to) another sentence has an edge that is not seen.
    """

    start: int
    end: int
    text: str
    opened: bool = True
    closed: bool = True


def quotations(sentence: str) -> tuple[Quotation, ...]:
    """The quoted stretches of ``sentence``, marks excluded."""
    marks = [m for m in re.finditer(r"[“”«»„\"]", sentence)]
    spans: list[tuple[int, int]] = []
    opened: int | None = None
    for mark in marks:
        char, at = mark.group(), mark.start()
        if opened is None:
            if _opens(sentence, at, char):
                opened = at + 1
            elif not spans:
                spans.append((0, at))  # closes a quotation opened in an earlier sentence
        elif _closes(sentence, at, char):
            spans.append((opened, at))
            opened = None
    if opened is not None:
        spans.append((opened, len(sentence)))
    return tuple(
        Quotation(a, b, sentence[a:b], a > 0, b < len(sentence))
        for a, b in spans if len(words(sentence[a:b])) >= 2
    )


def _opens(sentence: str, at: int, char: str) -> bool:
    if char in "“«„":
        return not (char == "“" and _looks_closing(sentence, at))
    return char == '"' and not _looks_closing(sentence, at)


def _closes(sentence: str, at: int, char: str) -> bool:
    return char in "”»" or (char in "“\"" and _looks_closing(sentence, at))


def _looks_closing(sentence: str, at: int) -> bool:
    """German-style or garbled text closes with “: a mark right after a word, before a space."""
    before = sentence[at - 1] if at else " "
    after = sentence[at + 1] if at + 1 < len(sentence) else " "
    return not before.isspace() and (after.isspace() or after in ".,;:!?")


def detect_quotes(pair: SentencePair) -> tuple[Distortion, ...]:
    """Quotations whose words changed, and quotations given to another speaker."""
    if not pair.same_language:
        return ()
    findings: list[Distortion] = []
    for old, new in paired_quotations(pair):
        finding = _compare(pair, old, new)
        if finding is not None:
            findings.append(finding)
        if (speaker := _speaker_change(pair, old, new)) is not None:
            findings.append(speaker)
    return tuple(findings)


def paired_quotations(pair: SentencePair) -> list[tuple[Quotation, Quotation]]:
    """Each original quotation with the derived quotation it became (pieces joined), if any:
    the derived quotations whose words are at least ``quote.min_pairing`` alike (rapidfuzz's
    token set ratio)."""
    news = list(quotations(pair.derived_sentence))
    paired = []
    for old in quotations(pair.original_sentence):
        matches = [q for q in news if _similarity(old, q) >= pair.config.quote.min_pairing]
        if not matches:
            continue
        for match in matches:
            news.remove(match)
        paired.append((old, _merged(pair.derived_sentence, matches)))
    return paired


def _merged(sentence: str, parts: list[Quotation]) -> Quotation:
    """Pieces of one quotation cut apart by stray marks (machine translation) taken as one."""
    start, end = parts[0].start, parts[-1].end
    return Quotation(start, end, sentence[start:end], parts[0].opened, parts[-1].closed)


def _similarity(a: Quotation, b: Quotation) -> float:
    return fuzz.token_set_ratio(fold(a.text), fold(b.text))


def _compare(pair: SentencePair, old: Quotation, new: Quotation) -> Distortion | None:
    """The changed stretch of two paired quotations, or ``None`` when the words are the same."""
    old_words = _quoted_words(pair.original_sentence, old, pair.language("original"), pair.parse)
    new_words = _quoted_words(pair.derived_sentence, new, pair.language("derived"), pair.parse)
    matcher = difflib.SequenceMatcher(
        None, [w.norm for w in old_words], [w.norm for w in new_words], autojunk=False
    )
    every_change = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    moved_out = [w for op in every_change for w in old_words[op[1] : op[2]]]
    moved_in = [w for op in every_change for w in new_words[op[3] : op[4]]]
    # The same words in another order ("once-in-a-generation moment" -> "moment once in a
    # generation") are a rewording.
    reordered = bool(every_change) and sorted(w.norm for w in moved_out) == sorted(
        w.norm for w in moved_in
    )
    # Quoting a shorter or longer excerpt of the same words (words cut or added at either end
    # of the quotation, nothing changed inside it) is no misquote; neither is a cut the quoting
    # text marks with an ellipsis, nor a word written apart or joined ("chip-set", "chipset").
    changes = every_change if reordered else [
        op for op in every_change
        if not _excerpt_edge(op, pair, old, len(old_words), new, len(new_words))
        and not _unseen_edge(op, old, len(old_words), new, len(new_words))
        and not _elided(op, old, old_words, new, new_words)
        and not _same_letters(op, old_words, new_words)
    ]
    if not changes:
        return None
    lost = [w for op in changes for w in old_words[op[1] : op[2]]]
    gained = [w for op in changes for w in new_words[op[3] : op[4]]]
    content_edits = 0 if reordered else sum(
        _changes_content(old_words[i1:i2], new_words[j1:j2]) for _, i1, i2, j1, j2 in changes
    )
    old_span = _stretch(old, lost, changes[0][1], old_words)
    new_span = _stretch(new, gained, changes[0][3], new_words)
    edits = "; ".join(
        f"'{_join(old_words[i1:i2])}' -> '{_join(new_words[j1:j2])}'"
        for _, i1, i2, j1, j2 in changes[:4]
    ) + ("; ..." if len(changes) > 4 else "")
    # A quotation reproduced word for word but for one content change is the speaker's words
    # altered. Changed in several places (``quote.paraphrased_edits`` or more), it renders the
    # statement in other words (another report of it, a translation): that is wording, and the
    # facts in it (numbers, names, dates, negation, certainty) are the other detectors' findings.
    critical = content_edits == 1 and len(changes) < pair.config.quote.paraphrased_edits
    what = (
        "changed" if critical else "reordered" if reordered
        else "paraphrased" if content_edits else "reworded"
    )
    return Distortion(
        "quote",
        "critical" if critical else "minor",
        pair.original_span(*old_span),
        pair.derived_span(*new_span),
        f"quotation {what}: {edits} (quoted: \u201c{old.text.strip()}\u201d -> "
        f"\u201c{new.text.strip()}\u201d)",
    )


@dataclass(frozen=True)
class QuotedWord:
    """A word of a quotation as compared: offsets into the quotation, form and lemma."""

    start: int
    end: int
    text: str
    norm: str
    lemma: str


def _quoted_words(sentence: str, quote: Quotation, language: str, parse: Parse) -> tuple[QuotedWord, ...]:
    """The words of a quotation, contractions written out, editorial brackets left out, each
    date and number one word.

    "don't" is compared as "do not" and "we've" as "we have"; words in square or round brackets
    are the quoting writer's, not the speaker's ("[against Islam]"). A date or number is read
    as its value, so "24th of February 2022" and "February 24, 2022", "95%" and "95 per cent",
    "three" and "3" are the same word.
    """
    lemmas = _lemmas(sentence, parse) if language == "en" else {}
    brackets = [m.span() for m in re.finditer(r"\[[^\]]*\]|\([^)]*\)", quote.text)]
    facts = _facts(quote.text, language)
    found: list[QuotedWord] = []
    for word in words(quote.text):
        if any(a <= word.start < b for a, b in brackets):
            continue
        fact = next((f for f in facts if f.start <= word.start < f.end), None)
        if fact is not None:
            if not found or found[-1].start != fact.start:
                found.append(fact)
            continue
        lemma = lemmas.get(quote.start + word.start, word.norm)
        expanded = _contraction(word.text)
        if expanded is None:
            found.append(QuotedWord(word.start, word.end, word.text, word.norm, lemma))
            continue
        for part in expanded:
            found.append(QuotedWord(word.start, word.end, word.text, part, part))
    return tuple(found)


# The form of a date or number read as one word ("<date 2022-2-24>"); no word starts with "<".
_FACT = re.compile(r"^<(?:date|number) ")


def _facts(text: str, language: str) -> list[QuotedWord]:
    """The dates and numbers of a quotation as single words whose form is their value."""
    found = []
    for date in date_mentions(text, language):
        form = f"<date {_date_value(date.key)}>"
        found.append(QuotedWord(date.start, date.end, date.text, form, form))
    for number in number_mentions(text, language):
        value = "/".join(f"{v:g}" for v in sorted(number.values)) + ("%" if number.percent else "")
        form = f"<number {value}>"
        found.append(QuotedWord(number.start, number.end, number.text, form, form))
    return found


def _date_value(key: Key) -> str:
    """A calendar date as year-month-day whatever its format; other date keys as they are."""
    if key[0] == "numeric" and len(key[2]) == 1:
        return f"{key[1]}-{key[2][0][0]}-{key[2][0][1]}"
    if key[0] == "date":
        return "-".join("?" if part is None else str(part) for part in key[1:])
    return " ".join(map(str, key))


_CONTRACTED = re.compile(r"^(\w+?)(n[’']t|[’'](?:ve|re|ll|m|d|s))$", re.IGNORECASE)
# "isnt", "dont": a contraction typed without its apostrophe.
_UNMARKED_NOT = re.compile(r"^(is|are|was|were|do|does|did|has|have|had|could|would|should)nt$",
                           re.IGNORECASE)
_SPELLED_OUT = {"n't": "not", "'ve": "have", "'re": "are", "'ll": "will", "'m": "am", "'d": "would",
                "'s": "is"}
_IRREGULAR = {"won": "will", "ca": "can", "sha": "shall", "ai": "is"}
# "'s" is "is" after these words and a possessive after others ("the nation's").
_IS_BEFORE = frozenset("it that he she there what who here where how let".split())


def _contraction(text: str) -> tuple[str, ...] | None:
    if (plain := _UNMARKED_NOT.match(text)) is not None:
        return (plain.group(1).lower(), "not")
    match = _CONTRACTED.match(text.replace("’", "'"))
    if match is None:
        return None
    stem, ending = match.group(1).lower(), match.group(2).lower()
    if ending == "'s" and stem not in _IS_BEFORE:
        return None
    return (_IRREGULAR.get(stem, stem) if ending == "n't" else stem, _SPELLED_OUT[ending])


def _lemmas(sentence: str, parse: Parse) -> dict[int, str]:
    """The folded lemma of each word of an English sentence, by its start offset."""
    return {t.idx: normalise(t.lemma_) for t in parse(sentence)}


def _unseen_edge(
    op: tuple[str, int, int, int, int], old: Quotation, old_length: int,
    new: Quotation, new_length: int,
) -> bool:
    """Other words at an edge of a quotation whose mark one side does not show: where the
    speaker's words begin (or end) there is not known, so other lead-in words are no misquote."""
    _, i1, i2, j1, j2 = op
    at_start = i1 == 0 and j1 == 0 and not (old.opened and new.opened)
    at_end = i2 == old_length and j2 == new_length and not (old.closed and new.closed)
    return at_start or at_end


def _elided(
    op: tuple[str, int, int, int, int],
    old: Quotation, old_words: tuple[QuotedWord, ...],
    new: Quotation, new_words: tuple[QuotedWord, ...],
) -> bool:
    """Words missing where the other side marks a cut ("...", "…"), or words standing where
    either side has an editorial insertion in brackets ("these (pension) payments")."""
    tag, i1, i2, j1, j2 = op
    gaps = ((old.text, old_words, i1), (old.text, old_words, i2),
            (new.text, new_words, j1), (new.text, new_words, j2))
    if any("[" in _gap(*gap) or "(" in _gap(*gap) for gap in gaps):
        return True
    if tag == "delete":
        return any(_is_cut(_gap(new.text, new_words, at))
                   for at in _places(old_words, i1, i2, new_words, j1))
    if tag == "insert":
        return any(_is_cut(_gap(old.text, old_words, at))
                   for at in _places(new_words, j1, j2, old_words, i1))
    return False


def _places(
    run_side: tuple[QuotedWord, ...], start: int, end: int,
    other_side: tuple[QuotedWord, ...], gap: int,
) -> list[int]:
    """Every gap of the other side where words ``[start, end)`` of ``run_side`` could stand
    and leave the same text. "when they are | in the middle of when they are | saying" reads
    the same as "when they | are in the middle of when they | are saying", so an ellipsis on
    the other side between "they" and "are" ("when they ... are saying") marks the cut."""
    run = [w.norm for w in run_side]
    other = [w.norm for w in other_side]
    places = [gap]
    shift = 1
    while (start - shift >= 0 and gap - shift >= 0
           and run[start - shift] == run[end - shift] == other[gap - shift]):
        places.append(gap - shift)
        shift += 1
    shift = 1
    while (end + shift - 1 < len(run) and gap + shift - 1 < len(other)
           and run[start + shift - 1] == run[end + shift - 1] == other[gap + shift - 1]):
        places.append(gap + shift)
        shift += 1
    return places


def _gap(text: str, quoted: tuple[QuotedWord, ...], index: int) -> str:
    """The text between word ``index - 1`` and word ``index`` of a quotation."""
    start = quoted[index - 1].end if index > 0 else 0
    end = quoted[index].start if index < len(quoted) else len(text)
    return text[start:end]


def _is_cut(gap: str) -> bool:
    return "…" in gap or ".." in gap.replace(" ", "")


def _same_letters(
    op: tuple[str, int, int, int, int],
    old_words: tuple[QuotedWord, ...], new_words: tuple[QuotedWord, ...],
) -> bool:
    """A word joined or split ("cyber assets" -> "cyberassets", "co-mingling" -> "comingling")."""
    _, i1, i2, j1, j2 = op
    before = "".join(w.norm for w in old_words[i1:i2])
    return bool(before) and before == "".join(w.norm for w in new_words[j1:j2])


def _changes_content(lost: tuple[QuotedWord, ...], gained: tuple[QuotedWord, ...]) -> bool:
    """Whether an edit changes a content word: not only function words, not only inflection
    ("teams" -> "team", "hate" -> "hated")."""
    lost_content = [w for w in lost if w.norm not in STOPWORDS]
    gained_content = [w for w in gained if w.norm not in STOPWORDS]
    if not lost_content and not gained_content:
        return False
    if len(lost_content) != len(gained_content):
        return True
    return not all(_inflected(a, b) for a, b in zip(lost_content, gained_content))


def _inflected(a: QuotedWord, b: QuotedWord) -> bool:
    """Two forms of one word: the same lemma, or a long shared stem."""
    if a.lemma == b.lemma or a.norm == b.norm:
        return True
    if _FACT.match(a.norm) or _FACT.match(b.norm):
        return False  # dates and numbers share a long prefix without being one value
    shared = len(os.path.commonprefix([a.norm, b.norm]))
    return shared >= 4 and shared >= 0.75 * min(len(a.norm), len(b.norm))


def _excerpt_edge(
    op: tuple[str, int, int, int, int], pair: SentencePair, old: Quotation, old_length: int,
    new: Quotation, new_length: int,
) -> bool:
    """Words cut or added at an edge of a quotation where the quoting text around that edge
    differs too: the writer quoted a shorter or longer excerpt. Where the text around the
    edge is the same on both sides, the words inside the marks themselves changed."""
    tag, i1, i2, j1, j2 = op
    if tag == "delete":
        at_start, at_end = i1 == 0, i2 == old_length
    elif tag == "insert":
        at_start, at_end = j1 == 0, j2 == new_length
    else:
        return False
    original, derived = pair.original_sentence, pair.derived_sentence
    if at_start and fold(original[: old.start]) != fold(derived[: new.start]):
        return True
    return at_end and fold(original[old.end :]) != fold(derived[new.end :])


def _join(run: tuple[QuotedWord, ...]) -> str:
    """The words as written (a contraction compared as two words is shown once)."""
    shown = [w for i, w in enumerate(run) if i == 0 or w.start != run[i - 1].start]
    return " ".join(w.text for w in shown)


def _stretch(
    quote: Quotation, changed: list[QuotedWord], index: int, all_words: tuple[QuotedWord, ...]
) -> tuple[int, int]:
    """Sentence offsets of the changed words of a quotation (an empty span where none is)."""
    if changed:
        return quote.start + changed[0].start, quote.start + changed[-1].end
    at = all_words[index].start if index < len(all_words) else len(quote.text)
    return quote.start + at, quote.start + at


def _speaker_change(pair: SentencePair, old: Quotation, new: Quotation) -> Distortion | None:
    """A quotation now attributed to another named person who also appears in the original."""
    if not (pair.is_english("original") and pair.is_english("derived")):
        return None
    old_speaker = _speaker(pair.original_sentence, old, pair.parse)
    new_speaker = _speaker(pair.derived_sentence, new, pair.parse)
    if old_speaker is None or new_speaker is None:
        return None
    old_key, new_key = fold(old_speaker[2]), fold(new_speaker[2])
    if old_key == new_key or set(old_key.split()) & set(new_key.split()):
        return None
    derived, original = fold(pair.derived_sentence), fold(pair.original_sentence)
    if old_key not in derived or new_key not in original:
        return None  # a new name: the entity detector reports the swap
    return Distortion(
        "quote", "critical",
        pair.original_span(old_speaker[0], old_speaker[1]),
        pair.derived_span(new_speaker[0], new_speaker[1]),
        f"quotation attributed to another speaker: '{old_speaker[2]}' -> '{new_speaker[2]}'",
    )


def _speaker(sentence: str, quote: Quotation, parse: Parse) -> tuple[int, int, str] | None:
    """The named subject of a speech verb outside the quotation."""
    doc = parse(sentence)
    for token in doc:
        if quote.start <= token.idx < quote.end or token.lemma_ not in _SPEECH_VERBS:
            continue
        for child in token.children:
            if child.dep_ == "nsubj" and child.ent_type_ == "PERSON":
                entity = next(e for e in doc.ents if e.start <= child.i < e.end)
                return entity.start_char, entity.end_char, entity.text
    return None


def quoted_spans(sentence: str) -> list[Span]:
    """Sentence-relative spans of the quotations (for other detectors to look inside)."""
    return [Span(q.start, q.end) for q in quotations(sentence)]
