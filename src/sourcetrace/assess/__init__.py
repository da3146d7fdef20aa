"""Assess an aligned pair: distortions, omissions and additions.

:func:`assess` runs after alignment. Every sentence link of every passage becomes a
:class:`~sourcetrace.assess.pair.SentencePair`, and each detector of :data:`DETECTORS` (or the
ones named) looks at it. A detector is a pure function with one signature,
``detector(pair: SentencePair) -> tuple[Distortion, ...]``; it reads the two sentences and
returns findings with document offsets on both sides, a severity and an explanation quoting both
phrases. Its thresholds are the config's section of its name (``pair.config.quote``...), and
the English parser the caller's resources' (``pair.parse``). The findings, omissions and
additions are documented in ``docs/distortions.md``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sourcetrace.assess.accounting import (
    phrase_changes,
    sentence_additions,
    sentence_omissions,
)
from sourcetrace.assess.dates import detect_dates
from sourcetrace.assess.entities import detect_entities
from sourcetrace.assess.garbled import detect_garbled
from sourcetrace.assess.hedges import detect_hedges
from sourcetrace.assess.negation import detect_negation
from sourcetrace.assess.numbers import detect_numbers
from sourcetrace.assess.pair import Published, SentencePair
from sourcetrace.assess.quotes import detect_quotes
from sourcetrace.assess.relations import detect_relations
from sourcetrace.assess.substitution import detect_substitutions
from sourcetrace.config import Config
from sourcetrace.errors import InvalidOption
from sourcetrace.model import Addition, Distortion, Document, Link, Omission, Passage, Segment, Span

if TYPE_CHECKING:
    from sourcetrace.resources import Resources

__all__ = ["DETECTORS", "Assessment", "SentencePair", "assess", "detect", "detector_names", "link_pairs"]

Detector = Callable[[SentencePair], tuple[Distortion, ...]]

# Registry order is the order findings are listed in for one pair, and the precedence when two
# detectors report the very same spans: the more specific finding is kept.
DETECTORS: dict[str, Detector] = {
    "number": detect_numbers,
    "date": detect_dates,
    "entity": detect_entities,
    "negation": detect_negation,
    "hedge": detect_hedges,
    "relation": detect_relations,
    "substitution": detect_substitutions,
    "quote": detect_quotes,
    "garbled": detect_garbled,
}
# Detectors that read spaCy's parse of English sentences (parsed in one batch beforehand).
_PARSING = frozenset({"entity", "negation", "hedge", "substitution", "quote"})
# Findings a quotation change repeats when it is nothing but one of these.
_SPECIFIC = frozenset(
    {"number", "date", "entity", "negation", "hedge", "relation", "substitution"}
)


@dataclass(frozen=True)
class Assessment:
    """What :func:`assess` found: changed facts, and text dropped from or added to the copy."""

    distortions: tuple[Distortion, ...] = ()
    omissions: tuple[Omission, ...] = ()
    additions: tuple[Addition, ...] = ()


def detector_names(names: Iterable[str] | None) -> tuple[str, ...]:
    """Validate detector names (``None``: all of them), in registry order.

    Raises:
        InvalidOption: A name is not in :data:`DETECTORS`.
    """
    if names is None:
        return tuple(DETECTORS)
    wanted = set(names)
    unknown = sorted(wanted - set(DETECTORS))
    if unknown:
        known = ", ".join(DETECTORS)
        raise InvalidOption(f"unknown detector {unknown[0]!r}; expected some of: {known}")
    return tuple(name for name in DETECTORS if name in wanted)


def detect(pair: SentencePair, names: Sequence[str] | None = None) -> tuple[Distortion, ...]:
    """Run the named detectors (all by default) on one sentence pair, duplicates removed."""
    findings = [f for name in detector_names(names) for f in DETECTORS[name](pair)]
    return tuple(_without_repeats(findings))


def _without_repeats(findings: list[Distortion]) -> list[Distortion]:
    """Drop a finding whose spans another, earlier or more specific finding already covers."""
    kept: list[Distortion] = []
    for finding in findings:
        if any(_covers(other, finding) for other in kept if other.type != "garbled"):
            continue
        kept.append(finding)
    return kept


def _covers(other: Distortion, finding: Distortion) -> bool:
    if (other.original, other.derived) == (finding.original, finding.derived):
        return True
    return (
        finding.type == "quote"
        and other.type in _SPECIFIC
        and _within(finding.original, other.original)
        and _within(finding.derived, other.derived)
    )


def _within(inner: Span, outer: Span) -> bool:
    return outer.start <= inner.start and inner.end <= outer.end


def link_pairs(
    original: Document,
    derived: Document,
    original_segments: Sequence[Segment],
    derived_segments: Sequence[Segment],
    passages: Iterable[Passage],
    published: tuple[Published | None, Published | None] = (None, None),
    *,
    config: Config,
    resources: Resources,
) -> list[tuple[Passage, Link, SentencePair]]:
    """Every sentence link of every passage as a located sentence pair (with the texts'
    publication dates, where known, and what its detectors read: ``config`` and ``resources``)."""
    return [
        (
            passage,
            link,
            SentencePair(
                original.text, _cover(original_segments, link.src),
                derived.text, _cover(derived_segments, link.tgt),
                original.language, derived.language, *published,
                resources=resources, config=config,
            ),
        )
        for passage in passages
        for link in passage.links
    ]


def assess(
    original: Document,
    derived: Document,
    original_segments: Sequence[Segment],
    derived_segments: Sequence[Segment],
    passages: Sequence[Passage],
    config: Config,
    resources: Resources,
    published: tuple[Published | None, Published | None] = (None, None),
) -> Assessment:
    """Find distortions in every aligned sentence pair, and what was omitted or added.

    Args:
        original, derived: The two documents (their ``language`` and ``artifacts`` are used).
        original_segments, derived_segments: Their segments, as the links index them.
        passages: The aligned passages with their sentence links.
        config: The detectors to run (``assessment.detectors``: names from :data:`DETECTORS`,
            ``None`` for all) and every detector's thresholds.
        resources: The English parser the detectors share.
        published: The two texts' publication dates, where known (the ``date`` detector
            places "Monday" and "tomorrow" on the calendar with them).

    Returns:
        Distortions in link order (then detector order), omissions sorted by original
        position, additions sorted by derived position.

    Raises:
        InvalidOption: An unknown detector name.
    """
    names = detector_names(config.assessment.detectors)
    distortions: list[Distortion] = []
    omissions: list[Omission] = []
    additions: list[Addition] = []
    pairs = link_pairs(
        original, derived, original_segments, derived_segments, passages, published,
        config=config, resources=resources,
    )
    if _PARSING & set(names):
        resources.english.parse_many(_english_sentences(pair for _, _, pair in pairs))
    for passage, _, pair in pairs:
        distortions += detect(pair, names)
        if passage.kind != "summary":
            dropped, added = phrase_changes(pair)
            omissions += dropped
            additions += added
    carried_src = {i for p in passages for link in p.links for i in link.src}
    carried_tgt = {i for p in passages for link in p.links for i in link.tgt}
    share = config.assessment.artifact_share
    omissions += sentence_omissions(original_segments, carried_src, original.artifacts, share)
    additions += sentence_additions(derived_segments, carried_tgt, derived.artifacts, share)
    return Assessment(
        distortions=tuple(distortions),
        omissions=tuple(sorted(set(omissions), key=lambda o: (o.span.start, o.span.end, o.level))),
        additions=tuple(sorted(set(additions), key=lambda a: (a.span.start, a.span.end, a.level))),
    )


def _english_sentences(pairs: Iterable[SentencePair]) -> list[str]:
    """The sentences the English pipeline will parse, in pair order."""
    return [
        sentence
        for pair in pairs
        for side, sentence in (("original", pair.original_sentence),
                               ("derived", pair.derived_sentence))
        if pair.is_english(side)
    ]


def _cover(segments: Sequence[Segment], indices: tuple[int, ...]) -> Span:
    return Span(min(segments[i].start for i in indices), max(segments[i].end for i in indices))
