"""Real text from ``../shared/data``, made safe to reuse at known places only.

Every pool is cleaned of shared text before anything is built from it: a sentence (or a
parallel line) is dropped when one of the word 8-grams it ends is found twice anywhere in the
loaded pools (on the same side of the language pair), and the pass repeats until no 8-gram
occurs twice (dropping a sentence joins its neighbours into new 8-grams). After that every
8-gram of the pools occurs once, so two documents built from different sentences share no text
and the only shared text in a collection is the reuse the generator puts there.

* PAN13 training *source* documents (English web pages) give the English sentences. The
  *suspicious* documents are never read: they copy the sources.
* ``en-sq-dev`` gives English-Albanian line pairs (the ranges that are not line-parallel, listed
  in ``bench/perturb_en_sq.py``, left out); Text+Berg gives German-French beads (1-1 and n-m,
  the lines of a bead joined). A pair's two sides are used together or not at all.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from sourcetrace.segment import segment

from perturb_en_sq import NOT_PARALLEL
from synthetic.documents import news_length
from synthetic.errors import SyntheticError
from synthetic.ngrams import N, WordHasher, ngram_hashes, words

_MIN_PIECE_CHARS, _MIN_PIECE_SENTENCES = 700, 4


@dataclass(frozen=True)
class Piece:
    """A news-length run of real sentences (one language), with the paragraph starts kept."""

    origin: str
    language: str
    sentences: tuple[str, ...]
    breaks: tuple[bool, ...]  # breaks[i]: sentence i starts a paragraph


@dataclass(frozen=True)
class ParallelUnit:
    """One line pair of a parallel text: ``texts[language]`` for both of its languages."""

    origin: str
    languages: tuple[str, str]
    texts: tuple[str, str]

    def text(self, language: str) -> str:
        return self.texts[self.languages.index(language)]

    def other(self, language: str) -> str:
        return self.languages[1 - self.languages.index(language)]


def drop_shared(documents: Sequence[Sequence[str]], hasher: WordHasher) -> list[list[bool]]:
    """Which sentences to keep so that no word 8-gram of the kept text occurs twice.

    8-grams run over a document's kept sentences in order (a 8-gram may span sentences, as it
    will in the documents built from them); the sentence holding the last word of a repeated
    8-gram goes, in every document where it repeats, until none repeats.
    """
    sentence_hashes = [[hasher.hashes(words(s)) for s in doc] for doc in documents]
    keep = [[True] * len(doc) for doc in documents]
    while True:
        grams, owners = [], []
        for d, doc in enumerate(sentence_hashes):
            kept = [i for i, k in enumerate(keep[d]) if k]
            if not kept:
                continue
            word_hashes = np.concatenate([doc[i] for i in kept])
            word_owner = np.repeat(np.array(kept), [len(doc[i]) for i in kept])
            grams.append(ngram_hashes(word_hashes))
            owners.append(np.stack([np.full(len(grams[-1]), d), word_owner[N - 1 :]], axis=1))
        if not grams:
            return keep
        flat = np.concatenate(grams)
        _, inverse, counts = np.unique(flat, return_inverse=True, return_counts=True)
        repeated = counts[inverse] > 1
        if not repeated.any():
            return keep
        for d, i in np.unique(np.concatenate(owners)[repeated], axis=0):
            keep[int(d)][int(i)] = False


def _clean(sentence: str) -> str:
    return " ".join(sentence.split())


def _pan_sentences(path: Path) -> tuple[list[str], list[bool]]:
    text = path.read_text(encoding="utf-8", errors="replace")
    sentences, breaks, previous_end = [], [], 0
    for seg in segment(text, "sentences"):
        cleaned = _clean(text[seg.start : seg.end])
        if any(c.isalpha() for c in cleaned):
            sentences.append(cleaned)
            breaks.append("\n" in text[previous_end : seg.start] or not breaks)
        previous_end = seg.end
    return sentences, breaks


def pan_pieces(data_dir: Path, seed: int, needed: int) -> list[Piece]:
    """At least ``needed`` news-length English pieces (fewer only when PAN13 holds no more),
    from PAN13 source documents read in an order fixed by ``seed``."""
    files = sorted((data_dir / "pan13-train" / "src").glob("source-document*.txt"))
    if not files:
        raise SyntheticError(f"{data_dir}: no pan13-train/src/source-document*.txt")
    random.Random(f"{seed}:pan files").shuffle(files)
    # About 1.4 pieces come from a PAN source document; read a few more than that suggests.
    count = min(len(files), max(100, math.ceil(needed / 1.2) + 50))
    while True:
        pieces = _cut_pieces(files[:count], data_dir, seed)
        if len(pieces) >= needed or count == len(files):
            return pieces
        count = min(len(files), count * 2)


def _cut_pieces(files: list[Path], data_dir: Path, seed: int) -> list[Piece]:
    documents = [_pan_sentences(path) for path in files]
    keep = drop_shared([sentences for sentences, _ in documents], WordHasher())
    rng = random.Random(f"{seed}:pieces")
    pieces = []
    for path, (sentences, breaks), kept in zip(files, documents, keep):
        runs = [(s, b) for s, b, k in zip(sentences, breaks, kept) if k]
        origin = str(path.relative_to(data_dir))
        pieces += _split_news_length(origin, runs, rng)
    return pieces


def _split_news_length(origin: str, runs: list[tuple[str, bool]], rng: random.Random) -> list[Piece]:
    pieces: list[Piece] = []
    start = 0
    while start < len(runs):
        target = news_length(rng)
        end, chars = start, 0
        while end < len(runs) and chars < target:
            chars += len(runs[end][0]) + 1
            end += 1
        chunk = runs[start:end]
        if chars >= _MIN_PIECE_CHARS and len(chunk) >= _MIN_PIECE_SENTENCES:
            pieces.append(Piece(f"{origin}#{len(pieces)}", "en", tuple(s for s, _ in chunk),
                                (True,) + tuple(b for _, b in chunk[1:])))
        start = end
    return pieces


def raw_parallel_documents(data_dir: Path) -> list[list[ParallelUnit]]:
    """en-sq-dev documents and the Text+Berg document as runs of parallel units, as they are."""
    return _en_sq(data_dir) + _textberg(data_dir)


def parallel_documents(data_dir: Path) -> list[list[ParallelUnit]]:
    """en-sq-dev documents and the Text+Berg document as runs of parallel units, cleaned."""
    documents = raw_parallel_documents(data_dir)
    hasher = WordHasher()
    # Each side is cleaned on its own, and a unit stays only where both of its sides stay.
    keep_first = drop_shared([[u.texts[0] for u in doc] for doc in documents], hasher)
    keep_second = drop_shared([[u.texts[1] for u in doc] for doc in documents], hasher)
    return [[u for u, a, b in zip(doc, ka, kb) if a and b]
            for doc, ka, kb in zip(documents, keep_first, keep_second)]


def _en_sq(data_dir: Path) -> list[list[ParallelUnit]]:
    documents = []
    for folder in sorted((data_dir / "en-sq-dev").glob("doc*")):
        en = (folder / "en.txt").read_text(encoding="utf-8").splitlines()
        sq = (folder / "sq.txt").read_text(encoding="utf-8").splitlines()
        skipped = {i for start, end in NOT_PARALLEL.get(folder.name, ()) for i in range(start, end)}
        documents.append([
            ParallelUnit(f"en-sq-dev/{folder.name}:{i}", ("en", "sq"), (_clean(e), _clean(s)))
            for i, (e, s) in enumerate(zip(en, sq))
            if i not in skipped and _clean(e) and _clean(s)
        ])
    return documents


def _textberg(data_dir: Path) -> list[list[ParallelUnit]]:
    folder = data_dir / "textberg-de-fr-dev"
    if not (folder / "dev.defr").is_file():
        return []
    de = (folder / "dev.de").read_text(encoding="utf-8").splitlines()
    fr = (folder / "dev.fr").read_text(encoding="utf-8").splitlines()
    units = []
    for line in (folder / "dev.defr").read_text(encoding="utf-8").splitlines():
        left, right = line.split(":")[:2]
        de_ids, fr_ids = _bead_ids(left), _bead_ids(right)
        if de_ids and fr_ids:
            units.append(ParallelUnit(f"textberg-de-fr-dev:{de_ids[0]}", ("de", "fr"),
                                      (_clean(" ".join(de[i] for i in de_ids)),
                                       _clean(" ".join(fr[i] for i in fr_ids)))))
    return [units]


def _bead_ids(side: str) -> list[int]:
    return [int(x) for x in side.strip().strip("[]").split(",") if x.strip()]


class Supply:
    """Takes items from a fixed sequence once each, in order (a pool is never used twice)."""

    def __init__(self, items: Sequence[Piece], name: str) -> None:
        self._items = list(items)
        self._next = 0
        self._name = name

    def take(self, fits: Callable[[Piece], bool] | None = None) -> Piece:
        """The next item that ``fits`` (those passed over stay for later)."""
        for index in range(self._next, len(self._items)):
            item = self._items[index]
            if fits is None or fits(item):
                self._items[self._next], self._items[index] = item, self._items[self._next]
                self._next += 1
                return item
        raise SyntheticError(f"the {self._name} ran out after {self._next} pieces: ask for "
                             "fewer suspects or stories")

    def rest(self) -> list[Piece]:
        return self._items[self._next :]


class ParallelSupply:
    """Takes runs of consecutive parallel units, each unit once, document after document."""

    def __init__(self, documents: list[list[ParallelUnit]], rng: random.Random) -> None:
        self._documents = [doc for doc in documents if doc]
        rng.shuffle(self._documents)
        self._doc, self._at = 0, 0

    def take(self, count: int) -> list[ParallelUnit] | None:
        """``count`` consecutive units of one document (from the next document when the
        current one has fewer left), or None when no document has that many left."""
        while self._doc < len(self._documents):
            doc = self._documents[self._doc]
            if len(doc) - self._at >= count:
                run = doc[self._at : self._at + count]
                self._at += count
                return run
            self._doc, self._at = self._doc + 1, 0
        return None

    def take_following(self, count: int) -> list[ParallelUnit]:
        """Up to ``count`` units that follow the last run taken, in the same document."""
        if self._doc >= len(self._documents):
            return []
        run = self._documents[self._doc][self._at : self._at + count]
        self._at += len(run)
        return run
