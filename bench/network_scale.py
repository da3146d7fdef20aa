"""The network's cost on a large index, measured on a sample and extrapolated.

    python bench/network_scale.py INDEX [--sample 300] [--pairs 100] [--seed 1]

On a machine shared with other work a full run's wall clock says little; this measures CPU
seconds in one process: the candidate query of ``--sample`` documents drawn at random, and the
comparison of ``--pairs`` of the candidate pairs they found, then estimates the whole network
(every document queried, every unordered pair compared once: the sample's candidates per
document times the documents, halved for pairs found from both ends) and its wall clock on
2 cores (the CPU seconds halved: both stages run in a pool). The estimate leaves out the
lineage and the rendering (seconds on the lineage bench).
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

from sourcetrace.index import Index
from sourcetrace.network import NetworkParams
from sourcetrace.network.pairs import PairPool, document_infos, orient
from sourcetrace.index.store import Store


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("index", type=Path)
    parser.add_argument("--sample", type=int, default=300)
    parser.add_argument("--pairs", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    index = Index(args.index)
    params = NetworkParams()
    with Store(index.path) as store:
        infos = document_infos(store.rows())
        pool = PairPool(store, index.path, index.stored_params(), index.config, params.search, 1)
    rng = random.Random(args.seed)
    docs = sorted(rng.sample(sorted(infos), min(args.sample, len(infos))))
    with pool.running():
        started = time.process_time()
        queries = list(pool.queries(docs))
        query_cpu = (time.process_time() - started) / len(docs)
        found = sorted({(min(q.doc, c), max(q.doc, c)) for q in queries for c in q.candidates})
        chosen = sorted(rng.sample(found, min(args.pairs, len(found))))
        started = time.process_time()
        verified = list(pool.compare([orient(infos[a], infos[b]) for a, b in chosen]))
        compare_cpu = (time.process_time() - started) / max(len(chosen), 1)
    candidates_per_doc = sum(len(q.candidates) for q in queries) / len(docs)
    pairs = len(infos) * candidates_per_doc / 2
    total = len(infos) * query_cpu + pairs * compare_cpu
    print(json.dumps({
        "documents": len(infos), "sampled": len(docs),
        "query_cpu_s_per_document": round(query_cpu, 4),
        "candidates_per_document": round(candidates_per_doc, 3),
        "compare_cpu_s_per_pair": round(compare_cpu, 4),
        "pairs_with_passages_in_sample": sum(1 for v in verified if v.report and v.report["passages"]),
        "estimated_pairs": round(pairs), "estimated_cpu_s": round(total),
        "estimated_wall_s_on_2_cores": round(total / 2),
    }, indent=1))


if __name__ == "__main__":
    main()
