"""The bundled example pair (``examples/harbour-*.txt``), written for the project: the story
was reordered (its second paragraph moved after the quote), reworded, cut (the traders'
paragraph), padded (a fishermen's paragraph) and one number changed (40 boats became 45)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sourcetrace.api import compare_files

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module", params=["auto", "passages", "document"])
def report(request: pytest.FixtureRequest) -> dict:
    return compare_files(
        EXAMPLES / "harbour-original.txt", EXAMPLES / "harbour-derived.txt", mode=request.param
    ).to_dict()


def _pairs(data: dict) -> set[tuple[tuple[int, ...], tuple[int, ...]]]:
    return {
        (tuple(link["original_segments"]), tuple(link["derived_segments"]))
        for passage in data["passages"]
        for link in passage["links"]
    }


def test_every_kept_sentence_is_linked_to_its_source_in_every_mode(report: dict) -> None:
    # derived sentence k <- original sentence(s); sentences 1-2 of the original moved to 4-5
    expected = {
        ((0,), (0,)), ((3,), (1,)), ((4,), (2,)), ((5,), (3,)), ((1,), (4,)), ((2,), (5,)),
        ((6,), (6,)), ((7,), (7,)), ((8,), (8,)), ((12,), (12,)),
    }
    assert _pairs(report) == expected


def test_cut_and_added_paragraphs_are_omissions_and_additions(report: dict) -> None:
    assert [o["text"].split()[:2] for o in report["omissions"]] == [
        ["Some", "traders"], ["Tom", "Bristow,"], ["The", "council"]
    ]
    assert [a["text"].split()[:2] for a in report["additions"]] == [
        ["Local", "fishermen"], ['"Two', "months"], ["We", "just"]
    ]


def test_the_changed_number_is_the_one_critical_distortion(report: dict) -> None:
    critical = [d for d in report["distortions"] if d["severity"] == "critical"]
    assert [(d["type"], d["original"]["text"], d["derived"]["text"]) for d in critical] == [
        ("number", "40", "45")
    ]


def test_no_two_passages_share_text_on_either_side(report: dict) -> None:
    # The moved paragraph is a passage of its own in document mode (and auto, which chooses
    # it here); the passage builder's clusters look at distance, not order, so in passages
    # mode the whole story is one passage and there is no pair to check.
    expected = {"auto": 4, "document": 4, "passages": 1}[report["options"]["mode"]]
    assert len(report["passages"]) == expected
    for side in ("original", "derived"):
        spans = sorted((p[side]["start"], p[side]["end"]) for p in report["passages"])
        assert all(end <= next_start for (_, end), (next_start, _) in zip(spans, spans[1:])), spans
