"""Document mode: turn the passage builder's blocks into a whole-document alignment.

Reuse of a whole text still moves things around: a paragraph goes to the end, a quote comes
first. The passage builder finds such moves (it clusters by distance, not order). Its blocks
are split into the heaviest chain that is in order on both sides (the spine of the document)
and the moved blocks. The spine's sentences, all of them, not only the seeded ones, are aligned
by the monotonic aligner (:func:`~sourcetrace.align.document.align_monotonic`); each moved block
is aligned on its own. Linked beads are then cut into passages wherever the path skips more
than ``gap`` sentences or jumps.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence

from sourcetrace.align.document import align_monotonic
from sourcetrace.align.types import Bead, Block, Seed, SentenceVectors
from sourcetrace.config import DocumentParams

__all__ = ["bead_blocks", "document_blocks", "mostly_mapped"]


def mostly_mapped(blocks: Sequence[Block], n_src: int, n_tgt: int, share: float) -> bool:
    """Most of each text is reused in the other (linked units hold at least ``share`` of each
    text's ``n_src`` and ``n_tgt`` units, and nothing is a summary): a translation or rewrite
    of the whole, best linked by a whole-document alignment."""
    if not blocks or any(b.summary for b in blocks):
        return False
    src_linked = {s.src for b in blocks for s in b.seeds}
    tgt_linked = {s.tgt for b in blocks for s in b.seeds}
    return len(src_linked) >= share * n_src and len(tgt_linked) >= share * n_tgt


def document_blocks(
    blocks: Sequence[Block],
    src: SentenceVectors,
    tgt: SentenceVectors,
    gap: int,
    params: DocumentParams = DocumentParams(),
) -> list[Block]:
    """Blocks (passages in unit indices) whose seeds are the beads of a document alignment.

    Args:
        blocks: The passage builder's blocks; their seeds guide the aligner's band.
        src: Vectors of the original units.
        tgt: Vectors of the derived units.
        gap: Unlinked units on either side after which a passage ends.
        params: The monotonic aligner's costs.

    Returns:
        Blocks sorted by derived position; a bead of n-m units gives n x m seeds.
    """
    spine, moved = _spine(_monotone_runs(blocks))
    anchors = [(s.src, s.tgt) for b in spine for s in b.seeds]
    # A moved block's range can enclose units the spine links (a paragraph moved past its
    # neighbours): those stay with the spine.
    spine_src = {i for i, _ in anchors}
    spine_tgt = {j for _, j in anchors}
    moved_rows = [
        (
            [i for i in range(b.src_start, b.src_end) if i not in spine_src],
            [j for j in range(b.tgt_start, b.tgt_end) if j not in spine_tgt],
            b,
        )
        for b in moved
    ]
    moved_src = {i for rows, _, _ in moved_rows for i in rows}
    moved_tgt = {j for _, cols, _ in moved_rows for j in cols}
    src_keep = [i for i in range(len(src)) if i not in moved_src]
    tgt_keep = [j for j in range(len(tgt)) if j not in moved_tgt]
    beads = _aligned(src, tgt, src_keep, tgt_keep, anchors, params)
    for rows, cols, block in moved_rows:
        beads += _aligned(src, tgt, rows, cols, [(s.src, s.tgt) for s in block.seeds], params)
    return bead_blocks([b for b in beads if b.src and b.tgt], gap)


def _monotone_runs(blocks: Sequence[Block]) -> list[Block]:
    """Blocks cut where their seeds go backwards on the original side: the passage builder
    groups nearby seeds whatever their order, and a paragraph moved a few sentences away
    lands in the same block. A block that goes backwards keeps its longest run in order on
    both sides whole, and only the rest is cut: a sentence repeated in both texts pairs each
    copy with both, and cutting at the first crossed pair tore the copy in two."""
    runs: list[Block] = []
    for block in blocks:
        cut = _cut_where_backwards(block.seeds, block)
        if len(cut) > 1:
            chain = _in_order(block.seeds)
            in_chain = set(chain)
            rest = [s for s in block.seeds if s not in in_chain]
            cut = [_seed_block(chain, block), *_cut_where_backwards(rest, block)] if rest else [_seed_block(chain, block)]
        runs += cut
    return runs


def _cut_where_backwards(seeds: Sequence[Seed], block: Block) -> list[Block]:
    runs: list[Block] = []
    current: list[Seed] = []
    furthest = -1  # the furthest original unit of the current run (a running maximum: the
    # maximum taken again at every seed was quadratic in a long run)
    for seed in sorted(seeds, key=lambda s: (s.tgt, s.src)):
        if current and seed.src < furthest:
            runs.append(_seed_block(current, block))
            current = []
        current.append(seed)
        furthest = seed.src if len(current) == 1 else max(furthest, seed.src)
    runs.append(_seed_block(current, block))
    return runs


def _in_order(seeds: Sequence[Seed]) -> list[Seed]:
    """The longest chain of seeds increasing on both sides (patience sorting), by derived
    position; of equally long ones, the first found."""
    # by original position, and on one original unit the later derived one first, so that a
    # chain increasing in the derived position increases strictly in both
    ordered = sorted(seeds, key=lambda s: (s.src, -s.tgt))
    tails: list[int] = []
    tail_at: list[int] = []
    previous = [-1] * len(ordered)
    for k, seed in enumerate(ordered):
        place = bisect.bisect_left(tails, seed.tgt)
        previous[k] = tail_at[place - 1] if place else -1
        if place == len(tails):
            tails.append(seed.tgt)
            tail_at.append(k)
        else:
            tails[place], tail_at[place] = seed.tgt, k
    chain: list[Seed] = []
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        chain.append(ordered[k])
        k = previous[k]
    return chain[::-1]


def _seed_block(seeds: list[Seed], parent: Block) -> Block:
    return Block(
        min(s.src for s in seeds), max(s.src for s in seeds) + 1,
        min(s.tgt for s in seeds), max(s.tgt for s in seeds) + 1,
        tuple(seeds), parent.similarity, parent.summary,
    )


def _spine(blocks: Sequence[Block]) -> tuple[list[Block], list[Block]]:
    """The chain of blocks in order on both sides with the most seeds, and the rest."""
    ordered = sorted(blocks, key=lambda b: (b.tgt_start, b.src_start))
    weight = [len(b.seeds) for b in ordered]
    best = list(weight)
    previous = [-1] * len(ordered)
    for k, block in enumerate(ordered):
        for p in range(k):
            other = ordered[p]
            if other.src_end <= block.src_start and other.tgt_end <= block.tgt_start:
                if best[p] + weight[k] > best[k]:
                    best[k], previous[k] = best[p] + weight[k], p
    chain: set[int] = set()
    k = max(range(len(ordered)), key=lambda q: (best[q], -q)) if ordered else -1
    while k >= 0:
        chain.add(k)
        k = previous[k]
    spine = [b for q, b in enumerate(ordered) if q in chain]
    moved = [b for q, b in enumerate(ordered) if q not in chain]
    return spine, moved


def _aligned(
    src: SentenceVectors,
    tgt: SentenceVectors,
    rows: list[int],
    cols: list[int],
    anchors: list[tuple[int, int]],
    params: DocumentParams,
) -> list[Bead]:
    """Beads of the monotonic alignment of the units ``rows`` with ``cols`` (unit indices)."""
    row_at = {i: k for k, i in enumerate(rows)}
    col_at = {j: k for k, j in enumerate(cols)}
    local = [(row_at[i], col_at[j]) for i, j in anchors if i in row_at and j in col_at]
    beads = align_monotonic(src.select(rows), tgt.select(cols), local, params)
    return [
        Bead(tuple(rows[k] for k in b.src), tuple(cols[k] for k in b.tgt), b.similarity)
        for b in beads
    ]


def bead_blocks(beads: list[Bead], gap: int) -> list[Block]:
    """Linked beads grouped into passages: consecutive beads stay together while both sides
    move forward by at most ``gap`` units, none of them linked elsewhere. A passage that
    stepped over units another bead links (the derived text moved them) would hold, on that
    side, text it does not reuse, and overlap the passage that does."""
    src_linked = {i for bead in beads for i in bead.src}
    tgt_linked = {j for bead in beads for j in bead.tgt}
    groups: list[list[Bead]] = []
    for bead in sorted(beads, key=lambda b: (b.tgt[0], b.src[0])):
        if groups:
            last = groups[-1][-1]
            src_skipped = range(last.src[-1] + 1, bead.src[0])
            tgt_skipped = range(last.tgt[-1] + 1, bead.tgt[0])
            if (
                bead.src[0] > last.src[-1]
                and bead.tgt[0] > last.tgt[-1]
                and len(src_skipped) <= gap
                and len(tgt_skipped) <= gap
                and src_linked.isdisjoint(src_skipped)
                and tgt_linked.isdisjoint(tgt_skipped)
            ):
                groups[-1].append(bead)
                continue
        groups.append([bead])
    return [_block(group) for group in groups]


def _block(beads: list[Bead]) -> Block:
    seeds = tuple(
        Seed(i, j, bead.similarity) for bead in beads for i in bead.src for j in bead.tgt
    )
    similarity = sum(b.similarity * (len(b.src) + len(b.tgt)) for b in beads) / sum(
        len(b.src) + len(b.tgt) for b in beads
    )
    return Block(
        src_start=min(b.src[0] for b in beads),
        src_end=max(b.src[-1] for b in beads) + 1,
        tgt_start=beads[0].tgt[0],
        tgt_end=beads[-1].tgt[-1] + 1,
        seeds=seeds,
        similarity=similarity,
    )
