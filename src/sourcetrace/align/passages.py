"""Build passages from sentence-pair seeds: seed, extend, validate, filter.

In the spirit of Sanchez-Perez, Sidorov and Gelbukh (PAN 2014): seeds are sentence pairs that
are similar enough on their own; seeds close to each other on both sides are clustered into
passages (which lets a passage move: clustering looks at distance, not order), less the
partners of a sentence that lie away from the rest of its cluster; a cluster whose two sides
are not similar as wholes is split with a smaller gap. A lone seed takes in the weak seeds
(pairs too little alike to start a passage) that run on from it in step, or two or more that
lie around it in any order. Overlapping passages are resolved; short ones are dropped; those
that stand take in weak seeds right next to them. A second pass with a wide gap on the
original side finds summaries, where a few derived sentences stand for a long original span,
and reworded passages in a row that condense successive parts of the original are joined
into one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from operator import attrgetter
from typing import Literal

import numpy as np
from scipy import sparse

from sourcetrace.align.lexical import PairScores, SentenceBags, span_cosine
from sourcetrace.config import PassageParams


@dataclass(frozen=True)
class Seed:
    src: int
    tgt: int
    similarity: float


@dataclass(frozen=True)
class Block:
    """A passage in sentence indices: original sentences ``[src_start, src_end)`` and derived
    sentences ``[tgt_start, tgt_end)``, with the seeds that support it."""

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


# Which thresholds a seed passes: ``sentence`` starts a passage, ``summary`` a summary (a few
# derived sentences for a long original span), ``weak`` only joins a passage next to it.
SeedLevel = Literal["sentence", "summary", "weak"]


def select_seeds(
    scores: PairScores, params: PassageParams, level: SeedLevel = "sentence", bags: SentenceBags | None = None
) -> list[Seed]:
    """Sentence pairs similar enough for ``level``, each sentence kept only with its
    best partners: a sentence comes from one place, so a clearly weaker match elsewhere in
    the other text is noise (topical overlap, boilerplate) that would stretch a passage.

    A weaker match next to the best one is kept as part of a split (one sentence cut in two
    on the other side) when ``bags`` are given, only if joining it to the best partner makes
    the pair more similar; without ``bags`` every neighbour of the best partner is kept."""
    if level == "weak":
        keep = (scores.cosine >= params.weak_seed_cosine) & (scores.dice >= params.weak_seed_dice)
    elif level == "summary":
        keep = (scores.cosine >= params.summary_seed_cosine) & (scores.dice >= params.summary_seed_dice)
    else:
        # a short line copied into a longer sentence (a list run together on a scraped page)
        # has a low Dice for the size difference alone, though every stem of it is there
        contained = (scores.shared >= params.contained_min_stems) & (scores.containment >= params.seed_containment)
        keep = (scores.cosine >= params.seed_cosine) & ((scores.dice >= params.seed_dice) | contained)
    seeds = [
        Seed(int(i), int(j), float(c))
        for i, j, c in zip(scores.src[keep], scores.tgt[keep], scores.cosine[keep])
    ]
    by_tgt = _best_partners(seeds, "tgt", params.partner_margin, bags)
    return _best_partners(by_tgt, "src", params.partner_margin, bags)


def _best_partners(
    seeds: list[Seed], side: str, margin: float, bags: SentenceBags | None
) -> list[Seed]:
    other = "src" if side == "tgt" else "tgt"
    best: dict[int, Seed] = {}
    for seed in seeds:
        current = best.get(getattr(seed, side))
        if current is None or seed.similarity > current.similarity:
            best[getattr(seed, side)] = seed
    kept = []
    for seed in seeds:
        top = best[getattr(seed, side)]
        if seed.similarity >= top.similarity - margin:
            kept.append(seed)
        elif abs(getattr(seed, other) - getattr(top, other)) <= 2 and (
            bags is None or _split_helps(seed, top, side, bags)
        ):
            kept.append(seed)
    return kept


def _split_helps(seed: Seed, top: Seed, side: str, bags: SentenceBags) -> bool:
    """Whether the unit on ``side`` matches its best partner and ``seed``'s partner together
    (and the units between) better than its best partner alone."""
    one, others = (bags.tgt, bags.src) if side == "tgt" else (bags.src, bags.tgt)
    unit = getattr(seed, side)
    other = "src" if side == "tgt" else "tgt"
    first, last = sorted((getattr(seed, other), getattr(top, other)))
    alone = span_cosine(one[unit : unit + 1], others[getattr(top, other) : getattr(top, other) + 1])
    joined = span_cosine(one[unit : unit + 1], others[first : last + 1])
    return joined > alone


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


def nearest_partners(seeds: list[Seed]) -> list[Seed]:
    """The cluster less the partners of a sentence that lie away from the rest of it: where a
    derived sentence matches several original sentences (or the other way round), the match
    the other seeds point to is the copy, a distant one a similar sentence elsewhere, which
    would stretch the passage over text that was not reused."""
    derived, original = attrgetter("tgt"), attrgetter("src")
    return _nearest(_nearest(seeds, derived, original), original, derived)


# Partners of one sentence this close together are one run of the other text (a sentence
# standing for a list of short lines, or for two halves of a split sentence).
RUN_STEP = 2


def _nearest(seeds: list[Seed], sentence: Callable[[Seed], int], partner: Callable[[Seed], int]) -> list[Seed]:
    """Of each ``sentence``'s several partners, those nearest (within one) to the partners of
    the other sentences, and the partners that run on from them in steps of
    :data:`RUN_STEP`."""
    by_sentence: dict[int, list[Seed]] = {}
    for seed in seeds:
        by_sentence.setdefault(sentence(seed), []).append(seed)
    kept: list[Seed] = []
    for key, partners in by_sentence.items():
        others = [partner(s) for s in seeds if sentence(s) != key] if len(partners) > 1 else []
        if not others:
            kept.extend(partners)
            continue
        distance = {s: min(abs(partner(s) - o) for o in others) for s in partners}
        closest = min(distance.values())
        run = [s for s in partners if distance[s] <= closest + 1]
        grew = True
        while grew:
            joining = [
                s for s in partners
                if s not in run and any(abs(partner(s) - partner(r)) <= RUN_STEP for r in run)
            ]
            run += joining
            grew = bool(joining)
        kept.extend(run)
    return sorted(kept, key=lambda s: (s.tgt, s.src))


def block_of(seeds: list[Seed], bags: SentenceBags, summary: bool = False) -> Block:
    src_start = min(s.src for s in seeds)
    src_end = max(s.src for s in seeds) + 1
    tgt_start = min(s.tgt for s in seeds)
    tgt_end = max(s.tgt for s in seeds) + 1
    similarity = span_cosine(bags.src[src_start:src_end], bags.tgt[tgt_start:tgt_end])
    return Block(src_start, src_end, tgt_start, tgt_end, tuple(seeds), similarity, summary)


def copied_run(seeds: Iterable[Seed], params: PassageParams) -> bool:
    """Whether the seeds (a block's) hold a run of sentences copied (nearly) word for word."""
    copied = sum(s.similarity >= params.copied_cosine for s in seeds)
    return copied >= params.copied_run_seeds


def without_stray_edges(block: Block, bags: SentenceBags, params: PassageParams) -> Block:
    """The block less the weak seeds at its edges, apart from the others, whose removal leaves a
    copied run (:func:`copied_run`) and makes the two sides more similar as wholes by at least
    ``stray_margin``: a weak match a few sentences off a copied run is a similar sentence
    elsewhere, which would stretch the passage over text that was not reused. (In a reworded
    passage every match is weak and sentences move, so nothing there is a stray.)"""
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


def with_diagonal_run(block: Block, weak: Mapping[tuple[int, int], Seed], bags: SentenceBags) -> Block:
    """A one-seed block grown over the weak seeds (:data:`SeedLevel`, by original and derived
    index) that run on from its seed in step on both sides (the next sentence of each text,
    and the next): a lone moderate match is most often two texts sharing a topic, but one
    whose neighbours match in order is a run of heavily reworded sentences."""
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
    block: Block, weak: list[Seed], bags: SentenceBags, reach: int, company: int
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
    block: Block, weak: list[Seed], bags: SentenceBags, tgt_floor: int, tgt_ceiling: int, reach: int
) -> Block:
    """The block grown over weak seeds (:data:`SeedLevel`) just outside it: within ``reach``
    units of one of its seeds on both sides, pairing two sentences that none of its seeds
    holds. The first or last sentence of a heavily reworded passage shares few words with
    its source, yet lies where the rest of the passage says it should. The derived side
    stays within ``[tgt_floor, tgt_ceiling)`` (other passages' derived text)."""
    candidates = [w for w in weak if tgt_floor <= w.tgt < tgt_ceiling]
    seeds = list(block.seeds)
    while joining := next((w for w in candidates if _weak_neighbour(w, seeds, reach)), None):
        seeds.append(joining)
    if len(seeds) == len(block.seeds):
        return block
    return block_of(sorted(seeds, key=lambda s: (s.tgt, s.src)), bags, block.summary)


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


