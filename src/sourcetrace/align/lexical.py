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
    """Sentence pairs (those at a cosine floor, :func:`pair_scores`) with their cosine and
    Dice similarity, the number of stems they share and the share of the smaller sentence's
    stems that the other holds."""

    src: np.ndarray  # original sentence index
    tgt: np.ndarray  # derived sentence index
    cosine: np.ndarray
    dice: np.ndarray
    shared: np.ndarray
    containment: np.ndarray


def pair_scores(
    bags: SentenceBags,
    rows: tuple[sparse.csr_matrix, sparse.csr_matrix],
    most_repeat_pairs: int = 64,
    floor: float = 0.0,
    block_pairs: int = 2_000_000,
) -> PairScores:
    """tf-isf cosine (``rows``: the bags' :func:`weighted_rows`) and Dice for every sentence
    pair whose cosine reaches ``floor`` (the lowest cosine any seed needs; at 0, every pair
    that shares a stem).

    Scoring every pair that shares a stem grows with the square of the sentences (common
    stems are in thousands of them), in time and, kept, in memory. A pair can reach ``floor``
    only if the two share a stem among the rarer ones of each (the prefix filter of
    :func:`_prefixes`); the original sentences are taken in blocks that share a stem with
    about ``block_pairs`` derived sentences in all, each block is multiplied only with the
    derived sentences that are candidates for one of its sentences, and only the pairs that
    reach ``floor`` are kept. The scores are the full product's, to the bit.

    Identical sentences (the same stems, as often) are scored once. A sentence repeated on
    both sides (a list, a refrain, a page repeated) would pair every copy with every copy, as
    many seeds as the square of the copies, all tied, from which no passage builder can tell
    which copy went where. While they number at most ``most_repeat_pairs`` they are all
    kept, so that the passage builder picks the copy its neighbours point to (an instruction
    repeated three times on a page, twice in its copy); past it, each copy is paired with the
    copy nearest its relative position on the other side instead (the copies pair off in
    order, as a text compared with itself does), so the pairs grow with the text, not with its
    square. A sentence that appears once on one side keeps every copy on the other."""
    src_groups, tgt_groups = _identical_rows(bags.src), _identical_rows(bags.tgt)
    src_first, tgt_first = _first_of_groups(src_groups), _first_of_groups(tgt_groups)
    src_w, tgt_w = rows[0][src_first], rows[1][tgt_first]
    rows_u, cols_u = _reaching_pairs(src_w, tgt_w, floor, block_pairs)
    cos_values, shared = _scored(src_w, tgt_w, rows_u, cols_u, block_pairs)
    src_sizes, tgt_sizes = bags.src_sizes[src_first][rows_u], bags.tgt_sizes[tgt_first][cols_u]
    dice = 2.0 * shared / np.maximum(src_sizes + tgt_sizes, 1)
    containment = shared / np.maximum(np.minimum(src_sizes, tgt_sizes), 1)
    pair, src_index, tgt_index = _expanded(rows_u, cols_u, src_groups, tgt_groups, most_repeat_pairs)
    order = np.lexsort((tgt_index, src_index))
    pair = pair[order]
    return PairScores(
        src=src_index[order].astype(np.int64),
        tgt=tgt_index[order].astype(np.int64),
        cosine=cos_values[pair].astype(np.float64),
        dice=dice[pair].astype(np.float64),
        shared=shared[pair].astype(np.int64),
        containment=containment[pair].astype(np.float64),
    )


# How far below ``floor`` the prefix filter's bound is put, so that float32 rounding of a
# cosine (about 1e-6 on a sentence's few dozen stems) never loses a pair that reaches it.
_ROUNDING = 1e-4


def _reaching_pairs(
    src_w: sparse.csr_matrix, tgt_w: sparse.csr_matrix, floor: float, block_pairs: int
) -> tuple[np.ndarray, np.ndarray]:
    """The (original row, derived row) pairs whose cosine reaches ``floor``, in blocks of
    original rows that share a stem with about ``block_pairs`` derived rows in all."""
    src_p, tgt_p = _prefixes(src_w, tgt_w, floor)
    in_tgt = np.bincount(tgt_w.indices, minlength=tgt_w.shape[1])
    sharing = np.concatenate([[0], np.cumsum(in_tgt[src_w.indices])])
    ends = sharing[src_w.indptr[1:]]
    found_rows, found_cols = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
    start = 0
    while start < src_w.shape[0]:
        done = int(ends[start - 1]) if start else 0
        end = max(start + 1, int(np.searchsorted(ends, done + block_pairs, side="right")))
        # the derived rows that may reach the floor with some original row of the block
        near = np.unique((src_p[start:end] @ tgt_p.T).indices).astype(np.int64)
        if len(near):
            product = (src_w[start:end] @ tgt_w[near].T).tocoo()
            keep = product.data >= floor
            found_rows.append(product.row[keep].astype(np.int64) + start)
            found_cols.append(near[product.col[keep]])
        start = end
    return np.concatenate(found_rows), np.concatenate(found_cols)


