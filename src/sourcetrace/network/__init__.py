"""Who reused whom across a collection: reuse pairs, their direction, clusters and lineage.

:func:`build_network` takes an index (:class:`~sourcetrace.index.Index`) and compares every
document with the others it shares text with:

1. **pairs** (:mod:`.pairs`): each stored document is a query of the index's own candidate
   search; each unordered candidate pair is compared once (the full aligner and assessor);
2. **boilerplate** (:mod:`.boilerplate`): links carrying only sentences held by more than
   ``max_df`` documents are dropped and those sentences listed once;
3. **direction evidence** (:mod:`.direction`): dates, fluency, one-sided sentences, summaries;
4. **clusters** (:mod:`.clusters`): connected components over the pairs, size-capped;
5. **lineage** (:mod:`.lineage`): per cluster, each copy's parent, and each pair's direction
   read from the tree; every lineage edge is audited by the comparison of parent -> child (what
   changed at that step).

The result is plain data (:class:`Network`): ``sourcetrace.network/1`` records
(docs/json-format.md), rendered by :mod:`sourcetrace.report.network`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from sourcetrace.errors import InvalidOption
from sourcetrace.index import Index
from sourcetrace.index.search import SearchParams
from sourcetrace.index.store import Store
from sourcetrace.network.boilerplate import Boilerplate, boilerplate_keys, listed, strip_boilerplate
from sourcetrace.network.clusters import clusters, numbering
from sourcetrace.network.direction import DirectionParams, Reference, evidence, publication_day
from sourcetrace.network.lineage import Lineage, PairFacts, distance, lineage
from sourcetrace.index.sign import decode_prepared
from sourcetrace.network.pairs import (DocumentInfo, PairPool, Verified, document_infos, orient,
                                      sentence_key)

__all__ = ["NETWORK_SCHEMA", "Network", "NetworkParams", "build_network"]

NETWORK_SCHEMA = "sourcetrace.network/1"
# A scan verifies up to 50 candidates per suspect from a lexical score of 0.3; a network queries
# every document, and at that floor nine in ten candidate pairs of a collection with many
# documents on the same topics hold no reuse (measured on the lineage bench: 459 true of 3,304
# candidates from a tenth of its documents). From 2.0, 452 of the 459 stay and 351 false ones.
NETWORK_SEARCH = SearchParams(min_lexical=2.0)
# Called with (stage name, items done, items in all).
ProgressCallback = Callable[[str, int, int], None]


@dataclass(frozen=True)
class NetworkParams:
    """What counts as reuse and how it is grouped (docs/network.md).

    Attributes:
        max_df: A sentence held by more documents than this is boilerplate.
        max_cluster: The most documents a cluster may hold.
        min_passage: The least characters (shorter side) of a pair's longest passage.
        search: The candidate search (a scan's, with a higher lexical floor).
        direction: Weights of the direction signals and the least confidence to answer.
    """

    max_df: int = 20
    max_cluster: int = 50
    min_passage: int = 0
    search: SearchParams = NETWORK_SEARCH
    direction: DirectionParams = DirectionParams()

    def __post_init__(self) -> None:
        for name in ("max_df", "max_cluster"):
            if getattr(self, name) < 2:
                raise InvalidOption(f"{name} must be at least 2, not {getattr(self, name)}")
        if self.min_passage < 0:
            raise InvalidOption(f"min_passage must be at least 0, not {self.min_passage}")


@dataclass
class Network:
    """A network's records: documents, pairs, clusters (with lineage) and boilerplate."""

    documents: dict[str, dict[str, Any]] = field(default_factory=dict)
    pairs: list[dict[str, Any]] = field(default_factory=list)
    clusters: list[dict[str, Any]] = field(default_factory=list)
    boilerplate: list[Boilerplate] = field(default_factory=list)
    reports: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    audits: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)

    def records(self) -> Iterable[dict[str, Any]]:
        """The JSON Lines records: every pair, then every cluster, then the boilerplate."""
        yield from self.pairs
        yield from self.clusters
        for item in self.boilerplate:
            yield {"schema": NETWORK_SCHEMA, "record": "boilerplate", **item.to_dict()}


def build_network(
    index: Index,
    params: NetworkParams | None = None,
    *,
    workers: int | None = None,
    progress: ProgressCallback | None = None,
) -> Network:
    """The reuse network of every document ``index`` holds.

    Candidate generation is approximate (as a scan's); every pair reported was compared in
    full. The same index and parameters give the same records, whatever ``workers``.

    Args:
        index: The index (its config prepares and compares).
        params: Thresholds; the defaults when None.
        workers: Processes (default: every CPU).
        progress: Told (stage, done, total) as pairs are found and compared.

    Raises:
        InvalidIndex: The index is missing or damaged.
    """
    params = params or NetworkParams()
    processes = workers or os.cpu_count() or 1
    if processes < 1:
        raise InvalidOption(f"workers must be at least 1, not {processes}")
    index_params = index.stored_params()
    with Store(index.path) as store:
        infos = document_infos(store.rows())
        pool = PairPool(store, index.path, index_params, index.config, params.search, processes)
    with pool.running():
        return _Builder(index.path, infos, params, pool, progress).build()