def validated_blocks(
    seeds: list[Seed], bags: SentenceBags, gap: int, params: PassageParams
) -> list[Block]:
    """Cluster with ``gap``; split clusters that are not similar as a whole with a smaller gap."""
    blocks: list[Block] = []
    for group in map(nearest_partners, cluster_seeds(seeds, gap, gap)):
        block = without_stray_edges(block_of(group, bags), bags, params)
        if block.similarity >= params.passage_cosine:
            blocks.append(block)
        elif len(group) > 1 and gap > params.min_gap:
            blocks.extend(validated_blocks(group, bags, gap // 2, params))
    return blocks


def without_loose_beside_copies(blocks: list[Block], params: PassageParams) -> list[Block]:
    """The blocks less the short loose ones when others are copied word for word: a derived
    text that copies runs of sentences verbatim shows its reuse plainly, so a passage of at
    most ``loose_max_sentences`` derived sentences with no match above ``loose_best_seed``
    beside them is most often the two texts sharing a topic. Where nothing is copied verbatim
    (paraphrase, translation), such loose passages are all the evidence there is and stay."""
    if not any(copied_run(b.seeds, params) for b in blocks):
        return blocks
    return [b for b in blocks if not _loose(b, params)]


def _loose(block: Block, params: PassageParams) -> bool:
    return (
        len({s.tgt for s in block.seeds}) <= params.loose_max_sentences
        and max(s.similarity for s in block.seeds) < params.loose_best_seed
    )


def split_around_copies(blocks: list[Block], bags: SentenceBags, params: PassageParams) -> list[Block]:
    """The blocks, each cut in two around a copied run (:func:`copied_run`) of another block
    that lies inside its derived span, where it has no seed of its own, and comes from
    elsewhere in the original: the derived text copied one passage into the middle of
    another, and a block spanning both would hide the inserted one (overlapping it on the
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


def resolve_overlaps(blocks: list[Block], weight: "np.ndarray") -> list[Block]:
    """Merge blocks that overlap on both sides; of blocks that overlap only on the derived
    side, keep the one with more supporting evidence."""
    merged = _merge_overlapping(sorted(blocks, key=lambda b: (b.tgt_start, b.src_start)))
    kept: list[Block] = []
    for block in sorted(merged, key=lambda b: (-_evidence(b, weight), b.tgt_start, b.src_start)):
        if not any(block.overlaps_tgt(other) for other in kept):
            kept.append(block)
    return sorted(kept, key=lambda b: (b.tgt_start, b.src_start))


def _merge_overlapping(blocks: list[Block]) -> list[Block]:
    result: list[Block] = []
    for block in blocks:
        for k, other in enumerate(result):
            both = block.overlaps_tgt(other) and block.overlaps_src(other)
            # a sentence-level match inside a summary belongs to the summary
            if both or (block.overlaps_tgt(other) and (block.summary or other.summary)):
                result[k] = Block(
                    min(block.src_start, other.src_start),
                    max(block.src_end, other.src_end),
                    min(block.tgt_start, other.tgt_start),
                    max(block.tgt_end, other.tgt_end),
                    tuple(sorted(set(block.seeds) | set(other.seeds), key=lambda s: (s.tgt, s.src))),
                    max(block.similarity, other.similarity),
                    block.summary or other.summary,
                )
                break
        else:
            result.append(block)
    return result


def summaries_of_runs(
    blocks: list[Block], src_lengths: np.ndarray, tgt_lengths: np.ndarray, params: PassageParams
) -> list[Block]:
    """The blocks (sorted by derived position), with runs of them joined into one summary
    where each follows the last in both texts (at most ``summary_run_gap`` derived units
    apart), none is copied (similarity under ``copied_cosine``), and the original span they
    take together is ``summary_ratio`` times as long as their derived span: a summary
    condenses successive parts of its source in turn, and a sentence of it may match well
    enough to stand as a passage of its own."""
    joined: list[Block] = []
    for block in blocks:
        last = joined[-1] if joined else None
        if last is not None and _continues_summary(last, block, src_lengths, tgt_lengths, params):
            joined[-1] = Block(
                last.src_start,
                block.src_end,
                last.tgt_start,
                block.tgt_end,
                last.seeds + block.seeds,
                max(last.similarity, block.similarity),
                summary=True,
            )
        else:
            joined.append(block)
    return joined


def _continues_summary(
    last: Block, block: Block, src_lengths: np.ndarray, tgt_lengths: np.ndarray, params: PassageParams
) -> bool:
    if block.tgt_start - last.tgt_end > params.summary_run_gap or block.src_start < last.src_end:
        return False
    if max(last.similarity, block.similarity) >= params.copied_cosine:
        return False
    src_chars = src_lengths[last.src_start : block.src_end].sum()
    tgt_chars = tgt_lengths[last.tgt_start : block.tgt_end].sum()
    return bool(src_chars >= params.summary_ratio * tgt_chars)


def _evidence(block: Block, weight: "np.ndarray") -> float:
    return float(sum(seed.similarity * weight[seed.tgt] for seed in block.seeds))


def summary_blocks(
    seeds: list[Seed],
    bags: SentenceBags,
    tgt_rows: sparse.csr_matrix,
    src_lengths: np.ndarray,
    tgt_lengths: np.ndarray,
    params: PassageParams,
) -> list[Block]:
    """Blocks where a compact derived passage draws on a much longer original span: most of
    the derived words (:func:`containment`, ``tgt_rows`` the derived units' tf-isf rows) are
    found in that span, and one sentence pair matches closely or the pairs follow the
    original's order (:func:`_summary_evidence`)."""
    blocks = []
    for group in map(nearest_partners, cluster_seeds(seeds, params.summary_gap, params.gap)):
        if len({s.tgt for s in group}) < params.summary_min_sentences:
            continue
        block = block_of(group, bags, summary=True)
        src, tgt = slice(block.src_start, block.src_end), slice(block.tgt_start, block.tgt_end)
        if (
            src_lengths[src].sum() >= params.summary_ratio * tgt_lengths[tgt].sum()
            and containment(bags.src[src], tgt_rows[tgt]) >= params.summary_containment
            and _summary_evidence(group, params)
        ):
            blocks.append(block)
    return blocks


def _summary_evidence(seeds: list[Seed], params: PassageParams) -> bool:
    """A summary needs one close match (``summary_best_seed``), or a looser one
    (``ordered_summary_best_seed``) when its matches follow the original's order: a summary
    condenses its source in turn, while two texts on one topic match here and there."""
    best = max(s.similarity for s in seeds)
    return best >= params.summary_best_seed or (
        best >= params.ordered_summary_best_seed and _in_order(seeds)
    )


def _in_order(seeds: list[Seed]) -> bool:
    """More pairs of seeds lie in the same order on both sides than crossed (Kendall's tau
    above 0)."""
    balance = sum(
        int(np.sign((a.src - b.src) * (a.tgt - b.tgt))) for k, a in enumerate(seeds) for b in seeds[k + 1 :]
    )
    return balance > 0


def containment(src_rows: sparse.csr_matrix, tgt_rows: sparse.csr_matrix) -> float:
    """The share of the derived rows' weight on words that the original rows contain.

    A summary keeps few of its original's words, so a cosine of the two spans falls with the
    original's length; what marks a summary is that the words it does use come from there.
    """
    present = np.asarray(src_rows.sum(axis=0)).ravel() > 0
    weight = np.asarray(tgt_rows.sum(axis=0)).ravel()
    total = float(weight.sum())
    return float(weight[present].sum()) / total if total else 0.0


# Ways to grow a block by one unit: (tgt start, tgt end, src start, src end) deltas.
_GROWTH = (
    (-1, 0, 0, 0), (0, 1, 0, 0), (0, 0, -1, 0), (0, 0, 0, 1),
    (-1, 0, -1, 0), (0, 1, 0, 1), (-1, 0, 0, 1), (0, 1, -1, 0),
)


def extend_block(block: Block, bags: SentenceBags, tgt_floor: int, tgt_ceiling: int, steps: int) -> Block:
    """Grow ``block`` one unit at a time, on either side or both, while that makes its two
    sides more similar as wholes: seeds miss the first or last sentence of a reworded passage
    when that sentence is short or heavily changed, yet its words still belong with the rest.
    The derived side stays within ``[tgt_floor, tgt_ceiling)`` (other passages' derived text)."""
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
