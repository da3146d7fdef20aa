"""Overlap resolution of the passage builder's blocks (``resolve_overlaps``).

Blocks are passages in sentence indices; ``weight`` gives each derived sentence its weight
(its length in characters, as the aligner passes it), so a block's evidence is the sum over
its seeds of similarity times the derived sentence's length.
"""

from __future__ import annotations

import numpy as np

from sourcetrace.align.filters import _merge_overlapping, resolve_overlaps
from sourcetrace.align.types import Block, Seed

# Twelve derived sentences, all 100 characters long but sentence 9 (400).
LENGTHS = np.array([100.0] * 9 + [400.0] + [100.0] * 2)


def _block(src: tuple[int, int], tgt: tuple[int, int], seeds: list[tuple[int, int, float]], summary: bool = False) -> Block:
    found = tuple(Seed(i, j, s) for i, j, s in seeds)
    return Block(src[0], src[1], tgt[0], tgt[1], found, max(s.similarity for s in found), summary)


def _extent(block: Block) -> tuple[int, int, int, int]:
    return block.src_start, block.src_end, block.tgt_start, block.tgt_end


def test_blocks_that_overlap_on_both_sides_are_merged() -> None:
    first = _block((0, 3), (0, 3), [(0, 0, 0.8), (1, 1, 0.7), (2, 2, 0.6)])
    second = _block((2, 5), (2, 4), [(2, 2, 0.6), (4, 3, 0.9)])
    (merged,) = resolve_overlaps([second, first], LENGTHS)
    assert _extent(merged) == (0, 5, 0, 4)
    # The seeds of both, each once, in derived order; the better similarity of the two.
    assert [(s.src, s.tgt) for s in merged.seeds] == [(0, 0), (1, 1), (2, 2), (4, 3)]
    assert merged.similarity == 0.9
    assert not merged.summary


def test_of_blocks_from_two_places_for_the_same_derived_text_the_better_supported_stays() -> None:
    # Derived sentences 5-7 match original 10-12 closely, and original 30-31 a little.
    reused = _block((10, 13), (5, 8), [(10, 5, 0.8), (11, 6, 0.8), (12, 7, 0.7)])
    similar = _block((30, 32), (6, 8), [(30, 6, 0.5), (31, 7, 0.5)])
    assert resolve_overlaps([similar, reused], LENGTHS) == [reused]


def test_evidence_weighs_each_seed_by_its_derived_sentence() -> None:
    # Two seeds on short sentences (0.9 * 100 * 2 = 180) lose to one on the long sentence 9
    # (0.5 * 400 = 200).
    short = _block((0, 2), (7, 9), [(0, 7, 0.9), (1, 8, 0.9)])
    long = _block((20, 22), (8, 10), [(20, 9, 0.5)])
    two = _block((0, 2), (10, 12), [(0, 10, 0.9), (1, 11, 0.9)])
    assert resolve_overlaps([short, long], LENGTHS) == [long]
    # Without the long sentence, 180 against 90 the other way round.
    assert resolve_overlaps([two, _block((20, 21), (11, 12), [(20, 11, 0.9)])], LENGTHS) == [two]


def test_equal_evidence_keeps_the_block_that_starts_first_in_the_derived_text() -> None:
    earlier = _block((0, 2), (1, 3), [(0, 1, 0.6), (1, 2, 0.6)])
    later = _block((20, 22), (2, 4), [(20, 2, 0.6), (21, 3, 0.6)])
    assert resolve_overlaps([later, earlier], LENGTHS) == [earlier]
    assert resolve_overlaps([earlier, later], LENGTHS) == [earlier]


def test_a_sentence_match_inside_a_summary_joins_it() -> None:
    # A summary: derived 0-3 for original 0-20; one of its sentences also matches original
    # 25 on its own, which the summary takes in though they share no original text.
    summary = _block((0, 20), (0, 3), [(2, 0, 0.5), (9, 1, 0.4), (17, 2, 0.45)], summary=True)
    inside = _block((25, 26), (1, 2), [(25, 1, 0.95)])
    (merged,) = resolve_overlaps([inside, summary], LENGTHS)
    assert merged.summary
    assert _extent(merged) == (0, 26, 0, 3)
    assert [(s.src, s.tgt) for s in merged.seeds] == [(2, 0), (9, 1), (25, 1), (17, 2)]


def test_blocks_apart_or_only_touching_are_all_kept_in_derived_order() -> None:
    first = _block((5, 7), (0, 2), [(5, 0, 0.9), (6, 1, 0.9)])
    touching = _block((7, 9), (2, 4), [(7, 2, 0.9), (8, 3, 0.9)])  # half-open: no overlap
    moved = _block((0, 2), (6, 8), [(0, 6, 0.7), (1, 7, 0.7)])
    # the same original sentences used again later in the derived text: no derived overlap
    again = _block((5, 7), (9, 11), [(5, 9, 0.6), (6, 10, 0.6)])
    assert resolve_overlaps([again, moved, touching, first], LENGTHS) == [first, touching, moved, again]


def test_merging_is_one_pass_in_derived_order() -> None:
    # A block is merged into the first earlier block it overlaps; a third block overlapping
    # the merged one on both sides then joins it too.
    a = _block((0, 2), (0, 2), [(0, 0, 0.8), (1, 1, 0.8)])
    b = _block((1, 4), (1, 4), [(1, 1, 0.8), (3, 3, 0.7)])
    c = _block((3, 6), (3, 6), [(3, 3, 0.7), (5, 5, 0.6)])
    (merged,) = _merge_overlapping([a, b, c])
    assert _extent(merged) == (0, 6, 0, 6)
    assert [(s.src, s.tgt) for s in merged.seeds] == [(0, 0), (1, 1), (3, 3), (5, 5)]
    # Only on the original side (the derived text reuses one passage twice): no merge.
    d = _block((0, 2), (8, 10), [(0, 8, 0.8), (1, 9, 0.8)])
    assert _merge_overlapping([a, d]) == [a, d]


def test_no_blocks_nothing_to_resolve() -> None:
    assert resolve_overlaps([], LENGTHS) == []
