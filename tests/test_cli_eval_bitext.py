"""``sourcetrace eval bitext`` on small hand-written line files: output, gold files, errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sourcetrace.cli import cli

ORIGINAL = [
    "The harbour board met the fishermen's union on Monday to settle the dispute over berth fees.",
    "Both sides agreed to freeze the fees until the end of the season.",
    "The board will review them with the town council next spring.",
    "Divers found new cracks in the old quay wall during an inspection last week.",
    "Repairs to the wall are expected to cost about 3.5 million euros.",
    "The work should start in April and take eight months.",
]
# Lines 1 and 2 joined into one, line 3 dropped, a line added at the end.
DERIVED = [
    "On Monday the harbour board met the fishermen's union to end the row over berth fees.",
    "Both sides agreed to freeze the fees until the season ends, and the board will review them"
    " with the town council next spring.",
    "Repairs to the quay wall should cost around 3.5 million euros.",
    "Work is due to begin in April and to last eight months.",
    "A new ferry timetable was also announced for the summer.",
]
GOLD = "[0]:[0]\n[1, 2]:[1]\n[3]:[]\n[4]:[2]\n[5]:[3]\n[]:[4]\n"
HEADER = f"{'':10} {'strict':>7} {'lax':>7}"


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """original.txt, derived.txt and gold.txt in the current folder (names as a user types them)."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "original.txt").write_text("\n".join(ORIGINAL) + "\n", encoding="utf-8")
    (tmp_path / "derived.txt").write_text("\n".join(DERIVED) + "\n", encoding="utf-8")
    (tmp_path / "gold.txt").write_text(GOLD, encoding="utf-8")
    return tmp_path


def bitext(*args: str):
    return CliRunner().invoke(cli, ["eval", "bitext", *args])


def _table(p_strict: str, p_lax: str, r_strict: str, r_lax: str, f_strict: str, f_lax: str) -> str:
    return (
        f"{HEADER}\n"
        f"precision   {p_strict}  {p_lax}\n"
        f"recall      {r_strict}  {r_lax}\n"
        f"f1          {f_strict}  {f_lax}\n"
    )


@pytest.mark.parametrize("mode", ["auto", "passages", "document"])
def test_a_join_a_drop_and_an_addition_are_all_found(files: Path, mode: str) -> None:
    result = bitext("original.txt", "derived.txt", "--gold", "gold.txt", "--mode", mode)
    assert result.exit_code == 0, result.output
    assert result.output == _table(*["1.0000"] * 6)


def test_a_gold_that_splits_the_joined_line_gives_lax_credit_only(files: Path) -> None:
    # The gold links line 1 alone to derived line 1 and leaves line 2 out: the predicted
    # 2-1 bead overlaps it (lax) but is not it (strict); 3 of 4 beads match exactly each way.
    (files / "split.txt").write_text(
        "[0]:[0]\n[1]:[1]\n[2]:[]\n[3]:[]\n[4]:[2]\n[5]:[3]\n[]:[4]\n", encoding="utf-8"
    )
    result = bitext("original.txt", "derived.txt", "--gold", "split.txt", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {
        "precision_strict": 0.75, "recall_strict": 0.75, "f1_strict": 0.75,
        "precision_lax": 1.0, "recall_lax": 1.0, "f1_lax": 1.0,
    }


def test_line_parallel_files_need_no_gold(files: Path) -> None:
    reworded = [line.replace("about", "around").replace("should", "is due to") for line in ORIGINAL]
    (files / "reworded.txt").write_text("\n".join(reworded) + "\n", encoding="utf-8")
    result = bitext("original.txt", "reworded.txt", "--json")
    assert result.exit_code == 0, result.output
    assert set(json.loads(result.output).values()) == {1.0}


def test_blank_lines_count_in_the_line_numbers(files: Path) -> None:
    # A blank line after the second line of each file shifts the later lines by one, as a
    # gold file written for these files numbers them; score fields and blank gold lines are
    # ignored.
    with_blank = ORIGINAL[:2] + [""] + ORIGINAL[2:]
    (files / "original.txt").write_text("\n".join(with_blank) + "\n", encoding="utf-8")
    (files / "gold.txt").write_text(
        "[0]:[0]:0.91\n\n[1, 3]:[1]:0.77\n[4]:[]\n[5]:[2]\n[6]:[3]\n[]:[4]\n", encoding="utf-8"
    )
    result = bitext("original.txt", "derived.txt", "--gold", "gold.txt")
    assert result.exit_code == 0, result.output
    assert result.output == _table(*["1.0000"] * 6)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["missing.txt", "derived.txt"], "missing.txt: no such file"),
        (["original.txt", "missing.txt"], "missing.txt: no such file"),
        (
            ["original.txt", "derived.txt", "--gold", "missing.txt"],
            "missing.txt: cannot read the alignment (No such file or directory)",
        ),
        (
            ["original.txt", "derived.txt"],
            "original.txt and derived.txt are not line-parallel: 6 and 5 lines; give the gold"
            " alignment with --gold",
        ),
    ],
    ids=["missing original", "missing derived", "missing gold", "not line-parallel"],
)
def test_user_errors_are_one_line(files: Path, args: list[str], message: str) -> None:
    result = bitext(*args)
    assert result.exit_code == 1
    assert result.output == f"Error: {message}\n"


@pytest.mark.parametrize(
    ("gold", "line"),
    [("[0]:[0]\n0-0\n", "2: not an alignment bead like [0]:[0, 1]: '0-0'"),
     ("[0]:[0]\n\n[1, 2]:[1\n", "3: not an alignment bead like [0]:[0, 1]: '[1, 2]:[1'"),
     ("[a]:[0]\n", "1: not an alignment bead like [0]:[0, 1]: '[a]:[0]'")],
)
def test_a_bad_gold_line_is_named_by_its_number(files: Path, gold: str, line: str) -> None:
    (files / "bad.txt").write_text(gold, encoding="utf-8")
    result = bitext("original.txt", "derived.txt", "--gold", "bad.txt")
    assert result.exit_code == 1
    assert result.output == f"Error: bad.txt:{line}\n"


def test_a_folder_for_a_file_is_bad_usage(files: Path) -> None:
    result = bitext(str(files), "derived.txt")
    assert result.exit_code == 2
    assert result.output.endswith(f"Error: Invalid value for 'ORIGINAL': File '{files}' is a directory.\n")
    assert result.output.startswith("Usage: ")


def test_a_config_file_changes_the_links(files: Path) -> None:
    (files / "long.toml").write_text("[lexical]\nmin_chars = 100000\nmin_trimmed_chars = 100000\n", encoding="utf-8")
    result = bitext("original.txt", "derived.txt", "--gold", "gold.txt", "--mode", "passages", "--json")
    assert json.loads(result.output)["recall_strict"] == 1.0
    result = bitext("original.txt", "derived.txt", "--gold", "gold.txt", "--mode", "passages", "--json",
                    "--config", "long.toml")
    assert result.exit_code == 0, result.output
    # No passage is that long: nothing is linked.
    assert json.loads(result.output) == dict.fromkeys(
        ["precision_strict", "recall_strict", "f1_strict", "precision_lax", "recall_lax", "f1_lax"], 0.0
    )
