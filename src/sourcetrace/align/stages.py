"""The passage builder's method, stage by stage, in one place.

Each stage takes the blocks the stage before it gave (passages in unit indices,
:class:`~sourcetrace.align.types.Block`) and the pair (:mod:`.pair`), and gives blocks;
the last stages turn blocks into passages and work on those. A stage's function lives in the
module of its kind (:mod:`.clusters`, :mod:`.growth`, :mod:`.summaries`, :mod:`.filters`,
:mod:`.passages`, :mod:`.whole_document`, :mod:`.translation`); each stage names the config
fields it reads (``docs/parameters.md`` says what each does).

Same-language pairs (:data:`LEXICAL_STAGES`), then either :data:`LEXICAL_DOCUMENT_STAGES`, when
most of each text maps onto the other or ``alignment.mode`` is ``document``, or
:data:`LEXICAL_PASSAGE_STAGES`. Pairs in two languages: :data:`CROSSLINGUAL_STAGES`, then
:data:`CROSSLINGUAL_DOCUMENT_STAGES` unless ``alignment.mode`` is ``passages``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sourcetrace.align.clusters import split_around_copies, validated_blocks
from sourcetrace.align.filters import (
    enough_evidence,
    large_enough,
    resolve_overlaps,
    side_chars,
    without_fragments,
    without_loose_beside_copies,
    without_slivers,
    without_strays,
)
from sourcetrace.align.growth import extended, with_diagonal_run, with_weak_company
from sourcetrace.align.pair import CrossPair, LexicalPair
from sourcetrace.align.passages import passage_of, translation_passage, with_verbatim_edges
from sourcetrace.align.seeds import select_seeds
from sourcetrace.align.summaries import explained_by_sentences, summaries_of_runs, summary_blocks
from sourcetrace.align.translation import translation_document
from sourcetrace.align.types import Block
from sourcetrace.align.whole_document import document_blocks, mostly_mapped
from sourcetrace.model import Passage

__all__ = [
    "CROSSLINGUAL_DOCUMENT_STAGES",
    "CROSSLINGUAL_STAGES",
    "LEXICAL_DOCUMENT_STAGES",
    "LEXICAL_PASSAGE_STAGES",
    "LEXICAL_STAGES",
    "Stage",
    "crosslingual_passages",
    "lexical_passages",
    "run_stages",
]

PairT = TypeVar("PairT", LexicalPair, CrossPair)


@dataclass(frozen=True)
class Stage(Generic[PairT]):
    """One step of the method: ``run(items, pair)`` gives the next items; ``reads`` names the
    config fields (``section.field``) it depends on."""

    name: str
    run: Callable[[Any, PairT], Any]
    reads: tuple[str, ...]


def run_stages(stages: Sequence[Stage[PairT]], items: Any, pair: PairT) -> Any:
    """``items`` through every stage in order."""
    for stage in stages:
        items = stage.run(items, pair)
    return items


# --- same language: blocks of units, from stems ---------------------------------------------


def _seed_blocks(blocks: list[Block], pair: LexicalPair) -> list[Block]:
    return validated_blocks(pair.seeds, pair.bags, pair.params.gap, pair.params)


def _split_around_copies(blocks: list[Block], pair: LexicalPair) -> list[Block]:
    return split_around_copies(blocks, pair.bags, pair.params)


def _diagonal_runs(blocks: list[Block], pair: LexicalPair) -> list[Block]:
    return [with_diagonal_run(b, pair.weak_at, pair.bags) for b in blocks]


def _weak_company(blocks: list[Block], pair: LexicalPair) -> list[Block]:
    reach, company = pair.params.weak_reach, pair.params.lone_seed_company
    return [with_weak_company(b, pair.weak_index, pair.bags, reach, company) for b in blocks]


def _with_summaries(blocks: list[Block], pair: LexicalPair) -> list[Block]:
    # a pair with no sentence seed at all has no passage, not even a summary
    if not pair.seeds:
        return blocks
    found = summary_blocks(pair.summary_seeds, pair.bags, pair.rows[1], pair.src_lengths, pair.tgt_lengths, pair.params)
    return blocks + found


def _not_explained_by_sentences(blocks: list[Block], pair: LexicalPair) -> list[Block]:
    alignment = pair.config.alignment
    sentence_level = without_fragments(
        without_strays([b for b in blocks if not b.summary], pair.params),
        pair.src_lengths, pair.tgt_lengths, alignment.fragment_chars,
    )
    return [
        b for b in blocks
        if not b.summary or not explained_by_sentences(b, sentence_level, pair.bags, alignment.explained_margin)
    ]


def _resolved(blocks: list[Block], pair: LexicalPair | CrossPair) -> list[Block]:
    return resolve_overlaps(blocks, pair.tgt_lengths)


def _sized_and_supported(blocks: list[Block], pair: LexicalPair) -> list[Block]:
    return [
        b for b in blocks
        if large_enough(b, pair.src_lengths, pair.tgt_lengths, pair.params) and enough_evidence(b, pair.params)
    ]


def _without_loose(blocks: list[Block], pair: LexicalPair) -> list[Block]:
    return without_loose_beside_copies(blocks, pair.params)


def _summaries_of_runs(blocks: list[Block], pair: LexicalPair) -> list[Block]:
    return summaries_of_runs(blocks, pair.src_lengths, pair.tgt_lengths, pair.params)


def _extended(blocks: list[Block], pair: LexicalPair) -> list[Block]:
    return extended(blocks, pair.weak_index, pair.bags, pair.params) if blocks else blocks


_COPIED = ("lexical.copied_cosine", "lexical.copied_run_seeds")
_SEEDS = (
    "lexical.seed_cosine", "lexical.seed_dice", "lexical.seed_containment", "lexical.contained_min_stems",
    "lexical.partner_margin", "lexical.split_reach", "lexical.most_repeat_pairs", "lexical.score_block_pairs",
)
_WEAK = ("lexical.weak_seed_cosine", "lexical.weak_seed_dice", "lexical.partner_margin", "lexical.split_reach")

LEXICAL_STAGES: tuple[Stage[LexicalPair], ...] = (
    Stage("seeds", _seed_blocks, (
        *_SEEDS, "lexical.gap", "lexical.min_gap", "lexical.run_step", "lexical.passage_cosine",
        "lexical.stray_cosine", "lexical.stray_margin", *_COPIED,
    )),
    Stage("split around copies", _split_around_copies, _COPIED),
    Stage("diagonal runs", _diagonal_runs, _WEAK),
    Stage("weak company", _weak_company, (*_WEAK, "lexical.weak_reach", "lexical.lone_seed_company")),
    Stage("summaries", _with_summaries, (
        "lexical.summary_seed_cosine", "lexical.summary_seed_dice", "lexical.partner_margin",
        "lexical.split_reach", "lexical.summary_gap", "lexical.gap", "lexical.run_step",
        "lexical.summary_min_sentences", "lexical.summary_ratio", "lexical.summary_containment",
        "lexical.summary_best_seed", "lexical.ordered_summary_best_seed",
    )),
    Stage("explained by sentences", _not_explained_by_sentences, (
        "lexical.single_link_cosine", "alignment.fragment_chars", "alignment.explained_margin",
    )),
    Stage("overlaps", _resolved, ()),
    Stage("size and evidence", _sized_and_supported, (
        "lexical.min_chars", "lexical.min_trimmed_chars", "lexical.short_run_best_seed", "lexical.single_link_cosine",
    )),
    Stage("loose beside copies", _without_loose, ("lexical.loose_max_sentences", "lexical.loose_best_seed", *_COPIED)),
    Stage("summaries of runs", _summaries_of_runs, (
        "lexical.summary_run_gap", "lexical.summary_ratio", "lexical.copied_cosine",
    )),
    Stage("edges", _extended, ("lexical.weak_reach", "lexical.extend_steps", *_COPIED)),
)


# --- same language: passages ------------------------------------------------------------------


def _document_alignment(blocks: list[Block], pair: LexicalPair) -> list[Block]:
    src, tgt = pair.vectors()
    return document_blocks(blocks, src, tgt, pair.params.gap, pair.config.lexical_document)


def _passages(blocks: list[Block], pair: LexicalPair) -> list[Passage]:
    return [passage_of(b, pair.src_text, pair.src, pair.tgt_text, pair.tgt, pair.language, pair.params) for b in blocks]


def _verbatim_edges(passages: list[Passage], pair: LexicalPair) -> list[Passage]:
    return with_verbatim_edges(passages, pair.src_text, pair.tgt_text, pair.params)


def _without_slivers(passages: list[Passage], pair: LexicalPair) -> list[Passage]:
    return without_slivers(passages, pair.params)


_PASSAGES = (
    "lexical.trim_slack_words", "lexical.trim_window", "lexical.trim_density", *_COPIED,
    "lexical.summary_document_share", "lexical.summary_line_share", "lexical.summary_length_ratio",
    "lexical.verbatim_similarity",
)
_VERBATIM_EDGES = ("lexical.verbatim_min_tokens", "lexical.verbatim_reach")

LEXICAL_DOCUMENT_STAGES: tuple[Stage[LexicalPair], ...] = (
    Stage("document alignment", _document_alignment, (
        "lexical_document.skip", "lexical_document.length_weight", "lexical_document.band", "lexical.gap",
    )),
    Stage("passages", _passages, _PASSAGES),
    # in a rewrite of the whole text, a short passage (a headline, a sentence moved on its
    # own) is part of the alignment of the whole, not a stray match: no slivers stage
    Stage("verbatim edges", _verbatim_edges, _VERBATIM_EDGES),
)

LEXICAL_PASSAGE_STAGES: tuple[Stage[LexicalPair], ...] = (
    Stage("passages", _passages, _PASSAGES),
    Stage("verbatim edges", _verbatim_edges, _VERBATIM_EDGES),
    Stage("slivers", _without_slivers, ("lexical.min_chars", "lexical.min_trimmed_chars")),
)


def lexical_passages(pair: LexicalPair) -> tuple[Passage, ...]:
    """The passages of a same-language pair, sorted by derived position."""
    blocks = run_stages(LEXICAL_STAGES, [], pair)
    mode, share = pair.config.alignment.mode, pair.config.alignment.mostly_mapped
    whole = mode == "document" or (
        mode == "auto" and mostly_mapped(blocks, len(pair.src.segments), len(pair.tgt.segments), share)
    )
    return tuple(run_stages(LEXICAL_DOCUMENT_STAGES if whole else LEXICAL_PASSAGE_STAGES, blocks, pair))


# --- two languages --------------------------------------------------------------------------


def _cross_seed_blocks(blocks: list[Block], pair: CrossPair) -> list[Block]:
    params = pair.params
    seeds = select_seeds(pair.scores.pair_scores(pair.config.crosslingual.min_pair_score), params)
    return validated_blocks(seeds, pair.scores.bags, params.gap, params)


def _cross_sized_and_supported(blocks: list[Block], pair: CrossPair) -> list[Block]:
    params = pair.params
    return [
        b for b in blocks
        if min(side_chars(b, pair.src_lengths, pair.tgt_lengths)) >= params.min_chars and enough_evidence(b, params)
    ]


def _translation_alignment(blocks: list[Block], pair: CrossPair) -> list[Block]:
    """The whole-document alignment's blocks where it links most of each text (it decides for
    itself), where the passage builder's do, or where ``alignment.mode`` is ``document``."""
    config = pair.config
    document = translation_document(
        pair.src_sentences, pair.tgt_sentences, pair.scores, pair.languages, config, pair.embedder
    )
    n_src, n_tgt, share = len(pair.src), len(pair.tgt), config.alignment.mostly_mapped
    if (
        config.alignment.mode == "document"
        or mostly_mapped(document, n_src, n_tgt, share)
        or mostly_mapped(blocks, n_src, n_tgt, share)
    ):
        return document
    return blocks


