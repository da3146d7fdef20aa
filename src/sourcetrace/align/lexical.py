"""Lexical sentence similarity: stemmed content words, tf-isf cosine and Dice overlap.

The cheap, precise signal for same-language reuse. Matrices are sparse so that a long source
(thousands of sentences) against a long derived text stays fast and small.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import Stemmer
from scipy import sparse

from sourcetrace.model import Span
from sourcetrace.stopwords import reuse_stopwords

WORD = re.compile(r"\w+", re.UNICODE)
# The lexical language of a text in a language that PyStemmer has no stemmer for: such texts
# are stemmed, and their stop words left out, as English (as every text was before stemming
# followed the document's language).
FALLBACK_LANGUAGE = "en"


def lexical_language(language: str | None) -> str:
    """The language (ISO 639-1) whose Snowball stemmer and stop words a text in ``language``
    is compared under: its own where PyStemmer has a stemmer for it, else English."""
    if language is None:
        return FALLBACK_LANGUAGE
    try:
        stemmer(language)
    except KeyError:
        return FALLBACK_LANGUAGE
    return language


@lru_cache(maxsize=16)
def stemmer(language: str) -> Stemmer.Stemmer:
    """PyStemmer's Snowball stemmer for ``language`` (an ISO 639-1 code or an algorithm name).

    Raises:
        KeyError: PyStemmer has no stemmer for it.
    """
    return Stemmer.Stemmer(language)


@dataclass(frozen=True)
class Words:
    """Content words of a span: stems and their character offsets in the document."""

    stems: tuple[str, ...]
    starts: np.ndarray
    ends: np.ndarray


def content_word_offsets(text: str, span: Span, language: str = FALLBACK_LANGUAGE) -> Words:
    """The content words of ``text[span]``: lower-cased Snowball stems in ``language``
    (:func:`lexical_language`) of the word tokens that are not its stop words
    (:func:`~sourcetrace.stopwords.reuse_stopwords`), with their offsets in ``text``."""
    stopwords = reuse_stopwords(language)
    matches = [m for m in WORD.finditer(text, span.start, span.end) if m.group().lower() not in stopwords]
    return Words(
        stems=tuple(stemmer(language).stemWords([m.group().lower() for m in matches])),
        starts=np.array([m.start() for m in matches], dtype=np.int64),
        ends=np.array([m.end() for m in matches], dtype=np.int64),
    )


def content_words(text: str, language: str = FALLBACK_LANGUAGE) -> list[str]:
    """The stems of the content words of ``text`` (:func:`content_word_offsets`)."""
    stopwords = reuse_stopwords(language)
    words = [w for w in (m.lower() for m in WORD.findall(text)) if w not in stopwords]
    return stemmer(language).stemWords(words)


@dataclass(frozen=True)
class SentenceBags:
    """Per-sentence word bags of two texts over one shared vocabulary."""

    src: sparse.csr_matrix  # counts, one row per original sentence
    tgt: sparse.csr_matrix  # counts, one row per derived sentence

    @property
    def src_sizes(self) -> np.ndarray:
        return np.asarray((self.src > 0).sum(axis=1)).ravel()

    @property
    def tgt_sizes(self) -> np.ndarray:
        return np.asarray((self.tgt > 0).sum(axis=1)).ravel()


def stem_bags(src_stems: Sequence[Sequence[str]], tgt_stems: Sequence[Sequence[str]]) -> SentenceBags:
    """Count matrices of the stems of both texts' sentences (or units), one vocabulary."""
    vocabulary: dict[str, int] = {}
    src = _count_matrix(src_stems, vocabulary)
    tgt = _count_matrix(tgt_stems, vocabulary)
    width = len(vocabulary)
    src.resize((src.shape[0], width))
    tgt.resize((tgt.shape[0], width))
    return SentenceBags(src=src, tgt=tgt)


def _count_matrix(bags: Sequence[Sequence[str]], vocabulary: dict[str, int]) -> sparse.csr_matrix:
    indptr = [0]
    indices: list[int] = []
    for words in bags:
        for word in words:
            indices.append(vocabulary.setdefault(word, len(vocabulary)))
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float32)
    matrix = sparse.csr_matrix(
        (data, np.asarray(indices, dtype=np.int64), np.asarray(indptr, dtype=np.int64)),
        shape=(len(bags), max(len(vocabulary), 1)),
    )
    matrix.sum_duplicates()
    return matrix


@dataclass(frozen=True)
class PairScores:
    """Sentence pairs with any shared word, with their cosine and Dice similarity, the number
    of stems they share and the share of the smaller sentence's stems that the other holds."""

    src: np.ndarray  # original sentence index
    tgt: np.ndarray  # derived sentence index
    cosine: np.ndarray
    dice: np.ndarray
    shared: np.ndarray
    containment: np.ndarray


def pair_scores(
    bags: SentenceBags, rows: tuple[sparse.csr_matrix, sparse.csr_matrix]
) -> PairScores:
    """tf-isf cosine (``rows``: the bags' :func:`weighted_rows`) and Dice for every sentence
    pair that shares at least one stem."""
    src_w, tgt_w = rows
    src_b, tgt_b = (bags.src > 0).astype(np.float32), (bags.tgt > 0).astype(np.float32)
    shared = (src_b @ tgt_b.T).tocoo()
    cosine = (src_w @ tgt_w.T).tocsr()
    rows, cols = shared.row, shared.col
    cos_values = np.asarray(cosine[rows, cols]).ravel()
    src_sizes, tgt_sizes = bags.src_sizes[rows], bags.tgt_sizes[cols]
    dice = 2.0 * shared.data / np.maximum(src_sizes + tgt_sizes, 1)
    containment = shared.data / np.maximum(np.minimum(src_sizes, tgt_sizes), 1)
    order = np.lexsort((cols, rows))
    return PairScores(
        src=rows[order].astype(np.int64),
        tgt=cols[order].astype(np.int64),
        cosine=cos_values[order].astype(np.float64),
        dice=dice[order].astype(np.float64),
        shared=shared.data[order].astype(np.int64),
        containment=containment[order].astype(np.float64),
    )


def weighted_rows(bags: SentenceBags) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """Both sides' sentence rows, tf-isf weighted and scaled to unit length (empty rows stay 0).

    The isf weights come from the sentences of both texts together, so words that are common
    in this pair of documents count for less.
    """
    n_sentences = bags.src.shape[0] + bags.tgt.shape[0]
    doc_freq = np.asarray((bags.src > 0).sum(axis=0)).ravel() + np.asarray((bags.tgt > 0).sum(axis=0)).ravel()
    isf = np.log((n_sentences + 1) / (doc_freq + 1)).astype(np.float32) + 1.0
    return _l2_normalise(bags.src.multiply(isf).tocsr()), _l2_normalise(bags.tgt.multiply(isf).tocsr())


def _l2_normalise(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sparse.diags(1.0 / norms) @ matrix


def span_cosine(bags_rows: sparse.csr_matrix, other_rows: sparse.csr_matrix) -> float:
    """Cosine of two summed bags of sentences (a passage against a passage), plain tf."""
    a = np.asarray(bags_rows.sum(axis=0)).ravel()
    b = np.asarray(other_rows.sum(axis=0)).ravel()
    denominator = float(np.linalg.norm(a) * np.linalg.norm(b))
    return float(a @ b) / denominator if denominator else 0.0
