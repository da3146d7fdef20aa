"""The passage builder's method as named stage lists: complete, in order, and naming real fields."""

from __future__ import annotations

from dataclasses import fields

from aligning import align_texts
from sourcetrace.align import stages
from sourcetrace.align.stages import (
    CROSSLINGUAL_DOCUMENT_STAGES,
    CROSSLINGUAL_STAGES,
    LEXICAL_DOCUMENT_STAGES,
    LEXICAL_PASSAGE_STAGES,
    LEXICAL_STAGES,
    Stage,
    run_stages,
)
from sourcetrace.config import Config

ALL_LISTS = (
    LEXICAL_STAGES, LEXICAL_DOCUMENT_STAGES, LEXICAL_PASSAGE_STAGES, CROSSLINGUAL_STAGES, CROSSLINGUAL_DOCUMENT_STAGES
)
# Fields that no stage reads, because preparation or the choice between lists does.
NOT_A_STAGE = {"lexical.max_unit_words", "alignment.mode", "alignment.mostly_mapped"}
ALIGN_SECTIONS = ("lexical", "lexical_document", "crosslingual", "translation", "alignment")


def test_the_same_language_method_reads_in_order() -> None:
    assert [s.name for s in LEXICAL_STAGES] == [
        "seeds", "split around copies", "diagonal runs", "weak company", "summaries",
        "explained by sentences", "overlaps", "size and evidence", "loose beside copies",
        "summaries of runs", "edges",
    ]
    assert [s.name for s in LEXICAL_PASSAGE_STAGES] == ["passages", "verbatim edges", "slivers"]
    assert [s.name for s in LEXICAL_DOCUMENT_STAGES] == ["document alignment", "passages", "verbatim edges"]
    assert [s.name for s in CROSSLINGUAL_STAGES] == ["seeds", "overlaps", "size and evidence"]


def test_every_field_a_stage_names_exists_in_the_config() -> None:
    config = Config().to_dict()
    for stage in (s for stage_list in ALL_LISTS for s in stage_list):
        for name in stage.reads:
            section, field = name.split(".")
            assert field in config[section], f"stage {stage.name!r} names unknown field {name}"


def test_every_alignment_threshold_is_read_by_some_stage() -> None:
    read = {name for stage_list in ALL_LISTS for stage in stage_list for name in stage.reads}
    config = Config()
    for section in ALIGN_SECTIONS:
        for spec in fields(getattr(config, section)):
            name = f"{section}.{spec.name}"
            if name not in NOT_A_STAGE:
                assert name in read, f"no stage names {name}"


def test_running_the_stages_is_running_each_in_turn() -> None:
    calls: list[str] = []
    def step(name: str) -> Stage:
        return Stage(name, lambda items, pair: calls.append(name) or items + [name], ())

    steps = tuple(step(name) for name in "abc")
    assert run_stages(steps, [], pair=None) == ["a", "b", "c"]
    assert calls == ["a", "b", "c"]


STORY = (
    "The city council voted on Tuesday to close the Elm Street library for repairs. "
    "Engineers found that the roof had been leaking for at least two winters. "
    "The repairs are expected to cost about 1.2 million dollars and to last eight months. "
    "Residents will be able to borrow books from a mobile library parked outside the town hall. "
)
OTHER = (
    "Elsewhere, the regional football league announced a new schedule for the spring season. "
    "Matches will now start an hour earlier on Saturdays to avoid clashing with the evening market. "
)
FILLER = (
    "A bakery on the high street celebrated its fiftieth anniversary with free pastries. "
    "The owners, a family of four generations, said they had no plans to retire. "
    "Queues formed before dawn and stretched around the corner by seven o'clock. "
)


def test_a_stage_left_out_of_the_list_changes_the_result(monkeypatch) -> None:
    # The stage lists are the method: without the seeds stage nothing is found.
    original, derived = STORY + OTHER, FILLER + STORY
    (passage,) = align_texts(original, derived)
    assert derived[passage.tgt.start : passage.tgt.end] == STORY.strip()
    monkeypatch.setattr(stages, "LEXICAL_STAGES", tuple(s for s in LEXICAL_STAGES if s.name != "seeds"))
    assert align_texts(original, derived) == ()
