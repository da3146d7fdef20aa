"""Compare's cost grows with the text, not with its square (issue 22's bounded cost).

These tests check the structure that keeps it so (which pairs are scored, which seeds are
looked at), never a timing: the timings are bench/compare_growth.py's.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
from rapidfuzz.distance import Indel

from sourcetrace.align import passages
from sourcetrace.align.clusters import block_of
from sourcetrace.align.growth import with_weak_neighbours
from sourcetrace.align.lexical import _prefixes, content_words, pair_scores, stem_bags, weighted_rows
from sourcetrace.align.passages import _similarity
from sourcetrace.align.types import Block, Seed, SeedIndex
from sourcetrace.assess.accounting import Furniture
from sourcetrace.config import Config
from sourcetrace.model import Artifact, Span

LEXICAL = Config().lexical
FLOOR = min(LEXICAL.seed_cosine, LEXICAL.summary_seed_cosine, LEXICAL.weak_seed_cosine)
WORDS = (
    "harbour council board repairs quay storm river bridge school market library station road "
    "village town county fund money budget workers divers contractors residents visitors boats "
    "winter summer spring autumn week month year report meeting plan promise warning cracks wall"
).split()


def harbour_logs(count: int, numbers: Iterator[int]) -> list[str]:
    """Lines of a harbour log: the same three words in every one, four numbers of its own."""
    return [
        f"The harbour log lists {next(numbers)}, {next(numbers)}, {next(numbers)} and {next(numbers)}."
        for _ in range(count)
    ]


def test_a_stem_in_every_sentence_pairs_no_sentences():
    numbers = iter(random.Random(7).sample(range(1000, 99999), 8 * 400))
    original = harbour_logs(400, numbers)
    derived = [original[k] if k % 10 == 0 else line for k, line in enumerate(harbour_logs(400, numbers))]
    bags = stem_bags([content_words(s) for s in original], [content_words(s) for s in derived])
    rows = weighted_rows(bags)
    # every pair shares "harbour": scoring all pairs that share a stem scores 160,000
    sharing = ((bags.src > 0).astype(np.float32) @ (bags.tgt > 0).astype(np.float32).T).nnz
    assert sharing == 400 * 400
    src_prefixes, tgt_prefixes = _prefixes(rows[0], rows[1], FLOOR)
    assert (src_prefixes @ tgt_prefixes.T).nnz == 40  # the candidates: the copied lines
    scores = pair_scores(bags, rows, LEXICAL.most_repeat_pairs, FLOOR, LEXICAL.score_block_pairs)
    assert sorted(zip(scores.src.tolist(), scores.tgt.tolist())) == [(k, k) for k in range(0, 400, 10)]
    assert np.allclose(scores.cosine, 1.0)


def reworded_pair(rng: random.Random) -> tuple[list[str], list[str]]:
    """Sentences of a few dozen common words, and a copy with some words swapped for others."""
    original = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 14))) + "." for _ in range(120)]
    derived = []
    for sentence in original:
        words = sentence.rstrip(".").split()
        for _ in range(rng.randint(0, len(words))):
            words[rng.randrange(len(words))] = rng.choice(WORDS)
        derived.append(" ".join(words) + ".")
    return original, derived


def test_the_pairs_scored_are_all_those_that_reach_the_floor_with_the_full_products_scores():
    original, derived = reworded_pair(random.Random(3))
    bags = stem_bags([content_words(s) for s in original], [content_words(s) for s in derived])
    rows = weighted_rows(bags)
    every = pair_scores(bags, rows, LEXICAL.most_repeat_pairs, 0.0, LEXICAL.score_block_pairs)
    reaching = every.cosine >= FLOOR
    assert 0 < reaching.sum() < len(every.src)  # the floor leaves some pairs out
    for chunk in (300, LEXICAL.score_block_pairs):
        floored = pair_scores(bags, rows, LEXICAL.most_repeat_pairs, FLOOR, chunk)
        for field in ("src", "tgt", "cosine", "dice", "shared", "containment"):
            assert np.array_equal(getattr(every, field)[reaching], getattr(floored, field)), field
    # and the pairs that share a stem at all are those of the full sparse product, to the bit
    product = (rows[0] @ rows[1].T).tocoo()
    assert len(every.src) == product.nnz
    full = dict(zip(zip(product.row.tolist(), product.col.tolist()), product.data.tolist()))
    assert [full[(i, j)] for i, j in zip(every.src.tolist(), every.tgt.tolist())] == every.cosine.tolist()


def test_weak_growth_looks_only_at_the_seeds_near_the_block():
    rng = random.Random(11)
    bags = stem_bags([["harbour"]] * 60, [["harbour"]] * 60)
    seeds = [Seed(20, 20, 0.6), Seed(21, 21, 0.6)]
    weak = [Seed(rng.randrange(60), rng.randrange(60), 0.25) for _ in range(400)]
    weak += [Seed(22, 23, 0.25), Seed(19, 18, 0.25), Seed(23, 25, 0.25)]
    index = SeedIndex.of(weak)
    near = index.near(range(17, 20), range(22, 24))
    assert near == [w for w in weak if 17 <= w.src < 20 or 22 <= w.tgt < 24]
    block = block_of(seeds, bags)
    # the same growth as a scan of every weak seed in order
    assert with_weak_neighbours(block, index, bags, 0, 60, 2) == with_weak_neighbours(block, weak, bags, 0, 60, 2)


def test_furniture_sums_the_overlap_of_the_artifacts_near_a_span_only():
    artifacts = [Artifact(Span(k * 100, k * 100 + 30), "caption") for k in range(1000)]
    artifacts.append(Artifact(Span(50_000, 50_400), "footer"))
    furniture = Furniture.of(reversed(artifacts))
    for start, end in [(0, 50), (10, 40), (120, 190), (50_100, 50_200), (50_350, 50_500), (99_990, 100_100)]:
        inside = sum(max(0, min(end, a.span.end) - max(start, a.span.start)) for a in artifacts)
        for share in (0.3, 0.5, 0.9):
            assert furniture.covers(Span(start, end), share) == (inside >= share * (end - start))


def test_syntok_reads_only_the_stretch_it_is_asked_about():
    # syntok offsets tokens by padding the text with spaces: asked about stretch after stretch
    # of a long paragraph with the stretch's offset, it scanned the paragraph up to it each time
    from syntok.segmenter import segment as syntok_sentences
    from syntok.tokenizer import Tokenizer

    from sourcetrace.segment import _syntok_cuts

    seen: list[tuple[int, int]] = []

    class Recording(Tokenizer):
        def tokenize(self, text: str, base_offset: int = 0):  # type: ignore[override]
            seen.append((len(text), base_offset))
            return super().tokenize(text, base_offset)

    copy = "The harbour board met on Monday. " * 2000 + "Mr. Smith said the quay was safe. It was not."
    left, right = len(copy) - 46, len(copy)
    cuts = list(_syntok_cuts(copy, left, right, Recording()))
    assert seen == [(right - left, 0)]
    padded = [s[0].offset for s in syntok_sentences(Tokenizer().tokenize(copy[left:right], left))]
    assert cuts == [pos for pos in padded if left < pos < right] and cuts


def test_a_long_passages_verbatim_test_is_piece_by_piece_and_never_kinder_than_the_whole():
    rng = random.Random(11)
    for _ in range(30):
        original = " ".join(rng.choice(WORDS) for _ in range(rng.randint(50, 400)))
        words = original.split()
        for _ in range(rng.randint(0, 20)):
            at = rng.randrange(len(words))
            words[at : at + rng.randint(0, 3)] = rng.sample(WORDS, rng.randint(0, 2))
        derived = " ".join(words)
        whole = Indel.normalized_similarity(original, derived)
        with _pieces_of(60):
            assert _similarity(original, derived, 0.0) <= whole + 1e-12


def test_a_long_copy_with_few_changes_is_still_verbatim_beyond_the_exact_reach():
    rng = random.Random(12)
    # 300 KB a side, a sentence of common words repeated in variants: a cut's probe occurs
    # every few hundred characters, and the pieces still meet the 0.98 of an exact test
    sentences = [" ".join(rng.choice(WORDS[:12]) for _ in range(12)) + "." for _ in range(3600)]
    original = " ".join(sentences)
    derived = " ".join(s if k % 60 else s.replace(".", " today.") for k, s in enumerate(sentences))
    assert len(original) > 300_000 and len(original) + len(derived) > passages._EXACT_CHARS
    assert _similarity(original, derived, 0.98) > 0.99
    params = Config().lexical
    block = Block(src_start=0, src_end=1, tgt_start=0, tgt_end=1, seeds=(), similarity=1.0, summary=False)
    assert passages._kind(block, original, derived, params) == "verbatim"
    shuffled = " ".join(rng.sample(sentences, len(sentences)))
    assert passages._kind(block, original, shuffled, params) == "paraphrase"


@contextmanager
def _pieces_of(chars: int) -> Iterator[None]:
    exact, piece = passages._EXACT_CHARS, passages._PIECE_CHARS
    passages._EXACT_CHARS, passages._PIECE_CHARS = 0, chars
    try:
        yield
    finally:
        passages._EXACT_CHARS, passages._PIECE_CHARS = exact, piece
