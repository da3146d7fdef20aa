"""The two Spark jobs: build an index folder, and scan suspects against it.

**Index** (``sourcetrace index build-spark``), stages under the index folder:

``documents``
    the sources read (:mod:`.documents`), numbered in input order;
``signed``
    each prepared and signed by :func:`sourcetrace.index.sign.sign`;
``sources``
    the signed documents that could be prepared, numbered ``doc`` = 1, 2, ... in input order
    (the numbers a fresh local index gives them, which break ties in the search);
``bands``, ``anchors``
    the postings ``(key, doc)`` and ``(anchor, doc)``, one row per distinct key of a document.

``index.json`` (written last) holds the index's parameters: a folder without it is no index.

**Scan** (``sourcetrace scan --engine spark``), stages under the ``--stages`` folder:

``suspects``, ``signed``
    as above, for the suspects;
``candidates``
    :mod:`.candidates`: the band-key join, then the local engine's candidate search;
``records``
    per suspect, :func:`sourcetrace.index.scan.verified_record` (every candidate compared in
    full with :func:`~sourcetrace.api.compare_prepared`, the sources ranked): one
    ``sourcetrace.scan/1`` record per suspect, as JSON, with its ``position``.

A rerun with the same folder resumes after the last complete stage (:mod:`.stages`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from sourcetrace.config import Config
from sourcetrace.errors import InvalidIndex, InvalidOption, SourcetraceError
from sourcetrace.index.scan import ScanParams, error_record, verified_record
from sourcetrace.index.search import Candidate
from sourcetrace.index.sign import IndexParams, decode_prepared
from sourcetrace.index.store import DocumentRow
from sourcetrace.output import write_atomic
from sourcetrace.prepare import PreparedDocument, prepare, preparation_conflict, preparation_settings
from sourcetrace.resources import Resources
from sourcetrace.spark.candidates import candidate_frame, vector_table
from sourcetrace.spark.documents import decode_document, read_documents, sign_documents
from sourcetrace.spark.session import TASKS_PER_CORE, SparkOptions, spark_session
from sourcetrace.spark.stages import StageFolder
from sourcetrace.spark.workers import worker_resources

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from pyspark.sql import DataFrame, SparkSession

__all__ = ["INDEX_FILE", "INDEX_STAGES", "SCAN_STAGES", "BuildResult", "ScanResult",
           "build_index", "scan"]

INDEX_FILE = "index.json"
INDEX_SCHEMA = "sourcetrace.spark-index/1"
INDEX_STAGES = ("documents", "signed", "sources", "bands", "anchors")
SCAN_STAGES = ("suspects", "signed", "candidates", "records")
Log = Callable[[str], None]


@dataclass
class BuildResult:
    """What :func:`build_index` did: documents indexed, inputs skipped (one line each)."""

    documents: int = 0
    skipped: list[str] = field(default_factory=list)
    stages: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass
class ScanResult:
    """What :func:`scan` gave: the records in input order (none when stopped early), the inputs
    skipped, and the stages' manifest entries (rows, seconds)."""

    records: list[dict[str, Any]] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    stages: dict[str, dict[str, Any]] = field(default_factory=dict)


def build_index(
    paths: list[str], folder: str, *, kind: str = "files", params: IndexParams | None = None,
    config: Config | None = None, options: SparkOptions | None = None, restart: bool = False,
    log: Log = lambda line: None,
) -> BuildResult:
    """Index the documents of ``paths`` into the index folder ``folder`` (see the module)."""
    params, config = params or IndexParams(), config or Config()
    with spark_session(options or SparkOptions(), "sourcetrace index build-spark") as spark:
        stages = StageFolder(spark, folder, (*INDEX_STAGES, ), restart=restart, log=log)
        if os.path.exists(os.path.join(stages.path, INDEX_FILE)) and restart:
            os.unlink(os.path.join(stages.path, INDEX_FILE))
        slices = _parallelism(spark)
        inputs = {"inputs": [os.path.abspath(p) for p in paths], "input": kind}
        signing = {**inputs, "index": params.to_dict(), "preparation": preparation_settings(config)}
        documents = stages.run("documents", inputs,
                               lambda: read_documents(spark, paths, kind, slices))
        signed = stages.run("signed", signing, lambda: sign_documents(
            documents, params, config, slices * TASKS_PER_CORE))
        sources = stages.run("sources", signing, lambda: _numbered(spark, signed))
        stages.run("bands", signing, lambda: sources.selectExpr("explode(band_keys) AS key", "doc"))
        stages.run("anchors", signing,
                   lambda: sources.selectExpr("explode(anchor_keys) AS anchor", "doc"))
        data = {"schema": INDEX_SCHEMA, "params": params.to_dict(),
                "preparation": preparation_settings(config)}
        write_atomic(os.path.join(stages.path, INDEX_FILE), json.dumps(data, indent=2) + "\n")
        return BuildResult(stages.info("sources")["rows"], _skipped(documents, signed),
                           dict(stages.stages))


