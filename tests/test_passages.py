"""The passage builder's steps on small hand-written texts: edge growth and summary checks."""

from dataclasses import replace

import numpy as np

from aligning import align_texts
from sourcetrace.align.clusters import block_of, nearest_partners, split_around_copies, without_stray_edges
from sourcetrace.align.filters import large_enough, without_fragments, without_loose_beside_copies, without_slivers, without_strays
from sourcetrace.align.growth import extend_block, with_diagonal_run, with_weak_company, with_weak_neighbours
from sourcetrace.align.lexical import content_words, pair_scores, span_cosine, stem_bags, weighted_rows
from sourcetrace.align.seeds import select_seeds
from sourcetrace.align.summaries import containment, explained_by_sentences, summaries_of_runs, summary_blocks
from sourcetrace.align.types import Block, Seed
from sourcetrace.config import AlignmentParams, PassageParams
from sourcetrace.model import Passage, Span
from sourcetrace.segment import segment

def sentence_bags(src_text: str, src_segments, tgt_text: str, tgt_segments):
    """Stem bags of both texts' segments (English stems, as prepare gives English text)."""
    return stem_bags(
        [content_words(src_text[s.start : s.end]) for s in src_segments],
        [content_words(tgt_text[s.start : s.end]) for s in tgt_segments],
    )


SOURCE = [
    "The harbour authority published its annual report on Thursday morning.",
    "Cargo volumes rose by a fifth, driven by grain exports to North Africa.",
    "Container traffic fell slightly as two shipping lines moved to a rival port.",
    "The authority plans to dredge the eastern channel next spring.",
    "Dredging will let larger bulk carriers reach the grain terminal at low tide.",
    "A local choir gave a concert in the cathedral to mark the feast day.",
    "Tickets for the concert sold out within an hour of going on sale.",
]
DERIVED = [
    "The harbour authority published its report on Thursday.",
    "Exports of grain to North Africa lifted overall freight by a fifth.",
    "Two carriers left for a competing port, so box traffic dipped.",
    "The authority plans to dredge the eastern channel.",
    "Meanwhile the town's bakers protested against the new market rules.",
]


def bags_of(source: list[str], derived: list[str]):
    src_text, tgt_text = " ".join(source), " ".join(derived)
    return sentence_bags(src_text, segment(src_text), tgt_text, segment(tgt_text))


def block(bags, src: tuple[int, int], tgt: tuple[int, int], seeds=(), summary=False) -> Block:
    similarity = span_cosine(bags.src[src[0] : src[1]], bags.tgt[tgt[0] : tgt[1]])
    return Block(src[0], src[1], tgt[0], tgt[1], tuple(seeds), similarity, summary)


def test_a_block_grows_over_the_reworded_sentences_at_its_edges():
    bags = bags_of(SOURCE, DERIVED)
    grown = extend_block(block(bags, (1, 3), (1, 3)), bags, 0, len(DERIVED), steps=3)
    assert (grown.src_start, grown.src_end, grown.tgt_start, grown.tgt_end) == (0, 4, 0, 4)


def test_a_block_does_not_grow_into_unrelated_sentences():
    bags = bags_of(SOURCE, DERIVED)
    start = block(bags, (0, 4), (0, 4))
    grown = extend_block(start, bags, 0, len(DERIVED), steps=3)
    assert (grown.src_start, grown.src_end, grown.tgt_start, grown.tgt_end) == (0, 4, 0, 4)


def test_a_block_does_not_grow_over_another_passage():
    bags = bags_of(SOURCE, DERIVED)
    grown = extend_block(block(bags, (1, 3), (1, 3)), bags, 1, 3, steps=3)
    assert (grown.tgt_start, grown.tgt_end) == (1, 3)


def test_sentence_reuse_with_a_stray_weak_match_far_away_is_not_a_summary():
    source = SOURCE[:4] + [
        "The choir rehearsed for weeks in the old school hall.",
        "Parking near the cathedral will be restricted on Sunday.",
        "The bishop thanked volunteers who cleaned the nave.",
        "Dredging the eastern channel was first proposed a decade ago by the harbour authority.",
    ]
    bags = bags_of(source, DERIVED[:4])
    sentence_level = block(bags, (0, 4), (0, 4), [Seed(k, k, 0.6) for k in range(4)])
    stray = Seed(7, 3, 0.3)
    summary = block(bags, (0, 8), (0, 4), [*sentence_level.seeds, stray], summary=True)
    assert explained_by_sentences(summary, [sentence_level], bags, AlignmentParams().explained_margin)


