"""The monotonic document aligner on hand-made sentence vectors (no model needed)."""

from __future__ import annotations

import numpy as np

from sourcetrace.align.document import align_monotonic
from sourcetrace.align.types import Bead, Block, Seed, SentenceVectors
from sourcetrace.align.whole_document import bead_blocks, document_blocks

DIM = 64


def _topics(*ids: int) -> np.ndarray:
    """One orthogonal unit vector per topic id (sentence k of a text is about topic ids[k])."""
    rows = np.zeros((len(ids), DIM))
    for row, topic in enumerate(ids):
        rows[row, topic] = 1.0
    return rows


def _vectors(rows: np.ndarray, lengths: list[int] | None = None) -> SentenceVectors:
    n = rows.shape[0]
    length = np.array(lengths if lengths else [100] * n, dtype=np.float64)
    return SentenceVectors(rows=rows, lengths=length)


def _linked(beads):
    return [(b.src, b.tgt) for b in beads if b.src and b.tgt]


def test_one_to_one_with_a_deletion_and_an_insertion() -> None:
    src = _vectors(_topics(0, 1, 2, 3, 4))
    tgt = _vectors(_topics(0, 1, 3, 50, 4))  # sentence 2 dropped, an unrelated one added
    assert _linked(align_monotonic(src, tgt)) == [((0,), (0,)), ((1,), (1,)), ((3,), (2,)), ((4,), (4,))]


def test_a_sentence_split_in_two_is_a_one_to_two_bead() -> None:
    src_rows = _topics(0, 1, 2)
    src_rows[1] = (np.eye(DIM)[10] + np.eye(DIM)[11]) / np.sqrt(2)  # sentence 1 says two things
    src = _vectors(src_rows, [100, 200, 100])
    tgt = _vectors(_topics(0, 10, 11, 2))
    assert _linked(align_monotonic(src, tgt)) == [((0,), (0,)), ((1,), (1, 2)), ((2,), (3,))]


def test_every_sentence_appears_once_in_order() -> None:
    src = _vectors(_topics(*range(12)))
    tgt = _vectors(_topics(*range(0, 12, 2), 40, 41))
    beads = align_monotonic(src, tgt)
    assert [i for b in beads for i in b.src] == list(range(12))
    assert [j for b in beads for j in b.tgt] == list(range(8))


def test_moved_block_is_aligned_apart_from_the_spine() -> None:
    # derived = original sentences 6-8 first, then 0-5
    src = _vectors(_topics(*range(9)))
    tgt = _vectors(_topics(6, 7, 8, 0, 1, 2, 3, 4, 5))
    spine = Block(0, 6, 3, 9, tuple(Seed(i, i + 3, 1.0) for i in range(6)), 1.0)
    moved = Block(6, 9, 0, 3, tuple(Seed(i + 6, i, 1.0) for i in range(3)), 1.0)
    blocks = document_blocks([spine, moved], src, tgt, gap=4)
    links = sorted((s.src, s.tgt) for b in blocks for s in b.seeds)
    assert links == sorted([(i, i + 3) for i in range(6)] + [(i + 6, i) for i in range(3)])
    assert len(blocks) == 2


def _bead(src: tuple[int, ...], tgt: tuple[int, ...]) -> Bead:
    return Bead(src=src, tgt=tgt, similarity=0.8)


def test_a_passage_does_not_step_over_sentences_linked_elsewhere() -> None:
    # original sentences 1-2 moved after 3-5: each run is a passage of its own, so that no
    # passage's original span holds sentences another passage reuses
    beads = [_bead((0,), (0,)), _bead((3,), (1,)), _bead((4,), (2,)), _bead((5,), (3,)),
             _bead((1,), (4,)), _bead((2,), (5,)), _bead((6,), (6,)), _bead((7,), (7,))]
    blocks = bead_blocks(beads, gap=4)
    assert [(b.src_start, b.src_end, b.tgt_start, b.tgt_end) for b in blocks] == [
        (0, 1, 0, 1), (3, 6, 1, 4), (1, 3, 4, 6), (6, 8, 6, 8)
    ]


def test_a_passage_steps_over_unlinked_sentences_within_the_gap() -> None:
    beads = [_bead((0,), (0,)), _bead((3,), (1,)), _bead((4,), (4,))]  # 1-2 and 2-3 unlinked
    assert [(b.src_start, b.src_end, b.tgt_start, b.tgt_end) for b in bead_blocks(beads, gap=2)] == [(0, 5, 0, 5)]
    assert len(bead_blocks(beads, gap=1)) == 3


