"""Lineage collections (issue 19): seed stories and their derived copies, among distractors.

Each seed story (a real news-length piece, or a run of parallel lines) is the root of a chain or
a tree of 2-6 derived copies. Each new copy is made from one earlier document of its tree (the
last one in a chain, any one in a tree) by the operations of its edge:

* ``cut``: sentences dropped (the tail, a block, or a few here and there);
* ``pad``: one to three new real sentences put in (from the pools, used nowhere else);
* ``reword``: a fifth to a half of the sentences rewritten (PAN-style random obfuscation, as in
  the scale corpus, never touching a word with a digit);
* ``number``: at one known edge of each tree, one or two numbers written in digits changed
  (``edit_number`` of the project's distortion evaluation);
* ``translate``: for a seed from parallel text, at one edge whose parent is still word for word
  the pool's lines, the whole text replaced by the other side of its line pairs (possibly cut
  first);
* ``copy``: none of these (a republication).

A copy starts from its parent's sentences as the parent has them, so it inherits every change
made upstream. Sentences are *units* with an id; the truth gives every document's units with
their spans, every edge with its operations (spans in the child, and in the parent for what was
there before), and every pair of documents of a tree that share units, with the passages they
share and whether one derives from the other.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
from collections import Counter
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from synthetic.collection import (atomic_files, document_ids, free_of, positions_by_role,
                                  prepare_folder, random_site, shuffled_roles, write_documents)
from synthetic.documents import Assembled, Record, Span, assemble, paragraph_breaks, random_date
from synthetic.errors import SyntheticError
from synthetic.pools import ParallelSupply, ParallelUnit, Piece, Supply, pan_pieces, parallel_documents
from synthetic.rewrite import change_number, obfuscate, vocabulary_of
from synthetic.scale import SCHEMA

FILES = ("collection.jsonl", "trees.jsonl", "edges.jsonl", "pairs.jsonl", "manifest.json")
_REWORD_RATE = 0.15
_MIN_UNITS = 4


@dataclass(frozen=True)
class LineageConfig:
    """What to build; every choice below it is drawn from ``seed``."""

    stories: int = 200
    copies: tuple[int, int] = (2, 6)
    chain_share: float = 0.5
    dated_share: float = 0.5
    parallel_share: float = 0.2
    distractors: int = 2000
    real_distractor_share: float = 0.1
    seed: int = 1

    def validate(self) -> None:
        if self.stories < 1 or self.distractors < 0:
            raise SyntheticError("--stories must be at least 1 and --distractors at least 0")
        low, high = self.copies
        if not 1 <= low <= high <= 12:
            raise SyntheticError("copies per story must be 1 <= low <= high <= 12")
        for name in ("chain_share", "dated_share", "parallel_share", "real_distractor_share"):
            if not 0.0 <= getattr(self, name) <= 1.0:
                raise SyntheticError(f"{name.replace('_', '-')} must be in [0, 1]")


@dataclass(frozen=True)
class Unit:
    """A sentence (or parallel line) as one document holds it."""

    uid: str
    text: str
    language: str
    parallel: ParallelUnit | None = None
    edited: bool = False  # the text is no longer the pool's (so no translation of it exists)


@dataclass(frozen=True)
class Node:
    key: int
    parent: int | None
    units: tuple[Unit, ...]
    layout: Assembled
    date: dt.date | None

    @property
    def language(self) -> str:
        return self.units[0].language

    def span_of(self, uid: str) -> Span:
        return self.layout.spans[[u.uid for u in self.units].index(uid)]


@dataclass
class Tree:
    index: int
    shape: str
    dated: bool
    nodes: list[Node] = field(default_factory=list)
    edges: list[tuple[int, int, list[dict[str, object]]]] = field(default_factory=list)
    number_edge: int = 0


class _Pads:
    """New sentences for padding, each used once: English ones from the pools, and for a tree
    from parallel text, the lines that follow its seed (so a padded copy can still be translated)."""

    def __init__(self, pieces: Supply) -> None:
        self._pieces = pieces
        self._queue: list[str] = []
        self._taken = 0

    def english(self, tree: int) -> Unit:
        if not self._queue:
            self._queue = list(self._pieces.take().sentences)
        self._taken += 1
        return Unit(f"t{tree}.p{self._taken}", self._queue.pop(0), "en")


def build_lineage(out: Path, data_dir: Path, config: LineageConfig) -> dict[str, object]:
    """Write the lineage collection into ``out``; returns the manifest."""
    config.validate()
    prepare_folder(out, FILES)
    rng = random.Random(f"{config.seed}:lineage")
    reals_wanted = round(config.real_distractor_share * config.distractors)
    pieces = pan_pieces(data_dir, config.seed, needed=config.stories + reals_wanted + 150)
    supply = Supply(pieces, "PAN13 source pool")
    parallel = ParallelSupply(parallel_documents(data_dir), random.Random(f"{config.seed}:parallel"))
    pads = _Pads(supply)
    trees: list[Tree] = []
    for index in range(config.stories):
        root, reserve = _seed_units(index, supply, parallel, rng, rng.random() < config.parallel_share)
        trees.append(_grow(index, root, reserve, pads, rng, config))
    reals = free_of(supply.rest(), (n.layout.text for t in trees for n in t.nodes))[:reals_wanted]
    return _write(out, config, trees, reals, pieces, rng)


def _seed_units(tree: int, supply: Supply, parallel: ParallelSupply, rng: random.Random,
                from_parallel: bool) -> tuple[list[Unit], list[ParallelUnit]]:
    """The root's units, and (for parallel text) the tree's own lines for padding."""
    if from_parallel:
        lines = parallel.take(rng.randint(12, 20))
        if lines is not None:
            language = lines[0].languages[0] if lines[0].languages[0] == "en" or rng.random() < 0.5 \
                else lines[0].languages[1]
            units = [Unit(f"t{tree}.u{k}", line.text(language), language, line) for k, line in enumerate(lines)]
            return units, parallel.take_following(10)
    piece = supply.take(_seed_fits)
    return [Unit(f"t{tree}.u{k}", s, "en") for k, s in enumerate(piece.sentences)], []


def _seed_fits(piece: Piece) -> bool:
    """A seed story has eight sentences or more, and two with a number to change (so that a
    cut upstream of the number edge seldom leaves none)."""
    return len(piece.sentences) >= 8 and sum(
        change_number(s, random.Random(0)) is not None for s in piece.sentences) >= 2


def _grow(index: int, units: list[Unit], reserve: list[ParallelUnit], pads: _Pads,
          rng: random.Random, config: LineageConfig) -> Tree:
    tree = Tree(index, "chain" if rng.random() < config.chain_share else "tree",
                rng.random() < config.dated_share)
    copies = rng.randint(*config.copies)
    tree.number_edge = rng.randrange(copies)
    date = random_date(rng, years=9) if tree.dated else None
    tree.nodes.append(Node(0, None, tuple(units), _layout(units, rng), date))
    translated = units[0].parallel is None
    changed = False
    for edge in range(copies):
        parent = tree.nodes[-1] if tree.shape == "chain" else rng.choice(tree.nodes)
        # A translation needs a parent still word for word the pool's lines: take the chance
        # often, before rewording upstream rules it out.
        translate = not translated and _translatable(parent) and (rng.random() < 0.6 or edge == copies - 1)
        # The numbers change at the chosen edge, or the next one that can: one whose sentences
        # with a number are still there, not a translation (a change has one language).
        change = not changed and not translate and edge >= tree.number_edge
        child_units, operations = _derive(tree, parent, reserve, pads, rng, translate, change)
        translated = translated or translate
        changed = changed or any(o["op"] == "number" for o in operations)
        date = parent.date + dt.timedelta(days=rng.randint(1, 30)) if parent.date else None
        child = Node(len(tree.nodes), parent.key, tuple(child_units), _layout(child_units, rng), date)
        tree.nodes.append(child)
        tree.edges.append((parent.key, child.key, _locate(operations, parent, child)))
    return tree


def _translatable(node: Node) -> bool:
    return all(u.parallel is not None and not u.edited for u in node.units)


def _layout(units: list[Unit], rng: random.Random) -> Assembled:
    return assemble([u.text for u in units], paragraph_breaks(len(units), rng))


# ---------------------------------------------------------------------------------------------
# Edge operations. Each works on the list of units and returns what it did, by unit ids;
# ``_locate`` turns the ids into spans once the child is laid out.


def _derive(tree: Tree, parent: Node, reserve: list[ParallelUnit], pads: _Pads, rng: random.Random,
            translate: bool, change: bool) -> tuple[list[Unit], list[dict[str, object]]]:
    units = list(parent.units)
    operations: list[dict[str, object]] = []
    if translate:
        if rng.random() < 0.3:
            operations.append(_cut(units, rng, set()))
        target = units[0].parallel.other(units[0].language)  # type: ignore[union-attr]
        units[:] = [replace(u, text=u.parallel.text(target), language=target) for u in units]  # type: ignore[union-attr]
        operations.append({"op": "translate", "from": parent.language, "to": target})
    else:
        # Numbers change first, and the cut and the rewording leave the changed sentences
        # alone: the change stays in the child, at its place in the parent's sentence.
        changes = _change_numbers(units, rng) if change else []
        changed = {str(c["unit"]) for c in changes}
        if rng.random() < 0.5:
            operations.append(_cut(units, rng, changed))
        if rng.random() < 0.6:
            operations.append(_reword(units, rng, changed))
        if rng.random() < 0.5:
            operations.append(_pad(tree.index, units, reserve, pads, rng))
        operations += changes
    operations = [o for o in operations if o.get("units", True)]
    return units, operations or [{"op": "copy"}]


def _cut(units: list[Unit], rng: random.Random, keep: set[str]) -> dict[str, object]:
    """10-30% of the sentences dropped (four kept at least, and those in ``keep``)."""
    count = min(len(units) - _MIN_UNITS, max(1, round(len(units) * rng.uniform(0.1, 0.3))))
    if count <= 0:
        return {"op": "cut", "units": []}
    how = rng.choice(("tail", "block", "scattered"))
    if how == "tail":
        dropped = range(len(units) - count, len(units))
    elif how == "block":
        start = rng.randrange(1, len(units) - count + 1)
        dropped = range(start, start + count)
    else:
        dropped = rng.sample(range(len(units)), count)
    gone = {units[i].uid for i in dropped} - keep
    uids = [u.uid for u in units if u.uid in gone]
    units[:] = [u for u in units if u.uid not in gone]
    return {"op": "cut", "how": how, "units": uids}


def _pad(tree: int, units: list[Unit], reserve: list[ParallelUnit], pads: _Pads, rng: random.Random) -> dict[str, object]:
    language, added = units[0].language, []
    for _ in range(rng.randint(1, 3)):
        if units[0].parallel is None:
            unit = pads.english(tree)
        elif reserve:
            line = reserve.pop(0)
            unit = Unit(f"t{tree}.r{line.origin.rsplit(':', 1)[-1]}", line.text(language), language, line)
        else:
            break
        units.insert(rng.randint(1, len(units)), unit)
        added.append(unit.uid)
    return {"op": "pad", "units": added}


def _reword(units: list[Unit], rng: random.Random, keep: set[str]) -> dict[str, object]:
    """A fifth to a half of the sentences rewritten, none of those in ``keep``."""
    free = [i for i, u in enumerate(units) if u.uid not in keep]
    count = min(len(free), max(1, math.ceil(len(units) * rng.uniform(0.2, 0.5))))
    chosen = sorted(rng.sample(free, count))
    vocabulary = vocabulary_of([u.text for u in units])
    for i in chosen:
        units[i] = replace(units[i], text=obfuscate(units[i].text, rng, _REWORD_RATE, vocabulary), edited=True)
    return {"op": "reword", "units": [units[i].uid for i in chosen]}


def _change_numbers(units: list[Unit], rng: random.Random) -> list[dict[str, object]]:
    """One or two numbers written in digits changed, in different sentences."""
    order = list(range(len(units)))
    rng.shuffle(order)
    changes: list[dict[str, object]] = []
    wanted = rng.randint(1, 2)
    for i in order:
        edited = change_number(units[i].text, rng)
        if edited is None:
            continue
        new_text, old, new = edited
        changes.append({"op": "number", "unit": units[i].uid, "old_in_unit": old, "new_in_unit": new,
                        "old": units[i].text[old[0] : old[1]], "new": new_text[new[0] : new[1]]})
        units[i] = replace(units[i], text=new_text, edited=True)
        if len(changes) == wanted:
            break
    return changes


def _locate(operations: list[dict[str, object]], parent: Node, child: Node) -> list[dict[str, object]]:
    """The operations with spans: in the parent for what left, in the child for what came."""
    located = []
    for operation in operations:
        kind = operation["op"]
        entry = {k: v for k, v in operation.items() if not k.endswith("_in_unit")}
        if kind == "cut":
            entry["parent_spans"] = [_span(parent.span_of(u)) for u in operation["units"]]
        elif kind in ("pad", "reword"):
            entry["child_spans"] = [_span(child.span_of(u)) for u in operation["units"]]
        elif kind == "number":
            old, new = operation["old_in_unit"], operation["new_in_unit"]
            at_parent, at_child = parent.span_of(operation["unit"])[0], child.span_of(operation["unit"])[0]
            entry["parent"] = {"start": at_parent + old[0], "end": at_parent + old[1], "text": operation["old"]}
            entry["child"] = {"start": at_child + new[0], "end": at_child + new[1], "text": operation["new"]}
            del entry["old"], entry["new"]
        located.append(entry)
    return located


def _span(span: Span) -> dict[str, int]:
    return {"start": span[0], "end": span[1]}


# ---------------------------------------------------------------------------------------------
# Truth and writing


def _ancestors(tree: Tree, key: int) -> list[int]:
    chain = []
    parent = tree.nodes[key].parent
    while parent is not None:
        chain.append(parent)
        parent = tree.nodes[parent].parent
    return chain


def _shared_passages(a: Node, b: Node) -> list[dict[str, object]]:
    """Runs of units that both hold, next to each other in both."""
    where = {u.uid: i for i, u in enumerate(b.units)}
    runs: list[list[tuple[int, int]]] = []
    for i, unit in enumerate(a.units):
        j = where.get(unit.uid)
        if j is None:
            continue
        if runs and runs[-1][-1] == (i - 1, j - 1):
            runs[-1].append((i, j))
        else:
            runs.append([(i, j)])
    return [{"a": {"start": a.layout.spans[run[0][0]][0], "end": a.layout.spans[run[-1][0]][1]},
             "b": {"start": b.layout.spans[run[0][1]][0], "end": b.layout.spans[run[-1][1]][1]},
             "units": len(run),
             "same_text": all(a.units[i].text == b.units[j].text for i, j in run)} for run in runs]


def _pairs(tree: Tree, ids: dict[int, str]) -> list[dict[str, object]]:
    pairs = []
    for x in tree.nodes:
        for y in tree.nodes[x.key + 1 :]:
            passages = _shared_passages(x, y)
            if not passages:
                continue
            up = _ancestors(tree, y.key)
            relation = "a->b" if x.key in up else "none"
            longest = max(min(p["a"]["end"] - p["a"]["start"], p["b"]["end"] - p["b"]["start"]) for p in passages)
            pairs.append({"tree": tree.index, "a": ids[x.key], "b": ids[y.key], "direction": relation,
                          "generations": up.index(x.key) + 1 if x.key in up else None,
                          "languages": [x.language, y.language], "longest": longest, "passages": passages})
    return pairs


def _write(out: Path, config: LineageConfig, trees: list[Tree], reals: list[Piece], pieces: list[Piece],
           rng: random.Random) -> dict[str, object]:
    nodes = [(tree, node) for tree in trees for node in tree.nodes]
    total = len(nodes) + config.distractors
    roles = shuffled_roles({"tree": len(nodes), "real": len(reals)}, total, rng)
    ids, positions = document_ids(total), positions_by_role(roles, rng)
    built: dict[int, Record] = {}
    node_ids: dict[tuple[int, int], str] = {}
    for position, (tree, node) in zip(positions.get("tree", []), nodes):
        built[position] = Record(ids[position], node.layout.text, node.date, random_site(rng))
        node_ids[(tree.index, node.key)] = ids[position]
    for position, piece in zip(positions.get("real", []), reals):
        date = random_date(rng) if rng.random() < config.dated_share else None
        built[position] = Record(ids[position], assemble(piece.sentences, piece.breaks).text, date, random_site(rng))
    with atomic_files(out, FILES) as handles:
        written = write_documents(handles, roles, ids, built, lambda role: "collection.jsonl", pieces,
                                  config.seed, config.dated_share)
        counts: Counter[str] = Counter()
        for tree in trees:
            local = {node.key: node_ids[(tree.index, node.key)] for node in tree.nodes}
            handles["trees.jsonl"].write(json.dumps(_tree_record(tree, local), ensure_ascii=False) + "\n")
            for parent, child, operations in tree.edges:
                counts.update(o["op"] for o in operations)
                handles["edges.jsonl"].write(json.dumps(_edge_record(tree, parent, child, operations, local),
                                                        ensure_ascii=False) + "\n")
            for pair in _pairs(tree, local):
                counts["pairs"] += 1
                handles["pairs.jsonl"].write(json.dumps(pair) + "\n")
        manifest = {
            "schema": SCHEMA, "kind": "lineage", "parameters": asdict(config),
            "files": {"collection": "collection.jsonl", "trees": "trees.jsonl", "edges": "edges.jsonl",
                      "pairs": "pairs.jsonl"},
            "counts": {"documents": total, "stories": len(trees), "tree_documents": len(nodes),
                       "edges": sum(len(t.edges) for t in trees),
                       "dated_stories": sum(t.dated for t in trees),
                       "parallel_stories": sum(t.nodes[0].units[0].parallel is not None for t in trees),
                       "stories_with_a_number_change": sum(_has(t, "number") for t in trees),
                       "stories_with_a_translation": sum(_has(t, "translate") for t in trees),
                       "real_distractors": len(reals), "made_up_distractors": written.made_up,
                       "made_up_redrawn": written.redrawn, "operations": dict(sorted(counts.items()))},
        }
        handles["manifest.json"].write(json.dumps(manifest, indent=1) + "\n")
    return manifest


def _has(tree: Tree, operation: str) -> bool:
    return any(o["op"] == operation for _, _, operations in tree.edges for o in operations)


def _tree_record(tree: Tree, ids: dict[int, str]) -> dict[str, object]:
    return {
        "tree": tree.index, "root": ids[0], "shape": tree.shape, "dated": tree.dated,
        "documents": [ids[n.key] for n in tree.nodes],
        "parents": {ids[n.key]: ids[n.parent] for n in tree.nodes if n.parent is not None},
        "languages": {ids[n.key]: n.language for n in tree.nodes},
        "units": {ids[n.key]: [[u.uid, s[0], s[1]] for u, s in zip(n.units, n.layout.spans)] for n in tree.nodes},
    }


def _edge_record(tree: Tree, parent: int, child: int, operations: list[dict[str, object]],
                 ids: dict[int, str]) -> dict[str, object]:
    dates = tree.nodes[parent].date, tree.nodes[child].date
    return {"tree": tree.index, "parent": ids[parent], "child": ids[child],
            "parent_date": dates[0].isoformat() if dates[0] else None,
            "child_date": dates[1].isoformat() if dates[1] else None, "operations": operations}
