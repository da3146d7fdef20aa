"""The network's stages on their own: clusters and their cap, lineage from distances and
evidence, direction signals on compared pairs, boilerplate links."""

from __future__ import annotations

import datetime as dt

from network_fixtures import PADDING, ROOT, lineage_texts
from sourcetrace import compare
from sourcetrace.network.boilerplate import boilerplate_keys, strip_boilerplate
from sourcetrace.network.clusters import clusters
from sourcetrace.network.direction import Reference, bigram_keys, evidence
from sourcetrace.network.lineage import PairFacts, distance, lineage
from sourcetrace.network.pairs import sentence_key


def test_clusters_are_components_and_the_cap_refuses_the_weakest_join() -> None:
    pairs = [("a", "b", 900), ("b", "c", 800), ("c", "d", 100), ("x", "y", 500)]
    assert clusters(pairs, 50) == [["a", "b", "c", "d"], ["x", "y"]]
    # At most three: the weakest join (c-d) is refused, d stays alone.
    assert clusters(pairs, 3) == [["a", "b", "c"], ["x", "y"], ["d"]]


def test_dated_lineage_takes_the_nearest_earlier_document() -> None:
    facts = {("a", "b"): PairFacts(3, 0.0), ("a", "c"): PairFacts(5, 0.0),
             ("b", "c"): PairFacts(2, 0.0)}
    dates = {"a": dt.date(2024, 1, 1), "b": dt.date(2024, 1, 2), "c": dt.date(2024, 1, 3)}
    tree = lineage(["a", "b", "c"], facts, dates)
    assert (tree.root, tree.parents, tree.dated) == ("a", {"b": "a", "c": "b"}, True)
    assert tree.relations[("a", "c")][0] == "a->b"


def test_undated_lineage_is_rooted_by_the_evidence() -> None:
    # A chain a -> b -> c by distance; the evidence says b comes from a, and c from b.
    facts = {("a", "b"): PairFacts(3, 0.8), ("a", "c"): PairFacts(5, 0.6),
             ("b", "c"): PairFacts(2, 0.7)}
    tree = lineage(["a", "b", "c"], facts, {})
    assert (tree.root, tree.parents) == ("a", {"b": "a", "c": "b"})
    assert [tree.relations[k][0] for k in sorted(facts)] == ["a->b", "a->b", "a->b"]
    # Evidence the other way round roots the same tree at c.
    flipped = {k: PairFacts(f.distance, -f.score) for k, f in facts.items()}
    assert lineage(["a", "b", "c"], flipped, {}).root == "c"
    # Two copies of one text are collateral.
    star = {("a", "b"): PairFacts(2, 0.9), ("a", "c"): PairFacts(2, 0.9), ("b", "c"): PairFacts(4, 0.0)}
    assert lineage(["a", "b", "c"], star, {}).relations[("b", "c")][0] == "unknown"


def test_distance_counts_one_sided_and_changed_sentences() -> None:
    texts = lineage_texts()
    same = compare(texts["root"], texts["root"]).to_dict()
    assert distance(same) == 0
    digest = compare(texts["root"], texts["digest"]).to_dict()
    assert distance(digest) == 1  # one sentence left out


def test_fluency_prefers_the_side_with_common_word_pairs() -> None:
    original = " ".join(ROOT)
    garbled = original.replace("will cost 41 million euros and is meant to protect",
                               "cost will 41 million euros and meant is protect to")
    report = compare(original, garbled).to_dict()
    # A reference in which the original's word pairs are common (other documents hold them).
    reference = Reference.build([bigram_keys(original)] * 5 + [bigram_keys(garbled)])
    found = evidence(report, reference)
    assert found.signals["fluency"] > 0 and any("fluency" in r for r in found.reasons)
    reverse = evidence(compare(garbled, original).to_dict(), reference)
    assert reverse.signals["fluency"] < 0


def test_an_added_foreign_sentence_marks_the_copy() -> None:
    original = " ".join(ROOT)
    padded = " ".join(ROOT[:6] + [PADDING] + ROOT[6:])
    found = evidence(compare(original, padded).to_dict(), Reference.build([]))
    assert found.signals["additions"] > 0


def test_boilerplate_links_are_dropped() -> None:
    texts = lineage_texts()
    report = compare(texts["root"], texts["digest"]).to_dict()
    keys = {sentence_key(s): 30 for s in ROOT}
    stripped, dropped = strip_boilerplate(report, keys)
    assert dropped and stripped["passages"] == []
    assert boilerplate_keys([(1, 2), (2,), (2, 3)], 2) == {2: 3}
