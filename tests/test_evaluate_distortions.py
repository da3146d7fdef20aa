"""The controlled-edit generator and ``sourcetrace eval distortions``."""

from __future__ import annotations

import json
import random
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from assessing import RESOURCES
from sourcetrace.cli import cli
from sourcetrace.model import Span
from sourcetrace.evaluate.distortions import (
    HARMLESS_TYPES,
    edit_date,
    edit_hedge,
    edit_negation,
    edit_number,
    edit_entity,
    edit_quote,
    generate_cases,
    rewrite_case,
    rewrite_coreference,
    rewrite_date_format,
    rewrite_number_format,
    rewrite_spelling,
    rewrite_synonym,
    _stated_in_albanian,
)

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"
PARSE = RESOURCES.english.parse
SENTENCES = [
    "The council said on Monday that 14 new homes will be built near the station.",
    "\"We did not expect so many visitors this year,\" the museum director said.",
    "The ferry service was suspended because of the storm on 3 March 2021.",
    "Officials in Kelsby certainly hoped the defence budget would rise by 5 per cent.",
    "Maria Lund, the mayor of Tarnby, opened the new library in June 2019.",
]


def assert_edit(sentence: str, result: tuple[str, Span, Span] | None, old: str, new: str) -> str:
    """Check that an edit of ``sentence`` replaced ``old`` by ``new`` at the spans it returned
    and left the rest of the sentence as it was; return the derived sentence."""
    assert result is not None, "the edit applies"
    derived, old_span, new_span = result
    assert sentence[old_span.start : old_span.end] == old
    assert derived[new_span.start : new_span.end] == new
    assert old_span.start == new_span.start
    assert derived[: new_span.start] == sentence[: old_span.start]
    assert derived[new_span.end :] == sentence[old_span.end :]
    return derived


def test_edits_change_what_they_say_and_report_where() -> None:
    rng = random.Random(1)
    derived = assert_edit(SENTENCES[0], edit_number(SENTENCES[0], rng), "14", "4")
    assert derived == "The council said on Monday that 4 new homes will be built near the station."
    assert_edit(SENTENCES[0], edit_hedge(SENTENCES[0], rng), "will", "might")
    derived = assert_edit(SENTENCES[1], edit_negation(SENTENCES[1], rng), "not ", "")
    assert "not" not in derived
    derived = assert_edit(SENTENCES[2], edit_date(SENTENCES[2], rng), "2021", "2022")
    assert derived != SENTENCES[2]
    derived = assert_edit(SENTENCES[2], rewrite_date_format(SENTENCES[2], rng), "3 March 2021", "March 3, 2021")
    assert "March 3, 2021" in derived
    derived = assert_edit(SENTENCES[3], rewrite_spelling(SENTENCES[3], rng), "defence", "defense")
    assert "defense" in derived


# (edit, sentence, seed, old phrase, new phrase): each kind of edit, seeded, on a sentence it
# applies to.
POOLS = {"PERSON": ["Ana Ruiz"], "ORG": ["Coastal Courier"], "GPE": ["Port Ellis"]}
EDITS = [
    (edit_number, SENTENCES[3], 2, "5", "6"),
    (edit_date, SENTENCES[0], 2, "Monday", "Tuesday"),
    (edit_date, SENTENCES[4], 2, "June", "February"),
    (edit_negation, SENTENCES[2], 2, "was", "was not"),
    (edit_negation, SENTENCES[3], 2, "would", "would not"),
    (edit_hedge, SENTENCES[2], 2, "because of", "despite"),
    (edit_hedge, SENTENCES[3], 2, "certainly", "possibly"),
    (lambda s, r: edit_entity(s, r, POOLS, PARSE), SENTENCES[4], 2, "Maria Lund", "Ana Ruiz"),
    (lambda s, r: edit_entity(s, r, POOLS, PARSE), SENTENCES[3], 2, "Kelsby", "Port Ellis"),
    (rewrite_synonym, SENTENCES[0], 2, "said", "stated"),
    (rewrite_case, "The talks at NATO headquarters ended late on Friday.", 2, "NATO", "Nato"),
    (rewrite_case, "The talks at Nato headquarters ended late on Friday.", 2, "Nato", "NATO"),
    (rewrite_date_format, "The ferry returns on March 5, 2004 after the repairs.", 2, "March 5, 2004", "5 March 2004"),
    (rewrite_number_format, SENTENCES[3], 2, "5", "five"),
    (rewrite_number_format, "Prices rose by 12% over the summer.", 2, "12%", "12 per cent"),
    (rewrite_number_format, "The club now has 1,500 members.", 2, "1,500", "1500"),
    (lambda s, r: rewrite_coreference(s, r, PARSE), SENTENCES[3], 2, "Kelsby", "the country"),
]