def scan(
    index_folder: str, paths: list[str], folder: str, *, kind: str = "files",
    params: ScanParams | None = None, config: Config | None = None,
    options: SparkOptions | None = None, restart: bool = False, until: str | None = None,
    log: Log = lambda line: None,
) -> ScanResult:
    """Scan the suspects of ``paths`` against an index folder, stages under ``folder``.

    Args:
        until: Stop after this stage (its records are then not read back).

    Raises:
        InvalidIndex: ``index_folder`` is not a complete index made by :func:`build_index`.
    """
    params, config = params or ScanParams(), config or Config()
    if until is not None and until not in SCAN_STAGES:
        raise InvalidOption(f"--until {until}: choose one of {', '.join(SCAN_STAGES)}")
    index = _read_index(index_folder, config)
    with spark_session(options or SparkOptions(), "sourcetrace scan") as spark:
        stages = StageFolder(spark, folder, SCAN_STAGES, restart=restart, log=log)
        source_stages = StageFolder(spark, index_folder, INDEX_STAGES)
        sources, bands, anchors = (source_stages.read(n) for n in ("sources", "bands", "anchors"))
        slices = _parallelism(spark)
        inputs = {"inputs": [os.path.abspath(p) for p in paths], "input": kind}
        signing = {**inputs, "index": os.path.abspath(index_folder),
                   "built": source_stages.info("sources")["finished"], **index}
        search = {**signing, "search": asdict(params.search)}
        ranking = {**search, "config": config.to_dict(), "top": params.top,
                   "min_score": params.min_score, "min_chars": params.min_chars,
                   "assess": params.assess, "attribution": params.attribution}
        index_params = IndexParams.from_dict(index["params"])
        suspects = stages.run("suspects", inputs,
                              lambda: read_documents(spark, paths, kind, slices))
        signed = stages.run("signed", signing,
                            lambda: sign_documents(suspects, index_params, config,
                                                   slices * TASKS_PER_CORE))
        result = ScanResult(skipped=_skipped(suspects))
        if until != "signed":
            def candidates_stage() -> DataFrame:
                vectors = (spark.sparkContext.broadcast(vector_table(sources))
                           if index_params.vector_units else None)
                return candidate_frame(signed, sources, bands, anchors, params.search, vectors,
                                       slices * TASKS_PER_CORE)

            found = stages.run("candidates", search, candidates_stage)
            if until != "candidates":
                records = stages.run("records", ranking, lambda: _records(
                    spark, suspects, signed, found, sources, config, params, slices))
                if until is None:
                    result.records = [json.loads(r.record) for r in
                                      records.orderBy("position").toLocalIterator()]
        result.stages = dict(stages.stages)
        return result


def _read_index(folder: str, config: Config) -> dict[str, Any]:
    """The index folder's parameters, refusing a config that prepares documents otherwise."""
    path = os.path.join(folder, INDEX_FILE)
    if os.path.isfile(folder):
        raise InvalidIndex(f"{folder}: --engine spark scans an index folder made by"
                           " 'sourcetrace index build-spark', not an index file")
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        raise InvalidIndex(f"{folder}: not a complete Spark index (no {INDEX_FILE}; build it"
                           " with 'sourcetrace index build-spark')") from None
    if data.get("schema") != INDEX_SCHEMA:
        raise InvalidIndex(f"{folder}: index schema {data.get('schema')}, this sourcetrace"
                           f" reads {INDEX_SCHEMA}")
    conflict = preparation_conflict(data["preparation"], config, exact=True)
    if conflict:
        raise InvalidOption(f"{folder}: the index holds documents {conflict}")
    return {"params": data["params"], "preparation": data["preparation"]}


