"""The corpus index: documents in and out, re-adds, removal, candidates, bad files."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from corpus_fixtures import COPY_SUSPECT, REWRITE_SUSPECT, STORIES, write_corpus, write_jsonl
from sourcetrace.errors import InvalidIndex, InvalidOption
from sourcetrace.index import Index, IndexParams, SearchParams
from sourcetrace.index.minhash import band_keys, permutations, sentence_signatures
from sourcetrace.index.shingles import hash_features
from sourcetrace.index.signatures import LexicalParams, lexical_signature
from sourcetrace.index.similarity import best_window_similarity

# No document vectors: the USE model costs a second to load and the lexical tests need none.
LEXICAL_ONLY = IndexParams(vector_units=0)


@pytest.fixture
def corpus(tmp_path: Path) -> dict[str, Path]:
    return write_corpus(tmp_path)


def _index(tmp_path: Path, params: IndexParams = LEXICAL_ONLY) -> Index:
    return Index(tmp_path / "corpus.db", params)


def test_a_folder_is_indexed_with_ids_relative_to_it(tmp_path: Path, corpus: dict[str, Path]) -> None:
    index = _index(tmp_path)
    summary = index.add([str(tmp_path)], workers=1)
    assert (summary.added, summary.replaced, summary.unchanged, summary.skipped) == (6, 0, 0, [])
    ids = [row.id for row in index.list()]
    assert ids == sorted(f"stories/{name}.txt" for name in STORIES)
    stats = index.stats()
    assert stats["documents"] == 6 and stats["languages"] == {"en": 6}
    assert stats["bytes"] > 0


def test_a_file_given_itself_is_named_by_its_file_name(tmp_path: Path, corpus: dict[str, Path]) -> None:
    index = _index(tmp_path)
    index.add([str(corpus["chess"])], workers=1)
    document = index.get("chess.txt")
    assert document is not None and document.text == STORIES["chess"] + "\n"
    assert document.language == "en"
    assert index.get("missing.txt") is None


def test_jsonl_records_keep_their_ids_and_fields(tmp_path: Path) -> None:
    export = write_jsonl(tmp_path / "export.jsonl")
    index = _index(tmp_path)
    index.add([str(export)], workers=1)
    rows = {row.id: row for row in index.list()}
    assert sorted(rows) == sorted(STORIES)
    # passim's series and every other field, numbers staying numbers
    assert rows["chess"].metadata == {"date": "2025-03-01", "page": 1, "series": "the-courier",
                                      "title": "Chess"}


def test_re_adding_unchanged_documents_changes_nothing(tmp_path: Path, corpus: dict[str, Path]) -> None:
    index = _index(tmp_path)
    index.add([str(tmp_path)], workers=1)
    before = _table_counts(tmp_path / "corpus.db")
    summary = index.add([str(tmp_path)], workers=1)
    assert (summary.added, summary.unchanged) == (0, 6)
    assert _table_counts(tmp_path / "corpus.db") == before


def test_re_adding_a_changed_id_replaces_it_and_its_postings(tmp_path: Path, corpus: dict[str, Path]) -> None:
    index = _index(tmp_path)
    index.add([str(corpus["orchard"]), str(corpus["tram"])], workers=1)
    alone = _table_counts(tmp_path / "corpus.db")
    corpus["orchard"].write_text(STORIES["library"], encoding="utf-8")
    summary = index.add([str(corpus["orchard"])], workers=1)
    assert (summary.added, summary.replaced) == (1, 1)
    assert index.get("orchard.txt").text == STORIES["library"]
    assert [c for c in index.candidates(COPY_SUSPECT) if c.channel == "lexical"] == []
    # the old version's postings are gone: the same text indexed afresh gives the same rows
    fresh = Index(tmp_path / "fresh.db", LEXICAL_ONLY)
    fresh.add([str(corpus["orchard"]), str(corpus["tram"])], workers=1)
    assert _table_counts(tmp_path / "corpus.db") == _table_counts(tmp_path / "fresh.db")
    assert alone["documents"] == 2


def test_remove_deletes_the_document_and_every_posting(tmp_path: Path, corpus: dict[str, Path]) -> None:
    index = _index(tmp_path)
    index.add([str(corpus["tram"])], workers=1)
    assert index.remove(["tram.txt", "not-there"]) == 1
    counts = _table_counts(tmp_path / "corpus.db")
    assert counts == {"documents": 0, "prepared": 0, "signatures": 0, "bands": 0, "anchors": 0}


def test_a_copy_and_a_rewrite_find_their_sources_first(tmp_path: Path, corpus: dict[str, Path]) -> None:
    index = _index(tmp_path)
    index.add([str(tmp_path)], workers=1)
    ids = {row.doc: row.id for row in index.list()}
    copy, rewrite, unrelated = index.search(
        [COPY_SUSPECT, REWRITE_SUSPECT, "A recipe for lentil soup: onions, cumin and stock."]
    )
    assert [ids[c.doc] for c in copy] == ["stories/orchard.txt"]
    assert [ids[c.doc] for c in rewrite][:1] == ["stories/tram.txt"]
    assert rewrite[0].score > 0 and copy[0].score > rewrite[0].score
    assert unrelated == []


def test_a_long_suspect_gets_more_candidates_per_window(tmp_path: Path, corpus: dict[str, Path]) -> None:
    index = _index(tmp_path)
    index.add([str(tmp_path / "stories")], workers=1)
    ids = {row.doc: row.id for row in index.list()}
    names = sorted(STORIES)[:3]
    digest = " ".join(STORIES[name] for name in names)  # three stories copied into one page
    capped = index.candidates(digest, SearchParams(max_lexical=1, lexical_per_window=0.0))
    assert len(capped) == 1
    per_window = index.candidates(digest, SearchParams(max_lexical=1, lexical_per_window=1.0))
    assert sorted(ids[c.doc] for c in per_window) == [f"{name}.txt" for name in names]
    assert per_window[0] == capped[0]


def test_candidates_are_the_same_with_two_workers(tmp_path: Path, corpus: dict[str, Path]) -> None:
    one = Index(tmp_path / "one.db", LEXICAL_ONLY)
    two = Index(tmp_path / "two.db", LEXICAL_ONLY)
    one.add([str(tmp_path / "stories")], workers=1)
    two.add([str(tmp_path / "stories")], workers=2)
    assert _dump(tmp_path / "one.db") == _dump(tmp_path / "two.db")


def test_an_unreadable_file_is_skipped_and_the_rest_indexed(tmp_path: Path, corpus: dict[str, Path]) -> None:
    (tmp_path / "stories" / "broken.pdf").write_bytes(b"%PDF-1.4 truncated")
    (tmp_path / "stories" / "empty.txt").write_text("   \n", encoding="utf-8")
    summary = _index(tmp_path).add([str(tmp_path)], workers=1)
    assert summary.added == 6
    assert sorted(Path(s.name).name for s in summary.skipped) == ["broken.pdf", "empty.txt"]
    assert all(s.reason.startswith(s.name + ":") for s in summary.skipped)


@pytest.mark.parametrize("content", [b"", b"this is not a database at all, just some text\n" * 40])
def test_a_file_that_is_not_an_index_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    with pytest.raises(InvalidIndex, match="notes.db: not a sourcetrace index"):
        Index(path).list()
    # nor is it made one: an add refuses it too and leaves it as it was
    with pytest.raises(InvalidIndex, match="notes.db: not a sourcetrace index"):
        Index(path).add([], workers=1)
    assert path.read_bytes() == content


def test_a_missing_index_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidIndex, match="no such index"):
        Index(tmp_path / "none.db").list()
    assert not (tmp_path / "none.db").exists()


def test_another_sqlite_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE people (name TEXT)")
    with pytest.raises(InvalidIndex, match="not a sourcetrace index"):
        Index(path).add([], workers=1)


# --- signatures ------------------------------------------------------------------------------


def test_band_keys_are_fixed_numbers() -> None:
    """The same words give the same keys in any process on any machine (xxhash64, fixed
    seeds): a change of the hashing would silently split an index built before it."""
    features = [hash_features(["harbour", "fee", "rise"]), hash_features(["trawler", "owner"])]
    signatures = sentence_signatures(features, permutations(4))
    keys = band_keys(signatures, 2)
    assert keys.shape == (2, 2)
    again = band_keys(sentence_signatures(features, permutations(4)), 2)
    assert np.array_equal(keys, again)
    assert keys.dtype == np.int64 and len(set(keys.ravel().tolist())) == 4


def test_window_similarity_is_exact_jaccard() -> None:
    params = LexicalParams(window_features=4)
    query = lexical_signature([["a", "b", "c", "d"]], params)
    source = lexical_signature([["a", "b", "c", "x", "y"], ["p", "q", "r", "s"]], params)
    best = best_window_similarity(query, [source])
    # {a,b,c,d} against {a,b,c,x,y}: 3 shared of 6
    assert best.shape == (1, 1) and best[0, 0] == pytest.approx(0.5)


def _table_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        return {
            table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("documents", "prepared", "signatures", "bands", "anchors")
        }


def _dump(path: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as db:
        rows = []
        for table in ("documents", "prepared", "signatures", "bands", "anchors"):
            rows += [(table, *row) for row in db.execute(f"SELECT * FROM {table} ORDER BY 1, 2")]
        return rows


def test_an_index_prepared_under_settings_this_version_lacks_is_refused_by_name(
    tmp_path: Path, corpus: dict[str, Path]
) -> None:
    # An index written by another version may hold a preparation setting this one does not
    # know: it is named, not an IndexError.
    index = _index(tmp_path)
    index.add([str(tmp_path / "stories")], workers=1)
    with sqlite3.connect(index.path) as db:
        params = json.loads(db.execute("SELECT value FROM meta WHERE key = 'params'").fetchone()[0])
        params["preparation"]["hyphenation"] = "soft"
        db.execute("UPDATE meta SET value = ? WHERE key = 'params'", (json.dumps(params),))
    with pytest.raises(InvalidOption, match=r"prepared with hyphenation='soft', but the config asks for None"):
        Index(index.path).candidates("The harbour board met on Tuesday.")


def test_metadata_integers_past_64_bits_are_kept_and_re_adds_are_unchanged(tmp_path: Path) -> None:
    export = tmp_path / "export.jsonl"
    record = {"id": "big", "text": "The harbour board voted on Tuesday to close the old quay for repairs.",
              "views": 2**70, "ratio": -(2**64)}
    export.write_text(json.dumps(record) + "\n", encoding="utf-8")
    index = _index(tmp_path)
    assert index.add([str(export)], workers=1).added == 1
    assert index.list()[0].metadata == {"views": 2**70, "ratio": -(2**64)}
    assert index.add([str(export)], workers=1).unchanged == 1


def test_a_scanned_source_reports_what_compare_gives_for_the_pair(
    tmp_path: Path, corpus: dict[str, Path]
) -> None:
    # The scan aligns every candidate but assesses only the sources it reports: each of them
    # must carry the very report of the pairwise comparison, and the ranking must not move.
    from sourcetrace.api import compare_prepared
    from sourcetrace.prepare import prepare
    from sourcetrace.resources import Resources

    index = _index(tmp_path)
    index.add([str(tmp_path / "stories")], workers=1)
    mirror = "Syndicated. " + COPY_SUSPECT
    record, = index.scan([mirror], top=10, workers=1)
    assert [s["id"] for s in record["sources"]][:1] == ["orchard.txt"]
    with Resources(processes=1) as resources:
        suspect = prepare(mirror, index.config, name="suspect-1", resources=resources)
        for source in record["sources"]:
            pairwise = compare_prepared(index.get(source["id"]), suspect, index.config, resources)
            assert source["report"] == pairwise.to_dict()
            assert source["score"] == pairwise.to_dict()["scores"]["derived_from_original"]


def test_a_scan_without_assessment_reports_the_same_sources_and_passages(
    tmp_path: Path, corpus: dict[str, Path]
) -> None:
    index = _index(tmp_path)
    index.add([str(tmp_path / "stories")], workers=1)
    suspects = ["Syndicated. " + COPY_SUSPECT, REWRITE_SUSPECT]
    assessed = list(index.scan(suspects, workers=1))
    bare = list(index.scan(suspects, workers=1, assess=False))
    assert [s["id"] for r in bare for s in r["sources"]] == [
        s["id"] for r in assessed for s in r["sources"]] != []
    for full, light in zip((s for r in assessed for s in r["sources"]),
                           (s for r in bare for s in r["sources"])):
        assert "report" not in light and light["distortions"] is None
        keep = ("original", "derived", "kind", "similarity", "attributed")
        assert light["passages"] == [{k: p[k] for k in keep} for p in full["passages"]]
        assert (light["score"], light["verdict"], light["rank"]) == (
            full["score"], full["verdict"], full["rank"])
        assert light["scores"] == {k: full["scores"][k] for k in ("coverage", "derived_from_original")}


def test_min_chars_leaves_out_a_source_whose_passages_a_better_one_holds(
    tmp_path: Path, corpus: dict[str, Path]
) -> None:
    stories = tmp_path / "stories"
    (stories / "mirror.txt").write_text("Syndicated. " + STORIES["orchard"], encoding="utf-8")
    index = _index(tmp_path)
    index.add([str(stories)], workers=1)
    record, = index.scan([COPY_SUSPECT], workers=1)
    best, copy_of_copy = record["sources"]
    assert [p["attributed"] for p in copy_of_copy["passages"]] == [False]
    owned = sum(p["derived"]["end"] - p["derived"]["start"] for p in best["passages"])
    record, = index.scan([COPY_SUSPECT], workers=1, min_chars=1)
    assert [s["id"] for s in record["sources"]] == [best["id"]]
    record, = index.scan([COPY_SUSPECT], workers=1, min_chars=owned + 1)
    assert record["sources"] == []


@pytest.mark.parametrize("field, value", [("top", 0), ("min_score", 1.5), ("min_chars", -1)])
def test_scan_params_refuse_values_out_of_range(field: str, value: float) -> None:
    from sourcetrace.errors import InvalidOption
    from sourcetrace.index import ScanParams

    with pytest.raises(InvalidOption, match=field):
        ScanParams(**{field: value})


def test_a_span_goes_to_the_source_that_holds_it_most_closely() -> None:
    from sourcetrace.index.scan import attribute

    # the better-ranked source explains more of the suspect with one long, loose passage;
    # the second holds 300-600 of it as a close copy
    ranked = [[(0, 1000, 0.6), (2000, 2400, 0.9)], [(300, 600, 0.98)]]
    assert attribute(ranked, "similarity") == [[True, True], [True]]
    assert attribute(ranked, "rank") == [[True, True], [False]]
    # the loose passage loses most of itself only when the copy covers half of it
    assert attribute([[(0, 500, 0.6)], [(100, 400, 0.98)]], "similarity") == [[False], [True]]
    # a tie goes to the better-ranked source, whichever way
    tie = [[(0, 400, 1.0)], [(0, 400, 1.0)]]
    assert attribute(tie, "similarity") == attribute(tie, "rank") == [[True], [False]]


def test_an_unknown_attribution_is_refused() -> None:
    from sourcetrace.errors import InvalidOption
    from sourcetrace.index import ScanParams

    with pytest.raises(InvalidOption, match="attribution"):
        ScanParams(attribution="first")