@pytest.mark.parametrize(("edit", "sentence", "seed", "old", "new"), EDITS)
def test_an_edit_returns_the_spans_of_the_phrases_it_changed(edit, sentence, seed, old, new) -> None:
    assert_edit(sentence, edit(sentence, random.Random(seed)), old, new)


def test_a_quote_edit_changes_drops_or_adds_a_word_inside_the_quotation() -> None:
    sentence = SENTENCES[1]
    quoted = sentence.index("We"), sentence.index('," the')
    seen = set()
    for seed in range(12):
        derived, old, new = edit_quote(sentence, random.Random(seed), ["harbour", "visitors"])
        # the rest of the sentence is untouched, and the edit lies inside the quotation
        assert derived[: new.start] == sentence[: old.start]
        assert derived[new.end :] == sentence[old.end :]
        assert quoted[0] <= old.start <= old.end <= quoted[1]
        before, after = sentence[old.start : old.end], derived[new.start : new.end]
        assert before != after
        if not after:
            seen.add("drop")
            assert re.fullmatch(r"[a-z]{4,} ?", before)
        elif not before:
            seen.add("add")
            assert after.endswith(" ") and after.strip() not in sentence
        else:
            seen.add("change")
            assert before.isalpha() and after in ("harbour", "visitors")
    assert seen == {"change", "drop", "add"}


@pytest.mark.parametrize(
    ("edit", "sentence"),
    [
        (edit_number, "The mayor opened the bridge in 2019."),  # a year is a date, not a count
        (edit_date, SENTENCES[1]),
        (edit_negation, SENTENCES[4]),
        (edit_hedge, SENTENCES[4]),
        (lambda s, r: edit_quote(s, r, ["harbour"]), SENTENCES[0]),
        (rewrite_spelling, SENTENCES[0]),
        (rewrite_date_format, SENTENCES[0]),
    ],
)
def test_an_edit_that_does_not_apply_returns_none(edit, sentence: str) -> None:
    assert edit(sentence, random.Random(3)) is None


def test_every_generated_case_reports_its_edit_spans() -> None:
    cases = generate_cases(SENTENCES, seed=5, per_type=2, resources=RESOURCES)
    assert len(cases) >= 12
    for case in cases:
        assert case.original in SENTENCES and case.derived != case.original
        start, end = case.original_edit.start, case.original_edit.end
        new_start, new_end = case.derived_edit.start, case.derived_edit.end
        assert start == new_start
        assert case.derived[:new_start] == case.original[:start]
        assert case.derived[new_end:] == case.original[end:]
        assert case.original[start:end] != case.derived[new_start:new_end]


def test_generation_is_deterministic_for_a_seed() -> None:
    first = generate_cases(SENTENCES, seed=5, per_type=2, resources=RESOURCES)
    assert first == generate_cases(SENTENCES, seed=5, per_type=2, resources=RESOURCES)
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
    assert sorted(data["harmless"]) == sorted(HARMLESS_TYPES)
    assert all(row["cases"] == 25 and row["rate"] <= 0.1 for row in data["harmless"].values())
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
    first = generate_substitutions(sentences, seed=3, per_relation=2, resources=RESOURCES)
    assert first == generate_substitutions(sentences, seed=3, per_relation=2, resources=RESOURCES)
    assert {c.relation for c in first} >= {"connective"}
    for case in first:
        assert case.original[: case.original_edit.start] == case.derived[: case.derived_edit.start]
        assert case.half == next(c.half for c in first if c.original == case.original)


def test_an_english_month_is_checkable_where_the_albanian_side_names_it_inflected() -> None:
    assert _stated_in_albanian("February", "Ligji u ndryshua në shkurt të vitit 2020.")
    assert _stated_in_albanian("October", "Zgjedhjet e 17 tetorit u mbajtën.")
    assert not _stated_in_albanian("March", "Ligji u ndryshua në shkurt të vitit 2020.")
    assert _stated_in_albanian("2020", "Ligji u ndryshua në shkurt të vitit 2020.")
