"""Prepared documents: made once, stored and reloaded, compared with many others."""

from __future__ import annotations

import json

import numpy as np
import pytest

from sourcetrace import Config, Document, PreparedDocument, Resources, compare, compare_prepared, prepare
from sourcetrace.errors import EmptyDocument, InvalidOption

STORY = (
    "By Anna Berg\n\n"
    "The city council voted on Tuesday to close the Elm Street library for repairs. "
    "Engineers found that the roof had been leaking for at least two winters.\n\n"
    "The repairs are expected to cost about 1.2 million dollars and to last eight months. "
    "Residents will be able to borrow books from a mobile library parked outside the town hall.\n"
)
COPY = (
    "Elm Street library will close, the council decided on Tuesday. "
    "Engineers found that the roof had been leaking for at least two winters. "
    "The repairs are expected to cost about 1.5 million dollars and to last eight months."
)


def test_a_prepared_document_marks_furniture_and_keeps_offsets() -> None:
    prepared = prepare(STORY, name="story")
    assert prepared.name == "story" and prepared.language == "en"
    assert [prepared.document.span_text(a.span) for a in prepared.document.artifacts] == ["By Anna Berg"]
    # the byline is blanked out of what is compared, with every offset unchanged
    assert len(prepared.comparable_text) == len(STORY)
    assert not prepared.comparable_text.startswith("By")
    assert prepared.sentences[0] == STORY[prepared.segments[0].start : prepared.segments[0].end]
    assert prepared.sentences[0].startswith("The city council voted")
    assert len(prepared.stems) == len(prepared.units.segments) == 4
    assert "librari" in prepared.stems[0] and "the" not in prepared.stems[0]


def test_a_prepared_document_survives_json_and_compares_the_same() -> None:
    source = prepare(STORY, name="story")
    stored = json.loads(json.dumps(source.to_dict()))
    reloaded = PreparedDocument.from_dict(stored)
    assert reloaded.to_dict() == source.to_dict()
    copy = prepare(COPY, name="copy")
    assert compare_prepared(reloaded, copy).to_dict() == compare_prepared(source, copy).to_dict()


def test_stored_embeddings_are_kept_exactly() -> None:
    def model(texts: list[str]) -> np.ndarray:
        return np.array([[len(t) / 7, t.count(" ") / 3, 1 / 3] for t in texts], dtype=np.float32)

    with Resources(embedding_model=model) as resources:
        prepared = prepare(STORY).with_embeddings(resources)
    assert prepared.embeddings is not None
    assert np.array_equal(prepared.embeddings, model(list(prepared.sentences)))
    reloaded = PreparedDocument.from_dict(json.loads(json.dumps(prepared.to_dict())))
    assert reloaded.embeddings is not None and reloaded.embeddings.dtype == np.float32
    assert np.array_equal(reloaded.embeddings, prepared.embeddings)


def test_one_document_prepared_once_gives_the_reports_of_separate_compares() -> None:
    config = Config()
    copies = [COPY, COPY.replace("1.5", "2.5"), "An unrelated note about the weather on the coast this week."]
    with Resources() as resources:
        source = prepare(Document(name="original", text=STORY), config)
        reports = [
            compare_prepared(source, prepare(Document(name="derived", text=c), config), config, resources).to_dict()
            for c in copies
        ]
    assert reports == [compare(STORY, c).to_dict() for c in copies]
    assert [r["verdict"] for r in reports][2] == "independent"
    assert reports[0]["passages"] and reports[0]["distortions"]


def test_a_document_prepared_under_other_settings_is_refused() -> None:
    lines = prepare(STORY, Config().with_options(segment="lines"))
    with pytest.raises(InvalidOption, match="prepared with segmentation='lines', but the config asks for 'sentences'"):
        compare_prepared(lines, prepare(COPY))


def test_blank_text_and_bad_data_are_refused() -> None:
    with pytest.raises(EmptyDocument, match="^empty: the text is empty$"):
        prepare(" \n\t", name="empty")
    with pytest.raises(InvalidOption, match="not a prepared document"):
        PreparedDocument.from_dict({"schema": "sourcetrace.report/1"})
