"""The controlled-edit generator and ``sourcetrace eval distortions``."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from sourcetrace.cli import cli
from sourcetrace.evaluate.distortions import (
    edit_date,
    edit_hedge,
    edit_negation,
    edit_number,
    generate_cases,
    rewrite_date_format,
    rewrite_spelling,
    _stated_in_albanian,
)

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
SENTENCES = [
    "The council said on Monday that 14 new homes will be built near the station.",
    "\"We did not expect so many visitors this year,\" the museum director said.",
    "The ferry service was suspended because of the storm on 3 March 2021.",
    "Officials in Kelsby certainly hoped the defence budget would rise by 5 per cent.",
    "Maria Lund, the mayor of Tarnby, opened the new library in June 2019.",
]


def test_edits_change_what_they_say_and_report_where() -> None:
    rng = random.Random(1)
    derived, old, new = edit_number(SENTENCES[0], rng)
    assert SENTENCES[0][old.start : old.end] == "14" and derived[new.start : new.end] != "14"
    derived, old, new = edit_hedge(SENTENCES[0], rng)
    assert (SENTENCES[0][old.start : old.end], derived[new.start : new.end]) in {("will", "may"), ("will", "might")}
    derived, _, _ = edit_negation(SENTENCES[1], rng)
    assert "not" not in derived
    derived, old, _ = edit_date(SENTENCES[2], rng)
    assert derived != SENTENCES[2]
    derived, _, _ = rewrite_date_format(SENTENCES[2], rng)
    assert "March 3, 2021" in derived
    derived, _, _ = rewrite_spelling(SENTENCES[3], rng)
    assert "defense" in derived


def test_generation_is_deterministic_for_a_seed() -> None:
    first = generate_cases(SENTENCES, seed=5, per_type=2)
    assert first == generate_cases(SENTENCES, seed=5, per_type=2)
    assert {c.kind for c in first} >= {"number", "date", "negation", "hedge", "spelling"}


def test_eval_distortions_refuses_a_folder_without_english_texts(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["eval", "distortions", str(tmp_path)])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {tmp_path}: no English sentences found")


@pytest.mark.skipif(not SHARED.is_dir(), reason=f"shared data not found at {SHARED}")
def test_eval_distortions_on_the_shared_data_meets_the_targets() -> None:
    result = CliRunner().invoke(cli, ["eval", "distortions", str(SHARED), "--per-type", "25",
                                  "--per-relation", "25", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    for name in ("number", "date", "negation", "quote"):
        assert data["edits"][name]["cases"] == 25
        assert data["edits"][name]["recall"] >= 0.8, name
    assert all(row["rate"] <= 0.1 for row in data["harmless"].values())
    for name in ("number", "date"):
        crossed = data["cross_language"][name]
        assert crossed["cases"] == 25 and crossed["recall"] >= 0.85, name
    # The target (at most 3% of paraphrases flagged critical); the MSRP check does not
    # depend on --per-type, so this is the figure benchmarks.md reports.
    assert data["msrp"]["pairs"] > 100 and data["msrp"]["rate"] <= 0.03
    substitutions = data["substitutions"]
    assert substitutions["antonym"]["all"]["cases"] == 25
    assert substitutions["connective"]["all"]["rate"] >= 0.85
    assert all(substitutions[name]["all"]["rate"] <= 0.1 for name in ("synonym", "hypernym"))


def test_the_substitution_set_is_deterministic_and_split_by_sentence() -> None:
    from sourcetrace.evaluate.substitutions import generate_substitutions

    sentences = SENTENCES + ["The court acquitted the driver because of the lack of evidence."]
    first = generate_substitutions(sentences, seed=3, per_relation=2)
    assert first == generate_substitutions(sentences, seed=3, per_relation=2)
    assert {c.relation for c in first} >= {"connective"}
    for case in first:
        assert case.original[: case.original_edit.start] == case.derived[: case.derived_edit.start]
        assert case.half == next(c.half for c in first if c.original == case.original)


def test_an_english_month_is_checkable_where_the_albanian_side_names_it_inflected() -> None:
    assert _stated_in_albanian("February", "Ligji u ndryshua në shkurt të vitit 2020.")
    assert _stated_in_albanian("October", "Zgjedhjet e 17 tetorit u mbajtën.")
    assert not _stated_in_albanian("March", "Ligji u ndryshua në shkurt të vitit 2020.")
    assert _stated_in_albanian("2020", "Ligji u ndryshua në shkurt të vitit 2020.")
