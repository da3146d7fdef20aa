"""Made-up distractor text: real sentence shapes, a real document's words, no real sentence.

Real text runs short (PAN13's sources hold about 4,700 news-length pieces; a scale corpus needs
100,000 documents), so most distractors are written here. Each sentence takes the *frame* of a
real sentence (its function words, punctuation, capitals and number shapes, in order) and fills
every other word with a word drawn from one real document's words (the distractor's *theme*, so
that it stays on one topic and follows that document's word frequencies; one draw in ten comes
from all documents' words). The text reads as English word salad on a real topic: it shares
words, function-word runs and topics with real documents, sources included, but no sentence.

No run of eight function words is left in a frame, so every 8-gram of a made-up text holds a
drawn word, and a made-up text that still has an 8-gram of a protected text (a :class:`Guard`
over the sources, suspects and real distractors) is drawn again: by construction it shares no
8-gram with them.
"""

from __future__ import annotations

import random
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass

from synthetic.documents import paragraph_breaks
from synthetic.errors import SyntheticError
from synthetic.ngrams import N, Guard, WordHasher
from synthetic.pools import Piece

# English function words: kept in frames (they carry the shape, not the content).
FUNCTION_WORDS = frozenset("""
a about above across after against all along also although am among an and another any are
around as at be because been before being below between both but by can could did do does doing
down during each either even ever every few for from further had has have having he her here hers
herself him himself his how however i if in into is it its itself just least less many may me
might more most much must my myself neither no nor not now of off often on once one only onto or
other others our ours ourselves out over own per rather same shall she should since so some such
than that the their theirs them themselves then there these they this those though through thus
to too under until up upon us very was we were what whatever when where whether which while who
whom whose why will with within without would yet you your yours yourself
""".split())
_TOKEN = re.compile(r"(\s*)(\d[\d.,]*\d|\d|[^\W\d_]+(?:['’][^\W\d_]+)*|\S)")
_GLOBAL_DRAW = 0.1
_MAX_TRIES = 20
_MIN_THEME_WORDS, _MIN_WORD_LENGTH = 80, 3
# Slot kinds in a frame: a lower-case word, a capitalised word, a number of n digits (n > 0).
_WORD, _CAPITAL = 0, -1


@dataclass(frozen=True)
class Theme:
    words: tuple[str, ...]
    names: tuple[str, ...]


def frame_of(sentence: str) -> tuple[object, ...] | None:
    """The frame of ``sentence``: literal strings (with their leading space) and slots
    ``(space, kind)``; None for a sentence with fewer than three content words."""
    items: list[object] = []
    run = slots = 0
    for match in _TOKEN.finditer(sentence):
        space, token = match.group(1)[:1] and " ", match.group(2)
        if token[0].isdigit():
            items.append((space, sum(c.isdigit() for c in token)))
            run, slots = 0, slots + 1
        elif token[0].isalpha() and (token.lower() not in FUNCTION_WORDS or run == N - 1):
            items.append((space, _CAPITAL if token[0].isupper() else _WORD))
            run, slots = 0, slots + 1
        else:
            items.append(sys.intern(space + token))
            run += token[0].isalpha()
    return tuple(items) if slots >= 3 else None


class FakeText:
    """Writes distractor documents from the frames and themes of real pieces."""

    def __init__(self, pieces: Sequence[Piece]) -> None:
        frames = (frame_of(s) for p in pieces for s in p.sentences if len(s) <= 400)
        self._frames = [f for f in frames if f is not None]
        themes = [_theme(p) for p in pieces]
        self._all = _theme_of_all(themes)
        # A page of a few words repeated ("v v v", a list of bunkers) would write the same
        # salad again and again: a theme needs a vocabulary.
        self._themes = [t for t in themes if len(set(t.words)) >= _MIN_THEME_WORDS]
        if not self._frames or not self._themes:
            raise SyntheticError("no real sentences to take frames and words from")

    def document(self, rng: random.Random, chars: int, guard: Guard,
                 hasher: WordHasher) -> tuple[list[str], list[bool], int]:
        """Sentences, paragraph starts and number of tries of a made-up text of about ``chars``
        characters whose 8-grams are none of ``guard``'s."""
        theme = rng.choice(self._themes)
        for tries in range(1, _MAX_TRIES + 1):
            sentences, length = [], 0
            while length < chars:
                sentences.append(self.sentence(rng, rng.choice(self._frames), theme))
                length += len(sentences[-1]) + 1
            if not guard.hits(hasher.text_ngrams(" ".join(sentences))):
                return sentences, paragraph_breaks(len(sentences), rng), tries
        raise SyntheticError(f"no made-up text free of protected 8-grams in {_MAX_TRIES} tries")

    def sentence(self, rng: random.Random, frame: tuple[object, ...], theme: Theme) -> str:
        # The hot loop of a large corpus: indexing with random() is several times cheaper
        # than rng.choice.
        draw = rng.random
        parts = []
        for item in frame:
            if item.__class__ is str:
                parts.append(item)
                continue
            space, kind = item  # type: ignore[misc]
            if kind > 0:
                parts.append(space + _number(rng, kind))
                continue
            source = self._all if draw() < _GLOBAL_DRAW else theme
            pool = source.names if kind == _CAPITAL and source.names else source.words or self._all.words
            parts.append(space + pool[int(draw() * len(pool))])
        text = "".join(parts).lstrip()
        return text[:1].upper() + text[1:]


def _number(rng: random.Random, digits: int) -> str:
    if digits == 4 and rng.random() < 0.7:
        return str(rng.randrange(1990, 2025))
    return str(rng.randrange(10 ** (digits - 1) if digits > 1 else 0, 10**digits))


def _theme(piece: Piece) -> Theme:
    words, names = [], []
    for sentence in piece.sentences:
        tokens = re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)*", sentence)
        for index, token in enumerate(tokens):
            if token.lower() in FUNCTION_WORDS:
                continue
            if token[0].isupper() and index > 0:
                names.append(sys.intern(token))
            elif token.islower() and len(token) >= _MIN_WORD_LENGTH:
                words.append(sys.intern(token))
    return Theme(tuple(words), tuple(names))


def _theme_of_all(themes: Sequence[Theme]) -> Theme:
    return Theme(tuple(w for t in themes for w in t.words), tuple(n for t in themes for n in t.names))
