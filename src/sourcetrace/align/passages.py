"""Passages from blocks: unit indices become character spans, trimmed and named.

A block's spans run from its first unit's start to its last unit's end. A sentence-level block
is then trimmed to the reused words (:func:`~sourcetrace.align.trim.trim_pair`); a summary
stands for the whole original when it draws on a large share of it, and for the whole
paragraph it sits in. Every passage gets its kind and its sentence links (units mapped back to
sentences, joined into n-m links); the passages other than summaries finally grow over the
same words on both sides at their edges.
"""

from __future__ import annotations

import re
from dataclasses import replace

from rapidfuzz.distance import Indel

from sourcetrace.align.seeds import copied_run
from sourcetrace.align.trim import extend_verbatim, trim_pair
from sourcetrace.align.types import Block
from sourcetrace.align.units import Units
from sourcetrace.config import PassageParams
from sourcetrace.model import Link, Passage, PassageKind, Segment, Span

__all__ = ["links", "passage_of", "translation_passage", "with_verbatim_edges"]

_SPACE = re.compile(r"\s+")


def passage_of(
    block: Block, src_text: str, src: Units, tgt_text: str, tgt: Units, language: str, params: PassageParams
) -> Passage:
    """The passage of a lexical block (both texts in ``language``, their lexical language)."""
    src_span = Span(src.segments[block.src_start].start, src.segments[block.src_end - 1].end)
    tgt_span = Span(tgt.segments[block.tgt_start].start, tgt.segments[block.tgt_end - 1].end)
    if block.summary:
        src_span, tgt_span = _summary_extent(src_span, src.segments, tgt_span, tgt_text, params)
    else:
        # a copy ends where its words do; a reworded passage's last words are often
        # synonyms that the other side lacks
        slack = 0 if copied_run(block.seeds, params) else params.trim_slack_words
        src_span, tgt_span = trim_pair(
            src_text, src_span, tgt_text, tgt_span, language, params.trim_window, params.trim_density, slack
        )
    kind = _kind(block, src_text[src_span.start : src_span.end], tgt_text[tgt_span.start : tgt_span.end], params)
    return Passage(src=src_span, tgt=tgt_span, kind=kind, similarity=block.similarity, links=links(block, src, tgt))


def translation_passage(block: Block, src: tuple[Segment, ...], tgt: tuple[Segment, ...]) -> Passage:
    """The passage of a cross-language block (in sentence indices): whole sentences."""
    return Passage(
        src=Span(src[block.src_start].start, src[block.src_end - 1].end),
        tgt=Span(tgt[block.tgt_start].start, tgt[block.tgt_end - 1].end),
        kind="translation",
        similarity=block.similarity,
        links=links(block, _sentence_units(src), _sentence_units(tgt)),
    )


def _sentence_units(segments: tuple[Segment, ...]) -> Units:
    return Units(segments, tuple(range(len(segments))))


def _summary_extent(
    src: Span, src_segments: tuple[Segment, ...], tgt: Span, tgt_text: str, params: PassageParams
) -> tuple[Span, Span]:
    """A summary stands for the whole original when it draws on ``summary_document_share`` of
    it, and for the whole paragraph (line) it sits in on the derived side when the rest of
    the paragraph is at most ``summary_line_share`` of its length."""
    whole = Span(src_segments[0].start, src_segments[-1].end)
    if len(src) >= params.summary_document_share * len(whole):
        src = whole
    line_start = tgt_text.rfind("\n", 0, tgt.start) + 1
    line_end = tgt_text.find("\n", tgt.end)
    line_end = len(tgt_text.rstrip()) if line_end < 0 else line_end
    if (tgt.start - line_start) + (line_end - tgt.end) <= len(tgt) * params.summary_line_share:
        tgt = Span(line_start, max(line_end, tgt.end))
    return src, tgt


def _kind(block: Block, src_text: str, tgt_text: str, params: PassageParams) -> PassageKind:
    """A summary when the block is one or the derived side is ``summary_length_ratio`` times
    shorter; verbatim when the two sides are the same up to white space, or at least
    ``verbatim_similarity`` alike by characters (Indel); a paraphrase otherwise."""
    if block.summary or len(tgt_text) * params.summary_length_ratio < len(src_text):
        return "summary"
    a, b = _SPACE.sub(" ", src_text), _SPACE.sub(" ", tgt_text)
    # the cut-off lets rapidfuzz stop early: a whole long text costs seconds, not minutes
    cutoff = params.verbatim_similarity
    if a == b or Indel.normalized_similarity(a, b, score_cutoff=cutoff) >= cutoff:
        return "verbatim"
    return "paraphrase"


def links(block: Block, src: Units, tgt: Units) -> tuple[Link, ...]:
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
    found = [
        Link(
            src=tuple(sorted({i for i, _ in group})),
            tgt=tuple(sorted({j for _, j in group})),
            similarity=max(seeds[pair] for pair in group),
        )
        for group in groups.values()
    ]
    return tuple(sorted(found, key=lambda link: (link.tgt, link.src)))


def with_verbatim_edges(
    passages: list[Passage], src_text: str, tgt_text: str, params: PassageParams
) -> list[Passage]:
    """Passages other than summaries grown over the same words on both sides at their edges
    (:func:`~sourcetrace.align.trim.extend_verbatim`: runs of ``verbatim_min_tokens`` or
    more, looked for within ``verbatim_reach`` characters), each kept clear of its
    neighbours' derived text."""
    grown: list[Passage] = []
    for k, passage in enumerate(passages):
        if passage.kind == "summary":
            grown.append(passage)
            continue
        floor = grown[-1].tgt.end if grown else 0
        ceiling = passages[k + 1].tgt.start if k + 1 < len(passages) else len(tgt_text)
        src_span, tgt_span = extend_verbatim(
            src_text, passage.src, tgt_text, passage.tgt, floor, ceiling,
            params.verbatim_min_tokens, params.verbatim_reach,
        )
        grown.append(replace(passage, src=src_span, tgt=tgt_span))
    return grown
