"""Which of two reusing documents is the original: evidence and a decision.

Dates decide where both documents have one and they differ (the earlier is the original; the
text's own signals are still reported, and a disagreement is named). Otherwise the pair's
alignment is read for signals that copying leaves on the copy only:

* **fluency**: where linked sentences differ, a rewording by edits (deleted, inserted, swapped
  or shuffled words; round-trip machine translation) makes word pairs that other documents
  seldom hold, while the original's word pairs are the language's common ones. Each side's own
  word bigrams (those the other side lacks) are scored by how many other documents of the
  collection hold them (:class:`Reference`); the more fluent side is the original.
* **additions**: a sentence only one side has is either cut by the other side or added by
  this one. An added sentence (padding, a quote or a claim from elsewhere) shares few words
  with the text around it; a cut one belongs to it. Each one-sided sentence's fit with its own
  document's reused sentences, against the fit the reused sentences have with each other, says
  which: the side whose extra sentences are foreign is the copy.
* **summary**: a summary passage is derived from the long text, not the other way.
* **containment**: a copy of a whole text that drops sentences is explained by its original
  more than it explains it (``derived_from_original`` above ``coverage``); padding works the
  other way, so this signal counts for less. Read only where each text is mostly the other's
  (both shares at least :data:`_WHOLE`): where a passage was lifted into another document, how
  much of each is reused says how long the two documents are, not which came first.

Each signal gives a value in ``[-1, 1]`` (positive: original -> derived of the report); their
weighted sum is the pair's score, its sign the direction, its size the confidence.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import xxhash

from sourcetrace.assess.words import content_norms
from sourcetrace.index.shingles import SEED

__all__ = ["DirectionParams", "Evidence", "Reference", "bigram_keys", "evidence", "publication_day"]

_WORD = re.compile(r"\w+")
# Shares of both texts reused above which a pair is one text copied whole (with changes).
_WHOLE = 0.5


@dataclass(frozen=True)
class DirectionParams:
    """Weights of the signals and the least confidence to answer (docs/network.md).

    Attributes:
        fluency, additions, summary, containment: Weight of each signal in the score.
        min_confidence: Pairs whose confidence is below this get direction ``unknown``.
    """

    # Chosen on the tune half of the lineage bench (docs/benchmarks.md): of the weight grid,
    # the one answering most undated pairs there at 0.8 right or better; the confidence
    # floor is the least that keeps 0.8 right there.
    fluency: float = 0.5
    additions: float = 1.0
    summary: float = 1.0
    containment: float = 0.5
    min_confidence: float = 0.24


@dataclass(frozen=True)
class Evidence:
    """A pair's direction signals, positive towards ``original -> derived`` of its report."""

    signals: dict[str, float] = field(default_factory=dict)
    reasons: tuple[str, ...] = ()  # naming the sides "{original}" and "{derived}"

    def explained(self, original: str, derived: str) -> list[str]:
        """The reasons with the two documents named."""
        return [r.replace("{original}", original).replace("{derived}", derived)
                for r in self.reasons]

    def score(self, params: DirectionParams) -> float:
        return sum(getattr(params, name) * value for name, value in self.signals.items())


def bigram_keys(text: str) -> np.ndarray:
    """The distinct word bigrams of a text (lower-cased), hashed, sorted (uint64)."""
    return np.unique(_bigrams(text)) if text else np.zeros(0, dtype=np.uint64)


def _bigrams(text: str) -> np.ndarray:
    tokens = [w.lower() for w in _WORD.findall(text)]
    pairs = [f"{a} {b}" for a, b in zip(tokens, tokens[1:])]
    return np.array([xxhash.xxh64_intdigest(p.encode(), SEED) for p in pairs], dtype=np.uint64)


@dataclass(frozen=True)
class Reference:
    """How many documents of the collection hold each word bigram."""

    keys: np.ndarray  # sorted uint64
    counts: np.ndarray

    @classmethod
    def build(cls, per_document: Sequence[np.ndarray]) -> Reference:
        if not per_document:
            return cls(np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64))
        keys, counts = np.unique(np.concatenate(per_document), return_counts=True)
        return cls(keys, counts)

    def frequency(self, keys: np.ndarray) -> np.ndarray:
        if not len(self.keys) or not len(keys):
            return np.zeros(len(keys), dtype=np.int64)
        at = np.minimum(np.searchsorted(self.keys, keys), len(self.keys) - 1)
        return np.where(self.keys[at] == keys, self.counts[at], 0)


def publication_day(metadata: dict[str, Any]) -> dt.date | None:
    """The ISO date at the start of a document's ``date`` field, if any."""
    try:
        return dt.date.fromisoformat(str(metadata.get("date", ""))[:10])
    except ValueError:
        return None


def evidence(report: dict[str, Any], reference: Reference) -> Evidence:
    """The text signals of a pair report (``original`` and ``derived`` as the report has them)."""
    signals: dict[str, float] = {}
    reasons: list[str] = []
    for name, signal in (("fluency", _fluency), ("additions", _additions),
                         ("summary", _summary), ("containment", _containment)):
        found = signal(report, reference)
        if found is not None:
            signals[name], reason = found
            reasons.append(reason)
    return Evidence(signals, tuple(reasons))


