"""Seeds: the sentence (unit) pairs similar enough to start or join a passage.

In the spirit of Sanchez-Perez, Sidorov and Gelbukh (PAN 2014), a seed is a pair of units
that is similar on its own (tf-isf cosine and Dice over stems, or a rescaled embedding score
across languages). Each unit keeps only its best partners: a unit comes from one place, so a
clearly weaker match elsewhere is noise (topical overlap, boilerplate).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from sourcetrace.align.lexical import PairScores, SentenceBags, span_cosine
from sourcetrace.align.types import Seed
from sourcetrace.config import PassageParams

__all__ = ["SeedLevel", "copied_run", "select_seeds"]

# Which thresholds a seed passes: ``sentence`` starts a passage, ``summary`` a summary (a few
# derived sentences for a long original span), ``weak`` only joins a passage next to it.
SeedLevel = Literal["sentence", "summary", "weak"]


def select_seeds(
    scores: PairScores, params: PassageParams, level: SeedLevel = "sentence", bags: SentenceBags | None = None
) -> list[Seed]:
    """Sentence pairs similar enough for ``level``, each sentence kept only with its
    best partners: a sentence comes from one place, so a clearly weaker match elsewhere in
    the other text is noise (topical overlap, boilerplate) that would stretch a passage.

    A weaker match within ``split_reach`` units of the best one is kept as part of a split
    (one sentence cut in two on the other side) when ``bags`` are given, only if joining it to
    the best partner makes the pair more similar; without ``bags`` every such neighbour of the
    best partner is kept."""
    if level == "weak":
        keep = (scores.cosine >= params.weak_seed_cosine) & (scores.dice >= params.weak_seed_dice)
    elif level == "summary":
        keep = (scores.cosine >= params.summary_seed_cosine) & (scores.dice >= params.summary_seed_dice)
    else:
        # a short line copied into a longer sentence (a list run together on a scraped page)
        # has a low Dice for the size difference alone, though every stem of it is there
        contained = (scores.shared >= params.contained_min_stems) & (scores.containment >= params.seed_containment)
        keep = (scores.cosine >= params.seed_cosine) & ((scores.dice >= params.seed_dice) | contained)
    seeds = [
        Seed(int(i), int(j), float(c))
        for i, j, c in zip(scores.src[keep], scores.tgt[keep], scores.cosine[keep])
    ]
    by_tgt = _best_partners(seeds, "tgt", params, bags)
    return _best_partners(by_tgt, "src", params, bags)


def _best_partners(
    seeds: list[Seed], side: str, params: PassageParams, bags: SentenceBags | None
) -> list[Seed]:
    other = "src" if side == "tgt" else "tgt"
    best: dict[int, Seed] = {}
    for seed in seeds:
        current = best.get(getattr(seed, side))
        if current is None or seed.similarity > current.similarity:
            best[getattr(seed, side)] = seed
    kept = []
    for seed in seeds:
        top = best[getattr(seed, side)]
        if seed.similarity >= top.similarity - params.partner_margin:
            kept.append(seed)
        elif abs(getattr(seed, other) - getattr(top, other)) <= params.split_reach and (
            bags is None or _split_helps(seed, top, side, bags)
        ):
            kept.append(seed)
    return kept


def _split_helps(seed: Seed, top: Seed, side: str, bags: SentenceBags) -> bool:
    """Whether the unit on ``side`` matches its best partner and ``seed``'s partner together
    (and the units between) better than its best partner alone."""
    one, others = (bags.tgt, bags.src) if side == "tgt" else (bags.src, bags.tgt)
    unit = getattr(seed, side)
    other = "src" if side == "tgt" else "tgt"
    first, last = sorted((getattr(seed, other), getattr(top, other)))
    alone = span_cosine(one[unit : unit + 1], others[getattr(top, other) : getattr(top, other) + 1])
    joined = span_cosine(one[unit : unit + 1], others[first : last + 1])
    return joined > alone


def copied_run(seeds: Iterable[Seed], params: PassageParams) -> bool:
    """Whether the seeds (a block's) hold a run of sentences copied (nearly) word for word:
    ``copied_run_seeds`` or more at ``copied_cosine``."""
    copied = sum(s.similarity >= params.copied_cosine for s in seeds)
    return copied >= params.copied_run_seeds
