"""Filters on blocks and passages: overlaps resolved, and what is too small, too weakly
supported or too loose to be reuse dropped."""

from __future__ import annotations

import numpy as np

from sourcetrace.align.seeds import copied_run
from sourcetrace.align.types import Block
from sourcetrace.config import PassageParams
from sourcetrace.model import Passage

__all__ = [
    "enough_evidence",
    "large_enough",
    "resolve_overlaps",
    "side_chars",
    "without_fragments",
    "without_loose_beside_copies",
    "without_slivers",
    "without_strays",
]


def resolve_overlaps(blocks: list[Block], weight: np.ndarray) -> list[Block]:
    """Merge blocks that overlap on both sides; of blocks that overlap only on the derived
    side, keep the one with more supporting evidence (its seeds' similarity, each weighed by
    ``weight`` of its derived unit: the units' lengths)."""
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


def _evidence(block: Block, weight: np.ndarray) -> float:
    return float(sum(seed.similarity * weight[seed.tgt] for seed in block.seeds))


def side_chars(block: Block, src_lengths: np.ndarray, tgt_lengths: np.ndarray) -> tuple[float, float]:
    """The characters of the block's original and derived units."""
    return (
        float(src_lengths[block.src_start : block.src_end].sum()),
        float(tgt_lengths[block.tgt_start : block.tgt_end].sum()),
    )


def enough_evidence(block: Block, params: PassageParams) -> bool:
    """One matched unit pair is a passage only when it is a close match on its own (at
    ``single_link_cosine``): a lone moderate match is most often two texts on the same topic."""
    return len(block.seeds) >= 2 or block.seeds[0].similarity >= params.single_link_cosine


def large_enough(block: Block, src_lengths: np.ndarray, tgt_lengths: np.ndarray, params: PassageParams) -> bool:
    """At least ``min_chars`` on each side; or, for a run of matches (two or more sentences on
    each side, one matching at ``short_run_best_seed`` or more), ``2 * min_chars`` in all and
    ``min_trimmed_chars`` on each side: a reworded copy that drops words is much shorter than
    the passage it copies."""
    src_chars, tgt_chars = side_chars(block, src_lengths, tgt_lengths)
    if min(src_chars, tgt_chars) >= params.min_chars:
        return True
    return (
        min(src_chars, tgt_chars) >= params.min_trimmed_chars
        and src_chars + tgt_chars >= 2 * params.min_chars
        and len({s.src for s in block.seeds}) >= 2
        and len({s.tgt for s in block.seeds}) >= 2
        and max(s.similarity for s in block.seeds) >= params.short_run_best_seed
    )


def without_strays(blocks: list[Block], params: PassageParams) -> list[Block]:
    """Blocks less the weak single matches whose derived sentence already belongs to a
    passage that stands on its own: a second, weaker source for the same sentence."""
    strong = [b for b in blocks if enough_evidence(b, params)]
    return strong + [
        b
        for b in blocks
        if not enough_evidence(b, params) and not any(s.contains_tgt(b) for s in strong)
    ]


def without_fragments(
    blocks: list[Block], src_lengths: np.ndarray, tgt_lengths: np.ndarray, fragment_chars: int
) -> list[Block]:
    """Blocks less matches under ``fragment_chars`` on either side (a number, a heading, a
    short line the original repeats): they say nothing about where a longer derived passage
    comes from."""
    return [b for b in blocks if min(side_chars(b, src_lengths, tgt_lengths)) >= fragment_chars]


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


def without_slivers(passages: list[Passage], params: PassageParams) -> list[Passage]:
    """Passages less those that trimming to the reused words left too short: under
    ``min_trimmed_chars`` anywhere, and under ``min_chars`` next to another passage (within
    twice ``min_chars`` characters of derived text), where a short piece is a fragment of its
    neighbour's reuse rather than a passage of its own."""
    kept = []
    for passage in passages:
        size = min(len(passage.src), len(passage.tgt))
        if size >= params.min_chars:
            kept.append(passage)
        elif size >= params.min_trimmed_chars and not any(
            passage.tgt.gap(other.tgt) < 2 * params.min_chars for other in passages if other is not passage
        ):
            kept.append(passage)
    return kept
