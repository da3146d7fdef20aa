"""Speed and memory of `sourcetrace eval pan` on a PAN corpus (default: ../shared/data/pan13-train).

Prints pairs/s of the full run (align + write + score) and the peak resident memory of the
parent and of the largest worker. As a same-run baseline (these machines are noisy), it first
times reading and segmenting every document of the corpus with the same number of processes,
and prints how much longer the full run takes than that baseline.

Usage: python bench/pan_speed.py [CORPUS_DIR] [--workers N]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from multiprocessing import Pool
from pathlib import Path

from sourcetrace.evaluate.run import read_corpus_text, run_pan
from sourcetrace.segment import segment

DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "shared" / "data" / "pan13-train"


def _read_and_segment(path: str) -> int:
    return len(segment(read_corpus_text(path)))


def baseline_seconds(corpus: Path, workers: int) -> float:
    paths = sorted(str(p) for folder in ("src", "susp") for p in (corpus / folder).glob("*.txt"))
    start = time.perf_counter()
    with Pool(workers) as pool:
        pool.map(_read_and_segment, paths, chunksize=16)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    if not (args.corpus / "pairs").exists():
        print(f"PAN corpus not found at {args.corpus}", file=sys.stderr)
        return 1
    base = baseline_seconds(args.corpus, args.workers)
    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        scores = run_pan(args.corpus, out, workers=args.workers)
        elapsed = time.perf_counter() - start
    pairs = scores["overall"].pairs
    parent_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"workers                 {args.workers}")
    print(f"pairs                   {pairs}")
    print(f"elapsed                 {elapsed:.1f} s")
    print(f"pairs/s                 {pairs / elapsed:.1f}")
    print(f"baseline (read+segment) {base:.1f} s; full run / baseline = {elapsed / base:.2f}")
    print(f"peak RSS parent         {parent_mb:.0f} MB")
    print(f"peak RSS largest worker {worker_mb:.0f} MB")
    print(f"plagdet overall         {scores['overall'].plagdet:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
