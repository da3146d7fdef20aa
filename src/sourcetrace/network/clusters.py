"""Clusters: documents joined by reuse, as connected components over the pairs' passages.

Pairs are joined strongest first (the longest passage, then ids), and a join that would make a
component larger than ``max_size`` is refused: boilerplate that slipped through the
document-frequency cap, or a text quoted everywhere, would otherwise chain a collection into one
giant component (passim caps its clusters the same way). Clusters are numbered from 1, the
largest first, ties by their first id.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

__all__ = ["clusters"]


def clusters(pairs: Iterable[tuple[str, str, int]], max_size: int) -> list[list[str]]:
    """Components of the ``(a, b, strength)`` pairs, each of at most ``max_size`` documents,
    as sorted id lists in cluster order."""
    parent: dict[str, str] = {}
    size: dict[str, int] = {}

    def root(node: str) -> str:
        parent.setdefault(node, node)
        size.setdefault(node, 1)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for a, b, _ in sorted(pairs, key=lambda p: (-p[2], p[0], p[1])):
        ra, rb = root(a), root(b)
        if ra != rb and size[ra] + size[rb] <= max_size:
            ra, rb = sorted((ra, rb))
            parent[rb] = ra
            size[ra] += size[rb]
    members: dict[str, list[str]] = {}
    for node in sorted(parent):
        members.setdefault(root(node), []).append(node)
    return sorted(members.values(), key=lambda m: (-len(m), m[0]))


def numbering(groups: Sequence[Sequence[str]]) -> dict[str, int]:
    """Each document's cluster number (1 for the first cluster)."""
    return {doc: number for number, group in enumerate(groups, start=1) for doc in group}
