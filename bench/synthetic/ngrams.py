"""Word 8-grams: the unit of shared text that the generator rules out and the check counts.

A text's words are its ``\\w+`` runs, lower-cased; two texts share text when they share a run
of eight words. Hashes are stable across runs (blake2b, not Python's salted ``hash``), so the
guard that rejects generated text gives the same answer, and the same bytes, every time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from hashlib import blake2b

import numpy as np

N = 8
_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    """The words of ``text`` as the 8-gram measure sees them."""
    return _WORD.findall(text.lower())


def _stable_hash(value: str) -> int:
    return int.from_bytes(blake2b(value.encode("utf-8"), digest_size=8).digest(), "little")


# One odd multiplier per position: the same words in another order hash differently.
_MULTIPLIERS = np.array([_stable_hash(f"position {k}") | 1 for k in range(N)], dtype=np.uint64)


class WordHasher:
    """Stable 64-bit hashes of words, cached (a corpus repeats its words)."""

    def __init__(self) -> None:
        self._cache: dict[str, int] = {}

    def hashes(self, tokens: list[str]) -> np.ndarray:
        cache = self._cache
        return np.array([cache[t] if t in cache else self._add(t) for t in tokens], dtype=np.uint64)

    def _add(self, token: str) -> int:
        self._cache[token] = value = _stable_hash(token)
        return value

    def text_ngrams(self, text: str) -> np.ndarray:
        """The 8-gram hashes of ``text``, in order."""
        return ngram_hashes(self.hashes(words(text)))


def ngram_hashes(word_hashes: np.ndarray) -> np.ndarray:
    """Hashes of every run of ``N`` consecutive words (uint64 arithmetic wraps by design)."""
    count = len(word_hashes) - N + 1
    if count <= 0:
        return np.empty(0, dtype=np.uint64)
    combined = np.zeros(count, dtype=np.uint64)
    for k in range(N):
        combined += word_hashes[k : k + count] * _MULTIPLIERS[k]
    return combined


class Guard:
    """The 8-grams of protected texts: generated text that hits one is made again.

    A sorted array answers exactly; a bitmap of the hashes' low bits (2 MB, so it stays in the
    processor's cache between documents) sends only the few hashes that may be there to it.
    """

    _BITS = 1 << 24

    def __init__(self, hashes: Iterable[np.ndarray]) -> None:
        arrays = list(hashes)
        self._sorted = np.unique(np.concatenate(arrays)) if arrays else np.empty(0, np.uint64)
        self._bitmap = np.zeros(self._BITS // 8, dtype=np.uint8)
        low = (self._sorted & np.uint64(self._BITS - 1)).astype(np.int64)
        np.bitwise_or.at(self._bitmap, low >> 3, np.left_shift(1, low & 7).astype(np.uint8))

    def hits(self, hashes: np.ndarray) -> bool:
        if not len(self._sorted) or not len(hashes):
            return False
        low = (hashes & np.uint64(self._BITS - 1)).astype(np.int64)
        maybe = hashes[(self._bitmap[low >> 3] >> (low & 7)) & 1 == 1]
        if not len(maybe):
            return False
        places = np.searchsorted(self._sorted, maybe).clip(max=len(self._sorted) - 1)
        return bool((self._sorted[places] == maybe).any())


def exact_ngrams(text: str) -> set[str]:
    """The 8-grams of ``text`` as strings: the check counts with these, not with the hashes
    the generator uses, so a fault in the hashing cannot hide a shared 8-gram."""
    tokens = words(text)
    return {" ".join(tokens[i : i + N]) for i in range(len(tokens) - N + 1)}
