"""Direction on real reuse: PAN13 training pairs of sections 03-05, documents undated.

    python bench/network_pan.py ../shared/data/pan13-train [--every 3] [--workers 2]

Each listed pair of sections 03 (random obfuscation), 04 (translation obfuscation) and 05
(summary) is compared as the network compares pairs (the longer text as the original, under
``eval pan``'s config), and its direction evidence read (:func:`sourcetrace.network.direction.
evidence`; word-bigram document frequencies from every source and suspicious document of the
corpus). Right: the source is the original. Pairs without a passage are left out. The least
|score| to answer is chosen on the even-numbered pairs (*tune*: the least that keeps 0.9 right
there) and reported on both halves.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import sys
import time
from pathlib import Path

from sourcetrace.api import compare_prepared
from sourcetrace.evaluate.pan import read_corpus
from sourcetrace.evaluate.run import PAN_CONFIG, read_corpus_text
from sourcetrace.model import Document
from sourcetrace.network.direction import DirectionParams, Reference, bigram_keys, evidence
from sourcetrace.prepare import prepare
from sourcetrace.resources import Resources

SECTIONS = ("03-random-obfuscation", "04-translation-obfuscation", "05-summary-obfuscation")
_worker: dict = {}


def _compare(task: tuple[str, str, str]) -> tuple[str, dict | None]:
    corpus, original, derived = task
    if "resources" not in _worker:
        _worker["resources"] = Resources(max_embeddings=20_000, processes=1)
    docs = [prepare(Document(name=n, text=read_corpus_text(Path(corpus) / n)), PAN_CONFIG)
            for n in (original, derived)]
    report = compare_prepared(docs[0], docs[1], PAN_CONFIG, _worker["resources"]).to_dict()
    return original, report if report["passages"] else None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--every", type=int, default=1, help="Take every Nth listed pair.")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--save", type=Path, default=None,
                        help="Write every pair's section and signals (towards the source) here.")
    args = parser.parse_args()
    started = time.perf_counter()
    pairs = [p for p in read_corpus(args.corpus) if p.section in SECTIONS][:: args.every]
    names = sorted({f"src/{p.src}" for p in pairs} | {f"susp/{p.susp}" for p in pairs})
    tasks = []
    for pair in pairs:
        src, susp = f"src/{pair.src}", f"susp/{pair.susp}"
        lengths = {n: len(read_corpus_text(args.corpus / n)) for n in (src, susp)}
        original, derived = sorted((src, susp), key=lambda n: (-lengths[n], n))
        tasks.append((str(args.corpus), original, derived))
    all_docs = sorted((args.corpus / "src").iterdir()) + sorted((args.corpus / "susp").iterdir())
    reference = Reference.build([bigram_keys(read_corpus_text(p)) for p in all_docs])
    with multiprocessing.get_context("fork").Pool(args.workers) as pool:
        results = pool.map(_compare, tasks, chunksize=4)
    rows, saved = [], []
    params = DirectionParams()
    for number, (pair, (original, report)) in enumerate(zip(pairs, results)):
        if report is None:
            continue
        found = evidence(report, reference)
        sign = 1 if original.startswith("src/") else -1
        rows.append((number % 2, pair.section, sign * found.score(params)))
        saved.append({"half": number % 2, "section": pair.section,
                      "signals": {k: sign * v for k, v in sorted(found.signals.items())}})
    if args.save is not None:
        args.save.write_text(json.dumps(saved), encoding="utf-8")
    threshold = _threshold([s for half, _, s in rows if half == 0])
    figures = {"threshold": threshold, "pairs": len(pairs), "with_passages": len(rows),
               "documents": len(names)}
    for half, label in ((0, "tune"), (1, "report")):
        for section in (*SECTIONS, "all"):
            chosen = [s for h, sec, s in rows if h == half and section in (sec, "all")]
            answered = [s for s in chosen if abs(s) >= threshold and s != 0]
            right = sum(1 for s in answered if s > 0)
            figures[f"{label} {section}"] = {
                "pairs": len(chosen),
                "answered": round(len(answered) / len(chosen), 4) if chosen else None,
                "right": round(right / len(answered), 4) if answered else None,
            }
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    figures["wall_s"] = round(time.perf_counter() - started, 1)
    figures["cpu_s_workers"] = round(usage.ru_utime + usage.ru_stime, 1)
    print(json.dumps(figures, indent=1))


def _threshold(scores: list[float]) -> float:
    """The least |score| at which the answers on these scores are 0.9 right, keeping most."""
    ranked = sorted((abs(s), s > 0) for s in scores if s != 0)[::-1]
    best, right = float("inf"), 0
    for count, (size, correct) in enumerate(ranked, start=1):
        right += correct
        if right / count >= 0.9:
            best = size
    return best


if __name__ == "__main__":
    sys.exit(main())
