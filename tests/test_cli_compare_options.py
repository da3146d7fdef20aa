"""``sourcetrace compare --mode`` and ``--detectors``: each changes the report as documented."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sourcetrace.assess import DETECTORS
from sourcetrace.cli import cli

BOARD = (
    "The harbour board met the fishermen's union on Monday to settle the dispute over berth fees."
    " Both sides agreed to freeze the fees for 40 boats until the end of the season."
)
REVIEW = (
    "The board will review the fees with the town council next spring. \"We did not want a long"
    " fight with the people who keep this harbour alive,\" the board's chair, Ana Ruiz, said after"
    " the meeting."
)
WALL = (
    "Divers found new cracks in the old quay wall during an inspection last week. Repairs to the"
    " wall are expected to cost about 3.5 million euros and will start on Saturday."
)
FERRY = (
    "A new ferry timetable was announced for the summer, with three crossings a day to the"
    " islands. The ferry company said the first boat would leave at seven in the morning."
    " Tickets can be bought online or at the kiosk by the harbour gate."
)
FOOTBALL = (
    "The town's football club won its first match of the season on Saturday night. The coach"
    " praised the young players and the supporters who travelled to the away game. The next"
    " home game is against the league leaders in two weeks."
)
ORIGINAL = f"{BOARD}\n\n{REVIEW}\n\n{WALL}\n"
# The same three paragraphs, word for word, the last moved to the front.
MOVED = f"{WALL}\n\n{BOARD}\n\n{REVIEW}\n"
# One paragraph of the original between two of other news.
PARTIAL = f"{FERRY}\n\n{REVIEW}\n\n{FOOTBALL}\n"
# The original with five changes: a number, a hedge, a negation inside a quotation, a day.
CHANGED = (
    ORIGINAL.replace("40 boats", "45 boats")
    .replace("board will review", "board may review")
    .replace("We did not want", "We wanted")
    .replace("on Saturday", "on Sunday")
)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name, text in (("original.txt", ORIGINAL), ("moved.txt", MOVED), ("partial.txt", PARTIAL),
                       ("changed.txt", CHANGED)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def report(*args: str) -> dict:
    result = CliRunner().invoke(cli, ["compare", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _spans(data: dict) -> list[tuple[int, int, int, int]]:
    return [(p["original"]["start"], p["original"]["end"], p["derived"]["start"], p["derived"]["end"])
            for p in data["passages"]]


def _links(data: dict) -> list[tuple[list[int], list[int]]]:
    return sorted((link["original_segments"], link["derived_segments"])
                  for p in data["passages"] for link in p["links"])


def _without_options(data: dict) -> dict:
    return {key: value for key, value in data.items() if key != "options"}


# Sentence k of the original is derived sentence k + 2 (board and review) or k - 4 (wall).
MOVED_LINKS = sorted([([0], [2]), ([1], [3]), ([2], [4]), ([3], [5]), ([4], [0]), ([5], [1])])


def test_document_mode_aligns_the_moved_paragraph_on_its_own(folder: Path) -> None:
    data = report("original.txt", "moved.txt", "--mode", "document")
    assert data["options"]["mode"] == "document"
    wall, rest = ORIGINAL.index(WALL), MOVED.index(BOARD)
    assert _spans(data) == [
        (wall, wall + len(WALL), 0, len(WALL)),
        (0, len(f"{BOARD}\n\n{REVIEW}"), rest, rest + len(f"{BOARD}\n\n{REVIEW}")),
    ]
    assert [p["kind"] for p in data["passages"]] == ["verbatim", "verbatim"]
    assert _links(data) == MOVED_LINKS
    # Every paragraph copied word for word: a copy.
    assert data["verdict"] == "copy"


def test_passages_mode_links_the_same_sentences_in_one_passage(folder: Path) -> None:
    # The passage builder clusters matches by distance, not order: the moved paragraph is
    # two sentences away, so the whole story is one passage, reordered, hence not verbatim.
    data = report("original.txt", "moved.txt", "--mode", "passages")
    assert data["options"]["mode"] == "passages"
    assert _spans(data) == [(0, len(ORIGINAL.rstrip()), 0, len(MOVED.rstrip()))]
    assert [p["kind"] for p in data["passages"]] == ["paraphrase"]
    assert _links(data) == MOVED_LINKS
    assert data["verdict"] == "rewrite"


def test_auto_mode_chooses_document_when_most_of_each_text_is_linked(folder: Path) -> None:
    auto = report("original.txt", "moved.txt")
    assert auto["options"]["mode"] == "auto"
    assert _without_options(auto) == _without_options(report("original.txt", "moved.txt", "--mode", "document"))


def test_auto_mode_chooses_passages_for_partial_reuse(folder: Path) -> None:
    auto = report("original.txt", "partial.txt")
    assert _without_options(auto) == _without_options(report("original.txt", "partial.txt", "--mode", "passages"))
    start = PARTIAL.index(REVIEW)
    review = ORIGINAL.index(REVIEW)
    # Only the review paragraph is reused: its two sentences, the rest of the derived text
    # is other news.
    assert _spans(auto) == [(review, review + len(REVIEW), start, start + len(REVIEW))]
    assert _links(auto) == [([2], [3]), ([3], [4])]
    assert auto["verdict"] == "partial"


def test_an_unknown_mode_is_bad_usage(folder: Path) -> None:
    result = CliRunner().invoke(cli, ["compare", "original.txt", "moved.txt", "--mode", "whole"])
    assert result.exit_code == 2
    assert result.output.endswith(
        "Error: Invalid value for '--mode': 'whole' is not one of 'auto', 'passages', 'document'.\n"
    )


# The findings of every detector on the changed copy: (type, severity, original, derived).
ALL_FINDINGS = [
    ("number", "critical", "40", "45"),
    ("hedge", "critical", "will", "may"),
    ("negation", "critical", "not want", "wanted"),
    ("quote", "minor", "did not want", "wanted"),
    ("date", "critical", "Saturday", "Sunday"),
]


def _findings(data: dict) -> list[tuple[str, str, str, str]]:
    return [(d["type"], d["severity"], d["original"]["text"], d["derived"]["text"]) for d in data["distortions"]]


def _statuses(data: dict) -> list[str]:
    return [link["status"] for p in data["passages"] for link in p["links"]]


def test_every_detector_runs_by_default(folder: Path) -> None:
    data = report("original.txt", "changed.txt")
    assert data["options"]["detectors"] == list(DETECTORS)
    assert _findings(data) == ALL_FINDINGS
    # the board, review (both its sentences) and wall sentences that changed
    assert _statuses(data) == ["faithful", "distorted", "distorted", "distorted", "faithful", "distorted"]


def test_detectors_number_reports_only_number_findings(folder: Path) -> None:
    data = report("original.txt", "changed.txt", "--detectors", "number")
    assert data["options"]["detectors"] == ["number"]
    assert _findings(data) == [ALL_FINDINGS[0]]
    assert _statuses(data) == ["faithful", "distorted", "faithful", "faithful", "faithful", "faithful"]


def test_detectors_are_named_in_any_order_with_spaces(folder: Path) -> None:
    data = report("original.txt", "changed.txt", "--detectors", " negation , hedge")
    # recorded, and run, in the registry's order
    assert data["options"]["detectors"] == ["negation", "hedge"]
    assert _findings(data) == [ALL_FINDINGS[1], ALL_FINDINGS[2]]


def test_detectors_none_reports_no_distortion_but_the_same_passages(folder: Path) -> None:
    everything = report("original.txt", "changed.txt")
    data = report("original.txt", "changed.txt", "--detectors", "none")
    assert data["options"]["detectors"] == []
    assert data["distortions"] == []
    assert set(_statuses(data)) == {"faithful"}
    assert data["scores"]["fidelity"] == 1.0 > everything["scores"]["fidelity"]
    # Alignment, omissions and additions do not depend on the detectors.
    assert _spans(data) == _spans(everything) and _links(data) == _links(everything)
    assert (data["omissions"], data["additions"]) == (everything["omissions"], everything["additions"])


@pytest.mark.parametrize(
    ("names", "unknown"), [("numbers", "numbers"), ("number,none", "none"), ("date,Number", "Number")]
)
def test_an_unknown_detector_is_an_error(folder: Path, names: str, unknown: str) -> None:
    result = CliRunner().invoke(cli, ["compare", "original.txt", "changed.txt", "--detectors", names])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: unknown detector {unknown!r}; expected some of: number, date, entity, negation,"
        " hedge, relation, substitution, quote, garbled\n"
    )
