"""The first two stages of every job: read documents, then prepare and sign them.

Reading: the driver lists the files of the paths given (:func:`~sourcetrace.index.inputs.
input_files`, the local engine's walk) and the executors read them with the local engine's
readers (:func:`~sourcetrace.index.inputs.file_sources`: every format ``compare`` reads, JSON
Lines exports split into their records), so a file path must be one every executor can open
(local mode, or a shared mount). ``--input parquet`` reads Parquet datasets (``id``, ``text``
and metadata columns) with Spark itself, each row taken as the JSON Lines record it would be.

Signing: a pandas UDF (``mapInPandas``) over :func:`sourcetrace.index.sign.sign`, the function
the local ``index add`` runs, with the vector model loaded once per Python worker.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

import msgpack

from sourcetrace.config import Config
from sourcetrace.errors import InvalidOption, SourcetraceError
from sourcetrace.index.inputs import Skipped, Source, file_sources, input_files, record_sources
from sourcetrace.index.sign import IndexParams, sign
from sourcetrace.index.vectors import VectorModel
from sourcetrace.model import Document
from sourcetrace.prepare import document_from_dict, document_to_dict
from sourcetrace.resources import Resources
from sourcetrace.spark.workers import worker_resources, worker_vector_model

if TYPE_CHECKING:
    import pandas as pd
    from pyspark.sql import DataFrame, SparkSession

__all__ = ["INPUTS", "DOCUMENT_COLUMNS", "decode_document", "read_documents", "sign_documents"]

INPUTS = ("files", "jsonl", "parquet")
DOCUMENT_COLUMNS = ("position", "id", "document", "metadata", "skipped")
_DOCUMENTS_SCHEMA = ("position long, id string, document binary, metadata string,"
                     " skipped string")
_SIGNED_SCHEMA = (
    "position long, id string, name string, language string, length long, digest string,"
    " metadata string, prepared binary, lexical binary, anchors binary, vector binary,"
    " band_keys array<long>, anchor_keys array<long>, error string"
)


def read_documents(
    spark: SparkSession, paths: Sequence[str], kind: str, partitions: int
) -> DataFrame:
    """Every document of ``paths``, numbered by ``position`` (0, 1, ...) in input order.

    Columns: ``position``, ``id``, ``document`` (the :class:`Document` as msgpack),
    ``metadata`` (JSON), ``skipped`` (why an input could not be read; the rest null).

    Args:
        kind: ``files`` (every format, JSON Lines detected), ``jsonl`` (every file read as JSON
            Lines whatever its name) or ``parquet``.
        partitions: Slices the file list is cut into.

    Raises:
        InvalidOption: No input file, or a Parquet input without ``id`` and ``text``.
    """
    if kind not in INPUTS:
        raise InvalidOption(f"--input {kind}: choose one of {', '.join(INPUTS)}")
    if kind == "parquet":
        rows = _parquet_rows(spark, paths)
    else:
        files = list(enumerate(input_files(list(paths))))
        if not files:
            raise InvalidOption(f"{', '.join(paths)}: no documents (no file to read)")
        jsonl = True if kind == "jsonl" else None
        rows = spark.sparkContext.parallelize(files, max(1, min(len(files), partitions))).flatMap(
            lambda item: _file_rows(item[0], item[1], jsonl)
        )
    ordered = rows.sortBy(lambda row: (row[0], row[1])).zipWithIndex()
    return spark.createDataFrame(
        ordered.map(lambda pair: (pair[1], *pair[0][2:])), _DOCUMENTS_SCHEMA
    )


def decode_document(blob: bytes) -> Document:
    return document_from_dict(msgpack.unpackb(blob, raw=False))


def sign_documents(documents: DataFrame, params: IndexParams, config: Config,
                   partitions: int) -> DataFrame:
    """Prepare and sign every readable document (the ``signed`` stage): the columns of what the
    index stores (:class:`~sourcetrace.index.store.StoredDocument`), or ``error`` for one that
    cannot be prepared (an empty text). The documents are spread over ``partitions`` tasks
    (one JSON Lines export is one partition when read)."""

    def sign_frames(frames: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
        import pandas as pd

        model = worker_vector_model() if params.vector_units else None
        resources = worker_resources()
        for frame in frames:
            rows = [_signed_row(row, params, config, model, resources)
                    for row in frame.itertuples()]
            yield pd.DataFrame(rows, columns=_columns(_SIGNED_SCHEMA))

    readable = documents.where("skipped IS NULL").select("position", "id", "document", "metadata")
    return readable.repartition(partitions, "position").mapInPandas(sign_frames, _SIGNED_SCHEMA)


# --- reading ---------------------------------------------------------------------------------

# (file rank, item in file, id, document, metadata, skipped)
_Row = tuple[int, int, str | None, bytes | None, str | None, str | None]


def _file_rows(rank: int, file: tuple[str, str], jsonl: bool | None) -> Iterator[_Row]:
    path, identifier = file
    for item, found in enumerate(file_sources(path, identifier, jsonl)):
        yield _row(rank, item, found)


def _parquet_rows(spark: SparkSession, paths: Sequence[str]) -> Any:
    from pyspark.sql import functions as F

    try:
        frame = spark.read.parquet(*paths)
    except Exception as error:  # Spark's AnalysisException: a missing path, not Parquet
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise InvalidOption(f"{', '.join(paths)}: cannot read as Parquet ({first})") from None
    missing = [c for c in ("id", "text") if c not in frame.columns]
    if missing:
        raise InvalidOption(f"{', '.join(paths)}: Parquet input needs the columns id and text"
                            f" (missing: {', '.join(missing)})")
    records = frame.select(
        F.input_file_name().alias("file"),
        F.monotonically_increasing_id().alias("item"),
        F.to_json(F.struct(*[F.col(c) for c in frame.columns])).alias("record"),
    )
    files = sorted(r.file for r in records.select("file").distinct().collect())
    if not files:
        raise InvalidOption(f"{', '.join(paths)}: no documents (the Parquet input has no rows)")
    ranks = {name: rank for rank, name in enumerate(files)}
    return records.rdd.flatMap(lambda r: _record_rows(ranks[r.file], r.item, r.file, r.record))


def _record_rows(rank: int, item: int, file: str, record: str) -> Iterator[_Row]:
    try:
        for source in record_sources(record.encode("utf-8"), file):
            yield _row(rank, item, source)
    except SourcetraceError as error:
        yield _row(rank, item, Skipped(file, str(error)))


def _row(rank: int, item: int, found: Source | Skipped) -> _Row:
    if isinstance(found, Skipped):
        return (rank, item, None, None, None, found.reason)
    blob = msgpack.packb(document_to_dict(found.document), use_bin_type=True)
    metadata = json.dumps(found.metadata, sort_keys=True, ensure_ascii=False)
    return (rank, item, found.id, blob, metadata, None)


# --- signing ---------------------------------------------------------------------------------

def _signed_row(row: Any, params: IndexParams, config: Config, model: VectorModel | None,
                resources: Resources) -> tuple[Any, ...]:
    document = decode_document(row.document)
    try:
        stored = sign(row.id, document, json.loads(row.metadata), params, config, model,
                      resources)
    except SourcetraceError as error:
        return (row.position, row.id, document.name, None, len(document.text), None,
                row.metadata, None, None, None, None, None, None, str(error))
    return (row.position, row.id, stored.name, stored.language, stored.length, stored.digest,
            row.metadata, stored.prepared, stored.lexical, stored.anchors_blob, stored.vector,
            list(stored.band_keys), list(stored.anchor_keys), None)


def _columns(schema: str) -> list[str]:
    return [part.split()[0] for part in schema.split(", ")]
