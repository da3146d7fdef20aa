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
from bisect import bisect_left, bisect_right
from dataclasses import replace
from itertools import pairwise

from rapidfuzz.distance import Indel

from sourcetrace.align.seeds import copied_run
from sourcetrace.align.trim import extend_verbatim, trim_pair
from sourcetrace.align.types import Block
from sourcetrace.align.units import Units
from sourcetrace.config import PassageParams
from sourcetrace.model import Link, Passage, PassageKind, Segment, Span

__all__ = ["links", "passage_of", "translation_passage", "with_verbatim_edges"]

_SPACE = re.compile(r"\s+")
# the verbatim test's exact reach and its pieces beyond (characters); PAN13's longest passages
# are far below it, and a piece costs milliseconds
_EXACT_CHARS = 200_000
_PIECE_CHARS = 4_000
_PROBE_CHARS = 40


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
    found = links(block, src, tgt)
    if kind != "summary":
        found = _with_identical_gaps(
            found, src_text, _sentences_within(src, block.src_start, block.src_end, src_span),
            tgt_text, _sentences_within(tgt, block.tgt_start, block.tgt_end, tgt_span),
        )
    return Passage(src=src_span, tgt=tgt_span, kind=kind, similarity=block.similarity, links=found)


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
    if a == b or _similarity(a, b, params.verbatim_similarity) >= params.verbatim_similarity:
        return "verbatim"
    return "paraphrase"


def _similarity(a: str, b: str, cutoff: float) -> float:
    """Indel similarity of ``a`` and ``b``, exact (0 below ``cutoff``: rapidfuzz stops early)
    up to ``_EXACT_CHARS`` characters in all; beyond, that of piece against piece.

    Indel's cost is the product of the lengths (two 1 MB sides: 7 s, 2 MB: 29 s). The pieces'
    distances add up to at least the whole one's, and to as much when the cuts lie on its
    alignment, as matching words after each cut put them: so a long copy is still verbatim,
    in linear time, and a long passage is never called verbatim when it is not."""
    if len(a) + len(b) <= _EXACT_CHARS:
        return Indel.normalized_similarity(a, b, score_cutoff=cutoff)
    distance = sum(Indel.distance(a[i:k], b[j:m]) for (i, j), (k, m) in pairwise(_cuts(a, b)))
    return 1 - distance / (len(a) + len(b))


def _cuts(a: str, b: str) -> list[tuple[int, int]]:
    """Matching cut points, one every ``_PIECE_CHARS`` characters of ``a``: where the words
    after the cut occur in ``b`` nearest the place the lengths so far predict (at that place
    when they occur nowhere near)."""
    cuts = [(0, 0)]
    while len(a) - cuts[-1][0] > 2 * _PIECE_CHARS and len(b) - cuts[-1][1] > 2 * _PIECE_CHARS:
        i, j = cuts[-1]
        cut = a.find(" ", i + _PIECE_CHARS) + 1 or len(a)
        guess = j + round((cut - i) * (len(b) - j) / (len(a) - i))
        cuts.append((cut, _nearest(b, a[cut : cut + _PROBE_CHARS], guess, j + 1)))
    cuts.append((len(a), len(b)))
    return cuts


def _nearest(text: str, probe: str, guess: int, floor: int) -> int:
    """Where ``probe`` occurs in ``text`` nearest ``guess`` (within ``_PIECE_CHARS``, not
    before ``floor``), or ``guess``."""
    low = max(floor, guess - _PIECE_CHARS // 2)
    after = text.find(probe, guess, guess + _PIECE_CHARS // 2 + len(probe))
    before = text.rfind(probe, low, guess + len(probe) - 1)
    found = [at for at in (after, before) if at >= 0]
    return min(found, key=lambda at: abs(at - guess)) if found else min(max(guess, floor), len(text))


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


def _sentences_within(units: Units, start: int, end: int, span: Span) -> dict[int, Span]:
    """The sentences of units ``[start, end)`` that lie inside ``span``: their extents by
    index."""
    extents: dict[int, Span] = {}
    for unit in range(start, end):
        segment, sentence = units.segments[unit], units.sentence[unit]
        first = extents[sentence].start if sentence in extents else segment.start
        extents[sentence] = Span(first, segment.end)
    return {sentence: extent for sentence, extent in extents.items() if span.contains(extent)}


def _with_identical_gaps(
    found: tuple[Link, ...], src_text: str, src: dict[int, Span], tgt_text: str, tgt: dict[int, Span]
) -> tuple[Link, ...]:
    """The links, and 1-1 links between the sentences that lie unlinked between the same two
    links (or a link and the passage's edge) on both sides, as many on each and the same text
    pair by pair (white space aside). Seeds come from content words: a sentence of none
    ("&amp;", "--", "Why?") has no seed, and would be an omission and an addition inside a copy."""
    if any(a.src[-1] >= b.src[0] or a.tgt[-1] >= b.tgt[0] for a, b in pairwise(found)):
        return found  # links that cross leave no gap both sides agree on

    def same(i: int, j: int) -> bool:
        a, b = src[i], tgt[j]
        return _SPACE.sub(" ", src_text[a.start : a.end]) == _SPACE.sub(" ", tgt_text[b.start : b.end])

    src_order, tgt_order = sorted(src), sorted(tgt)
    first = Link(src=(-1,), tgt=(-1,), similarity=0.0)
    last = Link(src=(max(src, default=0) + 1,), tgt=(max(tgt, default=0) + 1,), similarity=0.0)
    added: list[Link] = []
    for before, after in pairwise([first, *found, last]):
        src_gap = src_order[bisect_right(src_order, before.src[-1]) : bisect_left(src_order, after.src[0])]
        tgt_gap = tgt_order[bisect_right(tgt_order, before.tgt[-1]) : bisect_left(tgt_order, after.tgt[0])]
        if src_gap and len(src_gap) == len(tgt_gap) and all(map(same, src_gap, tgt_gap)):
            added += (Link(src=(i,), tgt=(j,), similarity=1.0) for i, j in zip(src_gap, tgt_gap))
    if not added:
        return found
    return tuple(sorted((*found, *added), key=lambda link: (link.tgt, link.src)))


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
