"""The candidate stage: band keys joined as DataFrames, each suspect scored by the local search.

The local engine looks a suspect's keys up in SQLite; here the lookups are joins, and then the
same :func:`sourcetrace.index.search.candidates` runs on each suspect, reading what the joins
brought it through :class:`JoinedPostings` (the four look-ups of the index's
:class:`~sourcetrace.index.store.Store` that the search makes). So the caps, scores and
tie-breaking are the local engine's by construction:

* **lexical**: the suspect's band keys joined with the index's ``bands`` postings, keys posted
  by more than ``band_cap`` documents dropped before the join (their counts are a group-by);
  the documents found bring their lexical signatures (a second join) for the exact window
  similarity.
* **cross-language**: the suspect's anchors joined with the ``anchors`` postings (counts for
  every anchor, documents for those under :func:`~sourcetrace.index.search.anchor_cap`), and
  the nearest document vectors. The vector search is over the whole index (the vectors are
  centred on the index's mean), so the driver loads the vector table once and broadcasts it:
  2 KB a document as float32, 2 GB for a million. Far beyond that the table would have to be
  sharded and searched approximately, which this engine does not do (see docs/spark.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np

from sourcetrace.index.search import SearchParams, VectorTable, anchor_cap, candidates
from sourcetrace.index.sign import Signed, decode_lexical, decode_prepared

if TYPE_CHECKING:
    from pyspark.broadcast import Broadcast
    from pyspark.sql import DataFrame

__all__ = ["CANDIDATES_SCHEMA", "JoinedPostings", "candidate_frame", "vector_table"]

CANDIDATES_SCHEMA = "position long, rank int, doc long, channel string, score double"


class JoinedPostings:
    """What the joins found for one suspect, answering the search's look-ups as
    :class:`~sourcetrace.index.store.Store` does (for the keys the suspect holds)."""

    def __init__(self, bands: Iterable[Any], lexical: Iterable[Any], anchor_counts: Iterable[Any],
                 anchors: Iterable[Any], anchor_sizes: Iterable[Any]) -> None:
        self._postings = {"bands": _grouped(bands, "key"), "anchors": _grouped(anchors, "anchor")}
        self._lexical = {int(r.doc): bytes(r.lexical) for r in lexical}
        self._counts = {int(r.anchor): int(r.n) for r in anchor_counts}
        self._sizes = {int(r.doc): int(r.size) for r in anchor_sizes}

    def postings(self, table: str, keys: Sequence[int], cap: int) -> dict[int, list[int]]:
        held = self._postings[table]
        return {key: held[key] for key in sorted(set(keys))
                if key in held and len(held[key]) <= cap}

    def lexical(self, docs: Sequence[int]) -> dict[int, bytes]:
        return {doc: self._lexical[doc] for doc in docs}

    def key_counts(self, table: str, keys: Sequence[int]) -> dict[int, int]:
        return {key: self._counts[key] for key in set(keys) if key in self._counts}

    def anchor_counts(self, docs: Sequence[int]) -> dict[int, int]:
        return {doc: self._sizes[doc] for doc in docs}


def vector_table(sources: DataFrame) -> VectorTable:
    """The index's vector table, as :meth:`VectorTable.load` makes it from the store."""
    rows = sources.select("doc", "vector", "language").orderBy("doc").collect()
    return VectorTable.load(_CollectedVectors(rows))