def test_a_summary_drawing_on_the_whole_source_is_kept():
    source = [
        "The harbour authority published its annual report on Thursday.",
        "Cargo volumes rose by a fifth.",
        "The rise came from grain exports to North Africa.",
        "Container traffic fell slightly.",
        "Two shipping lines moved to a rival port.",
        "The authority plans to dredge the eastern channel.",
        "Work should start next spring.",
        "Larger bulk carriers will then reach the grain terminal at low tide.",
    ]
    derived = [
        "The harbour's annual report shows grain exports to North Africa lifting cargo by a fifth.",
        "Container traffic fell after two lines left, and the eastern channel will be dredged for bulk carriers.",
    ]
    bags = bags_of(source, derived)
    pieces = [
        block(bags, (0, 1), (0, 1), [Seed(0, 0, 0.5)]),
        block(bags, (3, 4), (1, 2), [Seed(3, 1, 0.4)]),
        block(bags, (7, 8), (1, 2), [Seed(7, 1, 0.4)]),
    ]
    summary = block(bags, (0, 8), (0, 2), [s for p in pieces for s in p.seeds], summary=True)
    assert not explained_by_sentences(summary, pieces, bags, AlignmentParams().explained_margin)


def test_a_match_of_a_fragment_far_away_does_not_make_sentence_reuse_a_summary():
    source = SOURCE[:4] + [
        "The choir rehearsed for weeks in the old school hall.",
        "Parking near the cathedral will be restricted on Sunday.",
        "The bishop thanked volunteers who cleaned the nave.",
        "Harbour authority.",
    ]
    derived = ["Harbour authority."] + DERIVED[:4]
    bags = bags_of(source, derived)
    sentence_level = block(bags, (0, 4), (1, 5), [Seed(k, k + 1, 0.6) for k in range(4)])
    heading = block(bags, (7, 8), (0, 1), [Seed(7, 0, 1.0)])
    summary = block(bags, (0, 8), (0, 5), [*heading.seeds, *sentence_level.seeds], summary=True)
    src_lengths = np.array([len(s) for s in source], dtype=float)
    tgt_lengths = np.array([len(s) for s in derived], dtype=float)
    # with the heading's match the sentence-level reuse spans the whole original
    assert not explained_by_sentences(summary, [heading, sentence_level], bags, AlignmentParams().explained_margin)
    kept = without_fragments([heading, sentence_level], src_lengths, tgt_lengths, AlignmentParams().fragment_chars)
    assert kept == [sentence_level]
    assert explained_by_sentences(summary, kept, bags, AlignmentParams().explained_margin)


def test_a_short_block_is_a_passage_only_as_a_run_of_matches():
    params = PassageParams()
    src_lengths, tgt_lengths = np.full(6, 130.0), np.full(6, 70.0)
    run = Block(0, 2, 0, 2, (Seed(0, 0, 0.6), Seed(1, 1, 0.45)), 0.6)
    assert large_enough(run, src_lengths, tgt_lengths, params)
    weak_run = Block(0, 2, 0, 2, (Seed(0, 0, 0.45), Seed(1, 1, 0.4)), 0.5)
    assert not large_enough(weak_run, src_lengths, tgt_lengths, params)
    one_derived_sentence = Block(0, 2, 0, 1, (Seed(0, 0, 0.6), Seed(1, 0, 0.5)), 0.6)
    assert not large_enough(one_derived_sentence, src_lengths, np.full(6, 140.0), params)
    too_short = Block(0, 2, 0, 2, (Seed(0, 0, 0.6), Seed(1, 1, 0.45)), 0.6)
    assert not large_enough(too_short, np.full(6, 60.0), tgt_lengths, params)
    full_size = Block(0, 1, 0, 1, (Seed(0, 0, 0.8),), 0.8)
    assert large_enough(full_size, np.full(6, 150.0), np.full(6, 150.0), params)


def test_a_weak_second_source_of_a_matched_sentence_is_a_stray():
    bags = bags_of(SOURCE, DERIVED)
    strong = block(bags, (0, 4), (0, 4), [Seed(k, k, 0.6) for k in range(4)])
    second_source = block(bags, (6, 7), (2, 3), [Seed(6, 2, 0.35)])
    own_sentence = block(bags, (5, 6), (4, 5), [Seed(5, 4, 0.35)])
    kept = without_strays([strong, second_source, own_sentence], PassageParams())
    assert kept == [strong, own_sentence]


