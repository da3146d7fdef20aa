"""The Spark engine at 1 and 2 local cores on a synthetic scale corpus: per-stage seconds.

Builds the Spark index of a scale corpus (``bench/make_synthetic.py scale OUT``: its
``index.jsonl``) and scans its ``suspects.jsonl``, once per ``--cores`` value, and prints one
line per stage with its rows and wall seconds, and per run the wall time and CPU seconds of this
process and its descendants (the JVM and the Python workers; sampled from /proc). The figures
feed the scaling account in docs/benchmarks.md: per-stage cost per document, and how it divides
over cores.

    python bench/make_synthetic.py scale /tmp/s10k --documents 10000
    python bench/spark_scaling.py /tmp/s10k --cores 1 2
    python bench/spark_scaling.py /tmp/s10k --cores 2 --sources 2000 --suspects 50   # a slice
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from spark_parity import CpuSampler
from sourcetrace.index.scan import ScanParams
from sourcetrace.spark import SparkOptions, build_index, scan


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", type=Path, nargs="?", help="a folder of make_synthetic.py scale")
    parser.add_argument("--cores", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--sources", type=int, default=None, help="index only the first N")
    parser.add_argument("--suspects", type=int, default=None, help="scan only the first N")
    parser.add_argument("--work", type=Path, default=None)
    parser.add_argument("--join-stats", type=Path, nargs=2, metavar=("INDEX_DIR", "STAGES_DIR"),
                        default=None, help="only print the sizes of a finished run's band join")
    args = parser.parse_args()
    if args.join_stats is not None:
        join_stats(*args.join_stats)
        return
    work = args.work or Path(tempfile.mkdtemp(prefix="spark-scaling-"))
    work.mkdir(parents=True, exist_ok=True)
    sources = _slice(args.corpus / "index.jsonl", work / "index.jsonl", args.sources)
    suspects = _slice(args.corpus / "suspects.jsonl", work / "suspects.jsonl", args.suspects)
    print(f"{_lines(sources)} documents to index, {_lines(suspects)} suspects; machine shared"
          f" with other sessions", flush=True)
    for cores in args.cores:
        options = SparkOptions(f"local[{cores}]", {"spark.ui.enabled": "false",
                                                   "spark.driver.memory": "6g"})
        sampler = CpuSampler()
        sampler.start()
        started = time.perf_counter()
        built = build_index([str(sources)], str(work / f"index-{cores}"), options=options,
                            restart=True)
        result = scan(str(work / f"index-{cores}"), [str(suspects)], str(work / f"scan-{cores}"),
                      params=ScanParams(top=10), options=options, restart=True)
        wall = time.perf_counter() - started
        cpu = sampler.stop()
        print(f"local[{cores}]: wall {wall:.1f} s, cpu {cpu:.1f} s", flush=True)
        for prefix, stages in (("index", built.stages), ("scan", result.stages)):
            for name, info in stages.items():
                print(f"  {prefix}.{name:12} {info['rows']:9d} rows {info['seconds']:9.1f} s")
        found = sum(len(r["sources"]) for r in result.records)
        print(f"  {len(result.records)} records, {found} sources reported", flush=True)
        (work / f"stages-{cores}.json").write_text(json.dumps(
            {"wall": wall, "cpu": cpu, "index": built.stages, "scan": result.stages}, indent=2))


def join_stats(index_dir: Path, stages_dir: Path, band_cap: int = 100) -> None:
    """The sizes that decide the candidate join's cost: postings, capped keys, join rows."""
    import pandas as pd

    bands = pd.read_parquet(index_dir / "bands")
    posted = bands.groupby("key").size()
    kept = posted[posted <= band_cap]
    suspects = pd.read_parquet(stages_dir / "signed", columns=["position", "band_keys"])
    keys = suspects.explode("band_keys").dropna()
    hits = keys["band_keys"].astype("int64").map(kept).fillna(0)
    candidates = pd.read_parquet(stages_dir / "candidates")
    print(f"band postings {len(bands)} ({len(bands) / bands['doc'].nunique():.0f} per source),"
          f" keys {len(posted)}, over the cap {int((posted > band_cap).sum())} holding"
          f" {int(posted[posted > band_cap].sum())} postings")
    print(f"suspect keys {len(keys)} ({len(keys) / len(suspects):.0f} per suspect), join rows"
          f" {int(hits.sum())} ({hits.sum() / len(suspects):.0f} per suspect), candidates"
          f" {len(candidates)} ({len(candidates) / len(suspects):.1f} per suspect)")


def _slice(source: Path, target: Path, count: int | None) -> Path:
    with source.open(encoding="utf-8") as lines, target.open("w", encoding="utf-8") as out:
        for number, line in enumerate(lines):
            if count is not None and number >= count:
                break
            out.write(line)
    return target


def _lines(path: Path) -> int:
    with path.open(encoding="utf-8") as handle:
        return sum(1 for _ in handle)


if __name__ == "__main__":
    sys.exit(main())
