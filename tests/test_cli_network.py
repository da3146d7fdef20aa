"""`sourcetrace network`: reuse pairs, direction, clusters, lineage, boilerplate; every format;
determinism; bad input."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from network_fixtures import NEWSLETTER, PADDING, PARENTS, write_collection
from sourcetrace.cli import cli

LINEAGE = {"root", "wire", "wire-copy", "digest"}
# Five distractors carry the newsletter line: above a document frequency of 4 it is boilerplate
# (the four lineage documents share their story, so they stay at 4).
MAX_DF = "4"


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def indexes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("network")
    found = {}
    for kind in ("dated", "undated"):
        collection = write_collection(root / f"{kind}.jsonl", dated=kind == "dated", newsletter=5)
        found[kind] = root / f"{kind}.db"
        code, _, err = _run("index", "add", str(found[kind]), str(collection), "--workers", "1")
        assert code == 0, err
    return found


def _records(index: Path, *options: str) -> list[dict]:
    code, out, err = _run("network", str(index), "--workers", "1", "--max-df", MAX_DF, *options)
    assert code == 0, err
    records = [json.loads(line) for line in out.splitlines()]
    assert {r["schema"] for r in records} == {"sourcetrace.network/1"}
    return records


def _of(records: list[dict], kind: str) -> list[dict]:
    return [r for r in records if r["record"] == kind]


def test_dated_pairs_lineage_and_number_change(indexes: dict[str, Path]) -> None:
    records = _records(indexes["dated"])
    pairs = {(p["a"], p["b"]): p for p in _of(records, "pair")}
    # Every two documents of the lineage share the story; no distractor shares text with any.
    assert set(pairs) == {(a, b) for a in LINEAGE for b in LINEAGE if a < b}
    assert pairs[("root", "wire")]["direction"] == "a->b"
    assert pairs[("digest", "root")]["direction"] == "b->a"
    assert pairs[("wire", "wire-copy")]["direction"] == "a->b"
    assert all(p["confidence"] > 0.9 and p["reasons"][0].startswith("dates:")
               for p in pairs.values())
    assert {p["cluster"] for p in pairs.values()} == {1}
    passage = pairs[("root", "wire")]["passages"][0]
    assert {"a", "b", "kind", "similarity"} <= set(passage)
    [cluster] = _of(records, "cluster")
    assert cluster["root"] == "root" and cluster["ordered_by"] == "dates"
    edges = {e["child"]: e for e in cluster["edges"]}
    assert {child: e["parent"] for child, e in edges.items()} == PARENTS
    changes = [d for d in edges["wire-copy"]["audit"]["distortions"] if d["type"] == "number"]
    assert [(d["parent"]["text"], d["child"]["text"]) for d in changes] == [("41 million", "14 million")]
    # The number changed at that step only: the step before it has no number change.
    assert not [d for d in edges["wire"]["audit"]["distortions"] if d["type"] == "number"]
    assert any(PADDING in a["text"] for a in edges["wire-copy"]["audit"]["additions"])


def test_boilerplate_is_kept_out_and_listed_once(indexes: dict[str, Path]) -> None:
    records = _records(indexes["dated"])
    assert sorted(b["text"] for b in _of(records, "boilerplate")) == sorted(NEWSLETTER)
    assert {b["documents"] for b in _of(records, "boilerplate")} == {5}
    assert not [p for p in _of(records, "pair") if p["a"].startswith("other-")]
    # With a cap above its frequency the newsletter line makes pairs of the distractors.
    code, out, _ = _run("network", str(indexes["dated"]), "--workers", "1", "--max-df", "5")
    pairs = [json.loads(line) for line in out.splitlines() if '"record": "pair"' in line]
    assert any(p["a"].startswith("other-") for p in pairs)


def test_undated_lineage_has_the_true_edges(indexes: dict[str, Path]) -> None:
    records = _records(indexes["undated"], "--min-confidence", "0")
    [cluster] = _of(records, "cluster")
    assert cluster["ordered_by"] == "evidence"
    found = {frozenset((e["parent"], e["child"])) for e in cluster["edges"]}
    assert found == {frozenset(item) for item in PARENTS.items()}
    parents = {e["child"]: e["parent"] for e in cluster["edges"]}

    def ancestors(node: str) -> set[str]:
        return {parents[node], *ancestors(parents[node])} if node in parents else set()

    for pair in _of(records, "pair"):
        assert 0.0 <= pair["confidence"] <= 1.0 and pair["reasons"]
        a, b = pair["a"], pair["b"]
        # The direction is the lineage's; two copies of which neither derives from the
        # other (siblings, cousins) have none.
        expected = "a->b" if a in ancestors(b) else "b->a" if b in ancestors(a) else "unknown"
        assert pair["direction"] == expected


def test_csv_graphml_and_html(indexes: dict[str, Path], tmp_path: Path) -> None:
    index = str(indexes["dated"])
    code, out, _ = _run("network", index, "--workers", "1", "--max-df", MAX_DF, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == 6
    assert {(r["a"], r["b"], r["direction"]) for r in rows} >= {("root", "wire", "a->b")}
    graph_file = tmp_path / "network.graphml"
    code, _, _ = _run("network", index, "--workers", "1", "--max-df", MAX_DF, "--format", "graphml",
                      "-o", str(graph_file))
    namespace = {"g": "http://graphml.graphdrawing.org/xmlns"}
    graph = ET.parse(graph_file).getroot().find("g:graph", namespace)
    assert code == 0 and graph is not None
    assert {n.get("id") for n in graph.findall("g:node", namespace)} == LINEAGE
    edges = {(e.get("source"), e.get("target")) for e in graph.findall("g:edge", namespace)}
    assert ("root", "wire") in edges and ("wire", "wire-copy") in edges
    site = tmp_path / "site"
    code, _, _ = _run("network", index, "--workers", "1", "--max-df", MAX_DF, "--format", "html",
                      "-o", str(site))
    page = (site / "cluster-1.html").read_text(encoding="utf-8")
    assert code == 0 and "<svg" in page and "<script" not in page and "http" not in page.replace(
        'xmlns="http://www.w3.org/2000/svg"', "")
    for link in ("pairs/root--wire.html", "pairs/wire--wire-copy.html", "pairs/root--digest.html"):
        assert f'href="{link}"' in page and (site / link).is_file()
    assert "41 million" in page and "14 million" in page
    assert 'href="cluster-1.html"' in (site / "index.html").read_text(encoding="utf-8")


def test_html_escapes_ids(tmp_path: Path) -> None:
    collection = write_collection(tmp_path / "c.jsonl")
    lines = collection.read_text(encoding="utf-8").replace('"id": "wire"', '"id": "<b>wire</b>"')
    collection.write_text(lines, encoding="utf-8")
    index = tmp_path / "c.db"
    assert _run("index", "add", str(index), str(collection), "--workers", "1")[0] == 0
    site = tmp_path / "site"
    assert _run("network", str(index), "--workers", "1", "--format", "html", "-o", str(site))[0] == 0
    page = (site / "cluster-1.html").read_text(encoding="utf-8")
    assert "<b>wire</b>" not in page and "&lt;b&gt;wire&lt;/b&gt;" in page


def test_same_bytes_every_run_and_worker_count(indexes: dict[str, Path]) -> None:
    index = str(indexes["undated"])
    one = _run("network", index, "--workers", "1", "--max-df", MAX_DF)[1]
    two = _run("network", index, "--workers", "2", "--max-df", MAX_DF)[1]
    assert one == two and one.count('"record": "pair"') == 6


def test_errors_are_one_line(indexes: dict[str, Path], tmp_path: Path) -> None:
    missing = str(tmp_path / "none.db")
    assert _run("network", missing) == (1, "", f"Error: {missing}: no such index\n")
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"not an index\n" * 100)
    code, out, err = _run("network", str(broken))
    assert (code, out) == (1, "") and err.startswith(f"Error: {broken}: not a sourcetrace index")
    assert err.count("\n") == 1
    code, _, err = _run("network", str(indexes["dated"]), "--format", "html")
    assert code == 2 and "--format html writes a folder: give it with -o" in err


EXAMPLES = Path(__file__).resolve().parents[2] / "shared" / "examples"


@pytest.mark.skipif(not (EXAMPLES / "ft-europe-ukraine-derived.txt").is_file(),
                    reason="the shared example is not here: ../shared/examples is absent")
def test_the_shared_example_is_found_derived(tmp_path: Path) -> None:
    index = tmp_path / "example.db"
    assert _run("index", "add", str(index), str(EXAMPLES), "--workers", "1")[0] == 0
    [pair] = _of(_records(index), "pair")
    original, derived = "ft-europe-ukraine-original.md", "ft-europe-ukraine-derived.txt"
    assert (pair["a"], pair["b"]) == (derived, original)
    assert pair["direction"] == "b->a", pair["reasons"]