LONG_SOURCE = [
    "The harbour authority published its annual report on Thursday morning in the old customs house.",
    "Cargo volumes rose by a fifth over the year, the strongest growth in more than a decade.",
    "Most of the rise came from grain exports to North Africa, which doubled after a poor harvest there.",
    "Container traffic fell slightly as two shipping lines moved their weekly calls to a rival port.",
    "Managers blamed congestion at the container terminal and promised new cranes, extra night shifts"
    " and a larger customs office by the autumn.",
    "The authority plans to dredge the eastern channel next spring at a cost of forty million euros.",
    "Dredging will let larger bulk carriers reach the grain terminal at low tide without waiting.",
    "Environmental groups want the silt to be tested for heavy metals before it is dumped at sea.",
    "The report also notes a record number of cruise passengers, many of them on day trips.",
    "Unions welcomed the figures but asked for more permanent jobs instead of agency contracts.",
]
SUMMARY = [
    "Grain exports to North Africa lifted cargo by a fifth.",
    "Two shipping lines left for a rival port.",
    "The eastern channel will be dredged; groups want the silt tested.",
]
# The same three sentences about other things: most of their words are not in the source.
OFF_TOPIC = [
    "Grain exports to North Africa came up in a rail speech.",
    "Bakers marched against the market rules.",
    "A jazz festival will fill the summer.",
]


def summary_candidate(derived: list[str]):
    bags = bags_of(LONG_SOURCE, derived)
    seeds = [Seed(1, 0, 0.55), Seed(3, 1, 0.45), Seed(7, 2, 0.35)]
    src_lengths = np.array([len(s) + 1 for s in LONG_SOURCE])
    tgt_lengths = np.array([len(s) + 1 for s in derived])
    return bags, seeds, src_lengths, tgt_lengths


def test_containment_is_the_share_of_derived_weight_found_in_the_original():
    bags = bags_of(LONG_SOURCE, SUMMARY[:1] + OFF_TOPIC[2:])
    _, tgt_rows = weighted_rows(bags)
    assert containment(bags.src, tgt_rows[0:1]) > 0.8
    assert containment(bags.src, tgt_rows[1:2]) == 0.0
    assert 0.3 < containment(bags.src, tgt_rows[0:2]) < 0.7


def test_a_summary_of_a_long_span_is_found_though_the_span_dilutes_its_cosine():
    bags, seeds, src_lengths, tgt_lengths = summary_candidate(SUMMARY)
    assert span_cosine(bags.src[1:8], bags.tgt) < 0.5
    found = summary_blocks(seeds, bags, weighted_rows(bags)[1], src_lengths, tgt_lengths, PassageParams())
    assert [(b.src_start, b.src_end, b.tgt_start, b.tgt_end, b.summary) for b in found] == [(1, 8, 0, 3, True)]


def test_derived_sentences_whose_words_mostly_come_from_elsewhere_are_no_summary():
    bags, seeds, src_lengths, tgt_lengths = summary_candidate(OFF_TOPIC)
    assert src_lengths[1:8].sum() >= PassageParams().summary_ratio * tgt_lengths.sum()
    found = summary_blocks(seeds, bags, weighted_rows(bags)[1], src_lengths, tgt_lengths, PassageParams())
    assert found == []


PORT_REPORT = [
    "The harbour authority published its annual report on Thursday morning.",
    "Cargo volumes rose by a fifth, driven by grain exports to North Africa.",
    "Grain prices in the region had climbed sharply after a poor harvest.",
    "Container traffic fell slightly as two shipping lines moved to a rival port.",
    "Both lines cited lower fees and a deeper berth at the rival port.",
    "The authority plans to dredge the eastern channel next spring.",
    "Dredging will let larger bulk carriers reach the grain terminal at low tide.",
    "The work is expected to take eight months and cost forty million euros.",
    "Fishermen fear the dredging will disturb the oyster beds near the channel.",
]
PORT_SUMMARY = [
    "The harbour report shows cargo up a fifth on grain exports.",
    "Container traffic fell as lines moved to a rival port.",
    "Dredging will cost forty million euros; fishermen fear for the oysters.",
]


