"""Alignment: find the passages of the derived text that reuse the original, with sentence links."""

from __future__ import annotations

import re

import numpy as np
from rapidfuzz.distance import Indel

from sourcetrace.align.lexical import pair_scores, sentence_bags
from sourcetrace.align.passages import (
    Block,
    PassageParams,
    resolve_overlaps,
    select_seeds,
    summary_blocks,
    validated_blocks,
)
from sourcetrace.align.trim import trim_pair
from sourcetrace.align.units import Units, alignment_units
from sourcetrace.model import Link, Passage, PassageKind, Segment, Span

__all__ = ["align", "PassageParams"]

_SPACE = re.compile(r"\s+")


def align(
    src_text: str,
    src_segments: tuple[Segment, ...],
    tgt_text: str,
    tgt_segments: tuple[Segment, ...],
    params: PassageParams = PassageParams(),
) -> tuple[Passage, ...]:
    """Passages of ``tgt_text`` (derived) that reuse ``src_text`` (original).

    Returns passages sorted by their position in the derived text; each carries the sentence
    links (indices into ``src_segments`` and ``tgt_segments``) that support it.
    """
    if not src_segments or not tgt_segments:
        return ()
    src = alignment_units(src_text, src_segments, params.max_unit_words)
    tgt = alignment_units(tgt_text, tgt_segments, params.max_unit_words)
    bags = sentence_bags(src_text, src.segments, tgt_text, tgt.segments)
    scores = pair_scores(bags)
    seeds = select_seeds(scores, params)
    if not seeds:
        return ()
    src_lengths = np.array([u.end - u.start for u in src.segments])
    tgt_lengths = np.array([u.end - u.start for u in tgt.segments])
    blocks = validated_blocks(seeds, bags, params.gap, params)
    summary_seeds = select_seeds(scores, params, summary=True)
    blocks += summary_blocks(summary_seeds, bags, src_lengths, tgt_lengths, params)
    blocks = [
        b
        for b in resolve_overlaps(blocks, tgt_lengths)
        if src_lengths[b.src_start : b.src_end].sum() >= params.min_chars
        and tgt_lengths[b.tgt_start : b.tgt_end].sum() >= params.min_chars
    ]
    return tuple(_passage(b, src_text, src, tgt_text, tgt, params) for b in blocks if _enough_evidence(b, params))


def _enough_evidence(block: Block, params: PassageParams) -> bool:
    """One matched unit pair is a passage only when it is a close match on its own:
    a lone moderate match is most often two texts on the same topic."""
    return len(block.seeds) >= 2 or block.seeds[0].similarity >= params.single_link_cosine


def _passage(
    block: Block, src_text: str, src: Units, tgt_text: str, tgt: Units, params: PassageParams
) -> Passage:
    src_span = Span(src.segments[block.src_start].start, src.segments[block.src_end - 1].end)
    tgt_span = Span(tgt.segments[block.tgt_start].start, tgt.segments[block.tgt_end - 1].end)
    if block.summary:
        src_span, tgt_span = _summary_extent(src_span, src.segments, tgt_span, tgt_text, params)
    else:
        src_span, tgt_span = trim_pair(src_text, src_span, tgt_text, tgt_span)
    kind = _kind(block, src_text[src_span.start : src_span.end], tgt_text[tgt_span.start : tgt_span.end])
    return Passage(
        src=src_span, tgt=tgt_span, kind=kind, similarity=block.similarity, links=_links(block, src, tgt)
    )


def _summary_extent(
    src: Span, src_segments: tuple[Segment, ...], tgt: Span, tgt_text: str, params: PassageParams
) -> tuple[Span, Span]:
    """A summary stands for the whole original when it draws on a large share of it, and
    for the whole paragraph (line) it sits in on the derived side."""
    whole = Span(src_segments[0].start, src_segments[-1].end)
    if len(src) >= params.summary_document_share * len(whole):
        src = whole
    line_start = tgt_text.rfind("\n", 0, tgt.start) + 1
    line_end = tgt_text.find("\n", tgt.end)
    line_end = len(tgt_text.rstrip()) if line_end < 0 else line_end
    if (tgt.start - line_start) + (line_end - tgt.end) <= len(tgt) // 2:
        tgt = Span(line_start, max(line_end, tgt.end))
    return src, tgt


def _kind(block: Block, src_text: str, tgt_text: str) -> PassageKind:
    if block.summary or len(tgt_text) * 2 < len(src_text):
        return "summary"
    a, b = _SPACE.sub(" ", src_text), _SPACE.sub(" ", tgt_text)
    if a == b or Indel.normalized_similarity(a, b) >= 0.98:
        return "verbatim"
    return "paraphrase"


def _links(block: Block, src: Units, tgt: Units) -> tuple[Link, ...]:
    """Seeds, mapped from units to sentences, joined into n-m links where a sentence on one
    side has several partners."""
    seeds = {
        (src.sentence[seed.src], tgt.sentence[seed.tgt]): seed.similarity for seed in block.seeds
    }
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def root(node: tuple[str, int]) -> tuple[str, int]:
        parent.setdefault(node, node)
        while parent[node] != node:
            node = parent[node]
        return node

    for i, j in seeds:
        parent[root(("s", i))] = root(("t", j))
    groups: dict[tuple[str, int], list[tuple[int, int]]] = {}
    for i, j in sorted(seeds):
        groups.setdefault(root(("s", i)), []).append((i, j))
    links = [
        Link(
            src=tuple(sorted({i for i, _ in group})),
            tgt=tuple(sorted({j for _, j in group})),
            similarity=max(seeds[pair] for pair in group),
        )
        for group in groups.values()
    ]
    return tuple(sorted(links, key=lambda link: (link.tgt, link.src)))
