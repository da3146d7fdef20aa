"""Blocks from seeds: seeds close to each other on both sides are clustered into passages.

Clustering looks at distance, not order, so a passage may move. A cluster loses the partners of
a sentence that lie away from the rest of it and the weak seeds at its edges that only stretch
it; a cluster whose two sides are not similar as wholes is split with a smaller gap; a block
that spans a copy inserted from elsewhere is cut around it.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Callable
from operator import attrgetter

from sourcetrace.align.lexical import SentenceBags, span_cosine
from sourcetrace.align.seeds import copied_run
from sourcetrace.align.types import Block, Seed
from sourcetrace.config import PassageParams

__all__ = [
    "block_of",
    "cluster_seeds",
    "nearest_partners",
    "split_around_copies",
    "validated_blocks",
    "without_stray_edges",
]


def block_of(seeds: list[Seed], bags: SentenceBags, summary: bool = False) -> Block:
    """The block spanning ``seeds``, its similarity the cosine of its two sides as wholes."""
    src_start = min(s.src for s in seeds)
    src_end = max(s.src for s in seeds) + 1
    tgt_start = min(s.tgt for s in seeds)
    tgt_end = max(s.tgt for s in seeds) + 1
    similarity = span_cosine(bags.src[src_start:src_end], bags.tgt[tgt_start:tgt_end])
    return Block(src_start, src_end, tgt_start, tgt_end, tuple(seeds), similarity, summary)


def cluster_seeds(seeds: list[Seed], gap_src: int, gap_tgt: int) -> list[list[Seed]]:
    """Single-linkage clusters of seeds at most ``gap`` sentences apart on both sides."""
    ordered = sorted(seeds, key=lambda s: (s.tgt, s.src))
    parent = list(range(len(ordered)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    for a, first in enumerate(ordered):
        for b in range(a + 1, len(ordered)):
            second = ordered[b]
            if second.tgt - first.tgt > gap_tgt + 1:
                break
            if abs(second.src - first.src) <= gap_src + 1:
                parent[root(b)] = root(a)
    groups: dict[int, list[Seed]] = {}
    for k, seed in enumerate(ordered):
        groups.setdefault(root(k), []).append(seed)
    return sorted(groups.values(), key=lambda g: (g[0].tgt, g[0].src))


def nearest_partners(seeds: list[Seed], run_step: int) -> list[Seed]:
    """The cluster less the partners of a sentence that lie away from the rest of it: where a
    derived sentence matches several original sentences (or the other way round), the match
    the other seeds point to is the copy, a distant one a similar sentence elsewhere, which
    would stretch the passage over text that was not reused. Partners of one sentence at
    most ``run_step`` apart are one run of the other text (a sentence standing for a list of
    short lines, or for two halves of a split sentence)."""
    derived, original = attrgetter("tgt"), attrgetter("src")
    return _nearest(_nearest(seeds, derived, original, run_step), original, derived, run_step)


def _nearest(
    seeds: list[Seed], sentence: Callable[[Seed], int], partner: Callable[[Seed], int], run_step: int
) -> list[Seed]:
    """Of each ``sentence``'s several partners, those nearest (within one) to the partners of
    the other sentences, and the partners that run on from them in steps of ``run_step``."""
    by_sentence: dict[int, list[Seed]] = {}
    for seed in seeds:
        by_sentence.setdefault(sentence(seed), []).append(seed)
    everywhere = Counter(partner(s) for s in seeds)
    positions = sorted(everywhere)
    kept: list[Seed] = []
    for partners in by_sentence.values():
        own = Counter(partner(s) for s in partners)
        if len(partners) == 1 or own == everywhere:
            kept.extend(partners)
            continue
        distance = {s: _distance_to_others(partner(s), positions, everywhere, own) for s in partners}
        closest = min(distance.values())
        start = {s for s in partners if distance[s] <= closest + 1}
        kept.extend(_runs_through(partners, partner, start, run_step))
    return sorted(kept, key=lambda s: (s.tgt, s.src))


def _distance_to_others(value: int, positions: list[int], everywhere: Counter[int], own: Counter[int]) -> int:
    """The distance from ``value`` to the nearest of ``positions`` that another sentence's
    partner holds. Walking out from ``value`` skips only positions held by ``own`` partners,
    so this stays cheap when every sentence matches every other (a repeated sentence)."""
    at = bisect_left(positions, value)
    gaps = []
    for k, step in ((at, 1), (at - 1, -1)):
        while 0 <= k < len(positions) and everywhere[positions[k]] == own[positions[k]]:
            k += step
        if 0 <= k < len(positions):
            gaps.append(abs(positions[k] - value))
    return min(gaps)


def _runs_through(
    partners: list[Seed], partner: Callable[[Seed], int], start: set[Seed], run_step: int
) -> list[Seed]:
    """The partners in a run (consecutive partners at most ``run_step`` apart) that holds one
    of ``start``."""
    runs: list[list[Seed]] = []
    for seed in sorted(partners, key=lambda s: (partner(s), s.tgt, s.src)):
        if runs and partner(seed) - partner(runs[-1][-1]) <= run_step:
            runs[-1].append(seed)
        else:
            runs.append([seed])
    return [s for run in runs if start.intersection(run) for s in run]


def validated_blocks(
    seeds: list[Seed], bags: SentenceBags, gap: int, params: PassageParams
) -> list[Block]:
    """Cluster with ``gap``; split clusters that are not similar as a whole (under
    ``passage_cosine``) with a smaller gap, down to ``min_gap``."""
    blocks: list[Block] = []
    for group in cluster_seeds(seeds, gap, gap):
        group = nearest_partners(group, params.run_step)
        block = without_stray_edges(block_of(group, bags), bags, params)
        if block.similarity >= params.passage_cosine:
            blocks.append(block)
        elif len(group) > 1 and gap > params.min_gap:
            blocks.extend(validated_blocks(group, bags, gap // 2, params))
    return blocks


def without_stray_edges(block: Block, bags: SentenceBags, params: PassageParams) -> Block:
    """The block less the weak seeds at its edges, apart from the others, whose removal leaves a
    copied run (:func:`~sourcetrace.align.seeds.copied_run`) and makes the two sides more
    similar as wholes by at least ``stray_margin``: a weak match (under ``stray_cosine``) a
    few sentences off a copied run is a similar sentence elsewhere, which would stretch the
    passage over text that was not reused. (In a reworded passage every match is weak and
    sentences move, so nothing there is a stray.)"""
    while len(block.seeds) > 1:
        best = block
        for seed in _edge_seeds(block):
            others = [s for s in block.seeds if s is not seed]
            if seed.similarity >= params.stray_cosine or not copied_run(others, params):
                continue
            rest = block_of(others, bags)
            if rest.similarity >= best.similarity + params.stray_margin:
                best = rest
        if best is block:
            return block
        block = best
    return block


def _edge_seeds(block: Block) -> list[Seed]:
    """Seeds that alone hold one end of the block, on either side, and have no seed next to
    them (a copied run's first or last sentence, cut short, is next to the rest)."""
    edges = []
    for side, low, high in (("src", block.src_start, block.src_end - 1), ("tgt", block.tgt_start, block.tgt_end - 1)):
        for end in (low, high):
            holders = [s for s in block.seeds if getattr(s, side) == end]
            if len(holders) == 1 and holders[0] not in edges and not _has_neighbour(holders[0], block.seeds):
                edges.append(holders[0])
    return edges


def _has_neighbour(seed: Seed, seeds: tuple[Seed, ...]) -> bool:
    return any(
        other is not seed and abs(other.src - seed.src) <= 1 and abs(other.tgt - seed.tgt) <= 1 for other in seeds
    )


def split_around_copies(blocks: list[Block], bags: SentenceBags, params: PassageParams) -> list[Block]:
    """The blocks, each cut in two around a copied run (:func:`~sourcetrace.align.seeds.copied_run`)
    of another block that lies inside its derived span, where it has no seed of its own, and
    comes from elsewhere in the original: the derived text copied one passage into the middle
    of another, and a block spanning both would hide the inserted one (overlapping it on the
    derived side, one of the two would be dropped)."""
    copies = [b for b in blocks if copied_run(b.seeds, params)]
    result = []
    for block in blocks:
        parts = [block]
        for copy in copies:
            parts = [piece for part in parts for piece in _cut_around(part, copy, bags)]
        result.extend(parts)
    return result


def _cut_around(block: Block, copy: Block, bags: SentenceBags) -> list[Block]:
    inside = block.tgt_start < copy.tgt_start and copy.tgt_end < block.tgt_end
    if block is copy or not inside or block.overlaps_src(copy):
        return [block]
    if any(copy.tgt_start <= s.tgt < copy.tgt_end for s in block.seeds):
        return [block]
    before = [s for s in block.seeds if s.tgt < copy.tgt_start]
    after = [s for s in block.seeds if s.tgt >= copy.tgt_end]
    return [block_of(before, bags), block_of(after, bags)]
