"""The data the aligners pass between their stages: seeds, blocks, beads and sentence vectors.

Indices are positions in a text's alignment units (sentences, or chunks of overlong ones;
:mod:`.units`), never characters: the passage builder turns blocks into character spans only
at the end (:mod:`.passages`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

__all__ = ["Bead", "Block", "Embedder", "Seed", "SentenceVectors"]

# Embeds a list of texts into unit-length rows (an EmbeddingCache in practice).
Embedder = Callable[[Sequence[str]], np.ndarray]


@dataclass(frozen=True)
class Seed:
    """Original unit ``src`` matches derived unit ``tgt`` with ``similarity``."""

    src: int
    tgt: int
    similarity: float


@dataclass(frozen=True)
class Block:
    """A passage in unit indices: original units ``[src_start, src_end)`` and derived units
    ``[tgt_start, tgt_end)``, with the seeds that support it."""

    src_start: int
    src_end: int
    tgt_start: int
    tgt_end: int
    seeds: tuple[Seed, ...]
    similarity: float
    summary: bool = False

    def overlaps_tgt(self, other: Block) -> bool:
        return self.tgt_start < other.tgt_end and other.tgt_start < self.tgt_end

    def overlaps_src(self, other: Block) -> bool:
        return self.src_start < other.src_end and other.src_start < self.src_end

    def contains_tgt(self, other: Block) -> bool:
        """Whether ``other``'s derived units all lie inside this block's."""
        return self.tgt_start <= other.tgt_start and other.tgt_end <= self.tgt_end


@dataclass(frozen=True)
class Bead:
    """Original sentences ``src`` aligned with derived sentences ``tgt`` (either may be empty:
    a sentence left unlinked) by a whole-document aligner."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    similarity: float


@dataclass(frozen=True)
class SentenceVectors:
    """Per-sentence vectors of one text for a whole-document aligner (unit rows, dense or
    sparse) and the sentences' lengths in characters."""

    rows: np.ndarray | sparse.csr_matrix
    lengths: np.ndarray

    def __len__(self) -> int:
        return self.rows.shape[0]

    def select(self, indices: Sequence[int]) -> SentenceVectors:
        index = np.asarray(indices, dtype=np.int64)
        return SentenceVectors(self.rows[index], self.lengths[index])