def _prefixes(
    src_w: sparse.csr_matrix, tgt_w: sparse.csr_matrix, floor: float
) -> tuple[sparse.csr_matrix, sparse.csr_matrix]:
    """Both sides' rows' prefixes as 0/1 matrices: the pairs whose cosine may reach ``floor``
    are those that share a stem in the prefixes of both rows (the prefix filter of all-pairs
    similarity search, Bayardo, Ma and Srikant 2007).

    With the stems in one global order, rarest first, a row's suffix is its longest run of
    last (commonest) stems whose weights have a norm below ``floor``. If two rows share no
    stem in both prefixes, every stem they share lies in the suffix of the one whose prefix
    ends first, so their cosine is below that suffix's norm (Cauchy-Schwarz, unit rows), below
    ``floor``. A stem in every sentence weighs little, so it stays in the suffixes and pairs
    nothing."""
    frequency = np.bincount(src_w.indices, minlength=src_w.shape[1]) + np.bincount(
        tgt_w.indices, minlength=tgt_w.shape[1]
    )
    rank = np.empty(len(frequency), dtype=np.int64)
    rank[np.lexsort((np.arange(len(frequency)), frequency))] = np.arange(len(frequency))
    return _prefix(src_w, rank, floor), _prefix(tgt_w, rank, floor)


def _prefix(matrix: sparse.csr_matrix, rank: np.ndarray, floor: float) -> sparse.csr_matrix:
    row_of = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    order = np.lexsort((rank[matrix.indices], row_of))
    squares = matrix.data[order].astype(np.float64) ** 2
    # the squared norm of each stem with the stems after it in its row
    total = np.bincount(row_of, weights=squares, minlength=matrix.shape[0])
    before = np.cumsum(squares) - squares - np.repeat(np.cumsum(total) - total, np.diff(matrix.indptr))
    tail = total[row_of] - before
    bound = max(floor - _ROUNDING, 0.0)
    in_prefix = tail >= bound * bound if bound > 0 else np.ones(len(tail), dtype=bool)
    kept = order[in_prefix]
    return sparse.csr_matrix(
        (np.ones(len(kept), dtype=np.float32), (row_of[kept], matrix.indices[kept])), shape=matrix.shape
    )


def _scored(
    src_w: sparse.csr_matrix, tgt_w: sparse.csr_matrix, rows_u: np.ndarray, cols_u: np.ndarray, chunk_entries: int
) -> tuple[np.ndarray, np.ndarray]:
    """The cosine (float32) and the number of shared stems (as float32) of each pair.

    Each cosine is summed over the original row's stems in their stored order, in float32,
    as the sparse product ``src_w @ tgt_w.T`` sums it (a stem missing from the derived row
    adds 0), so the scores are the full product's to the bit; ``chunk_entries`` bounds the
    stems looked up at once."""
    width = np.int64(tgt_w.shape[1])
    tgt_rows = np.repeat(np.arange(tgt_w.shape[0], dtype=np.int64), np.diff(tgt_w.indptr))
    keys = tgt_rows * width + tgt_w.indices
    key_order = np.argsort(keys, kind="stable")
    keys, values = keys[key_order], tgt_w.data[key_order]
    lengths = np.diff(src_w.indptr)[rows_u].astype(np.int64)
    cosines = np.zeros(len(rows_u), dtype=np.float32)
    shared = np.zeros(len(rows_u), dtype=np.float32)
    ends = np.cumsum(lengths)
    start = 0
    while start < len(rows_u):
        done = int(ends[start - 1]) if start else 0
        end = max(start + 1, int(np.searchsorted(ends, done + chunk_entries, side="right")))
        cosines[start:end], shared[start:end] = _scored_chunk(
            src_w, rows_u[start:end], cols_u[start:end], lengths[start:end], keys, values, width
        )
        start = end
    return cosines, shared


