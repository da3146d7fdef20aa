"""Candidate sources for a suspect: approximate search, to be verified by the aligner.

Two channels, each a ranked list of source documents:

* **lexical** (same language: copies, rewrites, summaries): the sources that share an LSH band
  key with a window of the suspect, keys posted by more than ``band_cap`` documents left out
  (boilerplate and common phrasing, passim's document-frequency cap); each is scored by exact
  window similarity (:mod:`sourcetrace.index.similarity`) and kept when the score reaches
  ``min_lexical``.
* **cross-language** (sources in another language than the suspect): the document-vector
  cosine (:mod:`sourcetrace.index.vectors`) plus the idf-weighted share of the suspect's anchors
  (numbers, names) that the source holds; the ``cross_language`` best are kept.

Candidate generation is approximate (a source that shares little with the suspect can be
missed, and most candidates hold no reuse); verification with the full aligner is exact.
Everything is ordered by score, then by document number, so the list is the same every run.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sourcetrace.errors import InvalidOption
from sourcetrace.index.sign import Signed, decode_lexical
from sourcetrace.index.similarity import best_window_similarity, window_score
from sourcetrace.index.store import Store
from sourcetrace.index.vectors import nearest

__all__ = ["Candidate", "SearchParams", "VectorTable", "anchor_cap", "candidates"]


@dataclass(frozen=True)
class SearchParams:
    """Thresholds of the candidate search (chosen at scan time; see docs/corpus.md).

    Attributes:
        band_cap: Band keys posted by more documents than this are ignored.
        window_floor: A suspect window counts for a source by what its best similarity
            exceeds this.
        min_lexical: The lexical score a source needs to be a candidate.
        max_lexical: At most this many lexical candidates (the best), or
            ``lexical_per_window`` per window of a longer suspect.
        lexical_per_window: Lexical candidates allowed per suspect window beyond
            ``max_lexical``: a long suspect may reuse many sources (PAN13 has suspects with 20),
            and its many windows also find more unrelated sources by chance.
        cross_language: Cross-language candidates per suspect (the best; 0: none).
        min_cross_language: The score (centred vector cosine plus anchor share) a
            cross-language candidate needs.
        vector_pool: Nearest vectors looked at for the cross-language channel.
    """

    band_cap: int = 100
    window_floor: float = 0.1
    min_lexical: float = 0.3
    max_lexical: int = 50
    lexical_per_window: float = 0.15
    cross_language: int = 2
    min_cross_language: float = 0.3
    vector_pool: int = 200

    def __post_init__(self) -> None:
        for name in ("band_cap", "max_lexical", "vector_pool"):
            if getattr(self, name) < 1:
                raise InvalidOption(f"{name} must be at least 1, not {getattr(self, name)}")
        if self.cross_language < 0:
            raise InvalidOption(f"cross_language must be at least 0, not {self.cross_language}")
        if not 0.0 <= self.window_floor < 1.0:
            raise InvalidOption(f"window_floor must be in [0, 1), not {self.window_floor}")
        if self.lexical_per_window < 0:
            raise InvalidOption(f"lexical_per_window must be at least 0, not {self.lexical_per_window}")
        if self.min_lexical < 0:
            raise InvalidOption(f"min_lexical must be at least 0, not {self.min_lexical}")


@dataclass(frozen=True)
class Candidate:
    """A source worth verifying: its document number, channel and score."""

    doc: int
    channel: str  # "lexical" or "cross-language"
    score: float


@dataclass(frozen=True)
class VectorTable:
    """The index's document vectors and languages, loaded once per scan."""

    docs: np.ndarray
    matrix: np.ndarray
    languages: dict[int, str | None]
    documents: int

    center: np.ndarray

    @classmethod
    def load(cls, store: Store) -> VectorTable:
        """The vectors, centred on their mean and normalised again: a mean vector of many
        sentences sits near the middle of the space and would be every suspect's nearest
        neighbour (a hub) otherwise."""
        docs, blobs = store.vectors()
        if not blobs:
            empty = np.zeros((0, 0), dtype=np.float32)
            return cls(np.zeros(0, dtype=np.int64), empty, store.languages(), store.count(),
                       np.zeros(0, dtype=np.float32))
        raw = np.vstack([np.frombuffer(b, dtype=np.float16) for b in blobs]).astype(np.float32)
        center = raw.mean(axis=0)
        return cls(np.array(docs, dtype=np.int64), _unit_rows(raw - center), store.languages(),
                   store.count(), center)

    def query(self, vector: np.ndarray) -> np.ndarray:
        return _unit_rows(vector.astype(np.float32)[None, :] - self.center)


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.maximum(norms, 1e-12)


