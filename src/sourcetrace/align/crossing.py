"""Crossing evidence: where a bead boundary cuts through a sentence's translation.

A translator who splits and joins sentences differently from the original leaves part of one
sentence translated in the neighbour of its partner ("..., 250 metres took two days." ->
"... cost hours. | Two days were needed for 250 metres. ..."). Sentence embeddings cannot see
this: the two 1-1 beads and the 2-2 bead that the translation really is cost about the same,
because each sentence pair stays close on the whole. Pieces of a sentence can see it. Each
sentence is cut into clause-sized pieces (at commas, colons, brackets; at most
``translation.piece_words`` words), the first and the last piece of each sentence are embedded (a clause
translated next door sits at a sentence's edge; the middle ones would double the embedding
time for nothing), and a bead pays for

- the share of its characters in pieces that are closer, by ``margin``, to a sentence just
  outside the bead on the other side than to every sentence inside it,
- each number of its sentences found just outside the bead on the other side but not in it
  (unless a sentence just outside the bead on its own side has it too: a year repeated in
  consecutive sentences says nothing about where they were translated), and
- a cut after a segment that ends in an initial or a short abbreviation ("durch B.M .",
  "Leiter Ch ."): a segmenter cut the sentence there, so the bead that ends there most likely
  leaves the rest of that sentence to the next one.

A pair of parallel 1-1 beads pays nothing either way, so this never merges sentences that
translate one by one; it only makes a cut through a sentence's translation cost something.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from sourcetrace.align.anchors import anchors
from sourcetrace.align.types import Embedder
from sourcetrace.config import CrosslingualParams, TranslationParams

__all__ = ["Crossings", "ends_in_abbreviation", "pieces"]

_BOUNDARY_END = ",;:()-\u2013\u2014\u00ab\u00bb?!"
_TOKEN = re.compile(r"\S+")
_WORDLIKE = re.compile(r"\w")
# An initial or a run of them ("B.M", "G. O"), or a capitalised two-letter abbreviation
# ("Ch", "Nr", "Dr"), then the final full stop, possibly after a space.
_ABBREVIATION_END = re.compile(r"(?:^|\s)(?:(?:[^\W\d_]\.\s?)*[^\W\d_a-z]|[^\W\d_a-z][^\W\d_A-Z])\s?\.$")


def pieces(sentence: str, max_words: int, min_words: int) -> list[str]:
    """Clause-sized pieces of a sentence, in order (the sentence itself if it has one): a
    piece ends at a clause boundary or after ``max_words`` words, whichever comes first; a
    piece of fewer than ``min_words`` words joins its neighbour (a lone "1956 ," says nothing)."""
    tokens = _TOKEN.findall(sentence)
    runs: list[list[str]] = []
    current: list[str] = []
    for token in tokens:
        current.append(token)
        if token[-1] in _BOUNDARY_END or _words(current) >= max_words:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    merged: list[list[str]] = []
    for run in runs:
        if merged and _words(run) < min_words:
            merged[-1] = merged[-1] + run
        else:
            merged.append(run)
    if len(merged) > 1 and _words(merged[0]) < min_words:
        merged[:2] = [merged[0] + merged[1]]
    return [" ".join(run) for run in merged] or [sentence]


def ends_in_abbreviation(sentence: str) -> bool:
    """Whether a segment ends with an initial or a short abbreviation and its full stop."""
    return bool(_ABBREVIATION_END.search(sentence.strip()))


def _words(tokens: list[str]) -> int:
    return sum(1 for token in tokens if _WORDLIKE.search(token))


@dataclass(frozen=True)
class _Side:
    """One text's pieces scored against the other text's sentences."""

    similarity: np.ndarray  # (pieces, other sentences), rescaled: 0 = a random pair
    owner: np.ndarray  # sentence of each piece
    chars: np.ndarray  # characters of each piece
    sentence_chars: np.ndarray  # characters in pieces, per sentence
    numbers: np.ndarray  # (sentences, numbers) 0/1, one vocabulary for both sides
    cut_after: np.ndarray  # per sentence: a bead ending after it cuts a sentence


class Crossings:
    """Crossing costs of the beads of two texts' sentences (see the module docstring).

    Pieces are embedded on the first call, so a comparison that never asks pays nothing.

    Args:
        src_sentences: The original sentences.
        tgt_sentences: The derived sentences.
        src_embeddings: Unit embeddings of the original sentences (rows).
        tgt_embeddings: Unit embeddings of the derived sentences.
        embedder: Embeds the pieces (the run's cache: a one-piece sentence costs nothing).
        params: The pieces' size (``piece_words``, ``min_piece_words``) and the costs:
            ``piece_margin`` (how much closer to an outside sentence a piece must be to
            count), ``piece_weight`` (the cost of a bead whose pieces all cross, on each
            side), ``number_weight`` (each crossing number) and ``abbreviation_weight`` (a
            bead that ends, on either side, right after a segment that ends in an
            abbreviation, unless the text ends there).
        anchor_params: What counts as a number (:func:`~sourcetrace.align.anchors.anchors`).
    """

    def __init__(
        self,
        src_sentences: Sequence[str],
        tgt_sentences: Sequence[str],
        src_embeddings: np.ndarray,
        tgt_embeddings: np.ndarray,
        embedder: Embedder,
        params: TranslationParams,
        anchor_params: CrosslingualParams = CrosslingualParams(),
    ) -> None:
        self._texts = (list(src_sentences), list(tgt_sentences))
        self._embeddings = (src_embeddings, tgt_embeddings)
        self._embedder = embedder
        self._params = params
        self._anchor_params = anchor_params
        self.margin = params.piece_margin
        self.piece_weight = params.piece_weight
        self.number_weight = params.number_weight
        self.abbreviation_weight = params.abbreviation_weight

    @cached_property
    def _sides(self) -> tuple[_Side, _Side]:
        src_texts, tgt_texts = self._texts
        src_numbers, tgt_numbers = _number_incidence(src_texts, tgt_texts, self._anchor_params)
        size = (self._params.piece_words, self._params.min_piece_words)
        src_split = [pieces(text, *size) for text in src_texts]
        tgt_split = [pieces(text, *size) for text in tgt_texts]
        src_edges = [_edges(parts) for parts in src_split]
        tgt_edges = [_edges(parts) for parts in tgt_split]
        # one call for both sides: the embedder starts its worker processes once
        flat = [piece for split in (src_edges, tgt_edges) for parts in split for piece in parts]
        embedded = np.asarray(self._embedder(flat), dtype=np.float64).reshape(len(flat), -1)
        src_count = sum(len(parts) for parts in src_edges)
        return (
            _side(src_texts, src_split, src_edges, embedded[:src_count], self._embeddings[1], src_numbers),
            _side(tgt_texts, tgt_split, tgt_edges, embedded[src_count:], self._embeddings[0], tgt_numbers),
        )

    def __call__(self, a: int, b: int, i: int, j: np.ndarray) -> np.ndarray:
        """Crossing cost of the beads of original sentences ``[i - a, i)`` with derived
        sentences ``[j - b, j)`` for each ``j``."""
        src, tgt = self._sides
        cost = self._src_cost(src, tgt, a, b, i, j)
        tgt_cost = self._tgt_cost(src, tgt, a, b, i)  # per derived run end, all of them
        cuts = int(src.cut_after[i - 1]) + tgt.cut_after[j - 1].astype(np.float64)
        return cost + tgt_cost[j] + self.abbreviation_weight * cuts

    def _src_cost(self, src: _Side, tgt: _Side, a: int, b: int, i: int, j: np.ndarray) -> np.ndarray:
        """The original side's pieces and numbers against each derived run ``[j - b, j)``."""
        mine = np.flatnonzero((src.owner >= i - a) & (src.owner < i))
        crossing = _crossing(src.similarity[mine], b, j, self.margin)
        share = (crossing * src.chars[mine, None]).sum(axis=0) / max(float(src.sentence_chars[i - a : i].sum()), 1.0)
        ends = np.array([i])
        numbers = (_within(src.numbers, a, ends) & ~_beside(src.numbers, a, ends))[0]
        crossed = _outside_only(tgt.numbers[:, numbers], b, j).sum(axis=1)
        return self.piece_weight * share + self.number_weight * crossed

    def _tgt_cost(self, src: _Side, tgt: _Side, a: int, b: int, i: int) -> np.ndarray:
        """The derived side's pieces and numbers against original run ``[i - a, i)``, for
        every derived run of ``b`` sentences (index: its end)."""
        crossing = _crossing(tgt.similarity, a, np.array([i]), self.margin)[:, 0]
        m = len(tgt.sentence_chars)
        crossing_chars = np.bincount(tgt.owner, weights=crossing * tgt.chars, minlength=m)
        per_run = _run_sums(crossing_chars, b) / np.maximum(_run_sums(tgt.sentence_chars, b), 1.0)
        numbers = tgt.numbers[:, _outside_only(src.numbers, a, np.array([i]))[0]]
        ends = np.arange(m + 1)
        crossed = (_within(numbers, b, ends) & ~_beside(numbers, b, ends)).sum(axis=1)
        crossed[:b] = 0  # no run of b sentences ends there
        return self.piece_weight * per_run + self.number_weight * crossed


def _edges(parts: list[str]) -> list[str]:
    """The first and last piece of a sentence: only a clause at a sentence's edge can be
    translated in the neighbour of its partner (the middle ones are not embedded)."""
    return parts if len(parts) <= 2 else [parts[0], parts[-1]]


def _side(
    texts: list[str],
    split: list[list[str]],
    edges: list[list[str]],
    embedded: np.ndarray,
    other: np.ndarray,
    numbers: np.ndarray,
) -> _Side:
    """One text's edge pieces (``edges``, embedded as ``embedded``) scored against the other
    text's sentences (``other``, unit rows); ``split`` holds all the pieces."""
    owner = np.array([k for k, parts in enumerate(edges) for _ in parts], dtype=np.int64)
    chars = np.array([len(piece) for parts in edges for piece in parts], dtype=np.float64)
    cosine = embedded @ np.asarray(other, dtype=np.float64).T
    if cosine.size:
        # each cosine against the piece's and the sentence's own background, as the
        # sentence scores are (crosslingual.rescale), so that pieces compare fairly
        background = (cosine.mean(axis=1, keepdims=True) + cosine.mean(axis=0, keepdims=True)) / 2
        cosine = (cosine - background) / np.maximum(1.0 - background, 1e-6)
    # float32 halves the largest array of a comparison (pieces x other sentences)
    similarity = cosine.astype(np.float32)
    # middle pieces count with their length, none of them crossing
    sentence_chars = np.array([sum(len(piece) for piece in parts) for parts in split], dtype=np.float64)
    # a bead ending at the text's end cuts nothing
    cut_after = np.array([ends_in_abbreviation(text) for text in texts[:-1]] + [False])
    return _Side(similarity, owner, chars, sentence_chars, numbers, cut_after)


def _crossing(similarity: np.ndarray, size: int, ends: np.ndarray, margin: float) -> np.ndarray:
    """(pieces, ends): whether each piece is closer, by ``margin``, to a sentence just before
    or after the run ``[end - size, end)`` of the other text than to every sentence in it."""
    count = similarity.shape[1]
    inside = np.full((similarity.shape[0], len(ends)), -np.inf)
    for offset in range(size):
        column = ends - size + offset
        valid = (column >= 0) & (column < count)
        inside[:, valid] = np.maximum(inside[:, valid], similarity[:, column[valid]])
    outside = np.full_like(inside, -np.inf)
    for column in (ends - size - 1, ends):
        valid = (column >= 0) & (column < count)
        outside[:, valid] = np.maximum(outside[:, valid], similarity[:, column[valid]])
    return outside - inside > margin


def _outside_only(numbers: np.ndarray, size: int, ends: np.ndarray) -> np.ndarray:
    """(ends, numbers): the numbers of the sentences just before or after each run
    ``[end - size, end)`` that no sentence of the run has."""
    return _beside(numbers, size, ends) & ~_within(numbers, size, ends)


def _within(numbers: np.ndarray, size: int, ends: np.ndarray) -> np.ndarray:
    """(ends, numbers): the numbers of the sentences of each run ``[end - size, end)``."""
    return _any_of_rows(numbers, [ends - size + offset for offset in range(size)])


def _beside(numbers: np.ndarray, size: int, ends: np.ndarray) -> np.ndarray:
    """(ends, numbers): the numbers of the sentences just before and just after each run
    ``[end - size, end)`` (a number repeated there belongs to the neighbour as much)."""
    return _any_of_rows(numbers, [ends - size - 1, ends])


def _any_of_rows(numbers: np.ndarray, rows: list[np.ndarray]) -> np.ndarray:
    found = np.zeros((len(rows[0]), numbers.shape[1]), dtype=bool)
    for row in rows:
        valid = (row >= 0) & (row < numbers.shape[0])
        found[valid] |= numbers[row[valid]]
    return found


def _run_sums(values: np.ndarray, size: int) -> np.ndarray:
    """Sums over every run of ``size`` consecutive values, indexed by the run's end (0 where
    no run of that size ends)."""
    totals = np.concatenate([[0.0], np.cumsum(values)])
    sums = np.zeros(len(values) + 1)
    sums[size:] = totals[size:] - totals[:-size]
    return sums


def _number_incidence(
    src_texts: list[str], tgt_texts: list[str], params: CrosslingualParams
) -> tuple[np.ndarray, np.ndarray]:
    """0/1 (sentence, number) matrices of both texts over one vocabulary of numbers."""
    src_sets = [_numbers(text, params) for text in src_texts]
    tgt_sets = [_numbers(text, params) for text in tgt_texts]
    vocabulary = {number: k for k, number in enumerate(sorted(set().union(*src_sets, *tgt_sets)))}

    def incidence(sets: list[frozenset[str]]) -> np.ndarray:
        matrix = np.zeros((len(sets), len(vocabulary)), dtype=bool)
        for row, numbers in enumerate(sets):
            matrix[row, [vocabulary[n] for n in numbers]] = True
        return matrix

    return incidence(src_sets), incidence(tgt_sets)


def _numbers(text: str, params: CrosslingualParams) -> frozenset[str]:
    """The number anchors of a sentence (names are left out: a German noun is capitalised,
    and a name repeated in the next sentence is common)."""
    return frozenset(anchor for anchor in anchors(text, (), params) if anchor.startswith("#"))
