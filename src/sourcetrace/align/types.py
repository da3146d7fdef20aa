"""The data the aligners pass between their stages: seeds, blocks, beads and sentence vectors.

Indices are positions in a text's alignment units (sentences, or chunks of overlong ones;
:mod:`.units`), never characters: the passage builder turns blocks into character spans only
at the end (:mod:`.passages`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

__all__ = ["Bead", "Block", "Embedder", "Seed", "SeedIndex", "SentenceVectors"]

# Embeds a list of texts into unit-length rows (an EmbeddingCache in practice).
Embedder = Callable[[Sequence[str]], np.ndarray]


@dataclass(frozen=True)
class Seed:
    """Original unit ``src`` matches derived unit ``tgt`` with ``similarity``."""

    src: int
    tgt: int
    similarity: float


@dataclass(frozen=True)
class SeedIndex:
    """Seeds in their order, found by the unit they pair on either side: a stage that looks
    for the seeds near a block looks at those, not at every seed of the pair (which made
    growing every block quadratic in the sentences)."""

    seeds: tuple[Seed, ...]
    by_src: Mapping[int, tuple[int, ...]]  # original unit -> positions in ``seeds``
    by_tgt: Mapping[int, tuple[int, ...]]

    @classmethod
    def of(cls, seeds: Iterable[Seed]) -> SeedIndex:
        ordered = tuple(seeds)
        by_src: defaultdict[int, list[int]] = defaultdict(list)
        by_tgt: defaultdict[int, list[int]] = defaultdict(list)
        for position, seed in enumerate(ordered):
            by_src[seed.src].append(position)
            by_tgt[seed.tgt].append(position)
        return cls(ordered, {u: tuple(p) for u, p in by_src.items()}, {u: tuple(p) for u, p in by_tgt.items()})

    def near(self, src_units: Iterable[int], tgt_units: Iterable[int]) -> list[Seed]:
        """The seeds on any of ``src_units`` or of ``tgt_units``, in their order."""
        positions = {p for u in src_units for p in self.by_src.get(u, ())}
        positions.update(p for u in tgt_units for p in self.by_tgt.get(u, ()))
        return [self.seeds[p] for p in sorted(positions)]


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