CROSSLINGUAL_STAGES: tuple[Stage[CrossPair], ...] = (
    Stage("seeds", _cross_seed_blocks, (
        "crosslingual.anchor_weight", "crosslingual.prior_background", "crosslingual.prior_weight",
        "crosslingual.name_prefix", "crosslingual.anchor_min_digits", "crosslingual.anchor_min_name_chars",
        "crosslingual.min_pair_score", "crosslingual.seed_cosine", "crosslingual.partner_margin",
        "crosslingual.split_reach", "crosslingual.gap", "crosslingual.min_gap", "crosslingual.run_step",
        "crosslingual.passage_cosine", "crosslingual.stray_cosine", "crosslingual.stray_margin",
        "crosslingual.copied_cosine", "crosslingual.copied_run_seeds",
    )),
    Stage("overlaps", _resolved, ()),
    Stage("size and evidence", _cross_sized_and_supported, (
        "crosslingual.min_chars", "crosslingual.single_link_cosine",
    )),
)

CROSSLINGUAL_DOCUMENT_STAGES: tuple[Stage[CrossPair], ...] = (
    Stage("translation alignment", _translation_alignment, (
        "alignment.mostly_mapped", "crosslingual.gap",
        *(f"translation.{name}" for name in (
            "skip", "length_weight", "band", "moved_passes", "moved_similarity", "moved_single_similarity",
            "faithful_share", "faithful_skip", "min_similarity", "shape_cost", "piece_margin", "piece_weight",
            "number_weight", "abbreviation_weight", "piece_words", "min_piece_words",
            "translatable_letters", "translatable_digits",
        )),
    )),
)


def crosslingual_passages(pair: CrossPair) -> tuple[Passage, ...]:
    """The passages of a pair in two languages, sorted by derived position."""
    blocks = run_stages(CROSSLINGUAL_STAGES, [], pair)
    if pair.config.alignment.mode != "passages":
        blocks = run_stages(CROSSLINGUAL_DOCUMENT_STAGES, blocks, pair)
    return tuple(translation_passage(b, pair.src, pair.tgt) for b in blocks)