def port_summary_blocks(seeds: list[Seed], params: PassageParams = PassageParams()) -> list[Block]:
    src_text, tgt_text = " ".join(PORT_REPORT), " ".join(PORT_SUMMARY)
    src_segments, tgt_segments = segment(src_text), segment(tgt_text)
    bags = sentence_bags(src_text, src_segments, tgt_text, tgt_segments)
    src_lengths = np.array([s.end - s.start for s in src_segments], dtype=float)
    tgt_lengths = np.array([s.end - s.start for s in tgt_segments], dtype=float)
    return summary_blocks(seeds, bags, weighted_rows(bags)[1], src_lengths, tgt_lengths, params)


def test_a_summary_whose_loose_matches_follow_the_original_s_order_is_kept():
    in_order = [Seed(0, 0, 0.45), Seed(3, 1, 0.4), Seed(8, 2, 0.35)]
    (found,) = port_summary_blocks(in_order)
    assert (found.src_start, found.src_end, found.tgt_start, found.tgt_end, found.summary) == (0, 9, 0, 3, True)
    assert port_summary_blocks(in_order, replace(PassageParams(), ordered_summary_best_seed=0.5)) == []


def test_loose_matches_out_of_order_are_no_summary_but_a_close_one_makes_one():
    crossed = [Seed(8, 0, 0.45), Seed(3, 1, 0.4), Seed(0, 2, 0.35)]
    assert port_summary_blocks(crossed) == []
    (found,) = port_summary_blocks([Seed(8, 0, 0.55), *crossed[1:]])
    assert found.summary


def test_a_sentence_keeps_the_partner_next_to_the_rest_of_its_passage():
    # derived sentence 11 matches original 4 and 8; the other seeds sit at 9 and 10
    seeds = [Seed(4, 11, 0.52), Seed(8, 11, 0.60), Seed(9, 12, 0.68), Seed(10, 13, 0.75)]
    assert nearest_partners(seeds, PassageParams().run_step) == [Seed(8, 11, 0.60), Seed(9, 12, 0.68), Seed(10, 13, 0.75)]
    # the same on the other side: original sentence 5 matches derived 20 and 26
    flipped = [Seed(s.tgt, s.src, s.similarity) for s in seeds]
    assert Seed(11, 4, 0.52) not in nearest_partners(flipped, PassageParams().run_step)


def test_a_sentence_standing_for_a_run_of_short_lines_keeps_them_all():
    # one long derived unit copies an address list whose phone lines did not seed
    seeds = [Seed(35, 148, 0.47), Seed(37, 148, 0.51), Seed(39, 148, 0.51), Seed(42, 149, 0.50)]
    assert nearest_partners(seeds, PassageParams().run_step) == seeds



def test_a_summary_sentence_s_distant_second_match_does_not_stretch_the_summary():
    source = LONG_SOURCE + [
        "The harbour master retires in June after thirty years at the port.",
        "A new ferry to the islands will start in May with two sailings a day.",
        "Silt from an older dredging project was tested and found clean last year.",
    ]
    bags = bags_of(source, SUMMARY)
    src_lengths = np.array([len(s) + 1 for s in source])
    tgt_lengths = np.array([len(s) + 1 for s in SUMMARY])
    # the last summary sentence also matches, more loosely, the silt sentence at the end
    seeds = [Seed(1, 0, 0.55), Seed(3, 1, 0.45), Seed(7, 2, 0.35), Seed(12, 2, 0.3)]
    found = summary_blocks(seeds, bags, weighted_rows(bags)[1], src_lengths, tgt_lengths, PassageParams())
    assert [(b.src_start, b.src_end, b.tgt_start, b.tgt_end) for b in found] == [(1, 8, 0, 3)]


# Derived sentences 0-2 copy original sentences 4-6 word for word; derived sentence 3 shares a
# few words with original sentence 0, a loose match five sentences off the copied run.
COPIED = LONG_SOURCE[4:7] + ["The harbour authority will publish a report on cruise passengers next year."]


def test_a_weak_match_off_a_copied_run_does_not_stretch_the_passage():
    bags = bags_of(LONG_SOURCE, COPIED)
    seeds = [Seed(4, 0, 1.0), Seed(5, 1, 1.0), Seed(6, 2, 1.0), Seed(0, 3, 0.4)]
    pruned = without_stray_edges(block_of(seeds, bags), bags, PassageParams())
    assert (pruned.src_start, pruned.src_end, pruned.tgt_start, pruned.tgt_end) == (4, 7, 0, 3)
    assert Seed(0, 3, 0.4) not in pruned.seeds