# --- fluency -----------------------------------------------------------------------------------


def _fluency(report: dict[str, Any], reference: Reference) -> tuple[float, str] | None:
    original, derived = report["original"], report["derived"]
    if original["language"] != derived["language"]:
        return None
    differences = []
    for passage in report["passages"]:
        for link in passage["links"]:
            a = _text(original, link["original"])
            b = _text(derived, link["derived"])
            own_a, own_b = _own_bigrams(a, b), _own_bigrams(b, a)
            if len(own_a) + len(own_b) < 2:
                continue  # the same wording (or one word changed): nothing to judge
            differences.append(_naturalness(own_a, reference) - _naturalness(own_b, reference))
    if not differences:
        return None
    value = math.tanh(sum(differences) / 4.0)
    side = "{derived}" if value > 0 else "{original}"
    return value, (f"fluency: where {len(differences)} linked sentences differ, {side}'s"
                   f" wording uses word pairs other documents hold less often")


def _own_bigrams(text: str, other: str) -> np.ndarray:
    return np.setdiff1d(bigram_keys(text), bigram_keys(other))


def _naturalness(keys: np.ndarray, reference: Reference) -> float:
    """Mean log document frequency of a side's own bigrams (0 for none: an edit that only
    deletes leaves the other side nothing of its own)."""
    if not len(keys):
        return 0.0
    # The two documents of the pair hold their own bigrams once each: not evidence.
    return float(np.mean(np.log1p(np.maximum(reference.frequency(keys) - 1, 0))))


# --- additions ---------------------------------------------------------------------------------


def _additions(report: dict[str, Any], reference: Reference) -> tuple[float, str] | None:
    original, derived = report["original"], report["derived"]
    linked_o = {i for p in report["passages"] for l in p["links"] for i in l["original_segments"]}
    linked_d = {i for p in report["passages"] for l in p["links"] for i in l["derived_segments"]}
    foreign_o = _foreignness(original, linked_o)
    foreign_d = _foreignness(derived, linked_d)
    if foreign_o is None and foreign_d is None:
        return None
    value = math.tanh(2.0 * ((foreign_d or 0.0) - (foreign_o or 0.0)))
    side = "{derived}" if value > 0 else "{original}"
    return value, (f"additions: the sentences only {side} has fit its reused text less"
                   f" than the other side's own sentences fit theirs")


def _foreignness(document: dict[str, Any], linked: set[int]) -> float | None:
    """How much less a document's unlinked sentences fit its linked ones than the linked fit
    each other (None when it has no unlinked sentence or too little linked text)."""
    sentences = [_content(document, segment) for segment in document["segments"]]
    inside = [i for i in range(len(sentences)) if i in linked]
    outside = [i for i in range(len(sentences)) if i not in linked and sentences[i]]
    if not outside or len(inside) < 2:
        return None
    counts: dict[str, int] = {}
    for i in inside:
        for word in sentences[i]:
            counts[word] = counts.get(word, 0) + 1
    own = [_fit(sentences[i], counts, sentences[i]) for i in inside if sentences[i]]
    extra = [_fit(sentences[i], counts, set()) for i in outside]
    typical = float(np.median(own)) if own else 0.0
    return typical - float(np.mean(extra))


def _fit(words: set[str], counts: dict[str, int], own: set[str]) -> float:
    """Share of ``words`` that other linked sentences hold (``own``: this sentence's words,
    counted once in ``counts`` and taken out)."""
    if not words:
        return 0.0
    held = sum(1 for w in words if counts.get(w, 0) - (1 if w in own else 0) > 0)
    return held / len(words)


def _content(document: dict[str, Any], segment: Sequence[int]) -> set[str]:
    return {w for w in content_norms(document["text"][segment[0]:segment[1]]) if len(w) > 2}


# --- summary -----------------------------------------------------------------------------------


def _summary(report: dict[str, Any], reference: Reference) -> tuple[float, str] | None:
    longer = shorter = 0
    for passage in report["passages"]:
        if passage["kind"] != "summary":
            continue
        a = passage["original"]["end"] - passage["original"]["start"]
        b = passage["derived"]["end"] - passage["derived"]["start"]
        longer, shorter = longer + max(a, b) * (1 if a >= b else -1), shorter + min(a, b)
    if not longer:
        return None
    value = math.tanh(longer / max(shorter, 1) / 2.0)
    side = "{original}" if value > 0 else "{derived}"
    return value, f"summary: {side}'s passages are the long text a summary was made from"


def _containment(report: dict[str, Any], reference: Reference) -> tuple[float, str] | None:
    scores = report["scores"]
    if min(scores["coverage"], scores["derived_from_original"]) < _WHOLE:
        return None
    gap = scores["derived_from_original"] - scores["coverage"]
    if abs(gap) < 0.02:
        return None
    value = math.tanh(2.0 * gap)
    inside, outside = ("{derived}", "{original}") if value > 0 else ("{original}", "{derived}")
    return value, (f"containment: {outside} explains {abs(gap):.0%} more of {inside}"
                   f" than {inside} explains of it")


def _text(document: dict[str, Any], span: dict[str, int]) -> str:
    return document["text"][span["start"]:span["end"]]
