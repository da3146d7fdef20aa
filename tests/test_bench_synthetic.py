"""The synthetic-collection generator of bench/synthetic: deterministic, truthful offsets,
distractors that share no text with what is reused, copies of copies that keep their changes.

Small collections (a few hundred documents) built from ../shared/data; the assertions here read
the written files with their own tokenising and their own reading of the parallel data, and the
package's own check is run too (and shown to catch a broken copy).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(ROOT / "bench"))

from synthetic import (LineageConfig, ScaleConfig, build_lineage, build_scale,  # noqa: E402
                       check_lineage, check_scale)

pytestmark = pytest.mark.skipif(not SHARED.is_dir(), reason=f"shared data not found at {SHARED}")

SCALE = ScaleConfig(documents=300, suspect_share=0.06, translation_share=0.3, seed=5)
LINEAGE = LineageConfig(stories=8, distractors=60, parallel_share=0.5, seed=5)


def _read(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def _grams(text: str) -> set[tuple[str, ...]]:
    tokens = re.findall(r"\w+", text.lower())
    return {tuple(tokens[i : i + 8]) for i in range(len(tokens) - 7)}


def _built_twice(factory: pytest.TempPathFactory, build, config) -> tuple[Path, Path]:
    folders = factory.mktemp("first"), factory.mktemp("second")
    for folder in folders:
        build(folder, SHARED, config)
    return folders


@pytest.fixture(scope="module")
def scale_dirs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return _built_twice(tmp_path_factory, build_scale, SCALE)


@pytest.fixture(scope="module")
def lineage_dirs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return _built_twice(tmp_path_factory, build_lineage, LINEAGE)


def _documents(folder: Path, *names: str) -> dict[str, str]:
    return {r["id"]: r["text"] for name in names for r in _read(folder / name)}


def test_the_same_seed_gives_the_same_bytes(scale_dirs: tuple[Path, Path], lineage_dirs: tuple[Path, Path],
                                            tmp_path: Path) -> None:
    for first, second in (scale_dirs, lineage_dirs):
        names = sorted(p.name for p in first.iterdir())
        assert names == sorted(p.name for p in second.iterdir()) and len(names) >= 4
        for name in names:
            assert (first / name).read_bytes() == (second / name).read_bytes(), name
    other = ScaleConfig(documents=100, suspect_share=SCALE.suspect_share, seed=6)
    build_scale(tmp_path / "other", SHARED, other)
    assert (tmp_path / "other" / "suspects.jsonl").read_bytes() != (scale_dirs[0] / "suspects.jsonl").read_bytes()


def test_scale_counts_and_records(scale_dirs: tuple[Path, Path]) -> None:
    folder = scale_dirs[0]
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    index, suspects = _read(folder / "index.jsonl"), _read(folder / "suspects.jsonl")
    assert len(index) + len(suspects) == SCALE.documents
    assert len(suspects) == round(SCALE.documents * SCALE.suspect_share)
    ids = [r["id"] for r in index + suspects]
    assert len(set(ids)) == len(ids)
    assert [r["id"] for r in index] == sorted(r["id"] for r in index)
    assert set(manifest["sources"]) <= {r["id"] for r in index}
    assert set(manifest["suspects"]) == {r["id"] for r in suspects}
    for record in index[:20] + suspects:
        assert list(record)[:2] == ["id", "title"] and list(record)[-1] == "text"
        assert record["url"].startswith(f"https://{record['series']}.example/")
    types = {c["type"] for c in _read(folder / "truth.jsonl")}
    assert types == {"copy", "rewrite", "summary", "translation"}


def _parallel_lines() -> set[tuple[str, str]]:
    """en-sq-dev line pairs read straight from the files (spaces squeezed)."""
    pairs = set()
    for folder in sorted((SHARED / "en-sq-dev").glob("doc*")):
        en = (folder / "en.txt").read_text(encoding="utf-8").splitlines()
        sq = (folder / "sq.txt").read_text(encoding="utf-8").splitlines()
        pairs |= {(" ".join(e.split()), " ".join(s.split())) for e, s in zip(en, sq)}
    return pairs


def test_truth_offsets_point_at_the_injected_text(scale_dirs: tuple[Path, Path]) -> None:
    folder = scale_dirs[0]
    docs = _documents(folder, "index.jsonl", "suspects.jsonl")
    parallel = _parallel_lines()
    cases = _read(folder / "truth.jsonl")
    for case in cases:
        source, suspect = docs[case["source"]], docs[case["suspect"]]
        links = [(source[l["source"]["start"] : l["source"]["end"]], suspect[l["suspect"]["start"] : l["suspect"]["end"]])
                 for l in case["links"]]
        assert case["suspect_span"]["start"] == case["links"][0]["suspect"]["start"]
        assert case["suspect_span"]["end"] == case["links"][-1]["suspect"]["end"]
        if case["type"] == "copy":
            span = case["source_span"], case["suspect_span"]
            assert source[span[0]["start"] : span[0]["end"]] == suspect[span[1]["start"] : span[1]["end"]]
        elif case["type"] == "translation" and case["source_language"] == "en":
            assert all(pair in parallel for pair in links), case["case"]
        elif case["type"] == "rewrite":
            # Every sentence with three words free of digits is edited (numbers are never
            # touched, and shorter sentences may stay as they are).
            assert all(o != r for o, r in links if len(re.findall(r"(?<!\S)[^\d\s]+(?!\S)", o)) >= 3), case["case"]
    assert sum(c["type"] == "translation" and c["source_language"] == "en" for c in cases) >= 1
    assert check_scale(folder, SHARED)["problems"] == []


def test_distractors_share_no_8gram_with_sources_or_suspects(scale_dirs: tuple[Path, Path]) -> None:
    folder = scale_dirs[0]
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    index = {r["id"]: r["text"] for r in _read(folder / "index.jsonl")}
    reused: set[tuple[str, ...]] = set()
    for doc_id in manifest["sources"]:
        reused |= _grams(index[doc_id])
    for record in _read(folder / "suspects.jsonl"):
        reused |= _grams(record["text"])
    distractors = [t for i, t in index.items() if i not in set(manifest["sources"])]
    assert len(distractors) > 200 and manifest["real_distractors"]
    assert [len(_grams(t) & reused) for t in distractors if _grams(t) & reused] == []


def test_the_check_finds_a_broken_copy(scale_dirs: tuple[Path, Path], tmp_path: Path) -> None:
    folder = scale_dirs[0]
    for path in folder.iterdir():
        (tmp_path / path.name).write_bytes(path.read_bytes())
    copy = next(c for c in _read(folder / "truth.jsonl") if c["type"] == "copy")
    records = _read(folder / "suspects.jsonl")
    for record in records:
        if record["id"] == copy["suspect"]:
            at = copy["suspect_span"]["start"]
            record["text"] = record["text"][:at] + "X" + record["text"][at + 1 :]
    (tmp_path / "suspects.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    assert any(copy["case"] in p for p in check_scale(tmp_path, SHARED)["problems"])


def test_copies_of_copies_keep_upstream_changes(lineage_dirs: tuple[Path, Path]) -> None:
    folder = lineage_dirs[0]
    docs = _documents(folder, "collection.jsonl")
    trees = _read(folder / "trees.jsonl")
    parents = {child: parent for tree in trees for child, parent in tree["parents"].items()}
    units = {doc: {u: docs[doc][a:b] for u, a, b in spans} for tree in trees for doc, spans in tree["units"].items()}

    def below(doc: str, ancestor: str) -> bool:
        while doc in parents:
            doc = parents[doc]
            if doc == ancestor:
                return True
        return False

    checked = 0
    for edge in _read(folder / "edges.jsonl"):
        for operation in edge["operations"]:
            if operation["op"] != "number":
                continue
            child, new = operation["child"], operation["child"]["text"]
            assert docs[edge["child"]][child["start"] : child["end"]] == new
            parent = operation["parent"]
            assert docs[edge["parent"]][parent["start"] : parent["end"]] == parent["text"] != new
            for doc in units:
                if below(doc, edge["child"]) and operation["unit"] in units[doc]:
                    assert new in units[doc][operation["unit"]]
                    checked += 1
    assert checked >= 1, "some number change has a copy below it"
    assert check_lineage(folder, SHARED)["problems"] == []


def test_lineage_records_every_edge_and_pair(lineage_dirs: tuple[Path, Path]) -> None:
    folder = lineage_dirs[0]
    trees, edges, pairs = (_read(folder / n) for n in ("trees.jsonl", "edges.jsonl", "pairs.jsonl"))
    assert len(trees) == LINEAGE.stories
    assert sorted((e["parent"], e["child"]) for e in edges) == sorted(
        (p, c) for t in trees for c, p in t["parents"].items())
    for tree in trees:
        assert LINEAGE.copies[0] <= len(tree["documents"]) - 1 <= LINEAGE.copies[1]
    assert any(o["op"] == "translate" for e in edges for o in e["operations"])
    for edge in edges:
        if edge["parent_date"] is not None:
            assert edge["parent_date"] < edge["child_date"]
    # Ids are shuffled: they do not give away which document came first.
    assert 0.2 < sum(e["parent"] < e["child"] for e in edges) / len(edges) < 0.8
    direct = {(e["parent"], e["child"]) for e in edges}
    for pair in pairs:
        assert pair["passages"] and pair["direction"] in ("a->b", "none")
        assert ((pair["a"], pair["b"]) in direct) == (pair["generations"] == 1)


def test_cli_refuses_to_write_over_a_collection(scale_dirs: tuple[Path, Path]) -> None:
    from make_synthetic import cli

    result = CliRunner().invoke(cli, ["scale", str(scale_dirs[0]), "--documents", "50"])
    assert result.exit_code == 1
    assert result.output == f"Error: {scale_dirs[0] / 'index.jsonl'}: exists; choose another folder\n"