def test_in_a_reworded_passage_a_weak_match_off_the_run_stays():
    bags = bags_of(LONG_SOURCE, COPIED)
    # the same places, but no sentence is copied: in reworded text sentences move, so the
    # weak match is as much evidence as the rest, though dropping it would raise the cosine
    seeds = [Seed(4, 0, 0.6), Seed(5, 1, 0.6), Seed(6, 2, 0.6), Seed(0, 3, 0.4)]
    whole = block_of(seeds, bags)
    assert block_of(seeds[:3], bags).similarity > whole.similarity + PassageParams().stray_margin
    assert without_stray_edges(whole, bags, PassageParams()) == whole


def test_the_first_line_of_a_copied_run_cut_short_is_no_stray():
    bags = bags_of(LONG_SOURCE, ["at low tide without waiting.", *LONG_SOURCE[7:10]])
    # the copy starts in the middle of original sentence 6: a weak match, but next to the run
    seeds = [Seed(6, 0, 0.45), Seed(7, 1, 1.0), Seed(8, 2, 1.0), Seed(9, 3, 1.0)]
    whole = block_of(seeds, bags)
    assert block_of(seeds[1:], bags).similarity > whole.similarity + PassageParams().stray_margin
    assert without_stray_edges(whole, bags, PassageParams()) == whole


def loose_and_copied_blocks() -> tuple[Block, Block]:
    copied = Block(4, 7, 0, 3, (Seed(4, 0, 1.0), Seed(5, 1, 0.98), Seed(6, 2, 1.0)), 0.99)
    loose = Block(20, 23, 40, 42, (Seed(20, 40, 0.45), Seed(22, 41, 0.52)), 0.6)
    return copied, loose


def test_a_short_loose_passage_beside_verbatim_copies_is_topical_overlap():
    copied, loose = loose_and_copied_blocks()
    assert without_loose_beside_copies([copied, loose], PassageParams()) == [copied]


def test_loose_passages_stay_where_nothing_is_copied_verbatim():
    copied, loose = loose_and_copied_blocks()
    reworded = Block(4, 7, 0, 3, tuple(Seed(s.src, s.tgt, 0.6) for s in copied.seeds), 0.7)
    assert without_loose_beside_copies([reworded, loose], PassageParams()) == [reworded, loose]
    # one sentence copied word for word among reworded ones is no copied run
    one_copied = Block(4, 7, 0, 3, (Seed(4, 0, 1.0), Seed(5, 1, 0.6), Seed(6, 2, 0.6)), 0.7)
    assert without_loose_beside_copies([one_copied, loose], PassageParams()) == [one_copied, loose]
    # a loose passage with one close sentence match is kept beside copies too
    anchored = Block(20, 23, 40, 42, (Seed(20, 40, 0.45), Seed(22, 41, 0.8)), 0.6)
    assert without_loose_beside_copies([copied, anchored], PassageParams()) == [copied, anchored]


def passage(src: tuple[int, int], tgt: tuple[int, int]) -> Passage:
    return Passage(Span(*src), Span(*tgt), "paraphrase", 0.6)


def test_a_short_passage_on_its_own_is_kept_and_one_beside_another_is_a_fragment():
    params = PassageParams()
    long = passage((0, 900), (5000, 5800))
    short_alone = passage((2000, 2120), (9000, 9130))
    short_beside = passage((3000, 3120), (5850, 5975))
    sliver = passage((4000, 4090), (12000, 12080))
    assert without_slivers([long, short_beside, short_alone, sliver], params) == [long, short_alone]


def spans(blocks: list[Block]) -> list[tuple[int, int, int, int]]:
    return sorted((b.src_start, b.src_end, b.tgt_start, b.tgt_end) for b in blocks)


def test_a_passage_copied_into_the_middle_of_another_cuts_it_in_two():
    # derived 0-2 reuse original 0-2, derived 3-4 copy original 8-9, derived 5-6 reuse 3-4
    derived = LONG_SOURCE[0:3] + LONG_SOURCE[8:10] + LONG_SOURCE[3:5]
    bags = bags_of(LONG_SOURCE, derived)
    around = block_of([Seed(0, 0, 0.6), Seed(1, 1, 0.6), Seed(2, 2, 0.6), Seed(3, 5, 0.6), Seed(4, 6, 0.6)], bags)
    copy = block_of([Seed(8, 3, 1.0), Seed(9, 4, 1.0)], bags)
    assert spans(split_around_copies([around, copy], bags, PassageParams())) == [
        (0, 3, 0, 3), (3, 5, 5, 7), (8, 10, 3, 5)
    ]


