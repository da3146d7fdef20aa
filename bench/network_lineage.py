"""Issue 19's lineage benchmark: a collection with known lineage, its network, the figures.

    python bench/network_lineage.py score COLLECTION NETWORK.jsonl [--json]
    python bench/network_lineage.py run WORKDIR [--stories 200 --distractors 2000 --workers 2]

``run`` builds the collection (``bench/make_synthetic.py lineage``: seed stories with chains and
trees of 2-6 copies, reworded, cut, padded, translated, numbers changed at one known edge,
dated or undated, among distractors), indexes it, writes the network with every direction
kept (``min_confidence`` 0, so the threshold can be chosen here) and scores it. ``score``
scores a network written before.

Figures, each on two halves of the seed stories (even tree numbers: *tune*; odd: *report*):

* pairs: recall of the truth pairs whose longest shared passage has 150+ characters, and the
  precision of the network's pairs whose longest passage has 150+ characters (a pair counts as
  right when the two documents share text by construction);
* direction, on truth pairs where one document derives from the other, dated and undated apart:
  the share right where the network answers and the share answered, the undated threshold of
  confidence chosen on *tune* (the least confidence that keeps 0.8 right there; the figures of
  both halves are printed);
* lineage edges: the share of truth edges (parent -> child) the network's lineage holds;
* number changes: the share of injected number changes found on the right edge's audit (the
  network's edge into that child comes from the true parent, and its audit lists a ``number``
  distortion at the changed number).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
MIN_PASSAGE = 150


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def score(collection: Path, network: Path, threshold: float | None = None) -> dict[str, Any]:
    trees = read_jsonl(collection / "trees.jsonl")
    edges = read_jsonl(collection / "edges.jsonl")
    truth_pairs = read_jsonl(collection / "pairs.jsonl")
    records = read_jsonl(network)
    pairs = [r for r in records if r["record"] == "pair"]
    clusters = [r for r in records if r["record"] == "cluster"]
    tree_of = {doc: t["tree"] for t in trees for doc in t["documents"]}
    dated = {t["tree"]: t["dated"] for t in trees}
    halves = {"tune": lambda tree: tree % 2 == 0, "report": lambda tree: tree % 2 == 1}
    chosen = threshold if threshold is not None else _threshold(pairs, truth_pairs, tree_of, dated,
                                                               halves["tune"])
    result: dict[str, Any] = {"undated_threshold": chosen}
    for half, keep in halves.items():
        result[half] = {
            "pairs": _pairs(pairs, truth_pairs, tree_of, keep),
            "direction": _direction(pairs, truth_pairs, dated, keep, chosen),
            "lineage_edges": _edges(clusters, edges, keep),
            "number_changes": _numbers(clusters, edges, keep),
        }
    return result


def _key(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a < b else (b, a)


def _longest(pair: dict[str, Any]) -> int:
    return max((min(p["a"]["end"] - p["a"]["start"], p["b"]["end"] - p["b"]["start"])
                for p in pair["passages"]), default=0)


def _pairs(pairs, truth_pairs, tree_of, keep) -> dict[str, Any]:
    truth = {_key(t["a"], t["b"]): t for t in truth_pairs if keep(t["tree"])}
    wanted = {k for k, t in truth.items() if t["longest"] >= MIN_PASSAGE}
    found = {_key(p["a"], p["b"]) for p in pairs}
    mine = [p for p in pairs if _longest(p) >= MIN_PASSAGE
            and any(keep(tree_of[d]) if d in tree_of else keep(hash_half(d)) for d in (p["a"], p["b"]))]
    right = sum(1 for p in mine if _key(p["a"], p["b"]) in truth)
    return {"truth": len(wanted), "recall": _share(len(wanted & found), len(wanted)),
            "reported": len(mine), "precision": _share(right, len(mine)),
            "wrong": sorted(_key(p["a"], p["b"]) for p in mine if _key(p["a"], p["b"]) not in truth)[:5]}


def hash_half(doc: str) -> int:
    """A distractor's half, by its number (a pair of two distractors belongs to neither tree)."""
    return int(doc.rsplit("-", 1)[-1])


def _truth_direction(t: dict[str, Any], a: str) -> str:
    return "a->b" if t["a"] == a else "b->a"


