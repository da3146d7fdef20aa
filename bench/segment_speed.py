"""Speed of sentence segmentation: a megabyte of news prose, and inputs built to be slow.

Two figures, each against a baseline measured in the same run (so a shared or slow machine
moves both alike):

* one megabyte of prose (abbreviations, decimals, quotes, ellipses) segmented into sentences
  (target: under 6 s), with the line segmenter on the same text as the baseline (one plain
  pass over the lines: it moves with the machine's speed, not with the sentence rules);
* pathological inputs (runs of dots, dots and spaces, a long run of spaces) at a size and at
  twice that size: a linear segmenter takes about twice as long on the second (target: a
  ratio under 3, where a quadratic one gives 4; and under 3 s at the larger size).

These were wall-clock assertions in ``tests/test_segment.py``; the tests keep the correctness
checks on the same inputs.

Usage: python bench/segment_speed.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from sourcetrace.segment import segment

PROSE = [
    "The government said on Tuesday that it would raise taxes by 3.5% next year.",
    '"We will go. We will win," he said.',
    "Mr. Smith, 45, arrived at 10.30am with Dr. Jones.",
    "Shares in Apple Inc. rose to $1,200.50 in New York, the highest since Jan. 5.",
    "Officials in the U.S. declined to comment.",
    "Critics say the plan is too little... and too late.",
]
MEGABYTE = 1_000_000
PROSE_TARGET_S = 6.0
LINEAR_RATIO_TARGET = 3.0
PATHOLOGICAL_TARGET_S = 3.0
# name -> input of about ``size`` characters
PATHOLOGICAL: dict[str, Callable[[int], str]] = {
    "dots and spaces": lambda size: ". " * (size // 2),
    "dots": lambda size: "." * size,
    "words between dot runs": lambda size: ("ab" + "." * 1000) * (size // 1002),
    "a long run of spaces": lambda size: "x" + " " * size + "y.",
}


def best_time(run: Callable[[], object], repeat: int) -> float:
    """The fastest of ``repeat`` runs, in seconds (the least disturbed by other load)."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def prose_figures(repeat: int) -> bool:
    paragraph = " ".join(PROSE)
    text = "\n\n".join([paragraph] * (MEGABYTE // len(paragraph) + 1))
    ours = best_time(lambda: segment(text), repeat)
    baseline = best_time(lambda: segment(text, "lines"), repeat)
    met = ours < PROSE_TARGET_S
    print(f"1 MB of prose ({len(text):,} characters, {len(segment(text)):,} sentences)")
    print(f"  segment(text)        {ours:7.3f} s   target < {PROSE_TARGET_S:.0f} s: {'met' if met else 'NOT MET'}")
    print(f"  segment(text, lines) {baseline:7.3f} s   (same-run baseline; ratio {ours / baseline:.2f} x)")
    return met


def pathological_figures(repeat: int, size: int) -> bool:
    print(f"pathological inputs, {size:,} and {2 * size:,} characters (ratio ~2 = linear)")
    all_met = True
    for name, make in PATHOLOGICAL.items():
        small, large = make(size), make(2 * size)
        small_s = best_time(lambda: segment(small), repeat)
        large_s = best_time(lambda: segment(large), repeat)
        ratio = large_s / small_s if small_s else float("inf")
        met = ratio < LINEAR_RATIO_TARGET and large_s < PATHOLOGICAL_TARGET_S
        all_met &= met
        print(f"  {name:24} {small_s:7.3f} s -> {large_s:7.3f} s   ratio {ratio:4.2f}"
              f"   {'met' if met else 'NOT MET'}")
    return all_met


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the fastest counts")
    parser.add_argument("--size", type=int, default=200_000, help="the smaller pathological size")
    args = parser.parse_args()
    prose = prose_figures(args.repeat)
    pathological = pathological_figures(args.repeat, args.size)
    print("all targets met" if prose and pathological else "a target was NOT met")


if __name__ == "__main__":
    main()