class _Builder:
    def __init__(self, path: str, infos: dict[int, DocumentInfo], params: NetworkParams,
                 pool: PairPool, progress: ProgressCallback | None) -> None:
        self.path = path
        self.infos = infos
        self.by_id = {info.id: info for info in infos.values()}
        self.params = params
        self.pool = pool
        self.progress = progress or (lambda stage, done, total: None)
        self.dates = {info.id: publication_day(info.metadata) for info in infos.values()}

    def build(self) -> Network:
        network, reference = self.verify()
        return self.assemble(network, reference)

    def verify(self) -> tuple[Network, Reference]:
        """The expensive part: candidates, comparisons, boilerplate and the bigram reference."""
        docs = sorted(self.infos, key=lambda d: self.infos[d].id)
        candidate_pairs, sentence_keys, bigrams = set(), {}, []
        for done, query in enumerate(self.pool.queries(docs), start=1):
            candidate_pairs.update((min(query.doc, c), max(query.doc, c)) for c in query.candidates)
            sentence_keys[query.doc] = query.sentences
            bigrams.append(query.bigrams)
            self.progress("finding candidates", done, len(docs))
        boiler = boilerplate_keys(sentence_keys.values(), self.params.max_df)
        reference = Reference.build(bigrams)
        del bigrams
        ordered = sorted((orient(self.infos[a], self.infos[b]) for a, b in candidate_pairs),
                         key=lambda p: sorted((self.infos[p[0]].id, self.infos[p[1]].id)))
        network = Network()
        for done, verified in enumerate(self.pool.compare(ordered), start=1):
            self._keep(verified, boiler, network)
            self.progress("comparing pairs", done, len(ordered))
        network.boilerplate = listed(boiler, _boilerplate_texts(self.path, boiler, docs,
                                                                sentence_keys))
        return network, reference

    def assemble(self, network: Network, reference: Reference) -> Network:
        """Direction, clusters, lineage and the records, from the verified pairs."""
        evidences = {key: evidence(report, reference) for key, report in network.reports.items()}
        self._assemble(network, evidences)
        return network

    def _keep(self, verified: Verified, boiler: dict[int, int], network: Network) -> None:
        if verified.report is None:
            return
        report, _ = strip_boilerplate(verified.report, boiler)
        if not report["passages"] or _longest(report) < self.params.min_passage:
            return
        a, b = self.infos[verified.original].id, self.infos[verified.derived].id
        network.reports[(a, b)] = report

    def _assemble(self, network: Network, evidences: dict[tuple[str, str], Any]) -> None:
        weights = self.params.direction
        facts: dict[tuple[str, str], PairFacts] = {}
        for (original, derived), report in network.reports.items():
            score = evidences[(original, derived)].score(weights)
            a, b = sorted((original, derived))
            facts[(a, b)] = PairFacts(distance(report), score if a == original else -score)
        groups = clusters(((a, b, _longest(network.reports[_oriented(network, a, b)]))
                           for a, b in facts), self.params.max_cluster)
        number = numbering(groups)
        trees = {}
        for cluster_number, members in enumerate(groups, start=1):
            inside = {k: f for k, f in facts.items() if number[k[0]] == number[k[1]] == cluster_number}
            trees[cluster_number] = lineage(members, inside, self.dates)
        self._audit(network, trees)
        for a, b in sorted(facts):
            network.pairs.append(self._pair_record(network, a, b, facts[(a, b)], evidences,
                                                   number, trees))
        for cluster_number, members in enumerate(groups, start=1):
            network.clusters.append(self._cluster_record(network, cluster_number, members,
                                                         trees[cluster_number]))
        network.documents = {m: self._document(m) for group in groups for m in group}

    def _audit(self, network: Network, trees: dict[int, Lineage]) -> None:
        """Make sure every lineage edge has its parent -> child report (compare again where
        the pair was compared the other way round)."""
        missing = []
        for tree in trees.values():
            for child, parent in sorted(tree.parents.items()):
                if (parent, child) in network.reports:
                    network.audits[(parent, child)] = network.reports[(parent, child)]
                else:
                    missing.append((self.by_id[parent].doc, self.by_id[child].doc))
        for verified in self.pool.compare(missing):
            if verified.report is not None:
                a, b = self.infos[verified.original].id, self.infos[verified.derived].id
                network.audits[(a, b)] = verified.report

    def _pair_record(self, network: Network, a: str, b: str, fact: PairFacts,
                     evidences: dict[tuple[str, str], Any], number: dict[str, int],
                     trees: dict[int, Lineage]) -> dict[str, Any]:
        original, derived = _oriented(network, a, b)
        report = network.reports[(original, derived)]
        found = evidences[(original, derived)]
        direction, confidence, reasons = self._direction(a, b, fact, number, trees)
        flip = original != a
        signals = {name: round(-v if flip else v, 4) for name, v in sorted(found.signals.items())}
        cluster = number[a] if number[a] == number[b] else None
        tree = trees.get(number[a])
        lineage_edge = tree is not None and cluster is not None and (
            tree.parents.get(b) == a or tree.parents.get(a) == b)
        return {
            "schema": NETWORK_SCHEMA,
            "record": "pair",
            "a": a,
            "b": b,
            "direction": direction,
            "confidence": confidence,
            "reasons": [*reasons, *found.explained(original, derived)],
            "signals": signals,
            "cluster": cluster,
            "lineage_edge": lineage_edge,
            "distance": fact.distance,
            "compared": {"original": original, "derived": derived},
            "verdict": report["verdict"],
            "scores": report["scores"],
            "passages": [_passage(p, flip) for p in report["passages"]],
        }

    def _direction(self, a: str, b: str, fact: PairFacts, number: dict[str, int],
                   trees: dict[int, Lineage]) -> tuple[str, float, list[str]]:
        if number[a] == number[b] and (a, b) in trees[number[a]].relations:
            direction, confidence, reason = trees[number[a]].relations[(a, b)]
        else:
            direction = "a->b" if fact.score > 0 else "b->a"
            confidence = round(abs(fact.score) / (1.0 + abs(fact.score)), 4)
            reason = "the pair's own evidence (its documents fall in different clusters)"
        if direction != "unknown" and confidence < self.params.direction.min_confidence:
            return "unknown", confidence, [reason, "too little evidence to answer"]
        return direction, confidence, [reason]

    def _cluster_record(self, network: Network, number: int, members: list[str],
                        tree: Lineage) -> dict[str, Any]:
        edges = []
        for child, parent in sorted(tree.parents.items(), key=lambda item: (item[1], item[0])):
            report = network.audits.get((parent, child))
            edges.append({"parent": parent, "child": child,
                          **(_audit(report) if report is not None else {"audit": None})})
        return {
            "schema": NETWORK_SCHEMA,
            "record": "cluster",
            "cluster": number,
            "documents": members,
            "root": tree.root,
            "ordered_by": "dates" if tree.dated else "evidence",
            "edges": edges,
        }

    def _document(self, identifier: str) -> dict[str, Any]:
        info = self.by_id[identifier]
        return {"id": info.id, "name": info.name, "language": info.language,
                "length": info.length, "metadata": info.metadata}


