"""Boilerplate: sentences so many documents hold that they say nothing about reuse.

Site furniture, legal notices and "Sign up for our newsletter" recur in hundreds of pages of a
collection; passim and TextPAIR keep such text out with a document-frequency cap. Here a
sentence (lower-cased words, :func:`~sourcetrace.network.pairs.sentence_key`) held by more than
``max_df`` documents is boilerplate: the links of a pair's passages that carry only boilerplate
sentences are dropped, a passage left with no link goes, and a pair left with no passage is no
reuse pair. Each boilerplate sentence is listed once, with its document frequency.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sourcetrace.network.pairs import sentence_key

__all__ = ["Boilerplate", "boilerplate_keys", "strip_boilerplate"]


@dataclass(frozen=True)
class Boilerplate:
    """A boilerplate sentence: its text (as the first document holding it has it), how many
    documents hold it, and that first document's id."""

    text: str
    documents: int
    example: str

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "documents": self.documents, "example": self.example}


def boilerplate_keys(sentence_keys: Iterable[tuple[int, ...]], max_df: int) -> dict[int, int]:
    """The keys held by more than ``max_df`` documents, with their document frequencies."""
    counts = Counter(key for keys in sentence_keys for key in keys)
    return {key: n for key, n in counts.items() if n > max_df}


def strip_boilerplate(report: dict[str, Any], keys: dict[int, int]) -> tuple[dict[str, Any], bool]:
    """The report without the passage links that carry only boilerplate sentences (on either
    side), and whether anything was dropped."""
    if not keys:
        return report, False
    original = _segment_keys(report["original"])
    derived = _segment_keys(report["derived"])

    def boiler(indices: list[int], sides: list[int | None]) -> bool:
        return all(sides[i] in keys for i in indices)

    passages, dropped = [], False
    for passage in report["passages"]:
        links = [link for link in passage["links"]
                 if not (boiler(link["original_segments"], original)
                         or boiler(link["derived_segments"], derived))]
        dropped |= len(links) != len(passage["links"])
        if links:
            passages.append({**passage, "links": links,
                             "original": _extent(links, "original"),
                             "derived": _extent(links, "derived")})
    return ({**report, "passages": passages} if dropped else report), dropped


def _extent(links: list[dict[str, Any]], side: str) -> dict[str, int]:
    return {"start": min(link[side]["start"] for link in links),
            "end": max(link[side]["end"] for link in links)}


def _segment_keys(document: dict[str, Any]) -> list[int | None]:
    text = document["text"]
    return [sentence_key(text[start:end]) for start, end, _ in document["segments"]]


def listed(keys: dict[int, int], texts: dict[int, tuple[str, str]]) -> list[Boilerplate]:
    """The boilerplate sentences, most frequent first (ties by text)."""
    found = [Boilerplate(texts[k][0], n, texts[k][1]) for k, n in keys.items() if k in texts]
    return sorted(found, key=lambda b: (-b.documents, b.text))
