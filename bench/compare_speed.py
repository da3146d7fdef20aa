"""Speed of `compare` (alignment plus fidelity assessment) on the bundled harbour example.

Prints the seconds of three stages, each timed in this same run (these machines are noisy):
loading spaCy's English pipeline once (a fixed cost per set of resources), the full comparison of
the pair, and, as the baseline, reading and segmenting the two texts. The ratio of the comparison
to the baseline is the figure to watch.

Usage: python bench/compare_speed.py [ORIGINAL DERIVED] [--repeat N]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from sourcetrace.api import compare_files
from sourcetrace.ingest import read_document
from sourcetrace.resources import Resources
from sourcetrace.segment import segment

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _seconds(action, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("original", nargs="?", default=str(EXAMPLES / "harbour-original.txt"))
    parser.add_argument("derived", nargs="?", default=str(EXAMPLES / "harbour-derived.txt"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    resources = Resources()
    started = time.perf_counter()
    resources.english.pipeline  # loads it
    load = time.perf_counter() - started

    def baseline() -> None:
        for path in (args.original, args.derived):
            segment(read_document(path).text)

    def full() -> None:
        resources.english.clear()  # every run parses afresh, as new resources would
        compare_files(args.original, args.derived, resources=resources)

    base = _seconds(baseline, args.repeat)
    whole = _seconds(full, args.repeat)
    print(f"spaCy pipeline load (once per resources): {load:.2f} s")
    print(f"baseline (read + segment both texts):     {base:.4f} s")
    print(f"compare (align + assess):                 {whole:.3f} s  ({whole / base:.0f}x baseline)")


if __name__ == "__main__":
    main()
