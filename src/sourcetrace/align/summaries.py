"""Summaries: a few derived sentences that stand for a long original span.

A second clustering, with a wide gap on the original side, finds compact derived passages whose
words come from a much longer original span; a would-be summary that sentence-level reuse from
a much shorter span explains as well is dropped; reworded passages in a row that condense
successive parts of the original are joined into one summary.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from sourcetrace.align.clusters import block_of, cluster_seeds, nearest_partners
from sourcetrace.align.lexical import SentenceBags, span_cosine
from sourcetrace.align.types import Block, Seed
from sourcetrace.config import PassageParams

__all__ = ["containment", "explained_by_sentences", "summaries_of_runs", "summary_blocks"]


def summary_blocks(
    seeds: list[Seed],
    bags: SentenceBags,
    tgt_rows: sparse.csr_matrix,
    src_lengths: np.ndarray,
    tgt_lengths: np.ndarray,
    params: PassageParams,
) -> list[Block]:
    """Blocks where a compact derived passage (``summary_min_sentences`` or more) draws on an
    original span ``summary_ratio`` times as long: most of the derived words
    (:func:`containment` at ``summary_containment``; ``tgt_rows`` the derived units' tf-isf
    rows) are found in that span, and one sentence pair matches closely or the pairs follow
    the original's order (:func:`_summary_evidence`)."""
    blocks = []
    for group in cluster_seeds(seeds, params.summary_gap, params.gap):
        group = nearest_partners(group, params.run_step)
        if len({s.tgt for s in group}) < params.summary_min_sentences:
            continue
        block = block_of(group, bags, summary=True)
        src, tgt = slice(block.src_start, block.src_end), slice(block.tgt_start, block.tgt_end)
        if (
            src_lengths[src].sum() >= params.summary_ratio * tgt_lengths[tgt].sum()
            and containment(bags.src[src], tgt_rows[tgt]) >= params.summary_containment
            and _summary_evidence(group, params)
        ):
            blocks.append(block)
    return blocks


def _summary_evidence(seeds: list[Seed], params: PassageParams) -> bool:
    """A summary needs one close match (``summary_best_seed``), or a looser one
    (``ordered_summary_best_seed``) when its matches follow the original's order: a summary
    condenses its source in turn, while two texts on one topic match here and there."""
    best = max(s.similarity for s in seeds)
    return best >= params.summary_best_seed or (
        best >= params.ordered_summary_best_seed and _in_order(seeds)
    )


def _in_order(seeds: list[Seed]) -> bool:
    """More pairs of seeds lie in the same order on both sides than crossed (Kendall's tau
    above 0)."""
    balance = sum(
        int(np.sign((a.src - b.src) * (a.tgt - b.tgt))) for k, a in enumerate(seeds) for b in seeds[k + 1 :]
    )
    return balance > 0


def containment(src_rows: sparse.csr_matrix, tgt_rows: sparse.csr_matrix) -> float:
    """The share of the derived rows' weight on words that the original rows contain.

    A summary keeps few of its original's words, so a cosine of the two spans falls with the
    original's length; what marks a summary is that the words it does use come from there.
    """
    present = np.asarray(src_rows.sum(axis=0)).ravel() > 0
    weight = np.asarray(tgt_rows.sum(axis=0)).ravel()
    total = float(weight.sum())
    return float(weight[present].sum()) / total if total else 0.0


def explained_by_sentences(summary: Block, blocks: list[Block], bags: SentenceBags, margin: float) -> bool:
    """A would-be summary whose derived sentences are matched, one by one (``blocks``), within
    a source span less than half as long as the summary's, and which that span explains about
    as well (within ``margin`` of cosine: a wider span takes in more of the derived words by
    chance), is sentence-level reuse with stray weak matches around it, not a summary."""
    inside = [b for b in blocks if b.overlaps_tgt(summary)]
    if not inside:
        return False
    start, end = min(b.src_start for b in inside), max(b.src_end for b in inside)
    if 2 * (end - start) > summary.src_end - summary.src_start:
        return False
    tgt = bags.tgt[summary.tgt_start : summary.tgt_end]
    compact = span_cosine(bags.src[start:end], tgt)
    return compact >= span_cosine(bags.src[summary.src_start : summary.src_end], tgt) - margin


def summaries_of_runs(
    blocks: list[Block], src_lengths: np.ndarray, tgt_lengths: np.ndarray, params: PassageParams
) -> list[Block]:
    """The blocks (sorted by derived position), with runs of them joined into one summary
    where each follows the last in both texts (at most ``summary_run_gap`` derived units
    apart), none is copied (similarity under ``copied_cosine``), and the original span they
    take together is ``summary_ratio`` times as long as their derived span: a summary
    condenses successive parts of its source in turn, and a sentence of it may match well
    enough to stand as a passage of its own."""
    joined: list[Block] = []
    for block in blocks:
        last = joined[-1] if joined else None
        if last is not None and _continues_summary(last, block, src_lengths, tgt_lengths, params):
            joined[-1] = Block(
                last.src_start,
                block.src_end,
                last.tgt_start,
                block.tgt_end,
                last.seeds + block.seeds,
                max(last.similarity, block.similarity),
                summary=True,
            )
        else:
            joined.append(block)
    return joined


def _continues_summary(
    last: Block, block: Block, src_lengths: np.ndarray, tgt_lengths: np.ndarray, params: PassageParams
) -> bool:
    if block.tgt_start - last.tgt_end > params.summary_run_gap or block.src_start < last.src_end:
        return False
    if max(last.similarity, block.similarity) >= params.copied_cosine:
        return False
    src_chars = src_lengths[last.src_start : block.src_end].sum()
    tgt_chars = tgt_lengths[last.tgt_start : block.tgt_end].sum()
    return bool(src_chars >= params.summary_ratio * tgt_chars)