def candidate_frame(
    suspects: DataFrame,
    sources: DataFrame,
    bands: DataFrame,
    anchors: DataFrame,
    params: SearchParams,
    vectors: Broadcast[VectorTable] | None,
    partitions: int,
) -> DataFrame:
    """One row per (suspect ``position``, candidate ``doc``) with its channel, score and
    ``rank`` (its place in the search's list, which verification keeps)."""
    from pyspark.sql import functions as F

    signed = suspects.where("error IS NULL")
    counts = bands.groupBy("key").agg(F.count("*").alias("n"))
    kept = bands.join(counts.where(F.col("n") <= params.band_cap).select("key"), "key")
    hits = signed.select("position", F.explode("band_keys").alias("key")).join(kept, "key")
    pools = hits.select("position", "doc").distinct().join(
        sources.select("doc", "lexical"), "doc")
    parts = [
        _collected(hits, "bands", "key", "doc"),
        _collected(pools, "pool", "doc", "lexical"),
    ]
    if vectors is not None and params.cross_language:
        documents = sources.count()
        anchor_docs = anchors.groupBy("anchor").agg(F.count("*").alias("n"))
        found = signed.select("position", F.explode("anchor_keys").alias("anchor")).join(
            anchor_docs, "anchor")
        small = found.where(F.col("n") <= anchor_cap(documents)).select("position", "anchor").join(
            anchors, "anchor")
        sizes = small.select("position", "doc").distinct().join(
            sources.select("doc", (F.length("anchors") / 8).cast("long").alias("size")), "doc")
        parts += [
            _collected(found, "anchor_counts", "anchor", "n"),
            _collected(small, "anchor_postings", "anchor", "doc"),
            _collected(sizes, "anchor_sizes", "doc", "size"),
        ]
    frame = signed.select("position", "prepared", "lexical", "band_keys", "anchors", "vector")
    for part in parts:
        frame = frame.join(part, "position", "left")
    spark = suspects.sparkSession
    table = vectors
    rows = frame.repartition(partitions, "position").rdd.mapPartitions(
        lambda rows: _search_partition(rows, params, table)
    )
    return spark.createDataFrame(rows, CANDIDATES_SCHEMA)


def _collected(frame: DataFrame, name: str, *columns: str) -> DataFrame:
    from pyspark.sql import functions as F

    return frame.groupBy("position").agg(F.collect_list(F.struct(*columns)).alias(name))


def _search_partition(rows: Iterable[Any], params: SearchParams,
                      vectors: Broadcast[VectorTable] | None) -> Iterator[tuple[Any, ...]]:
    table = vectors.value if vectors is not None else None
    for row in rows:
        store = JoinedPostings(row.bands or [], row.pool or [],
                               _field(row, "anchor_counts"), _field(row, "anchor_postings"),
                               _field(row, "anchor_sizes"))
        found = candidates(store, _suspect(row), params, table)  # type: ignore[arg-type]
        for rank, candidate in enumerate(found):
            yield (row.position, rank, candidate.doc, candidate.channel, candidate.score)


def _suspect(row: Any) -> Signed:
    """The suspect as the search sees it, from its ``signed`` row. The stored lexical blob
    carries no band keys (postings hold them); the search reads only the distinct keys, which
    the row holds."""
    lexical = decode_lexical(bytes(row.lexical))
    keys = np.asarray(row.band_keys or [], dtype=np.int64).reshape(-1, 1)
    vector = None if row.vector is None else np.frombuffer(bytes(row.vector), dtype=np.float16)
    return Signed(
        prepared=decode_prepared(bytes(row.prepared)),
        lexical=replace(lexical, keys=keys),
        anchors=np.frombuffer(bytes(row.anchors), dtype=np.int64),
        vector=vector,
    )


def _field(row: Any, name: str) -> list[Any]:
    return (row[name] or []) if name in row.__fields__ else []


def _grouped(pairs: Iterable[Any], key: str) -> dict[int, list[int]]:
    grouped: dict[int, list[int]] = {}
    for pair in pairs:
        grouped.setdefault(int(pair[key]), []).append(int(pair.doc))
    return {k: sorted(docs) for k, docs in grouped.items()}


class _CollectedVectors:
    """The three look-ups :meth:`VectorTable.load` makes, over rows collected from Spark."""

    def __init__(self, rows: Sequence[Any]) -> None:
        self._rows = rows

    def vectors(self) -> tuple[list[int], list[bytes]]:
        held = [r for r in self._rows if r.vector is not None]
        return [int(r.doc) for r in held], [bytes(r.vector) for r in held]

    def languages(self) -> dict[int, str | None]:
        return {int(r.doc): r.language for r in self._rows}

    def count(self) -> int:
        return len(self._rows)