def _translated(rows: np.ndarray) -> np.ndarray:
    """Rows as a translation sees them: close to the original, never identical (a component
    shared by all sentences of the text)."""
    rows = rows + 0.3 * np.eye(DIM)[DIM - 1]
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def _translation_linked(src, tgt, params=None, joined=None):
    from sourcetrace.align.translation import translation_blocks
    from sourcetrace.config import TranslationParams

    scores = np.asarray(src.rows) @ np.asarray(tgt.rows).T
    blocks = translation_blocks(src, tgt, scores, gap=4, params=params or TranslationParams(), joined=joined)
    return sorted({(s.src, s.tgt) for b in blocks for s in b.seeds})


def test_translation_aligner_links_a_split_sentence_and_skips_an_added_one() -> None:
    src_rows = _topics(0, 1, 2, 3)
    src_rows[1] = (np.eye(DIM)[10] + np.eye(DIM)[11]) / np.sqrt(2)  # sentence 1 says two things
    src = _vectors(src_rows, [100, 200, 100, 100])
    tgt = _vectors(_translated(_topics(0, 10, 11, 2, 50, 3)))  # 1 split in two, an unrelated one added
    assert _translation_linked(src, tgt) == [(0, 0), (1, 1), (1, 2), (2, 3), (3, 5)]


def test_translation_aligner_finds_a_moved_passage() -> None:
    src = _vectors(_topics(*range(12)))
    tgt = _vectors(_translated(_topics(9, 10, 11, *range(9))))  # the last three sentences moved to the front
    assert _translation_linked(src, tgt) == sorted(
        [(i, i + 3) for i in range(9)] + [(i + 9, i) for i in range(3)]
    )


def test_translation_aligner_joins_only_sentences_adjacent_in_the_text() -> None:
    from sourcetrace.align.translation import align_translation

    # one derived sentence says what two original sentences say
    src = _vectors(_topics(0, 1, 2, 3))
    merged = (np.eye(DIM)[1] + np.eye(DIM)[2]) / np.sqrt(2)
    tgt = _vectors(_translated(np.vstack([_topics(0), merged, _topics(3)])), [100, 200, 100])
    joined = ((1, 2), (1,))
    assert joined in _linked(align_translation(src, tgt))
    # the same rows as a selection of a text in which sentences 1 and 2 are far apart
    apart = align_translation(src, tgt, positions=([10, 11, 40, 41], [5, 6, 7]))
    # so they are not joined: the derived sentence, as close to each, takes the first
    assert _linked(apart) == [((0,), (0,)), ((1,), (1,)), ((3,), (2,))]


def test_a_two_to_two_bead_is_one_link_in_the_report() -> None:
    from aligning import align_texts

    # Original sentence 2 says topics 2 and 3, sentence 3 says topic 4; the translation
    # splits the same content after topic 2. Neither 1-1 pair is a translation, the 2-2 is.
    src_rows = _topics(0, 1, 2, 4, 5, 6)
    src_rows[2] = (np.eye(DIM)[2] + np.eye(DIM)[3]) / np.sqrt(2)
    tgt_rows = _topics(0, 1, 2, 3, 5, 6)
    tgt_rows[3] = (np.eye(DIM)[3] + np.eye(DIM)[4]) / np.sqrt(2)
    tgt_rows = _translated(tgt_rows)
    # texts only name the rows (no digits: numbers would be anchors shared across languages)
    src_lines = [f"Der Satz {word}." for word in ("eins", "zwei", "drei", "vier", "fünf", "sechs")]
    tgt_lines = [f"La phrase {word}." for word in ("un", "deux", "trois", "quatre", "cinq", "six")]
    vectors = dict(zip(src_lines + tgt_lines, [*src_rows, *tgt_rows]))
    src_text, tgt_text = "\n".join(src_lines) + "\n", "\n".join(tgt_lines) + "\n"

    passages = align_texts(
        src_text,
        tgt_text,
        languages=("de", "fr"),
        segment="lines",
        mode="document",
        model=lambda texts: np.array([vectors[t] for t in texts]),
    )

    links = sorted((link.src, link.tgt) for p in passages for link in p.links)
    assert links == [((0,), (0,)), ((1,), (1,)), ((2, 3), (2, 3)), ((4,), (4,)), ((5,), (5,))]


