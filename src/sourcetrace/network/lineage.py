"""Lineage inside a cluster: which document each copy was made from.

A copy of a copy shares that copy's changes (the sentences it cut, added and reworded, the
numbers it changed), so it is closer to it than to the text both came from: distances between
the documents of a cluster (:func:`distance`, the sentences one side has and the other lacks
plus the linked sentences whose wording differs) are close to additive along the copying tree,
and every copy's nearest earlier document is its parent.

* Where every document of the cluster is dated, a document's parent is the nearest of the
  documents published before it (ties: the earlier).
* Otherwise the tree is the cluster's minimum spanning tree over the distances (Kruskal, ties
  by ids), rooted at the document that best explains the pairs' direction evidence: for each
  possible root the tree is oriented away from it and the evidence of every ancestor pair is
  summed (:mod:`sourcetrace.network.direction`). How much the chosen root beats every root under
  which a pair would read otherwise is that pair's margin, and its confidence.

Two documents of which neither is the other's ancestor (siblings, cousins) are collateral: both
derive from a third, and their direction is ``unknown``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["Lineage", "PairFacts", "distance", "lineage"]

_SPACE = re.compile(r"\W+")
# A cross-language pair is a translation step apart, beyond its other changes.
_TRANSLATION_STEP = 1.0


@dataclass(frozen=True)
class PairFacts:
    """What the lineage reads of one verified pair: its distance and its direction score
    towards ``a -> b`` (a and b in id order)."""

    distance: float
    score: float


@dataclass(frozen=True)
class Lineage:
    """A cluster's copying tree and what it says of each pair.

    Attributes:
        root: The document all others derive from.
        parents: Child id -> parent id (every member but the root).
        relations: ``(a, b)`` (id order) -> (direction, confidence, reason).
        dated: Whether the tree was ordered by dates.
    """

    root: str
    parents: dict[str, str]
    relations: dict[tuple[str, str], tuple[str, float, str]]
    dated: bool


def distance(report: dict[str, Any]) -> float:
    """Sentences only one side holds, plus linked sentences whose words differ (a translation
    step for documents in two languages)."""
    original, derived = report["original"], report["derived"]
    linked_o = {i for p in report["passages"] for l in p["links"] for i in l["original_segments"]}
    linked_d = {i for p in report["passages"] for l in p["links"] for i in l["derived_segments"]}
    one_sided = (len(original["segments"]) - len(linked_o)) + (len(derived["segments"]) - len(linked_d))
    if original["language"] != derived["language"]:
        return one_sided + _TRANSLATION_STEP
    changed = sum(
        1 for p in report["passages"] for l in p["links"]
        if _words(original, l["original"]) != _words(derived, l["derived"])
    )
    return float(one_sided + changed)


def _words(document: dict[str, Any], span: dict[str, int]) -> str:
    return _SPACE.sub(" ", document["text"][span["start"]:span["end"]].lower()).strip()


def lineage(
    members: Sequence[str],
    facts: Mapping[tuple[str, str], PairFacts],
    dates: Mapping[str, dt.date | None],
) -> Lineage:
    """The copying tree of a cluster's ``members`` (sorted ids) from its pairs' ``facts``."""
    if all(dates.get(m) is not None for m in members):
        return _dated(members, facts, dates)
    return _undated(members, facts)


# --- dated -------------------------------------------------------------------------------------


def _dated(members: Sequence[str], facts: Mapping[tuple[str, str], PairFacts],
           dates: Mapping[str, dt.date | None]) -> Lineage:
    order = sorted(members, key=lambda m: (dates[m], m))
    parents: dict[str, str] = {}
    for position, child in enumerate(order[1:], start=1):
        earlier = [p for p in order[:position] if dates[p] < dates[child] and _key(p, child) in facts]
        if earlier:
            parents[child] = min(earlier, key=lambda p: (facts[_key(p, child)].distance,
                                                         dates[p], p))
    root = order[0]
    for child in order[1:]:  # a document with no earlier relative hangs from the first one
        parents.setdefault(child, root)
    relations = {}
    for a, b in facts:
        da, db = dates[a], dates[b]
        if da == db:
            relations[(a, b)] = ("unknown", 0.0, f"dates: both published {da.isoformat()}")
        else:
            first, second = (a, b) if da < db else (b, a)
            relations[(a, b)] = (_arrow(a, first), 0.99,
                                 f"dates: {first} ({dates[first].isoformat()}) before"
                                 f" {second} ({dates[second].isoformat()})")
    return Lineage(root, parents, relations, True)


# --- undated -----------------------------------------------------------------------------------


def _undated(members: Sequence[str], facts: Mapping[tuple[str, str], PairFacts]) -> Lineage:
    edges = _spanning_tree(members, facts)
    adjacency: dict[str, list[str]] = {m: [] for m in members}
    for a, b in edges:
        adjacency[a].append(b)
        adjacency[b].append(a)
    orientations = {root: _orient(root, adjacency) for root in members}
    scores = {root: _root_score(parents, facts) for root, parents in orientations.items()}
    best = min(members, key=lambda r: (-scores[r], r))
    parents = orientations[best]
    relations = {}
    for a, b in facts:
        relation = _relation(a, b, parents)
        rivals = [scores[r] for r in members if _relation(a, b, orientations[r]) != relation]
        margin = scores[best] - max(rivals) if rivals else scores[best]
        confidence = round(math.tanh(max(margin, 0.0) / 2.0), 4)
        if relation == "collateral":
            relations[(a, b)] = ("unknown", confidence,
                                 f"lineage: neither derives from the other; both from"
                                 f" {_common_ancestor(a, b, parents)}")
        else:
            relations[(a, b)] = (relation, confidence,
                                 f"lineage: the tree rooted at {best} explains the evidence"
                                 f" best (margin {margin:.2f} over a tree that reads otherwise)")
    return Lineage(best, parents, relations, False)


def _spanning_tree(members: Sequence[str], facts: Mapping[tuple[str, str], PairFacts]) -> list[tuple[str, str]]:
    group = {m: m for m in members}

    def find(node: str) -> str:
        while group[node] != node:
            group[node] = group[group[node]]
            node = group[node]
        return node

    chosen = []
    for (a, b), fact in sorted(facts.items(), key=lambda item: (item[1].distance, item[0])):
        ra, rb = find(a), find(b)
        if ra != rb:
            group[max(ra, rb)] = min(ra, rb)
            chosen.append((a, b))
    return chosen


def _orient(root: str, adjacency: Mapping[str, list[str]]) -> dict[str, str]:
    parents: dict[str, str] = {}
    stack, seen = [root], {root}
    while stack:
        node = stack.pop()
        for other in sorted(adjacency[node]):
            if other not in seen:
                seen.add(other)
                parents[other] = node
                stack.append(other)
    return parents


def _ancestors(node: str, parents: Mapping[str, str]) -> list[str]:
    found = []
    while node in parents:
        node = parents[node]
        found.append(node)
    return found


def _root_score(parents: Mapping[str, str], facts: Mapping[tuple[str, str], PairFacts]) -> float:
    """The evidence of every ancestor pair, read in the direction the tree gives it."""
    total = 0.0
    for (a, b), fact in facts.items():
        relation = _relation(a, b, parents)
        if relation == "a->b":
            total += fact.score
        elif relation == "b->a":
            total -= fact.score
    return total


def _relation(a: str, b: str, parents: Mapping[str, str]) -> str:
    if a in _ancestors(b, parents):
        return "a->b"
    if b in _ancestors(a, parents):
        return "b->a"
    return "collateral"


def _common_ancestor(a: str, b: str, parents: Mapping[str, str]) -> str:
    above_a = _ancestors(a, parents)
    return next((n for n in _ancestors(b, parents) if n in above_a), "?")


def _key(x: str, y: str) -> tuple[str, str]:
    return (x, y) if x < y else (y, x)


def _arrow(a: str, first: str) -> str:
    return "a->b" if first == a else "b->a"