def _parallelism(spark: SparkSession) -> int:
    return max(1, spark.sparkContext.defaultParallelism)


def _numbered(spark: SparkSession, signed: DataFrame) -> DataFrame:
    """The signed documents that could be prepared, numbered 1, 2, ... by position (as a
    fresh local index numbers them)."""
    from pyspark.sql.types import LongType, StructField, StructType

    kept = signed.where("error IS NULL").drop("error").orderBy("position")
    numbered = kept.rdd.zipWithIndex().map(lambda pair: (*pair[0], pair[1] + 1))
    schema = StructType([*kept.schema.fields, StructField("doc", LongType(), False)])
    return spark.createDataFrame(numbered, schema)


def _skipped(documents: DataFrame, signed: DataFrame | None = None) -> list[str]:
    """One line per input that was not read (or, given ``signed``, could not be prepared), in
    input order. A scan reports the suspects it could not prepare in their records instead."""
    found = documents.where("skipped IS NOT NULL").select("position", "skipped")
    if signed is not None:
        found = found.union(signed.where("error IS NOT NULL").select("position", "error"))
    return [r[1] for r in found.orderBy("position").collect()]


# --- verification ------------------------------------------------------------------------------

_FOUND = ("rank", "doc", "channel", "score", "source_id", "name", "language", "length", "digest",
          "metadata", "prepared")


def _records(spark: SparkSession, suspects: DataFrame, signed: DataFrame, found: DataFrame,
             sources: DataFrame, config: Config, params: ScanParams, slices: int) -> DataFrame:
    """Each suspect with its candidates' stored documents, verified per suspect (as the local
    pool does), in many small tasks: a suspect's verification takes seconds to minutes."""
    from pyspark.sql import functions as F

    documents = sources.select(
        "doc", F.col("id").alias("source_id"), "name", "language", "length", "digest",
        "metadata", "prepared")
    grouped = found.join(documents, "doc").groupBy("position").agg(
        F.collect_list(F.struct(*_FOUND)).alias("found"))
    frame = (suspects.where("skipped IS NULL").select("position", "id", "document")
             .join(signed.select("position", "error"), "position")
             .join(grouped, "position", "left")
             .repartition(slices * TASKS_PER_CORE * 2, "position"))
    rows = frame.rdd.mapPartitions(lambda rows: _verify_partition(rows, config, params))
    return spark.createDataFrame(rows, "position long, id string, record string")


def _verify_partition(rows: Iterable[Any], config: Config,
                      params: ScanParams) -> Iterator[tuple[int, str, str]]:
    resources = worker_resources()
    for row in rows:
        document = decode_document(bytes(row.document))
        if row.error is not None:  # the signing stage's message
            record = error_record(row.id, document, row.error)
        else:
            try:
                record = _verified(row, document, config, params, resources)
            except SourcetraceError as error:
                record = error_record(row.id, document, str(error))
        yield row.position, row.id, json.dumps(record, sort_keys=True, ensure_ascii=False)


def _verified(row: Any, document: Any, config: Config, params: ScanParams,
              resources: Resources) -> dict[str, Any]:
    suspect = prepare(document, config, resources=resources)
    found = sorted(row.found or [], key=lambda f: f.rank)
    by_doc = {int(f.doc): f for f in found}

    def source_of(doc: int) -> tuple[DocumentRow, PreparedDocument]:
        f = by_doc[doc]
        source_row = DocumentRow(doc, f.source_id, f.name, f.language, int(f.length), f.digest,
                                 json.loads(f.metadata))
        return source_row, decode_prepared(bytes(f.prepared))

    candidates = [Candidate(int(f.doc), f.channel, float(f.score)) for f in found]
    return verified_record(row.id, document, suspect, candidates, source_of, config, params,
                           resources)