def test_a_text_that_drops_sentences_leaves_two_leftovers_unlinked() -> None:
    # Sentence 7 has no translation and derived sentence 7 no original: the monotonic path
    # pairs the two leftovers (one bead costs less than two skips), but their pair is no
    # closer than unrelated sentences, so it is not reported as a link.
    from sourcetrace.config import TranslationParams

    src = _vectors(_topics(*range(20), 60, 61, 62))
    rows = _topics(*range(20), 50, 51, 52, 53)
    rows[7] = 0.15 * np.eye(DIM)[7] + np.sqrt(1 - 0.15**2) * np.eye(DIM)[40]
    tgt = _vectors(_translated(rows))

    assert (7, 7) in _translation_linked(src, tgt, TranslationParams(min_similarity=0.0))
    assert _translation_linked(src, tgt) == [(i, i) for i in range(20) if i != 7]


def _with_weak_pair(extra_topics: tuple[int, ...]) -> tuple[SentenceVectors, SentenceVectors]:
    """Twenty sentences translated one to one, the eighth so loosely that its pair scores like
    two unrelated sentences (a heading, a garbled line), plus ``extra_topics`` added at the end."""
    src = _vectors(_topics(*range(20)))
    rows = _topics(*range(20), *extra_topics)
    rows[7] = -0.1 * np.eye(DIM)[7] + np.sqrt(0.99) * np.eye(DIM)[40]
    return src, _vectors(_translated(rows))


def test_a_faithful_translation_links_its_weakest_pair_too() -> None:
    # nothing else is dropped, so the aligner takes the pair rather than dropping both sides
    src, tgt = _with_weak_pair(())
    assert _translation_linked(src, tgt) == [(i, i) for i in range(20)]


def test_a_text_that_drops_and_adds_sentences_leaves_a_weak_pair_unlinked() -> None:
    src, tgt = _with_weak_pair((50, 51, 52, 53))
    assert _translation_linked(src, tgt) == [(i, i) for i in range(20) if i != 7]


def _moved_run_behind_leftovers() -> tuple[SentenceVectors, SentenceVectors, list[tuple[int, int]]]:
    """A run of three sentences moved from the start to the end, while twelve sentences at the
    end of the original and twelve at the start of the translation have no counterpart but
    resemble each other a little (same subject, shown similarity about 0.3). Returns both
    sides and the true links."""
    src = _vectors(_topics(0, 1, 40, 41, 42, *range(2, 30), *range(50, 62)))
    loose = [*range(30, 40), 43, 44]
    rows = np.vstack(
        [0.3 * np.eye(DIM)[50 + k] + np.sqrt(0.91) * np.eye(DIM)[dim] for k, dim in enumerate(loose)]
        + [_topics(*range(30), 40, 41, 42)]
    )
    tgt = _vectors(_translated(rows))
    spine = [(0, 12), (1, 13)] + [(i + 3, i + 12) for i in range(2, 30)]
    moved = [(2, 42), (3, 43), (4, 44)]
    return src, tgt, sorted(spine + moved)


def test_a_moved_run_is_found_across_leftovers_that_pair_loosely() -> None:
    # Each loose pair costs less than two skips, and together they save more than the run:
    # a moved-passage pass that may link any pair takes them (and then drops them, too weak)
    # instead of the run. Beads under the kept similarity may not be linked there at all.
    src, tgt, truth = _moved_run_behind_leftovers()
    assert _translation_linked(src, tgt) == truth


def test_a_lone_moved_pair_needs_a_close_translation() -> None:
    from sourcetrace.config import TranslationParams

    # Four original sentences at the end and four derived at the start have no counterpart;
    # the first of each are about the same subject (shown similarity about 0.4 among the
    # leftovers): a pair like that, with no neighbour found with it, is no moved passage.
    src = _vectors(_topics(*range(20), 50, 52, 53, 54))
    rows = _topics(51, 55, 56, 57, *range(20))
    rows[0] = 0.5 * np.eye(DIM)[50] + np.sqrt(0.75) * np.eye(DIM)[51]
    tgt = _vectors(_translated(rows))

    assert (20, 0) in _translation_linked(src, tgt, TranslationParams(moved_single_similarity=0.35))
    assert _translation_linked(src, tgt) == [(i, i + 4) for i in range(20)]


def _with_absorbed_neighbour() -> tuple[SentenceVectors, SentenceVectors]:
    """Original sentence 8 has no translation but shares a little with sentence 7, enough for
    the path to join it to 7's bead; the texts drop and add sentences elsewhere too."""
    rows = _topics(*range(20), 60, 61, 62)
    near_seven = 0.6 * np.eye(DIM)[7] + 0.8 * np.eye(DIM)[50]
    src = _vectors(np.vstack([rows[:8], near_seven[None, :], rows[8:]]))
    tgt = _vectors(_translated(_topics(*range(20), 51, 52, 53, 54)))
    return src, tgt