def test_a_passage_with_its_own_match_beside_the_copy_stays_whole():
    derived = LONG_SOURCE[0:3] + LONG_SOURCE[8:10] + LONG_SOURCE[3:5]
    bags = bags_of(LONG_SOURCE, derived)
    copy = block_of([Seed(8, 3, 1.0), Seed(9, 4, 1.0)], bags)
    # the surrounding passage also matches derived sentence 4: the copy is part of its text
    own = block_of([Seed(0, 0, 0.6), Seed(1, 1, 0.6), Seed(2, 4, 0.4), Seed(3, 5, 0.6), Seed(4, 6, 0.6)], bags)
    assert spans(split_around_copies([own, copy], bags, PassageParams())) == spans([own, copy])
    # a reworded block in the middle is no copy and cuts nothing
    reworded = block_of([Seed(8, 3, 0.6), Seed(9, 4, 0.6)], bags)
    around = block_of([Seed(0, 0, 0.6), Seed(1, 1, 0.6), Seed(2, 2, 0.6), Seed(3, 5, 0.6), Seed(4, 6, 0.6)], bags)
    assert spans(split_around_copies([around, reworded], bags, PassageParams())) == spans([around, reworded])


LIST_LINES = [
    "Greater Beulah Baptist Church Fellowship Hall",
    "Michigan Occupational Medical Services",
    "Open on Sundays",
]
# a scraped page ran the list into one long sentence with other names
RUN_TOGETHER = (
    "Members of Greater Beulah Baptist Church Fellowship Hall joined volunteers from the Detroit"
    " Labor Exchange, the Empowerment Zone Coalition, Jazz Network Serengeti, Learning Resource"
    " Computer Rooms, Frank and Sarah's Trucking, Fresenius Medical Care Center and Higher"
    " Covenant Churches downtown."
)


def line_scores(lines: list[str], derived: str):
    original = "\n".join(lines)
    bags = sentence_bags(original, segment(original, "lines"), derived, segment(derived, "lines"))
    return bags, pair_scores(bags, weighted_rows(bags))


def test_a_line_whose_every_stem_is_in_a_longer_sentence_seeds_though_its_dice_is_low():
    bags, scores = line_scores(LIST_LINES, RUN_TOGETHER)
    first = (scores.src == 0) & (scores.tgt == 0)
    assert scores.dice[first][0] < PassageParams().seed_dice
    assert scores.containment[first][0] == 1.0 and scores.shared[first][0] == 6
    assert [(s.src, s.tgt) for s in select_seeds(scores, PassageParams(), bags=bags)] == [(0, 0)]


def test_containment_alone_does_not_seed_a_line_of_a_few_stems():
    # "Open on Sundays": both of its stems are in the derived sentence, but two stems are chance
    derived = "The shop is open every week on Sundays from noon, with free parking for customers beside the market."
    bags, scores = line_scores(["Open on Sundays", "Parking behind the hall"], derived)
    first = (scores.src == 0) & (scores.tgt == 0)
    params = PassageParams()
    assert scores.containment[first][0] == 1.0 and scores.cosine[first][0] >= params.seed_cosine
    assert scores.dice[first][0] < params.seed_dice
    assert select_seeds(scores, params, bags=bags) == []


LIBRARY_SOURCE = [
    "The council approved a new budget for the city's public libraries on Monday evening.",
    "Opening hours at the central library will be extended to ten at night on weekdays.",
    "Three branch libraries in the northern suburbs will get new reading rooms and computers.",
    "The mayor said reading was the best investment a city could make in its children.",
    "Critics argued the money should have gone to road repairs instead.",
]
LIBRARY_DERIVED = [
    "On Monday the municipal assembly passed fresh funding for the town's public book lending halls.",
    "The central library will stay open until ten at night on weekdays from now on.",
    "Three branch libraries in northern suburbs get new reading rooms and computers.",
    "Reading, the mayor insisted, is the best outlay any town can choose for its young.",
]


def library_seeds():
    bags = bags_of(LIBRARY_SOURCE, LIBRARY_DERIVED)
    scores = pair_scores(bags, weighted_rows(bags))
    return bags, select_seeds(scores, PassageParams(), bags=bags), select_seeds(scores, PassageParams(), "weak", bags=bags)


