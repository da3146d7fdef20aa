"""A document's lexical signature: its unit windows, their LSH band keys and exact features.

The candidate search is two-stage (:mod:`sourcetrace.index.search`):

1. **LSH**: a window of the suspect and a window of a source that agree on every row of one of
   their MinHash bands (:mod:`sourcetrace.index.minhash`) make the source a candidate. Cheap,
   and approximate: two windows of Jaccard similarity ``s`` collide with probability
   ``1 - (1 - s**rows)**bands``.
2. **Window similarity**: for every source the bands found, the exact Jaccard similarity of each
   suspect window with the source's windows, from the windows' feature sets (32-bit hashes,
   stored with the signature). A MinHash estimate of 64 permutations is too noisy here: the
   best of many noisy estimates over unrelated windows is often as high as a heavily
   obfuscated true window.

Pure functions over plain types: the Spark job signs documents with the same code.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from sourcetrace.errors import InvalidOption
from sourcetrace.index.minhash import band_keys, permutations, sentence_signatures, windows
from sourcetrace.index.shingles import hash_features

__all__ = ["LexicalParams", "LexicalSignature", "lexical_signature"]


@dataclass(frozen=True)
class LexicalParams:
    """How documents are signed; fixed when an index is created (stored in its metadata).

    Attributes:
        permutations: MinHash permutations per window (``bands * rows``).
        rows: Rows per LSH band: more rows, fewer chance collisions and less recall.
        window_features: Distinct stems a window holds at least (unless the text is shorter).
        stride: Units between the starts of two windows.
    """

    permutations: int = 96
    rows: int = 3
    window_features: int = 12
    stride: int = 1

    def __post_init__(self) -> None:
        for name in ("permutations", "rows", "window_features", "stride"):
            if getattr(self, name) < 1:
                raise InvalidOption(f"lexical {name} must be at least 1, not {getattr(self, name)}")
        if self.permutations % self.rows:
            raise InvalidOption(
                f"lexical permutations ({self.permutations}) must be a multiple of rows ({self.rows})"
            )

    @property
    def bands(self) -> int:
        return self.permutations // self.rows


@dataclass(frozen=True)
class LexicalSignature:
    """The windows of one document.

    Attributes:
        starts, ends: Each window's units ``[start, end)``.
        keys: ``(windows, bands)`` int64 LSH band keys.
        features: The windows' distinct features (low 32 bits of the stem hashes), sorted per
            window and concatenated; window ``w`` holds ``features[offsets[w]:offsets[w+1]]``.
        offsets: ``windows + 1`` int64 offsets into ``features``.
    """

    starts: np.ndarray
    ends: np.ndarray
    keys: np.ndarray
    features: np.ndarray
    offsets: np.ndarray

    def __len__(self) -> int:
        return len(self.starts)

    def distinct_keys(self) -> np.ndarray:
        """The document's band keys, each once, sorted."""
        return np.unique(self.keys)


def lexical_signature(stems: Sequence[Sequence[str]], params: LexicalParams) -> LexicalSignature:
    """Sign a document from the content stems of its units (:func:`~.shingles.unit_stems`)."""
    hashed = [hash_features(unit) for unit in stems]
    signatures = sentence_signatures(hashed, permutations(params.permutations))
    found = windows(
        signatures,
        [len(values) for values in hashed],
        min_features=params.window_features,
        stride=params.stride,
    )
    sets = [
        np.unique(np.concatenate(hashed[start:end]).astype(np.uint32))
        for start, end in zip(found.starts.tolist(), found.ends.tolist())
    ]
    offsets = np.concatenate([[0], np.cumsum([len(s) for s in sets], dtype=np.int64)])
    features = np.concatenate(sets) if sets else np.zeros(0, dtype=np.uint32)
    return LexicalSignature(
        starts=found.starts,
        ends=found.ends,
        keys=band_keys(found.signatures, params.rows),
        features=features.astype(np.uint32),
        offsets=offsets.astype(np.int64),
    )