def test_a_neighbour_whose_joined_text_drifts_from_the_partner_is_cut_from_the_bead() -> None:
    src, tgt = _with_absorbed_neighbour()

    def linked(joined) -> set[tuple[int, int]]:
        return set(_translation_linked(src, tgt, joined=joined))

    assert {(7, 7), (8, 7)} <= linked(None)
    # joined as text, sentences 7 and 8 are further from derived 7 than 7 alone: cut
    cut = linked(lambda src_run, tgt_run: 0.5)
    assert (7, 7) in cut and (8, 7) not in cut
    # joined as text they are closer than either alone: a real merge, kept
    assert {(7, 7), (8, 7)} <= linked(lambda src_run, tgt_run: 0.99)


def test_identical_lines_are_one_to_one_beads() -> None:
    from sourcetrace.config import TranslationParams

    # Lines 4-6 are the same on both sides (names, dates): cosine 1, so the cosine term is 0
    # whatever the shape, and only the length term, paid once per bead, would choose.
    rows = _topics(*range(12))
    translated = _translated(rows)
    translated[4:7] = rows[4:7]
    src, tgt = _vectors(rows), _vectors(translated, [105] * 12)

    assert (4, 6) in _translation_linked(src, tgt, TranslationParams(shape_cost=0.0))
    assert _translation_linked(src, tgt) == [(i, i) for i in range(12)]


def _with_lone_sentence(derived_length: int) -> tuple[SentenceVectors, SentenceVectors]:
    """A faithful translation of 21 sentences into 20. Original sentence 8 (a short heading)
    resembles no derived sentence, so the path leaves it unlinked; it is least unlike derived
    sentence 7, whose length is ``derived_length`` (100 fits its own original alone)."""
    rows = _topics(*range(21))
    rows[8] = -0.3 * np.eye(DIM)[7] + np.sqrt(0.91) * np.eye(DIM)[40]
    src = _vectors(rows, [100] * 8 + [40] + [100] * 12)
    derived = _topics(*range(8), *range(9, 21))
    derived[8] = (np.eye(DIM)[9] - 0.5 * np.eye(DIM)[40]) / np.sqrt(1.25)
    tgt = _vectors(_translated(derived), [100] * 7 + [derived_length] + [100] * 12)
    return src, tgt


def test_a_lone_sentence_of_a_faithful_translation_joins_the_bead_it_fits() -> None:
    # Derived sentence 7 is long enough to hold sentence 8's translation: 8 joins its bead.
    src, tgt = _with_lone_sentence(140)
    spine = [(i, i) for i in range(8)] + [(i, i - 1) for i in range(9, 21)]
    assert _translation_linked(src, tgt) == sorted(spine + [(8, 7)])
    # the same on the derived side
    assert _translation_linked(tgt, src) == sorted([(j, i) for i, j in spine] + [(7, 8)])


def test_a_lone_sentence_that_would_spoil_the_length_ratio_stays_unlinked() -> None:
    # Derived sentence 7 is as long as its own original: sentence 8 was dropped, not merged.
    src, tgt = _with_lone_sentence(100)
    assert _translation_linked(src, tgt) == [(i, i) for i in range(8)] + [(i, i - 1) for i in range(9, 21)]


def test_a_block_with_a_repeated_sentence_keeps_its_run_in_order_whole():
    # one sentence twice in a text compared with itself: each copy pairs with both, and
    # cutting at the first crossed pair tore the run in two (a 2-1 bead of the two copies)
    from sourcetrace.align.types import Block, Seed
    from sourcetrace.align.whole_document import _monotone_runs

    seeds = tuple(Seed(i, j, 1.0) for i, j in [(0, 0), (1, 1), (3, 1), (2, 2), (1, 3), (3, 3), (4, 4)])
    runs = _monotone_runs([Block(0, 5, 0, 5, seeds, 1.0)])
    assert [[(s.src, s.tgt) for s in run.seeds] for run in runs] == [
        [(0, 0), (1, 1), (2, 2), (3, 3), (4, 4)], [(3, 1)], [(1, 3)],
    ]
    in_order = tuple(Seed(k, k, 1.0) for k in range(4))
    assert _monotone_runs([Block(0, 4, 0, 4, in_order, 1.0)])[0].seeds == in_order
