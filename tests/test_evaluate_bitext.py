"""Strict and lax bead scores (vecalign's definitions) and the eval bitext command."""

from __future__ import annotations

import json

from pathlib import Path

import pytest
from click.testing import CliRunner

from sourcetrace.cli import cli
from sourcetrace.errors import CorpusError
from sourcetrace.evaluate.bitext import parallel_gold, parse_alignment, score_beads

TEXT_BERG = Path(__file__).resolve().parents[2] / "shared" / "data" / "textberg-de-fr-dev"


def test_parse_alignment_reads_beads_and_ignores_scores() -> None:
    beads = parse_alignment("[0]:[0, 1]\n\n[1, 2]:[2]:0.134\n[]:[3]\n")
    assert beads == [((0,), (0, 1)), ((1, 2), (2,)), ((), (3,))]


def test_parse_alignment_refuses_other_lines() -> None:
    with pytest.raises(CorpusError) as caught:
        parse_alignment("[0]:[0]\n0-0\n", "gold.txt")
    assert str(caught.value) == "gold.txt:2: not an alignment bead like [0]:[0, 1]: '0-0'"


def test_identical_alignments_score_one() -> None:
    gold = [((0,), (0,)), ((1,), (1, 2)), ((2, 3), (3,))]
    scores = score_beads([gold], [list(gold)])
    assert scores.f1_strict == scores.f1_lax == 1.0


def test_a_split_bead_is_a_lax_match_but_not_a_strict_one() -> None:
    gold = [((0,), (0,)), ((1,), (1, 2))]
    test = [((0,), (0,)), ((1,), (1,)), ((1,), (2,))]
    scores = score_beads([gold], [test])
    # precision: 1 of 3 test beads exact, 3 of 3 overlap; recall: 1 of 2 gold beads exact, 2 of 2 overlap
    assert scores.precision_strict == pytest.approx(1 / 3)
    assert scores.precision_lax == 1.0
    assert scores.recall_strict == pytest.approx(1 / 2)
    assert scores.recall_lax == 1.0


def test_a_wrong_link_misses_both_ways_and_deletions_do_not_count_for_recall() -> None:
    gold = [((0,), (0,)), ((1,), ()), ((2,), (1,))]
    test = [((0,), (0,)), ((1,), (1,))]
    scores = score_beads([gold], [test])
    assert scores.precision_strict == scores.precision_lax == 0.5
    assert scores.recall_strict == scores.recall_lax == 0.5


def test_parallel_gold_is_the_diagonal() -> None:
    assert parallel_gold(3) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]


ORIGINAL_LINES = [
    "The council voted on Tuesday to close the Elm Street library for repairs.",
    "Engineers found that the roof had been leaking for at least two winters.",
    "The repairs are expected to cost about 1.2 million dollars.",
    "Residents can borrow books from a mobile library outside the town hall.",
    "Council leader Maria Okafor said the decision had not been taken lightly.",
]
DERIVED_LINES = [
    "On Tuesday the council voted to shut the Elm Street library for repairs.",
    "Engineers discovered the roof had leaked for at least two winters.",
    "Repairs should cost about 1.2 million dollars.",
    "Residents may borrow books from a mobile library parked outside the town hall.",
    "Maria Okafor, the council leader, said the decision was not taken lightly.",
]


def test_cli_scores_line_parallel_files(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("\n".join(ORIGINAL_LINES) + "\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("\n".join(DERIVED_LINES) + "\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["eval", "bitext", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--json"]
    )
    assert result.exit_code == 0, result.output
    assert '"f1_strict": 1.0' in result.output


def test_cli_refuses_files_that_are_not_line_parallel(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("\n".join(ORIGINAL_LINES) + "\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("\n".join(DERIVED_LINES[:3]) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["eval", "bitext", str(tmp_path / "a.txt"), str(tmp_path / "b.txt")])
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and "not line-parallel" in result.output


def test_cli_refuses_a_malformed_gold_file(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(ORIGINAL_LINES[0] + "\n", encoding="utf-8")
    (tmp_path / "gold").write_text("0-0\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["eval", "bitext", str(tmp_path / "a.txt"), str(tmp_path / "a.txt"), "--gold", str(tmp_path / "gold")]
    )
    assert result.exit_code == 1
    assert "not an alignment bead" in result.output


@pytest.mark.skipif(not TEXT_BERG.is_dir(), reason=f"Text+Berg dev document not found at {TEXT_BERG}: ../shared is absent")
def test_eval_bitext_on_the_text_berg_dev_document_meets_the_targets() -> None:
    # the targets (strict F1 0.94, lax 0.98); about a minute, most of it embedding
    result = CliRunner().invoke(
        cli,
        ["eval", "bitext", str(TEXT_BERG / "dev.de"), str(TEXT_BERG / "dev.fr"), "--gold", str(TEXT_BERG / "dev.defr"), "--json"],
    )
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["f1_strict"] >= 0.94
    assert scores["f1_lax"] >= 0.98
