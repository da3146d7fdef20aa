"""Blocks grown over the weak seeds and the units around them.

A weak seed (a pair too little alike to start a passage) joins a passage it lies next to: a
lone seed takes in the weak seeds that run on from it in step, or two or more that lie around
it in any order; a passage that stands takes in weak seeds right next to it, then grows one
unit at a time while that makes its two sides more alike.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sourcetrace.align.clusters import block_of
from sourcetrace.align.lexical import SentenceBags, span_cosine
from sourcetrace.align.seeds import copied_run
from sourcetrace.align.types import Block, Seed, SeedIndex
from sourcetrace.config import PassageParams

__all__ = ["extend_block", "extended", "with_diagonal_run", "with_weak_company", "with_weak_neighbours"]


def with_diagonal_run(block: Block, weak: Mapping[tuple[int, int], Seed], bags: SentenceBags) -> Block:
    """A one-seed block grown over the weak seeds (by original and derived index) that run on
    from its seed in step on both sides (the next sentence of each text, and the next): a
    lone moderate match is most often two texts sharing a topic, but one whose neighbours
    match in order is a run of heavily reworded sentences."""
    if len(block.seeds) != 1:
        return block
    run = list(block.seeds)
    for step in (1, -1):
        src, tgt = block.seeds[0].src + step, block.seeds[0].tgt + step
        while (src, tgt) in weak:
            run.append(weak[(src, tgt)])
            src, tgt = src + step, tgt + step
    return block if len(run) == 1 else block_of(sorted(run, key=lambda s: (s.tgt, s.src)), bags)


def with_weak_company(
    block: Block, weak: Sequence[Seed] | SeedIndex, bags: SentenceBags, reach: int, company: int
) -> Block:
    """A one-seed block grown over the weak seeds around its seed (:func:`with_weak_neighbours`)
    when ``company`` or more of them are there, in any order: random rewording shuffles and
    replaces so many words that only one sentence of a passage still seeds, while its
    neighbours keep a few words each of the neighbours of its source. Two texts sharing a
    topic give a lone match, seldom one with weak matches beside it in both texts."""
    if len(block.seeds) != 1:
        return block
    grown = with_weak_neighbours(block, weak, bags, 0, bags.tgt.shape[0], reach)
    return grown if len(grown.seeds) > company else block


def with_weak_neighbours(
    block: Block, weak: Sequence[Seed] | SeedIndex, bags: SentenceBags, tgt_floor: int, tgt_ceiling: int, reach: int
) -> Block:
    """The block grown over weak seeds just outside it: within ``reach`` units of one of its
    seeds on both sides, pairing two sentences that none of its seeds holds. The first or
    last sentence of a heavily reworded passage shares few words with its source, yet lies
    where the rest of the passage says it should. The derived side stays within
    ``[tgt_floor, tgt_ceiling)`` (other passages' derived text). The weak seeds join in their
    order (``weak``: a list, or the pair's index of them, built once for every block)."""
    index = weak if isinstance(weak, SeedIndex) else SeedIndex.of(weak)
    seeds = list(block.seeds)
    while joining := _first_weak_neighbour(index, seeds, tgt_floor, tgt_ceiling, reach):
        seeds.append(joining)
    if len(seeds) == len(block.seeds):
        return block
    return block_of(sorted(seeds, key=lambda s: (s.tgt, s.src)), bags, block.summary)


def _first_weak_neighbour(
    index: SeedIndex, seeds: list[Seed], tgt_floor: int, tgt_ceiling: int, reach: int
) -> Seed | None:
    # a neighbour lies outside the seeds' span on one side and within reach of a seed on
    # both, so it is on one of the ``reach`` units past either end of the span on one side
    src_low, src_high = min(s.src for s in seeds), max(s.src for s in seeds)
    tgt_low, tgt_high = min(s.tgt for s in seeds), max(s.tgt for s in seeds)
    near = index.near(
        [*range(src_low - reach, src_low), *range(src_high + 1, src_high + reach + 1)],
        [*range(tgt_low - reach, tgt_low), *range(tgt_high + 1, tgt_high + reach + 1)],
    )
    return next((w for w in near if tgt_floor <= w.tgt < tgt_ceiling and _weak_neighbour(w, seeds, reach)), None)


def _weak_neighbour(weak: Seed, seeds: list[Seed], reach: int) -> bool:
    if any(s.src == weak.src or s.tgt == weak.tgt for s in seeds):
        return False
    outside = (
        weak.src < min(s.src for s in seeds)
        or weak.src > max(s.src for s in seeds)
        or weak.tgt < min(s.tgt for s in seeds)
        or weak.tgt > max(s.tgt for s in seeds)
    )
    return outside and any(abs(s.src - weak.src) <= reach and abs(s.tgt - weak.tgt) <= reach for s in seeds)


def extended(blocks: list[Block], weak: Sequence[Seed] | SeedIndex, bags: SentenceBags, params: PassageParams) -> list[Block]:
    """Sentence-level blocks grown at their edges, each kept clear of its neighbours' derived
    text (blocks come sorted by derived position): over weak seeds next to them
    (:func:`with_weak_neighbours`), unless they are copies, which end where the same words
    do; then while that makes their two sides more alike (:func:`extend_block`)."""
    grown: list[Block] = []
    for k, block in enumerate(blocks):
        if block.summary:
            grown.append(block)
            continue
        floor = grown[-1].tgt_end if grown else 0
        ceiling = blocks[k + 1].tgt_start if k + 1 < len(blocks) else bags.tgt.shape[0]
        if not copied_run(block.seeds, params):
            block = with_weak_neighbours(block, weak, bags, floor, ceiling, params.weak_reach)
        grown.append(extend_block(block, bags, floor, ceiling, params.extend_steps))
    return grown


# Ways to grow a block by one unit: (tgt start, tgt end, src start, src end) deltas.
_GROWTH = (
    (-1, 0, 0, 0), (0, 1, 0, 0), (0, 0, -1, 0), (0, 0, 0, 1),
    (-1, 0, -1, 0), (0, 1, 0, 1), (-1, 0, 0, 1), (0, 1, -1, 0),
)


def extend_block(block: Block, bags: SentenceBags, tgt_floor: int, tgt_ceiling: int, steps: int) -> Block:
    """Grow ``block`` one unit at a time (at most ``steps`` times), on either side or both,
    while that makes its two sides more similar as wholes: seeds miss the first or last
    sentence of a reworded passage when that sentence is short or heavily changed, yet its
    words still belong with the rest. The derived side stays within
    ``[tgt_floor, tgt_ceiling)`` (other passages' derived text)."""
    n_src = bags.src.shape[0]
    for _ in range(steps):
        best = block
        for dt0, dt1, ds0, ds1 in _GROWTH:
            t0, t1, s0, s1 = block.tgt_start + dt0, block.tgt_end + dt1, block.src_start + ds0, block.src_end + ds1
            if t0 < tgt_floor or t1 > tgt_ceiling or s0 < 0 or s1 > n_src:
                continue
            similarity = span_cosine(bags.src[s0:s1], bags.tgt[t0:t1])
            if similarity > best.similarity:
                best = Block(s0, s1, t0, t1, block.seeds, similarity, block.summary)
        if best is block:
            break
        block = best
    return block
