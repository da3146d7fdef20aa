"""Turn a document into what the index stores: its prepared form, signatures and postings.

:func:`sign` is a pure function of the document and the index parameters (plus the vector
model, loaded once per process), so worker processes sign documents in any order and the main
process writes them in input order: the index is the same whatever the number of workers.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import asdict, dataclass, field
from typing import Any

import msgpack
import numpy as np
import xxhash

from sourcetrace.config import Config
from sourcetrace.index.shingles import SEED, document_anchors, hash_features, unit_spans, unit_stems
from sourcetrace.index.signatures import LexicalParams, LexicalSignature, lexical_signature
from sourcetrace.index.store import StoredDocument
from sourcetrace.index.vectors import VectorModel, sample_units
from sourcetrace.model import Document
from sourcetrace.prepare import PreparedDocument, prepare
from sourcetrace.resources import Resources

__all__ = [
    "IndexParams",
    "Signed",
    "decode_lexical",
    "decode_prepared",
    "sign",
    "sign_prepared",
]


@dataclass(frozen=True)
class IndexParams:
    """How an index signs documents; chosen when it is created and stored in it.

    Attributes:
        lexical: The MinHash windows and bands.
        vector_units: Units embedded per document for its vector (0: no vectors).
    """

    lexical: LexicalParams = field(default_factory=LexicalParams)
    vector_units: int = 6

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> IndexParams:
        return cls(lexical=LexicalParams(**data["lexical"]), vector_units=data["vector_units"])


@dataclass(frozen=True)
class Signed:
    """A prepared document with its signatures: lexical windows, anchors, vector."""

    prepared: PreparedDocument
    lexical: LexicalSignature
    anchors: np.ndarray  # sorted distinct anchor hashes, int64
    vector: np.ndarray | None  # float16, unit length

    @property
    def document(self) -> Document:
        return self.prepared.document


def sign_prepared(prepared: PreparedDocument, params: IndexParams, model: VectorModel | None) -> Signed:
    """Sign a prepared document (a source to store, or a suspect to look up)."""
    text = prepared.comparable_text
    spans = unit_spans(text, prepared.segments)
    lexical = lexical_signature(unit_stems(text, spans), params.lexical)
    languages = [prepared.language] if prepared.language else []
    anchors = hash_features(document_anchors(text, spans, languages)).view(np.int64)
    vector = None
    if model is not None and params.vector_units:
        chosen = sample_units(len(spans), params.vector_units)
        vector = model.document_vector([text[spans[k][0] : spans[k][1]] for k in chosen])
    return Signed(prepared, lexical, np.sort(anchors), vector)


def sign(
    identifier: str,
    document: Document,
    metadata: dict[str, Any],
    params: IndexParams,
    config: Config,
    model: VectorModel | None,
    resources: Resources,
) -> StoredDocument:
    """Everything the index stores for one document under ``identifier``.

    Raises:
        EmptyDocument: The document holds no text.
    """
    signed = sign_prepared(prepare(document, config, resources=resources), params, model)
    return StoredDocument(
        id=identifier,
        name=document.name,
        language=signed.prepared.language,
        length=len(document.text),
        digest=document_digest(document.text, metadata),
        metadata=metadata,
        prepared=encode_prepared(signed.prepared),
        lexical=encode_lexical(signed.lexical),
        anchors_blob=signed.anchors.tobytes(),
        vector=None if signed.vector is None else signed.vector.tobytes(),
        band_keys=signed.lexical.distinct_keys().tolist(),
        anchor_keys=signed.anchors.tolist(),
    )


def document_digest(text: str, metadata: dict[str, Any]) -> str:
    """xxhash64 of a document's text and metadata: equal digests, nothing to re-index.

    The metadata is hashed as canonical JSON, the form it was read in: any JSON value a
    record holds has one (msgpack refuses integers beyond 64 bits, which JSON allows).
    """
    payload = json.dumps([text, metadata], sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return xxhash.xxh64_hexdigest(payload.encode("utf-8", "surrogatepass"), SEED)


def encode_prepared(prepared: PreparedDocument) -> bytes:
    """The prepared document as stored: zlib-compressed msgpack of its :meth:`to_dict`."""
    return zlib.compress(msgpack.packb(prepared.to_dict(), use_bin_type=True), 6)


def decode_prepared(blob: bytes) -> PreparedDocument:
    return PreparedDocument.from_dict(msgpack.unpackb(zlib.decompress(blob), raw=False))


def encode_lexical(signature: LexicalSignature) -> bytes:
    return msgpack.packb(
        {
            "starts": signature.starts.astype(np.int32).tobytes(),
            "ends": signature.ends.astype(np.int32).tobytes(),
            "features": signature.features.astype(np.uint32).tobytes(),
            "offsets": signature.offsets.astype(np.int64).tobytes(),
        },
        use_bin_type=True,
    )


def decode_lexical(blob: bytes) -> LexicalSignature:
    """A stored lexical signature (without band keys: the store keeps those as postings)."""
    data = msgpack.unpackb(blob, raw=False)
    starts = np.frombuffer(data["starts"], dtype=np.int32)
    return LexicalSignature(
        starts=starts,
        ends=np.frombuffer(data["ends"], dtype=np.int32),
        keys=np.zeros((len(starts), 0), dtype=np.int64),
        features=np.frombuffer(data["features"], dtype=np.uint32),
        offsets=np.frombuffer(data["offsets"], dtype=np.int64),
    )