def _scored_chunk(
    src_w: sparse.csr_matrix,
    rows_u: np.ndarray,
    cols_u: np.ndarray,
    lengths: np.ndarray,
    keys: np.ndarray,
    values: np.ndarray,
    width: np.int64,
) -> tuple[np.ndarray, np.ndarray]:
    ends = np.cumsum(lengths)
    offsets = np.arange(int(ends[-1]) if len(ends) else 0, dtype=np.int64) - np.repeat(ends - lengths, lengths)
    positions = np.repeat(src_w.indptr[rows_u].astype(np.int64), lengths) + offsets
    wanted = np.repeat(cols_u, lengths) * width + src_w.indices[positions]
    at = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    found = keys[at] == wanted
    products = src_w.data[positions] * np.where(found, values[at], np.float32(0.0))
    indptr = np.concatenate([[0], ends])
    # a matrix-vector product with ones sums each row's products in order, in float32
    summed = sparse.csr_matrix(
        (products, np.zeros(len(products), dtype=np.int64), indptr), shape=(len(rows_u), 1)
    ) @ np.ones(1, dtype=np.float32)
    counts = np.add.reduceat(found.astype(np.float32), indptr[:-1]) if len(products) else np.zeros(0, np.float32)
    return summed.astype(np.float32), counts


def _identical_rows(matrix: sparse.csr_matrix) -> np.ndarray:
    """Each row's group: rows with the same stems and counts share one, numbered in order of
    first appearance."""
    groups: dict[tuple[bytes, bytes], int] = {}
    ids = np.empty(matrix.shape[0], dtype=np.int64)
    for row in range(matrix.shape[0]):
        start, end = matrix.indptr[row], matrix.indptr[row + 1]
        key = (matrix.indices[start:end].tobytes(), matrix.data[start:end].tobytes())
        ids[row] = groups.setdefault(key, len(groups))
    return ids


def _first_of_groups(groups: np.ndarray) -> np.ndarray:
    return np.unique(groups, return_index=True)[1]


def _expanded(
    rows_u: np.ndarray, cols_u: np.ndarray, src_groups: np.ndarray, tgt_groups: np.ndarray, most_pairs: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The sentence pairs the pairs of groups stand for, as (index of the group pair, original
    sentence, derived sentence)."""
    src_members, tgt_members = _members(src_groups), _members(tgt_groups)
    src_count = np.array([len(m) for m in src_members], dtype=np.int64)
    tgt_count = np.array([len(m) for m in tgt_members], dtype=np.int64)
    single = (src_count[rows_u] == 1) & (tgt_count[cols_u] == 1)
    pairs = [np.flatnonzero(single)]
    srcs = [np.array([m[0] for m in src_members], dtype=np.int64)[rows_u[single]]]
    tgts = [np.array([m[0] for m in tgt_members], dtype=np.int64)[cols_u[single]]]
    scale = len(src_groups) / max(len(tgt_groups), 1)
    for k in np.flatnonzero(~single):
        src, tgt = src_members[rows_u[k]], tgt_members[cols_u[k]]
        if len(src) == 1 or len(tgt) == 1 or len(src) * len(tgt) <= most_pairs:
            src_all, tgt_all = np.repeat(src, len(tgt)), np.tile(tgt, len(src))
        else:
            src_all, tgt_all = _nearest_copies(src, tgt, scale)
        pairs.append(np.full(len(src_all), k, dtype=np.int64))
        srcs.append(src_all)
        tgts.append(tgt_all)
    return np.concatenate(pairs), np.concatenate(srcs), np.concatenate(tgts)


def _members(groups: np.ndarray) -> list[np.ndarray]:
    order = np.argsort(groups, kind="stable")
    bounds = np.flatnonzero(np.diff(groups[order])) + 1
    return np.split(order, bounds)


def _nearest_copies(src: np.ndarray, tgt: np.ndarray, scale: float) -> tuple[np.ndarray, np.ndarray]:
    """Each copy on either side with the copy on the other side nearest its relative
    position (``scale``: original sentences per derived sentence); ties to the earlier one."""
    base = int(tgt.max()) + 1
    codes = np.unique(np.concatenate([
        _nearest_member(src, tgt * scale) * base + tgt,
        src * base + _nearest_member(tgt, src / scale),
    ]))
    return codes // base, codes % base


def _nearest_member(members: np.ndarray, positions: np.ndarray) -> np.ndarray:
    """For each position, the member (of the sorted ``members``) nearest to it."""
    after = np.clip(np.searchsorted(members, positions), 0, len(members) - 1)
    before = np.clip(after - 1, 0, len(members) - 1)
    nearer_before = np.abs(members[before] - positions) <= np.abs(members[after] - positions)
    return np.where(nearer_before, members[before], members[after])


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
