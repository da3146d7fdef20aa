"""The seed example (a Financial Times article and its machine-translated republication).

The texts are copyrighted and live in ``../shared/examples`` only; the gold links, checked by
hand sentence by sentence, are stored as offsets in ``tests/data/seed_example_links.json``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sourcetrace.api import compare_files

EXAMPLES = Path(__file__).resolve().parents[2] / "shared" / "examples"
ORIGINAL = EXAMPLES / "ft-europe-ukraine-original.md"
DERIVED = EXAMPLES / "ft-europe-ukraine-derived.txt"
GOLD = Path(__file__).parent / "data" / "seed_example_links.json"

pytestmark = pytest.mark.skipif(
    not (ORIGINAL.exists() and DERIVED.exists()),
    reason="the seed example is not here: ../shared/examples is absent (a user's fresh clone)",
)


@pytest.fixture(scope="module")
def report_dict() -> dict:
    return compare_files(ORIGINAL, DERIVED).to_dict()


def _links_by_derived_start(data: dict) -> dict[int, list[int]]:
    original_segments = data["original"]["segments"]
    derived_segments = data["derived"]["segments"]
    found: dict[int, list[int]] = {}
    for passage in data["passages"]:
        for link in passage["links"]:
            sources = sorted(original_segments[i][0] for i in link["original_segments"])
            for j in link["derived_segments"]:
                found[derived_segments[j][0]] = sources
    return found


def test_every_reused_derived_sentence_is_linked_to_its_source(report_dict: dict) -> None:
    gold = json.loads(GOLD.read_text())
    found = _links_by_derived_start(report_dict)
    expected = {int(start): sources for start, sources in gold["linked"].items()}
    wrong = {start: (found.get(start), sources) for start, sources in expected.items() if found.get(start) != sources}
    assert not wrong, f"derived sentence start -> (found, expected) original sentence starts: {wrong}"


def test_added_sentences_are_in_no_link(report_dict: dict) -> None:
    gold = json.loads(GOLD.read_text())
    found = _links_by_derived_start(report_dict)
    assert gold["unlinked"], "the gold lists the added sentences"
    assert [start for start in gold["unlinked"] if start in found] == []


def test_every_span_is_an_index_into_the_text_as_read(report_dict: dict) -> None:
    assert report_dict["passages"] and report_dict["distortions"], "spans to check"
    assert all(passage["links"] for passage in report_dict["passages"])
    for side in ("original", "derived"):
        text = report_dict[side]["text"]
        assert len(text) == report_dict[side]["length"]
        for start, end, _ in report_dict[side]["segments"]:
            assert 0 <= start < end <= len(text) and text[start:end] == text[start:end].strip()
    for passage in report_dict["passages"]:
        for side in ("original", "derived"):
            span = passage[side]
            assert 0 <= span["start"] < span["end"] <= report_dict[side]["length"]
        for link in passage["links"]:
            for side in ("original", "derived"):
                # links are whole sentences; a passage edge may be trimmed inside one
                assert link[side]["start"] < passage[side]["end"] and passage[side]["start"] < link[side]["end"]
    for finding in report_dict["distortions"]:
        for side in ("original", "derived"):
            span = finding[side]
            assert report_dict[side]["text"][span["start"] : span["end"]] == span["text"]


# Findings the issue names, as (type, original start, derived start) of their spans: "three
# officials" -> "two officials", two quotations whose words changed, and "on Monday" ->
# "tomorrow" (critical: the texts do not say on which day they were published).
NAMED_FINDINGS = {
    ("number", 4962, 2470): "critical",
    ("quote", 2256, 976): "critical",
    ("quote", 4937, 2453): "critical",
    ("date", 2935, 1419): "critical",
}
# Original spans of harmless variation: "defence" (defense), "Nato" (NATO), "the US president".
HARMLESS_SPANS = [(705, 712), (3133, 3140), (2051, 2055), (2906, 2910), (5235, 5239),
                  (978, 990), (1293, 1305)]
# A date the derived text writes in another format, inside a quotation it paraphrases.
REFORMATTED_DATE = (2506, 2527)


def test_the_findings_the_issue_names_are_reported(report_dict: dict) -> None:
    found = {(f["type"], f["original"]["start"], f["derived"]["start"]): f["severity"]
             for f in report_dict["distortions"]}
    assert {key: found.get(key) for key in NAMED_FINDINGS} == NAMED_FINDINGS


def test_harmless_variation_is_not_flagged(report_dict: dict) -> None:
    touching = [f for f in report_dict["distortions"] for start, end in HARMLESS_SPANS
                if f["original"]["start"] < end and start < f["original"]["end"]]
    assert touching == []


def test_a_reformatted_date_is_not_listed_as_a_change(report_dict: dict) -> None:
    start, end = REFORMATTED_DATE
    date_words = report_dict["original"]["text"][start:end].split()
    assert len(date_words) == 4
    # The one finding there is the paraphrased quotation the date stands in: minor, and the
    # date is not among its edits.
    (finding,) = [f for f in report_dict["distortions"]
                  if f["original"]["start"] < end and start < f["original"]["end"]]
    assert finding["type"] == "quote" and finding["severity"] == "minor"
    edits = finding["explanation"].split("(quoted:")[0]
    assert not [w for w in date_words if w in edits.split("'")]
