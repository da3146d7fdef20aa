"""The Spark engine: the index build and the scan as Spark stages over the library's functions.

Nothing here reimplements the local engine: documents are read by its readers, prepared and
signed by :func:`sourcetrace.index.sign.sign`, searched by
:func:`sourcetrace.index.search.candidates` (its look-ups answered by DataFrame joins on band
keys and anchors) and verified by :func:`sourcetrace.index.scan.verified_record`, so the
candidates, passages and scores are the local engine's. What Spark adds is the distribution,
and a folder of stages a rerun resumes from. pyspark is an optional dependency
(``pip install 'sourcetrace[spark]'``) and Java 17 a system one; see docs/spark.md.

Example:
    >>> from sourcetrace.spark import SparkOptions, build_index, scan  # doctest: +SKIP
    >>> build_index(["sources/"], "index.spark", options=SparkOptions("local[2]"))  # doctest: +SKIP
    >>> scan("index.spark", ["suspects/"], "scan.stages").records[0]["sources"]  # doctest: +SKIP
"""

from sourcetrace.spark.jobs import (
    INDEX_STAGES,
    SCAN_STAGES,
    BuildResult,
    ScanResult,
    build_index,
    scan,
)
from sourcetrace.spark.session import SparkOptions

__all__ = ["INDEX_STAGES", "SCAN_STAGES", "BuildResult", "ScanResult", "SparkOptions",
           "build_index", "scan"]