def _direction_rows(pairs, truth_pairs, dated, keep):
    by_key = {_key(p["a"], p["b"]): p for p in pairs}
    for t in truth_pairs:
        if t["direction"] != "a->b" or not keep(t["tree"]):
            continue
        found = by_key.get(_key(t["a"], t["b"]))
        if found is None:
            continue
        yield dated[t["tree"]], _truth_direction(t, found["a"]), found


def _direction(pairs, truth_pairs, dated, keep, threshold) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    for label, want_dated in (("dated", True), ("undated", False)):
        rows = [(truth, p) for d, truth, p in _direction_rows(pairs, truth_pairs, dated, keep)
                if d == want_dated]
        least = 0.0 if want_dated else threshold
        answered = [(truth, p) for truth, p in rows
                    if p["direction"] != "unknown" and p["confidence"] >= least]
        right = sum(1 for truth, p in answered if p["direction"] == truth)
        figures[label] = {"pairs": len(rows), "answered": _share(len(answered), len(rows)),
                          "right": _share(right, len(answered))}
    return figures


def _threshold(pairs, truth_pairs, tree_of, dated, keep) -> float:
    """The least confidence at which undated answers on the tune half are 0.8 right, keeping
    as many answers as possible."""
    rows = sorted(((p["confidence"], p["direction"] == truth)
                   for d, truth, p in _direction_rows(pairs, truth_pairs, dated, keep)
                   if not d and p["direction"] != "unknown"), reverse=True)
    best, right = 1.0, 0
    for count, (confidence, correct) in enumerate(rows, start=1):
        right += correct
        if right / count >= 0.8:
            best = confidence
    return best


def _edges(clusters, edges, keep) -> dict[str, Any]:
    mine = {(e["parent"], e["child"]) for c in clusters for e in c["edges"]}
    truth = [(e["parent"], e["child"]) for e in edges if keep(e["tree"])]
    return {"truth": len(truth), "right": _share(sum(1 for e in truth if e in mine), len(truth))}


def _numbers(clusters, edges, keep) -> dict[str, Any]:
    into = {e["child"]: e for c in clusters for e in c["edges"]}
    total = right = 0
    for edge in edges:
        if not keep(edge["tree"]):
            continue
        for op in edge["operations"]:
            if op["op"] != "number":
                continue
            total += 1
            mine = into.get(edge["child"])
            if mine is None or mine["parent"] != edge["parent"] or not mine["audit"]:
                continue
            changed = op["child"]
            right += any(
                d["type"] == "number" and d["child"]["start"] < changed["end"]
                and changed["start"] < d["child"]["end"]
                for d in mine["audit"]["distortions"]
            )
    return {"changes": total, "on_the_right_edge": _share(right, total)}


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _run(workdir: Path, args: argparse.Namespace) -> None:
    collection, index, network = workdir / "lineage", workdir / "lineage.db", workdir / "network.jsonl"
    python = sys.executable
    sourcetrace = [python, "-m", "sourcetrace"]
    steps = []
    if not collection.exists():
        steps.append(("collection", [python, str(HERE / "make_synthetic.py"), "lineage", str(collection),
                                     "--stories", str(args.stories), "--distractors", str(args.distractors)]))
    if not index.exists():
        steps.append(("index add", [*sourcetrace, "index", "add", str(index),
                                    str(collection / "collection.jsonl"), "--workers", str(args.workers)]))
    steps.append(("network", [*sourcetrace, "network", str(index), "--format", "jsonl", "-o", str(network),
                              "--workers", str(args.workers), "--min-confidence", "0"]))
    for name, command in steps:
        if network.exists() and name == "network":
            network.unlink()
        started, before = time.perf_counter(), _cpu()
        subprocess.run(command, check=True)
        print(f"{name}: {time.perf_counter() - started:.1f} s wall, {_cpu() - before:.1f} CPU s",
              file=sys.stderr)
    print(json.dumps(score(collection, network), indent=1, sort_keys=True))


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    scoring = commands.add_parser("score")
    scoring.add_argument("collection", type=Path)
    scoring.add_argument("network", type=Path)
    scoring.add_argument("--threshold", type=float, default=None)
    running = commands.add_parser("run")
    running.add_argument("workdir", type=Path)
    running.add_argument("--stories", type=int, default=200)
    running.add_argument("--distractors", type=int, default=2000)
    running.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    if args.command == "score":
        print(json.dumps(score(args.collection, args.network, args.threshold), indent=1, sort_keys=True))
    else:
        args.workdir.mkdir(parents=True, exist_ok=True)
        _run(args.workdir, args)


if __name__ == "__main__":
    main()