def test_a_heavily_reworded_sentence_is_a_weak_seed_only():
    _, seeds, weak = library_seeds()
    assert [(s.src, s.tgt) for s in seeds] == [(1, 1), (2, 2)]
    assert (3, 3) in [(s.src, s.tgt) for s in weak]


def test_a_block_grows_over_a_weak_seed_next_to_it():
    bags, seeds, weak = library_seeds()
    grown = with_weak_neighbours(block_of(seeds, bags), weak, bags, 0, 4, reach=2)
    assert (grown.src_start, grown.src_end, grown.tgt_start, grown.tgt_end) == (1, 4, 1, 4)
    assert (3, 3) in [(s.src, s.tgt) for s in grown.seeds]


def test_weak_growth_stays_clear_of_the_next_passage_and_within_reach():
    bags, seeds, weak = library_seeds()
    start = block_of(seeds, bags)
    assert with_weak_neighbours(start, weak, bags, 0, 3, reach=2) == start
    far = [Seed(4, 3, 0.3)]  # a weak pair two sentences off the block's last seed on the original side
    assert with_weak_neighbours(start, far, bags, 0, 4, reach=1) == start


def test_a_weak_seed_never_pairs_a_sentence_the_block_already_holds():
    bags, seeds, _ = library_seeds()
    start = block_of(seeds, bags)
    assert with_weak_neighbours(start, [Seed(3, 2, 0.3)], bags, 0, 4, reach=2) == start


def test_a_lone_seed_grows_over_weak_seeds_running_on_in_step():
    bags, _, weak = library_seeds()
    lone = block_of([Seed(2, 2, 1.0)], bags)
    run = with_diagonal_run(lone, {(s.src, s.tgt): s for s in weak}, bags)
    assert [(s.src, s.tgt) for s in run.seeds] == [(1, 1), (2, 2), (3, 3)]
    # a weak seed off the diagonal is no run
    assert with_diagonal_run(lone, {(3, 1): Seed(3, 1, 0.3)}, bags) == lone


def test_a_lone_seed_with_weak_seeds_around_it_in_any_order_is_a_run_of_matches():
    bags, _, _ = library_seeds()
    lone = block_of([Seed(2, 2, 0.5)], bags)
    crossed = [Seed(1, 3, 0.25), Seed(3, 1, 0.25)]  # sentences shuffled across the seed
    grown = with_weak_company(lone, crossed, bags, reach=2, company=2)
    assert [(s.src, s.tgt) for s in grown.seeds] == [(3, 1), (2, 2), (1, 3)]
    assert with_weak_company(lone, crossed[:1], bags, reach=2, company=2) == lone
    assert with_weak_company(lone, crossed, bags, reach=2, company=3) == lone
    pair = block_of([Seed(1, 1, 0.5), Seed(2, 2, 0.5)], bags)
    assert with_weak_company(pair, [Seed(3, 3, 0.25), Seed(4, 4, 0.25)], bags, reach=2, company=2) == pair


FERRY_SOURCE = [
    "The harbour authority announced on Tuesday that the evening ferry to the islands will stop running in November.",
    "Fuel costs have doubled since the spring, and passenger numbers fell by a third over the summer season.",
    "Island residents who commute to the mainland hospital said they had not been consulted about the decision.",
    "A petition against the closure gathered four thousand signatures within two days.",
    "The authority promised to review the timetable again before the start of next year.",
]
FERRY_DERIVED = [
    "Weather forecasters expect a mild and wet week along the whole coast.",
    "Fuel costs doubled after spring, while the count of travellers dropped by a third in the summer months.",
    "On Tuesday the harbour board declared that the night boat toward the islands halts in November.",
    "People on the islands travelling to the mainland clinic stated nobody had consulted them about it.",
    "The town band will play in the park on Saturday afternoon if the rain holds off.",
]


def test_a_shuffled_heavily_reworded_passage_with_one_seed_is_found():
    src_text, tgt_text = " ".join(FERRY_SOURCE), " ".join(FERRY_DERIVED)
    args = (src_text, tgt_text)
    (passage,) = align_texts(*args, PassageParams(), languages=("en", "en"))
    assert [(link.src, link.tgt) for link in passage.links] == [((1,), (1,)), ((0,), (2,)), ((2,), (3,))]
    reused = tgt_text[passage.tgt.start : passage.tgt.end]
    assert reused.startswith("Fuel costs doubled") and "People on the islands travelling" in reused
    assert "Weather" not in reused and "town band" not in reused
    # the one seed (cosine 0.5) is too weak a match to stand alone
    assert align_texts(*args, replace(PassageParams(), lone_seed_company=99), languages=("en", "en")) == ()


