"""Language-independent anchors: what a translation keeps whatever the language.

Numbers, transliterated names and country names survive translation nearly unchanged. A
sentence's anchors are a set of tokens (``#2019``, ``@skopj``, ``^MK``); two sentences that
share anchors are more likely a translation of each other, which helps the embedding signal
tell apart sentences on the same topic.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

import numpy as np
from anyascii import anyascii
from babel import Locale, UnknownLocaleError
from scipy import sparse

from sourcetrace.config import CrosslingualParams

__all__ = ["anchor_incidence", "anchor_matrix", "anchors"]

_NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f ]\d{3})*(?:[.,]\d+)?")
_WORD = re.compile(r"[^\W\d_][^\W_]*")
# Territory names in these languages are looked up in every text (babel has them all); the
# languages of the pair are added to them.
BASE_LANGUAGES = ("en", "de", "fr", "sq")


def anchors(
    text: str, languages: Iterable[str] = (), params: CrosslingualParams = CrosslingualParams()
) -> frozenset[str]:
    """The anchors of one sentence: numbers of ``params.anchor_min_digits`` digits or more
    (single digits are too common to tell sentences apart), capitalised names of
    ``params.anchor_min_name_chars`` characters or more after the first word, country codes.
    Names and countries are compared on their first ``params.name_prefix`` transliterated
    letters: inflection changes the ending ("Shkup", "Shkupit"; "Petrovska", "Petrovskës")."""
    found: set[str] = set()
    for match in _NUMBER.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if len(digits) >= params.anchor_min_digits:
            found.add("#" + digits.lstrip("0") if digits.strip("0") else "#0")
    prefix = params.name_prefix
    countries = _territory_prefixes(tuple(sorted(set(BASE_LANGUAGES) | set(languages))), prefix)
    for position, match in enumerate(_WORD.finditer(text)):
        word = match.group()
        key = anyascii(word).lower()[:prefix]
        if key in countries:
            found.add("^" + countries[key])
        elif position > 0 and word[0].isupper() and len(word) >= params.anchor_min_name_chars:
            found.add("@" + key)
    return frozenset(found)


@lru_cache(maxsize=8)
def _territory_prefixes(languages: tuple[str, ...], prefix: int) -> dict[str, str]:
    """Transliterated ``prefix``-letter prefixes of country names in ``languages`` -> ISO
    code, where the prefix names only one country."""
    codes: dict[str, set[str]] = {}
    for language in languages:
        try:
            territories = Locale.parse(language).territories
        except (UnknownLocaleError, ValueError):
            continue
        for code, name in territories.items():
            if not code.isalpha():
                continue  # numeric codes are regions (001 World, 150 Europe)
            first = anyascii(name.split()[0]).lower()
            if len(first) >= prefix:
                codes.setdefault(first[:prefix], set()).add(code)
    return {key: next(iter(found)) for key, found in codes.items() if len(found) == 1}


def anchor_incidence(
    src: Sequence[frozenset[str]], tgt: Sequence[frozenset[str]]
) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """0/1 matrices (sentence x anchor) of both sides over one shared anchor vocabulary."""
    vocabulary: dict[str, int] = {}
    a = _incidence(src, vocabulary)
    b = _incidence(tgt, vocabulary)
    width = max(len(vocabulary), 1)
    a.resize((a.shape[0], width))
    b.resize((b.shape[0], width))
    return a, b


def anchor_matrix(src: sparse.csr_matrix, tgt: sparse.csr_matrix) -> np.ndarray:
    """Dice overlap of the anchor sets of every sentence pair (0 where both sets are empty)."""
    shared = (src @ tgt.T).toarray()
    sizes = np.add.outer(np.diff(src.indptr), np.diff(tgt.indptr))
    return np.where(sizes > 0, 2.0 * shared / np.maximum(sizes, 1), 0.0)


def _incidence(sets: Sequence[frozenset[str]], vocabulary: dict[str, int]) -> sparse.csr_matrix:
    rows, cols = [], []
    for row, tokens in enumerate(sets):
        for token in sorted(tokens):
            rows.append(row)
            cols.append(vocabulary.setdefault(token, len(vocabulary)))
    data = np.ones(len(rows), dtype=np.float32)
    return sparse.csr_matrix(
        (data, (rows, cols)), shape=(len(sets), max(len(vocabulary), 1))
    )
