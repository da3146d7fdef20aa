"""Read a generated collection back and check what the generator promises.

The check works from the written files only (and, for translations, the parallel data): it does
not trust the generator's bookkeeping. It counts 8-grams as strings (:func:`exact_ngrams`), not
with the hashes the generator's guard uses. Each check returns ``{"problems": [...],
"figures": {...}}``: an empty problem list means every promise held.

Scale corpus: every case's spans lie in their documents and hold their links in order; a copy
is the same text on both sides; a rewrite's or summary's suspect sentence keeps most of its
source sentence's words; a translation's two sides are a line pair of the parallel data; a
suspect's text outside its cases shares no 8-gram with any source; a sample of distractors
shares no 8-gram with any source or suspect.

Lineage collection: every change is at its offsets in the child (and the parent); a copy of a
copy still holds each change made upstream; the documents' unit spans tile the texts; a sample
of distractors shares no 8-gram with any tree document.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

from synthetic.errors import SyntheticError
from synthetic.ngrams import exact_ngrams, words
from synthetic.pools import raw_parallel_documents

_MAX_PROBLEMS = 50


def read_jsonl(path: Path) -> Iterator[dict[str, object]]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)


def read_manifest(out: Path) -> dict[str, object]:
    path = out / "manifest.json"
    if not path.is_file():
        raise SyntheticError(f"{path}: no manifest (not a generated collection)")
    return json.loads(path.read_text(encoding="utf-8"))


class Problems:
    """Problems found, the first ``_MAX_PROBLEMS`` kept in words and all of them counted."""

    def __init__(self) -> None:
        self.listed: list[str] = []
        self.count = 0

    def add(self, problem: str) -> None:
        self.count += 1
        if len(self.listed) < _MAX_PROBLEMS:
            self.listed.append(problem)


def _sample(records: Iterable[dict[str, object]], keep: set[str], every: int,
            kept: dict[str, str], sampled: dict[str, str]) -> int:
    """Texts of the ids in ``keep`` into ``kept``, of every ``every``-th other into ``sampled``."""
    others = 0
    for record in records:
        doc_id, text = str(record["id"]), str(record["text"])
        if doc_id in keep:
            kept[doc_id] = text
        else:
            if others % every == 0:
                sampled[doc_id] = text
            others += 1
    return others


def shared_with(texts: Iterable[set[str]], protected: Iterable[str]) -> tuple[int, int]:
    """(how many of the 8-gram sets ``texts`` share an 8-gram with ``protected``, how many
    8-grams they share in all)."""
    grams: set[str] = set()
    for text in protected:
        grams |= exact_ngrams(text)
    hits = [len(t & grams) for t in texts]
    return sum(1 for h in hits if h), sum(hits)


def among_themselves(texts: dict[str, str]) -> int:
    """8-grams found in more than one of ``texts`` (chance, for made-up texts)."""
    counts: Counter[str] = Counter()
    for text in texts.values():
        counts.update(exact_ngrams(text))
    return sum(1 for c in counts.values() if c > 1)


# ---------------------------------------------------------------------------------------------
# Scale corpus


def check_scale(out: Path, data_dir: Path | None, sample: int = 2000) -> dict[str, object]:
    manifest = read_manifest(out)
    counts = manifest["counts"]
    sources = set(manifest["sources"])
    suspects: dict[str, str] = {str(r["id"]): str(r["text"]) for r in read_jsonl(out / "suspects.jsonl")}
    kept: dict[str, str] = {}
    sampled: dict[str, str] = {}
    every = max(1, (counts["index"] - len(sources)) // max(1, sample))
    distractors = _sample(read_jsonl(out / "index.jsonl"), sources, every, kept, sampled)
    problems = Problems()
    if len(suspects) != counts["suspects"] or len(kept) != len(sources):
        problems.add(f"{len(suspects)} suspects and {len(kept)} sources read; the manifest says "
                     f"{counts['suspects']} and {len(sources)}")
    pairs = parallel_pairs(data_dir) if data_dir is not None else None
    cases = list(read_jsonl(out / "truth.jsonl"))
    for case in cases:
        _check_case(case, kept, suspects, pairs, problems)
    hosts_sharing, host_grams = shared_with(_outside_cases(suspects, cases), kept.values())
    if host_grams:
        problems.add(f"{hosts_sharing} suspects share {host_grams} 8-grams with sources outside their cases")
    sharing, shared = shared_with(map(exact_ngrams, sampled.values()),
                                  list(kept.values()) + list(suspects.values()))
    if shared:
        problems.add(f"{sharing} sampled distractors share {shared} 8-grams with sources or suspects")
    return {"problems": problems.listed, "problem_count": problems.count, "figures": {
        "cases": len(cases), "cases_by_type": dict(sorted(Counter(str(c["type"]) for c in cases).items())),
        "translations_checked_against_parallel_data": pairs is not None,
        "distractors": distractors, "distractors_sampled": len(sampled),
        "sampled_distractors_sharing_an_8gram_with_sources_or_suspects": sharing,
        "8grams_shared_among_sampled_distractors": among_themselves(sampled),
    }}


def _check_case(case: dict[str, object], sources: dict[str, str], suspects: dict[str, str],
                pairs: set[tuple[str, str]] | None, problems: Problems) -> None:
    name = str(case["case"])
    source, suspect = sources.get(str(case["source"])), suspects.get(str(case["suspect"]))
    if source is None or suspect is None:
        problems.add(f"{name}: source or suspect not found")
        return
    outer = _span(case["source_span"]), _span(case["suspect_span"])
    if not (0 <= outer[0][0] < outer[0][1] <= len(source) and 0 <= outer[1][0] < outer[1][1] <= len(suspect)):
        problems.add(f"{name}: a span lies outside its document")
        return
    links = [(_span(link["source"]), _span(link["suspect"])) for link in case["links"]]
    previous = -1
    for a, b in links:
        if not (outer[0][0] <= a[0] < a[1] <= outer[0][1] and outer[1][0] <= b[0] < b[1] <= outer[1][1]) or b[0] <= previous:
            problems.add(f"{name}: a link lies outside the case's spans or out of order")
            return
        previous = b[1]
        _check_link(name, str(case["type"]), source[a[0] : a[1]], suspect[b[0] : b[1]], pairs, problems)
    if links[0][1][0] != outer[1][0] or links[-1][1][1] != outer[1][1]:
        problems.add(f"{name}: the suspect span does not run from its first link to its last")
    if case["type"] == "copy" and source[slice(*outer[0])] != suspect[slice(*outer[1])]:
        problems.add(f"{name}: a copy differs from its source")


def _check_link(name: str, kind: str, original: str, reused: str,
                pairs: set[tuple[str, str]] | None, problems: Problems) -> None:
    if reused != reused.strip() or not reused:
        problems.add(f"{name}: a link's suspect side starts or ends with a space")
    if kind == "translation":
        if pairs is not None and (original, reused) not in pairs:
            problems.add(f"{name}: {reused[:40]!r} is not a translation of {original[:40]!r} in the parallel data")
        return
    if kind in ("rewrite", "summary"):
        source_words = Counter(words(original))
        kept = sum((Counter(words(reused)) & source_words).values())
        if kept < 0.5 * len(words(reused)) - 1:
            problems.add(f"{name}: {reused[:40]!r} keeps too few words of {original[:40]!r}")


def _span(value: object) -> tuple[int, int]:
    return int(value["start"]), int(value["end"])  # type: ignore[index]


def _outside_cases(suspects: dict[str, str], cases: list[dict[str, object]]) -> list[set[str]]:
    """The 8-grams of each suspect's text outside its cases (none running across a case)."""
    spans: dict[str, list[tuple[int, int]]] = {}
    for case in cases:
        spans.setdefault(str(case["suspect"]), []).append(_span(case["suspect_span"]))
    outside = []
    for doc_id, text in suspects.items():
        pieces, at = [], 0
        for start, end in sorted(spans.get(doc_id, [])):
            pieces.append(text[at:start])
            at = end
        pieces.append(text[at:])
        outside.append(set().union(*map(exact_ngrams, pieces)))
    return outside