def candidates(
    store: Store, suspect: Signed, params: SearchParams, vectors: VectorTable | None
) -> list[Candidate]:
    """The candidate sources of one suspect: lexical ones, then cross-language ones."""
    found = lexical_candidates(store, suspect, params)
    if vectors is not None and params.cross_language:
        taken = {c.doc for c in found}
        found += [c for c in cross_language_candidates(store, suspect, params, vectors)
                  if c.doc not in taken]
    return found


def lexical_candidates(store: Store, suspect: Signed, params: SearchParams) -> list[Candidate]:
    keys = suspect.lexical.distinct_keys().tolist()
    postings = store.postings("bands", keys, params.band_cap)
    pool = sorted({doc for docs in postings.values() for doc in docs})
    if not pool:
        return []
    blobs = store.lexical(pool)
    best = best_window_similarity(
        suspect.lexical, [decode_lexical(blobs[doc]) for doc in pool], params.window_floor
    )
    scores = window_score(best, params.window_floor)
    ranked = sorted(
        ((float(s), doc) for s, doc in zip(scores, pool) if s >= params.min_lexical and s > 0),
        key=lambda item: (-item[0], item[1]),
    )
    most = max(params.max_lexical, math.ceil(params.lexical_per_window * len(suspect.lexical)))
    return [Candidate(doc, "lexical", score) for score, doc in ranked[:most]]


def cross_language_candidates(
    store: Store, suspect: Signed, params: SearchParams, vectors: VectorTable
) -> list[Candidate]:
    """Sources in another language, by vector cosine plus anchor share."""
    language = suspect.document.language
    if suspect.vector is None or not len(vectors.docs) or language is None:
        return []
    rows, cosines = nearest(vectors.matrix, vectors.query(suspect.vector), params.vector_pool)
    pool = {
        int(vectors.docs[row]): float(cos)
        for row, cos in zip(rows[0], cosines[0])
        if vectors.languages.get(int(vectors.docs[row])) not in (None, language)
    }
    anchor_share = _anchor_shares(store, suspect, vectors.documents)
    for doc in anchor_share:
        if vectors.languages.get(doc) not in (None, language):
            pool.setdefault(doc, 0.0)
    ranked = sorted(
        ((cos + anchor_share.get(doc, 0.0), doc) for doc, cos in pool.items()),
        key=lambda item: (-item[0], item[1]),
    )
    kept = [(s, doc) for s, doc in ranked if s >= params.min_cross_language]
    return [Candidate(doc, "cross-language", s) for s, doc in kept[: params.cross_language]]


def _anchor_shares(store: Store, suspect: Signed, documents: int) -> dict[int, float]:
    """Per source: the idf-weighted share of the suspect's anchors it holds."""
    keys = suspect.anchors.tolist()
    if not keys:
        return {}
    counts = store.key_counts("anchors", keys)
    weights = {k: math.log((documents + 1) / (counts.get(k, 0) + 1)) for k in keys}
    total = sum(weights.values())
    if total <= 0:
        return {}
    shares: dict[int, float] = {}
    for key, docs in store.postings("anchors", keys, anchor_cap(documents)).items():
        for doc in docs:
            shares[doc] = shares.get(doc, 0.0) + weights[key] / total
    # A source with many more anchors than the suspect holds many of its anchors by chance (a
    # long list of names and figures): its share counts less.
    sizes = store.anchor_counts(sorted(shares))
    return {doc: share * math.sqrt(min(1.0, len(keys) / max(sizes[doc], 1)))
            for doc, share in shares.items()}


def anchor_cap(documents: int) -> int:
    """The most documents an anchor may be posted by and still count, in a corpus of
    ``documents``: anchors in more than a tenth of it (years, big countries) tell documents
    apart too little to be worth their postings."""
    return max(10, documents // 10)
