"""What a document is reduced to for candidate search: hashed features per unit.

Pure functions over plain types (strings, lists, numpy arrays), shared by the local index and
the Spark job, so both sign a document the same way. Every hash is xxhash64 with the fixed seed
:data:`SEED`: the same text gives the same features on every machine and in every process
(Python's own ``hash`` of a string changes from one process to the next).

A unit is a sentence, or a chunk of at most about :data:`UNIT_WORDS` words of a longer one
(:func:`sourcetrace.align.units.alignment_units`): scraped pages hold "sentences" of hundreds of
words, and a window of such a sentence would mostly hold text that was not reused.

Two kinds of feature:

* **lexical**: the content-word stems of a unit (stop words dropped), the stuff the aligner's
  lexical seeds are made of. Single stems, not word n-grams: a rewrite that shuffles, inserts or
  replaces words (PAN's random and translation obfuscation, summaries) keeps most stems of a
  sentence and few of its word trigrams.
* **anchors**: numbers, transliterated names and country codes
  (:func:`sourcetrace.align.anchors.anchors`), which a translation keeps whatever the language.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import xxhash

from sourcetrace.align.anchors import anchors
from sourcetrace.align.lexical import content_words
from sourcetrace.align.units import alignment_units
from sourcetrace.model import Segment

__all__ = [
    "SEED",
    "UNIT_WORDS",
    "document_anchors",
    "hash_features",
    "unit_spans",
    "unit_stems",
]

# The seed of every feature hash. Changing it changes every signature: bump the index schema.
SEED = 0x5EED_18
# Units are sentences, or chunks of this many words of longer sentences.
UNIT_WORDS = 20


def hash_features(features: Iterable[str]) -> np.ndarray:
    """The distinct xxhash64 values of ``features``, sorted (uint64)."""
    values = {xxhash.xxh64_intdigest(feature.encode("utf-8"), SEED) for feature in features}
    return np.array(sorted(values), dtype=np.uint64)


def unit_spans(text: str, segments: Sequence[Segment]) -> list[tuple[int, int]]:
    """The ``[start, end)`` character spans of the units of a segmented text."""
    units = alignment_units(text, tuple(segments), max_words=UNIT_WORDS)
    return [(unit.start, unit.end) for unit in units.segments]


def unit_stems(text: str, spans: Sequence[tuple[int, int]]) -> list[list[str]]:
    """The content-word stems of every unit, in order."""
    return [content_words(text[start:end]) for start, end in spans]


def document_anchors(
    text: str, spans: Sequence[tuple[int, int]], languages: Iterable[str] = ()
) -> list[str]:
    """The distinct anchors of a text's units, sorted."""
    found: set[str] = set()
    chosen = tuple(languages)
    for start, end in spans:
        found |= anchors(text[start:end], chosen)
    return sorted(found)