def test_a_lone_seed_with_one_weak_neighbour_is_still_topical_overlap():
    derived = FERRY_DERIVED[:3] + ["The museum reopens its east wing after two years of repairs to the roof."]
    src_text, tgt_text = " ".join(FERRY_SOURCE), " ".join(derived)
    assert align_texts(src_text, tgt_text, languages=("en", "en")) == ()


def test_a_reworded_passage_takes_in_its_weakly_matched_last_sentence():
    src_text, tgt_text = " ".join(LIBRARY_SOURCE), " ".join(LIBRARY_DERIVED)
    args = (src_text, tgt_text)
    (passage,) = align_texts(*args, PassageParams(), languages=("en", "en"))
    assert "Reading, the mayor insisted" in tgt_text[passage.tgt.start : passage.tgt.end]
    assert "The mayor said reading" in src_text[passage.src.start : passage.src.end]
    (without,) = align_texts(*args, replace(PassageParams(), weak_seed_cosine=1.0), languages=("en", "en"))
    assert "Reading" not in tgt_text[without.tgt.start : without.tgt.end]


def summary_lengths():
    return np.full(40, 100.0), np.full(8, 100.0)


def test_paraphrases_in_a_row_of_distant_parts_of_the_original_are_one_summary():
    src_lengths, tgt_lengths = summary_lengths()
    first = Block(0, 3, 0, 2, (Seed(1, 0, 0.6), Seed(2, 1, 0.5)), 0.6)
    second = Block(20, 24, 2, 4, (Seed(21, 2, 0.6), Seed(23, 3, 0.55)), 0.62)
    (summary,) = summaries_of_runs([first, second], src_lengths, tgt_lengths, PassageParams())
    assert summary.summary
    assert (summary.src_start, summary.src_end, summary.tgt_start, summary.tgt_end) == (0, 24, 0, 4)
    assert summary.seeds == first.seeds + second.seeds


def test_copies_out_of_order_or_apart_are_not_joined_into_a_summary():
    src_lengths, tgt_lengths = summary_lengths()
    params = PassageParams()
    first = Block(0, 3, 0, 2, (Seed(1, 0, 0.6), Seed(2, 1, 0.5)), 0.6)
    copy = Block(20, 24, 2, 4, (Seed(21, 2, 0.95), Seed(23, 3, 0.97)), 0.96)
    later = Block(20, 24, 2, 4, (Seed(21, 2, 0.6), Seed(23, 3, 0.55)), 0.62)
    # the derived text takes the end of the original first, then its start
    out_of_order = Block(20, 24, 0, 2, later.seeds, 0.62), Block(0, 3, 2, 4, first.seeds, 0.6)
    apart = first, Block(20, 24, 5, 7, later.seeds, 0.62)
    near = first, Block(4, 6, 2, 4, later.seeds, 0.62)  # about as long on both sides: nothing condensed
    for blocks in ((first, copy), out_of_order, apart, near):
        assert summaries_of_runs(list(blocks), src_lengths, tgt_lengths, params) == list(blocks)


def test_copied_sentences_of_no_content_words_are_linked_not_omitted_and_added():
    from sourcetrace.api import compare

    original = (
        "The harbour board met on Tuesday. Why? Because the north quay wall has cracked again. "
        "Engineers said the repairs would cost 4.2 million pounds. So what? "
        "The board has no money left this year."
    )
    reworded = original.replace("has no money left", "has run out of money")
    for derived in (original, reworded):
        report = compare(original, derived)
        assert report.omissions == () and report.additions == ()
        carried = [(link.src, link.tgt) for passage in report.passages for link in passage.links]
        assert sorted(i for src, _ in carried for i in src) == list(range(6))
        assert ((1,), (1,)) in carried  # "Why?" between two links, each side alike
    # a question the copy answers otherwise is no copy of it
    answered = original.replace("So what?", "What now?")
    report = compare(original, answered)
    assert [original[o.span.start : o.span.end] for o in report.omissions] == ["So what?"]
