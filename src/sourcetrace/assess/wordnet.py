"""Princeton WordNet 3.0, read from its database files as Debian's ``wordnet-base`` installs them.

The files are the WordNet distribution's own (``index.noun``, ``data.noun``, ``verb.exc``...,
format documented in WordNet's ``wndb(5WN)``): an index file lists each lemma's synsets by byte
offset, most frequent sense first, and is sorted, so a lemma is found by binary search in the
memory-mapped file (as WordNet's own library does) and nothing is loaded up front. A data line
holds a synset's words and its pointers (antonym, hypernym, similar to...).

nltk's reader was not used: its 3.10 release refuses paths outside its own data folders and
expects a ``lexnames`` file that Debian's package does not ship.
"""

from __future__ import annotations

import mmap
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from sourcetrace.errors import MissingResource

WORDNET_DIR = Path("/usr/share/wordnet")
POS_NAMES = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
# WordNet's detachment rules (morph(7WN)): an inflected ending and the base ending it stands for.
_DETACHMENTS = {
    "n": (("s", ""), ("ses", "s"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"),
          ("men", "man"), ("ies", "y")),
    "v": (("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""),
          ("ing", "e"), ("ing", "")),
    "a": (("er", ""), ("est", ""), ("er", "e"), ("est", "e")),
    "r": (),
}


@dataclass(frozen=True, slots=True)
class Pointer:
    """A relation from a synset (or one of its words) to another synset (or one of its words).

    ``symbol`` is WordNet's: ``!`` antonym, ``@`` hypernym, ``~`` hyponym, ``&`` similar to,
    ``^`` also see, ``$`` verb group, ``+`` derivationally related, ``\\`` pertainym...
    ``source`` and ``target`` number the words of a lexical pointer (0: the whole synset).
    """

    symbol: str
    pos: str
    offset: int
    source: int
    target: int


@dataclass(frozen=True, slots=True)
class Synset:
    """A set of synonyms: its part of speech, byte offset (its id), words and pointers."""

    pos: str
    offset: int
    lexfile: int
    words: tuple[str, ...]
    pointers: tuple[Pointer, ...]
    gloss: str = ""

    def related(self, *symbols: str) -> tuple[Pointer, ...]:
        return tuple(p for p in self.pointers if p.symbol in symbols)


class WordNet:
    """Lookups in the WordNet database files of one folder (opened on first use)."""

    def __init__(self, root: Path = WORDNET_DIR) -> None:
        missing = [name for pos in POS_NAMES.values() for name in (f"index.{pos}", f"data.{pos}")
                   if not (root / name).is_file()]
        if missing:
            raise MissingResource(
                f"WordNet data not found in {root} (no {missing[0]}): install Debian's "
                "wordnet-base (apt-get install wordnet-base), or leave out the substitution "
                "detector (--detectors)"
            )
        self._root = root
        self._maps: dict[str, mmap.mmap] = {}
        self._exceptions: dict[str, dict[str, tuple[str, ...]]] = {}

    def _map(self, name: str) -> mmap.mmap:
        if name not in self._maps:
            with open(self._root / name, "rb") as handle:
                self._maps[name] = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        return self._maps[name]

    def offsets(self, lemma: str, pos: str) -> tuple[int, ...]:
        """The synset offsets of ``lemma`` (lower case, ``_`` between words), commonest first."""
        line = _find_line(self._map(f"index.{POS_NAMES[pos]}"), lemma.encode("utf-8"))
        if line is None:
            return ()
        fields = line.split()
        pointer_count = int(fields[3])
        sense_count = int(fields[2])
        return tuple(int(f) for f in fields[6 + pointer_count : 6 + pointer_count + sense_count])

    def synset(self, pos: str, offset: int) -> Synset:
        """The synset at ``offset`` of a part of speech's data file."""
        return _synset(self, pos, offset)

    def read_data_line(self, pos: str, offset: int) -> bytes:
        data = self._map(f"data.{POS_NAMES['a' if pos == 's' else pos]}")
        end = data.find(b"\n", offset)
        return data[offset : end if end >= 0 else len(data)]

    def senses(self, lemma: str, pos: str) -> tuple[Synset, ...]:
        """The synsets of ``lemma`` as a ``pos`` word, commonest first."""
        return tuple(self.synset(pos, offset) for offset in self.offsets(lemma, pos))

    def base_forms(self, word: str, pos: str) -> tuple[str, ...]:
        """The WordNet lemmas an inflected ``word`` may stand for (``morphy``): the word itself,
        its listed irregular base forms ("went" -> "go"), then its regular ones ("rejected")."""
        word = word.lower().replace(" ", "_")
        found = [word] if self.offsets(word, pos) else []
        found += [b for b in self.exceptions(pos).get(word, ()) if self.offsets(b, pos)]
        for ending, base in _DETACHMENTS[pos]:
            if word.endswith(ending) and len(word) > len(ending) + 1:
                stem = word[: len(word) - len(ending)] + base
                if self.offsets(stem, pos):
                    found.append(stem)
        return tuple(dict.fromkeys(found))

    def exceptions(self, pos: str) -> dict[str, tuple[str, ...]]:
        """WordNet's irregular forms of a part of speech: inflected form -> base forms."""
        if pos not in self._exceptions:
            path = self._root / f"{POS_NAMES[pos]}.exc"
            table: dict[str, tuple[str, ...]] = {}
            if path.is_file():
                for line in path.read_text(encoding="utf-8").splitlines():
                    inflected, *bases = line.split()
                    table[inflected] = tuple(bases)
            self._exceptions[pos] = table
        return self._exceptions[pos]


# Synsets parsed and kept (about 1 KB each; WordNet has 117,659).
SYNSET_MEMO = 65536


@lru_cache(maxsize=SYNSET_MEMO)
def _synset(wordnet: WordNet, pos: str, offset: int) -> Synset:
    head, _, gloss = wordnet.read_data_line(pos, offset).decode("utf-8").partition(" | ")
    fields = head.split()
    synset_pos = "a" if fields[2] == "s" else fields[2]
    word_count = int(fields[3], 16)
    words = tuple(_without_marker(fields[4 + 2 * i]).lower() for i in range(word_count))
    at = 4 + 2 * word_count
    pointer_count = int(fields[at])
    pointers = []
    for i in range(pointer_count):
        symbol, target, target_pos, numbers = fields[at + 1 + 4 * i : at + 5 + 4 * i]
        pointers.append(Pointer(symbol, "a" if target_pos == "s" else target_pos, int(target),
                                int(numbers[:2], 16), int(numbers[2:], 16)))
    return Synset(synset_pos, offset, int(fields[1]), words, tuple(pointers), gloss.strip())


def _without_marker(word: str) -> str:
    """An adjective's syntactic marker ("galore(ip)", "elect(p)") is not part of the word."""
    return word.split("(", 1)[0]


def _find_line(data: mmap.mmap, key: bytes) -> bytes | None:
    """The line of a sorted index file that starts with ``key`` and a space (binary search).

    The license header's lines start with two spaces and sort before every lemma.
    """
    low, high = 0, len(data)
    target = key + b" "
    while low < high:
        middle = (low + high) // 2
        start = data.rfind(b"\n", 0, middle) + 1
        end = data.find(b"\n", start)
        end = len(data) if end < 0 else end
        line = data[start:end]
        if line.startswith(target):
            return line
        if line.split(b" ", 1)[0] < key or line.startswith(b"  "):
            low = end + 1
        else:
            high = start
    return None


def preload(wordnet: WordNet) -> None:
    """Read every page of the database files and parse synsets, in file order, until the
    synset memo is full.

    A process that runs comparisons for days holds this anyway once it has met enough words:
    the pages it read (28 MB, counted in its resident memory) and a full memo. A server's
    worker does it when it starts, so WordNet's part of its memory does not creep up
    request after request.
    """
    page = mmap.PAGESIZE
    for kind in ("index", "data"):
        for name in POS_NAMES.values():
            data = wordnet._map(f"{kind}.{name}")
            _ = sum(data[at] for at in range(0, len(data), page))
    for pos, name in POS_NAMES.items():
        data = wordnet._map(f"data.{name}")
        at = 0
        while at < len(data) and _synset.cache_info().currsize < SYNSET_MEMO:
            end = data.find(b"\n", at)
            end = len(data) if end < 0 else end
            if data[at : at + 2] != b"  ":  # the licence header's lines
                wordnet.synset(pos, at)
            at = end + 1


@lru_cache(maxsize=1)
def wordnet() -> WordNet:
    """The WordNet of the system's ``wordnet-base`` package (one per process).

    Raises:
        MissingResource: The database files are not installed.
    """
    return WordNet(WORDNET_DIR)