def _oriented(network: Network, a: str, b: str) -> tuple[str, str]:
    """The (original, derived) order the pair of ``a`` and ``b`` was compared in."""
    for key in ((a, b), (b, a)):
        if key in network.reports:
            return key
    raise KeyError((a, b))


def _longest(report: dict[str, Any]) -> int:
    return max((min(p["original"]["end"] - p["original"]["start"],
                    p["derived"]["end"] - p["derived"]["start"]) for p in report["passages"]),
               default=0)


def _passage(passage: dict[str, Any], flip: bool) -> dict[str, Any]:
    a, b = ("derived", "original") if flip else ("original", "derived")
    return {"a": passage[a], "b": passage[b], "kind": passage["kind"],
            "similarity": passage["similarity"]}


def _audit(report: dict[str, Any]) -> dict[str, Any]:
    """What changed from parent to child: the pair report's findings, texts quoted."""
    return {
        "audit": {
            "verdict": report["verdict"],
            "scores": report["scores"],
            "distortions": [
                {"type": d["type"], "severity": d["severity"], "parent": d["original"],
                 "child": d["derived"], "explanation": d["explanation"]}
                for d in report["distortions"]
            ],
            "omissions": [{"start": o["start"], "end": o["end"], "text": o["text"]}
                          for o in report["omissions"] if not o["artifact"]],
            "additions": [{"start": x["start"], "end": x["end"], "text": x["text"]}
                          for x in report["additions"]],
        }
    }


def _boilerplate_texts(path: str, boiler: dict[int, int], docs: list[int],
                       keys: dict[int, tuple[int, ...]]) -> dict[int, tuple[str, str]]:
    """Each boilerplate sentence's text and the id of the first document (in id order) holding
    it."""
    texts: dict[int, tuple[str, str]] = {}
    with Store(path) as store:
        rows = store.rows_by_doc(docs)
        for doc in docs:
            wanted = [k for k in keys[doc] if k in boiler and k not in texts]
            if not wanted:
                continue
            prepared = decode_prepared(store.prepared(doc))
            for sentence in prepared.sentences:
                key = sentence_key(sentence)
                if key in wanted and key not in texts:
                    texts[key] = (sentence, rows[doc].id)
            if len(texts) == len(boiler):
                break
    return texts