def parallel_pairs(data_dir: Path) -> set[tuple[str, str]]:
    """Every line pair of the parallel data, both ways round, spaces normalised."""
    pairs = set()
    for document in raw_parallel_documents(data_dir):
        for unit in document:
            pairs.add(unit.texts)
            pairs.add((unit.texts[1], unit.texts[0]))
    return pairs



# ---------------------------------------------------------------------------------------------
# Lineage collection


def check_lineage(out: Path, data_dir: Path | None, sample: int = 2000) -> dict[str, object]:
    manifest = read_manifest(out)
    trees = list(read_jsonl(out / "trees.jsonl"))
    members = {str(d) for tree in trees for d in tree["documents"]}
    texts: dict[str, str] = {}
    sampled: dict[str, str] = {}
    every = max(1, (manifest["counts"]["documents"] - len(members)) // max(1, sample))
    distractors = _sample(read_jsonl(out / "collection.jsonl"), members, every, texts, sampled)
    problems = Problems()
    units = {doc: [(str(u), int(a), int(b)) for u, a, b in tree["units"][doc]] for tree in trees for doc in tree["units"]}
    for doc, spans in units.items():
        _check_tiling(doc, texts.get(doc, ""), spans, problems)
    pairs = parallel_pairs(data_dir) if data_dir is not None else None
    parents = {str(c): str(p) for tree in trees for c, p in tree["parents"].items()}
    changes = inherited = 0
    for edge in read_jsonl(out / "edges.jsonl"):
        _check_edge(edge, texts, units, pairs, problems)
        for operation in edge["operations"]:
            if operation["op"] == "number":
                changes += 1
                inherited += _check_inherited(str(edge["child"]), operation, texts, units, parents, problems)
    sharing, shared = shared_with(map(exact_ngrams, sampled.values()), texts.values())
    if shared:
        problems.add(f"{sharing} sampled distractors share {shared} 8-grams with tree documents")
    return {"problems": problems.listed, "problem_count": problems.count, "figures": {
        "stories": len(trees), "tree_documents": len(members), "number_changes": changes,
        "number_changes_checked_downstream": inherited,
        "translations_checked_against_parallel_data": pairs is not None,
        "distractors": distractors, "distractors_sampled": len(sampled),
        "sampled_distractors_sharing_an_8gram_with_tree_documents": sharing,
        "8grams_shared_among_sampled_distractors": among_themselves(sampled),
    }}


def _check_tiling(doc: str, text: str, spans: list[tuple[str, int, int]], problems: Problems) -> None:
    """Units follow each other with only white space between them and around them."""
    at = 0
    for uid, start, end in spans:
        if start < at or end <= start or text[at:start].strip() or text[start:end] != text[start:end].strip():
            problems.add(f"{doc}: unit {uid} at [{start}, {end}) does not follow on from {at}")
            return
        at = end
    if text[at:].strip():
        problems.add(f"{doc}: text after its last unit")


def _unit_texts(doc: str, texts: dict[str, str], units: dict[str, list[tuple[str, int, int]]]) -> dict[str, str]:
    return {uid: texts.get(doc, "")[a:b] for uid, a, b in units.get(doc, [])}


def _check_edge(edge: dict[str, object], texts: dict[str, str], units: dict[str, list[tuple[str, int, int]]],
                pairs: set[tuple[str, str]] | None, problems: Problems) -> None:
    """Every operation is where the edge says, and what the child holds besides is its
    parent's text unchanged (translated, on a translation edge)."""
    parent, child = str(edge["parent"]), str(edge["child"])
    before, after = _unit_texts(parent, texts, units), _unit_texts(child, texts, units)
    spans_before = {u: (a, b) for u, a, b in units.get(parent, [])}
    spans_after = {u: (a, b) for u, a, b in units.get(child, [])}
    touched: set[str] = set()
    translated = False
    for operation in edge["operations"]:
        kind = operation["op"]
        if kind == "cut":
            for uid, span in zip(operation["units"], operation["parent_spans"]):
                if uid in after or spans_before.get(uid) != _span(span):
                    problems.add(f"{child}: cut unit {uid} is still there or not at its parent span")
        elif kind in ("pad", "reword"):
            touched.update(operation["units"])
            for uid, span in zip(operation["units"], operation["child_spans"]):
                if spans_after.get(uid) != _span(span) or (kind == "pad") == (uid in before):
                    problems.add(f"{child}: {kind} unit {uid} is not at its span or not new/old as it should be")
        elif kind == "number":
            touched.add(str(operation["unit"]))
            for side, doc in (("parent", parent), ("child", child)):
                where = operation[side]
                if texts.get(doc, "")[where["start"] : where["end"]] != where["text"]:
                    problems.add(f"{doc}: number change {where['text']!r} not at [{where['start']}, {where['end']})")
        elif kind == "translate":
            translated = True
    for uid, text in after.items():
        if uid in touched or uid not in before:
            continue
        if translated:
            if pairs is not None and (before[uid], text) not in pairs:
                problems.add(f"{child}: unit {uid} is not a translation of its parent's")
        elif before[uid] != text:
            problems.add(f"{child}: unit {uid} changed without an operation saying so")


def _check_inherited(child: str, operation: dict[str, object], texts: dict[str, str],
                     units: dict[str, list[tuple[str, int, int]]], parents: dict[str, str],
                     problems: Problems) -> int:
    """Every document below ``child`` that holds the changed unit holds the new number; returns
    how many documents were checked."""
    uid, new = str(operation["unit"]), str(operation["child"]["text"])
    checked = 0
    for doc in parents:
        ancestor = parents.get(doc)
        while ancestor is not None and ancestor != child:
            ancestor = parents.get(ancestor)
        if ancestor is None:
            continue
        held = _unit_texts(doc, texts, units).get(uid)
        if held is not None:
            checked += 1
            if new not in held:
                problems.add(f"{doc}: lost the number change {new!r} made upstream in {child}")
    return checked
