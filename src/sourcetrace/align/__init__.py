"""Alignment: find the passages of the derived text that reuse the original, with sentence links.

Two signals feed one passage builder (:mod:`.passages`): lexical overlap when both texts are in
the same language, multilingual embeddings plus anchors (:mod:`.crosslingual`) when they are
not. In ``document`` mode (chosen automatically when most of each text maps onto the other)
the links come from a monotonic whole-document alignment (:mod:`.document`) instead, with
moved passages aligned on their own.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Literal

import numpy as np
from scipy import sparse
from rapidfuzz.distance import Indel

from sourcetrace.align.crosslingual import CrossScores, Embedder, cross_scores, crosslingual_blocks
from sourcetrace.align.crossing import Crossings
from sourcetrace.align.document import SentenceVectors
from sourcetrace.align.lexical import SentenceBags, pair_scores, span_cosine, stem_bags, weighted_rows
from sourcetrace.align.passages import (
    Block,
    Seed,
    extend_block,
    resolve_overlaps,
    select_seeds,
    copied_run,
    split_around_copies,
    summaries_of_runs,
    summary_blocks,
    validated_blocks,
    with_diagonal_run,
    with_weak_company,
    with_weak_neighbours,
    without_loose_beside_copies,
)
from sourcetrace.align.translation import JoinedSimilarity, translation_blocks
from sourcetrace.align.trim import extend_verbatim, trim_pair
from sourcetrace.align.units import Units
from sourcetrace.align.whole_document import document_blocks
from sourcetrace.config import ALIGN_MODES, AlignmentParams, Config, PassageParams
from sourcetrace.language import check_multilingual
from sourcetrace.model import Link, Passage, PassageKind, Segment, Span

if TYPE_CHECKING:
    from sourcetrace.prepare import PreparedDocument
    from sourcetrace.resources import Resources

__all__ = ["ALIGN_MODES", "AlignMode", "align_pair"]

AlignMode = Literal["auto", "passages", "document"]

_SPACE = re.compile(r"\s+")
# What a segment needs to be aligned as a translation: a word of two letters or a number of
# two digits.
_TRANSLATABLE = re.compile(r"[^\W\d_]{2}|\d{2}")


def align_pair(
    original: PreparedDocument, derived: PreparedDocument, config: Config, resources: Resources
) -> tuple[Passage, ...]:
    """Passages of ``derived`` that reuse ``original``.

    Texts in two different known languages are aligned with multilingual embeddings (from
    ``resources``, seeded with the documents' stored embeddings when they have them), others
    by their lexical units' stems.

    Args:
        original: The original, prepared (:func:`~sourcetrace.prepare.prepare`).
        derived: The derived text, prepared under the same config.
        config: Every threshold; ``config.alignment.mode`` is ``"passages"`` (reuse anywhere,
            in any order), ``"document"`` (a monotonic whole-document alignment, moved passages
            aligned apart) or ``"auto"`` (document mode when most of each text maps onto the other).
        resources: The embedder (and its cache) of the caller.

    Returns:
        Passages sorted by their position in the derived text; each carries the sentence
        links (indices into the documents' segments) that support it.

    Raises:
        InvalidOption: A document was prepared under other segmentation settings.
        UnsupportedLanguage: The languages differ and the multilingual model lacks one.
    """
    original.check_config(config)
    derived.check_config(config)
    if not original.segments or not derived.segments:
        return ()
    languages = (original.language, derived.language)
    if _different(languages):
        check_multilingual([language for language in languages if language])
        for document in (original, derived):
            if document.embeddings is not None:
                resources.embedder.remember(document.sentences, document.embeddings)
        return _align_crosslingual(original, derived, config, resources.embedder)
    return _align_lexical(original, derived, config)


def _align_lexical(original: PreparedDocument, derived: PreparedDocument, config: Config) -> tuple[Passage, ...]:
    """Passages of two texts in one language, from the stems of their units."""
    params, mode = config.lexical, config.alignment.mode
    src, tgt = original.units, derived.units
    src_text, tgt_text = original.comparable_text, derived.comparable_text
    bags = stem_bags(original.stems, derived.stems)
    rows = weighted_rows(bags)
    blocks = lexical_blocks(bags, rows, src, tgt, params, config.alignment)
    whole = mode == "document" or (mode == "auto" and _mostly_mapped(blocks, src, tgt, config.alignment))
    if whole:
        src_vectors, tgt_vectors = _vectors(rows[0], src), _vectors(rows[1], tgt)
        blocks = document_blocks(blocks, src_vectors, tgt_vectors, params.gap, config.lexical_document)
    passages = _with_verbatim_edges(
        [_passage(b, src_text, src, tgt_text, tgt, params) for b in blocks], src_text, tgt_text
    )
    # in a rewrite of the whole text, a short passage (a headline, a sentence moved on its
    # own) is part of the alignment of the whole, not a stray match
    return tuple(passages) if whole else _without_slivers(passages, params)


def _with_verbatim_edges(passages: list[Passage], src_text: str, tgt_text: str) -> list[Passage]:
    """Passages other than summaries grown over the same words on both sides at their edges
    (:func:`~sourcetrace.align.trim.extend_verbatim`), each kept clear of its neighbours'
    derived text."""
    grown: list[Passage] = []
    for k, passage in enumerate(passages):
        if passage.kind == "summary":
            grown.append(passage)
            continue
        floor = grown[-1].tgt.end if grown else 0
        ceiling = passages[k + 1].tgt.start if k + 1 < len(passages) else len(tgt_text)
        src_span, tgt_span = extend_verbatim(src_text, passage.src, tgt_text, passage.tgt, floor, ceiling)
        grown.append(replace(passage, src=src_span, tgt=tgt_span))
    return grown


def _without_slivers(passages: list[Passage], params: PassageParams) -> tuple[Passage, ...]:
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
            _gap(passage.tgt, other.tgt) < 2 * params.min_chars for other in passages if other is not passage
        ):
            kept.append(passage)
    return tuple(kept)


def _gap(one: Span, other: Span) -> int:
    return max(one.start - other.end, other.start - one.end, 0)


def _align_crosslingual(
    original: PreparedDocument, derived: PreparedDocument, config: Config, embedder: Embedder
) -> tuple[Passage, ...]:
    """Passages between texts in two languages, from embeddings and anchors (sentence units)."""
    src_segments, tgt_segments = original.segments, derived.segments
    src, tgt = _sentence_units(src_segments), _sentence_units(tgt_segments)
    src_sentences, tgt_sentences = list(original.sentences), list(derived.sentences)
    languages = [language for language in (original.language, derived.language) if language]
    scores = cross_scores(src_sentences, tgt_sentences, embedder, config.crosslingual, languages)
    src_lengths = np.array([s.end - s.start for s in src_segments])
    tgt_lengths = np.array([s.end - s.start for s in tgt_segments])
    blocks = crosslingual_blocks(scores, src_lengths, tgt_lengths, config.crosslingual)
    mode = config.alignment.mode
    if mode != "passages":
        # the whole-document alignment decides for itself whether most of each text is linked
        document = _translation_document(src_sentences, tgt_sentences, scores, languages, config, embedder)
        mapped = config.alignment
        if mode == "document" or _mostly_mapped(document, src, tgt, mapped) or _mostly_mapped(blocks, src, tgt, mapped):
            blocks = document
    return tuple(
        Passage(
            src=Span(src_segments[b.src_start].start, src_segments[b.src_end - 1].end),
            tgt=Span(tgt_segments[b.tgt_start].start, tgt_segments[b.tgt_end - 1].end),
            kind="translation",
            similarity=b.similarity,
            links=_links(b, src, tgt),
        )
        for b in blocks
    )


def _translation_document(
    src_sentences: list[str],
    tgt_sentences: list[str],
    scores: CrossScores,
    languages: list[str],
    config: Config,
    embedder: Embedder,
) -> list[Block]:
    """Blocks of a whole-document alignment of a translation (sentence indices).

    Segments with nothing to translate (no word of two letters, no number of two digits:
    OCR debris, separators, a stray initial) are left out of the alignment, so that none is
    joined to a bead at its edge; one that lies inside a bead joins it. ``scores`` (of all
    the sentences) are scored again only when some were left out.
    """
    src_at = [i for i, text in enumerate(src_sentences) if _TRANSLATABLE.search(text)]
    tgt_at = [j for j, text in enumerate(tgt_sentences) if _TRANSLATABLE.search(text)]
    src_kept = [src_sentences[i] for i in src_at]
    tgt_kept = [tgt_sentences[j] for j in tgt_at]
    if len(src_kept) < len(src_sentences) or len(tgt_kept) < len(tgt_sentences):
        scores = cross_scores(src_kept, tgt_kept, embedder, config.crosslingual, languages)
    src_vectors, tgt_vectors = scores.vectors(
        np.array([len(text) for text in src_kept]), np.array([len(text) for text in tgt_kept])
    )
    params = config.translation
    crossing = Crossings(
        src_kept,
        tgt_kept,
        scores.src_embeddings,
        scores.tgt_embeddings,
        embedder,
        margin=params.piece_margin,
        piece_weight=params.piece_weight,
        number_weight=params.number_weight,
        abbreviation_weight=params.abbreviation_weight,
    )
    return translation_blocks(
        src_vectors,
        tgt_vectors,
        scores.matrix,
        config.crosslingual.gap,
        params,
        joined=_joined_similarity(src_kept, tgt_kept, embedder),
        crossing=crossing,
        positions=(src_at, tgt_at),
    )


def _joined_similarity(src_sentences: list[str], tgt_sentences: list[str], embedder: Embedder) -> JoinedSimilarity:
    """Cosine of the embeddings of two runs of sentences, each joined into one text."""

    def similarity(src_run: tuple[int, ...], tgt_run: tuple[int, ...]) -> float:
        vectors = np.asarray(
            embedder([" ".join(src_sentences[i] for i in src_run), " ".join(tgt_sentences[j] for j in tgt_run)]),
            dtype=np.float64,
        )
        norms = np.linalg.norm(vectors, axis=1)
        return float(vectors[0] @ vectors[1] / (norms[0] * norms[1])) if norms.all() else 0.0

    return similarity


def _sentence_units(segments: tuple[Segment, ...]) -> Units:
    return Units(segments, tuple(range(len(segments))))


def _vectors(rows: sparse.csr_matrix, units: Units) -> SentenceVectors:
    """The units' tf-isf rows (:func:`~sourcetrace.align.lexical.weighted_rows`, where a random
    pair scores about 0) with their lengths, for the document aligner."""
    lengths = _unit_lengths(units)
    return SentenceVectors(rows=rows, lengths=lengths, background=np.zeros(len(lengths)))


def _unit_lengths(units: Units) -> np.ndarray:
    return np.array([u.end - u.start for u in units.segments], dtype=np.float64)


def _different(languages: tuple[str | None, str | None]) -> bool:
    return None not in languages and languages[0] != languages[1]


def lexical_blocks(
    bags: SentenceBags,
    rows: tuple[sparse.csr_matrix, sparse.csr_matrix],
    src: Units,
    tgt: Units,
    params: PassageParams,
    alignment: AlignmentParams,
) -> list[Block]:
    """The passage builder's blocks (in unit indices) from lexical sentence similarity
    (``rows``: the bags' :func:`~sourcetrace.align.lexical.weighted_rows`)."""
    scores = pair_scores(bags, rows)
    seeds = select_seeds(scores, params, bags=bags)
    if not seeds:
        return []
    src_lengths, tgt_lengths = _unit_lengths(src), _unit_lengths(tgt)
    weak = select_seeds(scores, params, "weak", bags=bags)
    weak_at = {(s.src, s.tgt): s for s in weak}
    blocks = [
        with_weak_company(
            with_diagonal_run(b, weak_at, bags), weak, bags, params.weak_reach, params.lone_seed_company
        )
        for b in split_around_copies(validated_blocks(seeds, bags, params.gap, params), bags, params)
    ]
    summary_seeds = select_seeds(scores, params, "summary", bags=bags)
    sentence_level = _without_fragments(_without_strays(blocks, params), src_lengths, tgt_lengths, alignment)
    blocks += [
        b for b in summary_blocks(summary_seeds, bags, rows[1], src_lengths, tgt_lengths, params)
        if not _explained_by_sentences(b, sentence_level, bags, alignment)
    ]
    kept = [
        b
        for b in resolve_overlaps(blocks, tgt_lengths)
        if _large_enough(b, src_lengths, tgt_lengths, params) and _enough_evidence(b, params)
    ]
    kept = summaries_of_runs(without_loose_beside_copies(kept, params), src_lengths, tgt_lengths, params)
    return _extended(kept, weak, bags, params)


def _mostly_mapped(blocks: list[Block], src: Units, tgt: Units, alignment: AlignmentParams) -> bool:
    """Most of each text is reused in the other (linked units hold at least
    ``alignment.mostly_mapped`` of each text's units, and nothing is a summary): a translation
    or rewrite of the whole, best linked by a whole-document alignment."""
    if not blocks or any(b.summary for b in blocks):
        return False
    src_linked = {s.src for b in blocks for s in b.seeds}
    tgt_linked = {s.tgt for b in blocks for s in b.seeds}
    return (
        len(src_linked) >= alignment.mostly_mapped * len(src.segments)
        and len(tgt_linked) >= alignment.mostly_mapped * len(tgt.segments)
    )


def _extended(blocks: list[Block], weak: list[Seed], bags: SentenceBags, params: PassageParams) -> list[Block]:
    """Sentence-level blocks grown at their edges, each kept clear of its neighbours' derived
    text (blocks come sorted by derived position): over weak seeds next to them
    (:func:`with_weak_neighbours`), unless they are copies, which end where the same words
    do; then while that makes their two sides more alike (:func:`extend_block`)."""
    grown: list[Block] = []
    for k, block in enumerate(blocks):
        if block.summary:
            grown.append(block)
            continue
        floor = grown[-1].tgt_end if grown else 0
        ceiling = blocks[k + 1].tgt_start if k + 1 < len(blocks) else bags.tgt.shape[0]
        if not copied_run(block.seeds, params):
            block = with_weak_neighbours(block, weak, bags, floor, ceiling, params.weak_reach)
        grown.append(extend_block(block, bags, floor, ceiling, params.extend_steps))
    return grown


def _without_strays(blocks: list[Block], params: PassageParams) -> list[Block]:
    """Blocks less the weak single matches whose derived sentence already belongs to a
    passage that stands on its own: a second, weaker source for the same sentence."""
    strong = [b for b in blocks if _enough_evidence(b, params)]
    return strong + [
        b
        for b in blocks
        if not _enough_evidence(b, params)
        and not any(s.tgt_start <= b.tgt_start and b.tgt_end <= s.tgt_end for s in strong)
    ]


def _without_fragments(
    blocks: list[Block], src_lengths: np.ndarray, tgt_lengths: np.ndarray, alignment: AlignmentParams
) -> list[Block]:
    """Blocks less matches under ``alignment.fragment_chars`` on either side (a number, a
    heading, a short line the original repeats): they say nothing about where a longer
    derived passage comes from."""
    return [b for b in blocks if min(_side_chars(b, src_lengths, tgt_lengths)) >= alignment.fragment_chars]


def _side_chars(block: Block, src_lengths: np.ndarray, tgt_lengths: np.ndarray) -> tuple[float, float]:
    """The characters of the block's original and derived units."""
    return (
        float(src_lengths[block.src_start : block.src_end].sum()),
        float(tgt_lengths[block.tgt_start : block.tgt_end].sum()),
    )


def _explained_by_sentences(
    summary: Block, blocks: list[Block], bags: SentenceBags, alignment: AlignmentParams
) -> bool:
    """A would-be summary whose derived sentences are matched, one by one, within a source
    span less than half as long as the summary's, and which that span explains about as well
    (within ``alignment.explained_margin`` of cosine: a wider span takes in more of the
    derived words by chance), is sentence-level reuse with stray weak matches around it, not
    a summary."""
    inside = [b for b in blocks if b.overlaps_tgt(summary)]
    if not inside:
        return False
    start, end = min(b.src_start for b in inside), max(b.src_end for b in inside)
    if 2 * (end - start) > summary.src_end - summary.src_start:
        return False
    tgt = bags.tgt[summary.tgt_start : summary.tgt_end]
    compact = span_cosine(bags.src[start:end], tgt)
    return compact >= span_cosine(bags.src[summary.src_start : summary.src_end], tgt) - alignment.explained_margin


def _large_enough(block: Block, src_lengths: np.ndarray, tgt_lengths: np.ndarray, params: PassageParams) -> bool:
    """At least ``min_chars`` on each side; or, for a run of matches (two or more sentences on
    each side, one matching at ``short_run_best_seed`` or more), ``2 * min_chars`` in all and
    ``min_trimmed_chars`` on each side: a reworded copy that drops words is much shorter than
    the passage it copies."""
    src_chars, tgt_chars = _side_chars(block, src_lengths, tgt_lengths)
    if min(src_chars, tgt_chars) >= params.min_chars:
        return True
    return (
        min(src_chars, tgt_chars) >= params.min_trimmed_chars
        and src_chars + tgt_chars >= 2 * params.min_chars
        and len({s.src for s in block.seeds}) >= 2
        and len({s.tgt for s in block.seeds}) >= 2
        and max(s.similarity for s in block.seeds) >= params.short_run_best_seed
    )


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
        # a copy ends where its words do; a reworded passage's last words are often
        # synonyms that the other side lacks
        slack = 0 if copied_run(block.seeds, params) else params.trim_slack_words
        src_span, tgt_span = trim_pair(src_text, src_span, tgt_text, tgt_span, slack)
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
