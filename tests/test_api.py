"""The library entry point :func:`sourcetrace.compare` on small hand-written pairs."""

from __future__ import annotations

import io
import socket
from pathlib import Path

import pytest

from sourcetrace.assess import DETECTORS

import sourcetrace
from sourcetrace.config import Config
from sourcetrace import Document, Report, SourcetraceError, Span, compare
from sourcetrace.api import compare_files, coverage, verdict
from sourcetrace.errors import EmptyDocument, InvalidOption
from sourcetrace.model import Passage, Segment

LIBRARY = (
    "The town council voted on Wednesday to build a new library next to the railway station. "
    "The building will have three floors, a café and a room for local history exhibitions. "
    "Work is due to start in the spring and should be finished within two years."
)
BAKERY = (
    "A local bakery won a national prize for its rye bread on Saturday. "
    "The owners, who opened the shop twelve years ago, said the recipe came from a grandmother "
    "in Riga. They plan to hire two more bakers before the summer."
)
FLOOD = (
    "Heavy rain flooded several streets in the old town overnight. "
    "Firefighters pumped water out of a dozen cellars, and the river rose to its highest level "
    "since 2009. No one was hurt, but the market square stayed closed until noon."
)
STARS = (
    "Astronomers have measured the spin of a distant black hole with unusual precision. "
    "Their telescope recorded X-ray flares over six months of observations. "
    "The team hopes the method will work for smaller objects too."
)
STORY = f"{LIBRARY}\n\n{BAKERY}\n\n{FLOOD}\n"
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"


def _spans(report: Report) -> list[tuple[str, Span]]:
    """Every (side, span) of every passage and link, from the report dict."""
    found = []
    for passage in report.to_dict()["passages"]:
        for item in (passage, *passage["links"]):
            for side in ("original", "derived"):
                found.append((side, Span(item[side]["start"], item[side]["end"])))
    return found


def test_public_surface() -> None:
    assert sourcetrace.__version__ == "0.1.0"
    assert sorted(sourcetrace.__all__) == sorted(
        ["compare", "compare_prepared", "prepare", "align_pair", "load_config", "Config",
         "Resources", "PreparedDocument", "Document", "Span", "Segment", "Link", "Passage",
         "Report", "SourcetraceError", "Index", "IndexParams", "SearchParams", "__version__"]
    )
    for name in sourcetrace.__all__:
        assert hasattr(sourcetrace, name)


def test_verbatim_copy_is_one_verbatim_passage() -> None:
    report = compare(STORY, STORY)
    assert [p.kind for p in report.passages] == ["verbatim"]
    assert report.verdict == "copy"
    # A copy carries everything, faithfully: no distortion, no omission, no addition.
    assert report.scores == {"coverage": 1.0, "derived_from_original": 1.0, "fidelity": 1.0}
    assert (report.distortions, report.omissions, report.additions) == ((), (), ())


def test_compare_with_itself_covers_everything() -> None:
    report = compare(STORY, STORY)
    (passage,) = report.passages
    first, last = report.original_segments[0], report.original_segments[-1]
    assert passage.src == passage.tgt == Span(first.start, last.end)
    # Every sentence is linked to itself.
    assert [(link.src, link.tgt) for link in passage.links] == [
        ((i,), (i,)) for i in range(len(report.original_segments))
    ]


def test_unrelated_texts_are_independent() -> None:
    report = compare(LIBRARY, STARS)
    assert report.passages == ()
    assert report.verdict == "independent"
    # Nothing carried, so nothing carried faithfully: fidelity is 0.0, not a vacuous 1.0.
    assert report.scores == {"coverage": 0.0, "derived_from_original": 0.0, "fidelity": 0.0}


def test_moved_paragraph_is_found() -> None:
    derived = f"{FLOOD}\n\n{LIBRARY}\n\n{BAKERY}\n"
    report = compare(STORY, derived)
    assert report.passages
    data = report.to_dict()
    flood_src = (STORY.index(FLOOD), STORY.index(FLOOD) + len(FLOOD))
    flood_tgt = (0, len(FLOOD))
    moved = [
        link
        for passage in data["passages"]
        for link in passage["links"]
        if flood_src[0] <= link["original"]["start"] < flood_src[1]
    ]
    # The three flood sentences, now first, are each linked to their place in the original.
    assert len(moved) == 3
    for link in moved:
        assert flood_tgt[0] <= link["derived"]["start"] < link["derived"]["end"] <= flood_tgt[1]
        original = STORY[link["original"]["start"] : link["original"]["end"]]
        assert original == derived[link["derived"]["start"] : link["derived"]["end"]]


def test_partial_reuse() -> None:
    original = f"{LIBRARY}\n\n{BAKERY}\n\n{FLOOD}\n\n{STARS}\n"
    report = compare(original, f"{STARS}\n")
    assert report.verdict == "partial"
    assert report.scores["derived_from_original"] == 1.0
    assert report.scores["coverage"] < 0.5


@pytest.mark.parametrize(
    "derived",
    [
        STORY,
        f"{FLOOD}\n\n{LIBRARY}\n\n{BAKERY}\n",
        f"Breaking.\r\n\r\n{BAKERY}\r\n\r\n{STARS}",
        f"  {LIBRARY.replace('three', 'two')}  \n\n\t{FLOOD}",
    ],
)
def test_offsets_index_the_texts(derived: str) -> None:
    report = compare(STORY, derived)
    texts = {"original": STORY, "derived": derived}
    # Every derived text reuses a paragraph of STORY or more: there are spans to check.
    assert report.passages and all(passage.links for passage in report.passages)
    for side, span in _spans(report):
        piece = texts[side][span.start : span.end]
        assert 0 <= span.start < span.end <= len(texts[side])
        # A span starts and ends on text, never on the whitespace around it.
        assert piece == piece.strip()
    for passage in report.passages:
        segments = {"original": report.original_segments, "derived": report.derived_segments}
        for link in passage.links:
            for side, indices in (("original", link.src), ("derived", link.tgt)):
                chosen = [segments[side][i] for i in indices]
                assert all(s.end - s.start > 0 for s in chosen)


def test_link_spans_cover_their_segments() -> None:
    report = compare(STORY, f"{FLOOD}\n\n{LIBRARY}\n")
    data = report.to_dict()
    # The two moved paragraphs, three sentences each, are linked sentence by sentence.
    assert [len(passage["links"]) for passage in data["passages"]] == [3, 3]
    for passage in data["passages"]:
        for link in passage["links"]:
            src = [report.original_segments[i] for i in link["original_segments"]]
            tgt = [report.derived_segments[i] for i in link["derived_segments"]]
            assert link["original"] == {"start": src[0].start, "end": src[-1].end}
            assert link["derived"] == {"start": tgt[0].start, "end": tgt[-1].end}


def test_to_dict_is_deterministic() -> None:
    derived = f"{FLOOD}\n\n{LIBRARY.replace('three', 'four')}\n"
    assert compare(STORY, derived).to_dict() == compare(STORY, derived).to_dict()


def test_string_arguments_are_named_and_options_recorded() -> None:
    data = compare(STORY, STORY, segment="lines").to_dict()
    assert (data["original"]["name"], data["derived"]["name"]) == ("original", "derived")
    expected_config = Config().with_options(segment="lines").to_dict()
    assert data["options"] == {
        "segment": "lines", "mode": "auto",
        "detectors": list(DETECTORS),
        "config": expected_config,
    }
    assert data["options"]["config"]["segmentation"]["mode"] == "lines"
    assert data["original"]["length"] == len(STORY)


def test_documents_keep_their_names() -> None:
    report = compare(Document("a.txt", STORY), Document("b.txt", STORY))
    assert (report.original.name, report.derived.name) == ("a.txt", "b.txt")


@pytest.mark.parametrize("text", ["", "   \n\t\n"])
def test_empty_text_is_refused(text: str) -> None:
    with pytest.raises(EmptyDocument) as caught:
        compare(text, STORY)
    assert str(caught.value) == "original: the text is empty"
    with pytest.raises(EmptyDocument, match="^derived: the text is empty$"):
        compare(STORY, text)
    assert isinstance(caught.value, SourcetraceError)


def test_unknown_segment_mode() -> None:
    with pytest.raises(InvalidOption, match="^segmentation.mode must be one of sentences, lines, not 'words'$"):
        compare(STORY, STORY, segment="words")  # type: ignore[arg-type]


def test_compare_files_reads_paths_and_stdin(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(STORY, encoding="utf-8")
    report = compare_files(path, "-", stdin=io.BytesIO(STORY.encode("utf-8")))
    assert (report.original.name, report.derived.name) == (str(path), "<stdin>")
    assert report.verdict == "copy"


def test_compare_files_refuses_two_stdins() -> None:
    with pytest.raises(InvalidOption) as caught:
        compare_files("-", "-")
    assert str(caught.value) == "only one of ORIGINAL and DERIVED can be read from stdin (-)"


def test_example_pair_is_a_rewrite() -> None:
    report = compare_files(EXAMPLES / "harbour-original.txt", EXAMPLES / "harbour-derived.txt")
    assert report.passages
    # Over four fifths of the story is carried, reworded and reordered: a rewrite, not partial
    # reuse (which is under half of the original carried).
    assert report.scores["coverage"] > 0.5
    assert report.verdict == "rewrite"


def test_coverage_counts_segment_characters() -> None:
    segments = (Segment(0, 0, 10), Segment(1, 12, 22))
    assert coverage(segments, []) == 0.0
    assert coverage(segments, [Span(0, 22)]) == 1.0
    assert coverage(segments, [Span(5, 10), Span(0, 7)]) == 0.5
    assert coverage(segments, [Span(0, 5), Span(12, 17)]) == 0.5
    assert coverage((), [Span(0, 5)]) == 0.0


def _passage(kind: str, tgt: Span) -> Passage:
    return Passage(src=Span(0, 10), tgt=tgt, kind=kind, similarity=0.9)  # type: ignore[arg-type]


def test_verdict_rules() -> None:
    verbatim = _passage("verbatim", Span(0, 100))
    assert verdict([], 0.0, 0.0) == "independent"
    assert verdict([verbatim], 0.9, 0.8) == "copy"
    assert verdict([verbatim], 0.7, 0.9) == "rewrite"
    assert verdict([verbatim], 0.4, 0.9) == "partial"
    assert verdict([_passage("paraphrase", Span(0, 100))], 0.9, 0.9) == "rewrite"
    summary = [_passage("summary", Span(0, 60)), _passage("paraphrase", Span(70, 110))]
    assert verdict(summary, 0.9, 0.9) == "summary"
    # Two known, different languages make a translation; unknown languages do not.
    assert verdict([verbatim], 0.9, 0.9, languages=("en", "sq")) == "translation"
    assert verdict([verbatim], 0.9, 0.9, languages=(None, "sq")) == "copy"
    assert verdict([_passage("translation", Span(0, 100))], 0.7, 0.9) == "translation"
    # Less than half of the original carried is partial, whatever the languages.
    assert verdict([verbatim], 0.4, 0.9, languages=("en", "sq")) == "partial"


def test_the_test_suite_has_no_network() -> None:
    with pytest.raises(OSError, match="network access in a test"):
        socket.create_connection(("192.0.2.1", 80), timeout=1)


def test_json_report_carries_texts_segments_and_findings() -> None:
    from sourcetrace.model import Addition, Artifact, Distortion, Omission

    original = Document(
        name="o",
        text=(
            "Photo: Reuters\n\nThree officials from the port authority met the fishermen's union"
            " on Monday to settle the dispute over berth fees. They agreed to freeze the fees"
            " until the end of the season and to review them with the town council next spring."
        ),
        artifacts=(Artifact(Span(0, 14), "credit"),),
    )
    derived_text = (
        "Two officials from the port authority met the fishermen's union on Monday to settle"
        " the dispute over berth fees. They agreed to freeze the fees until the end of the"
        " season and to review them with the town council next spring. A new line."
    )
    report = compare(original, derived_text)
    report = Report(
        **{
            **report.__dict__,
            "distortions": (Distortion("number", "critical", Span(16, 21), Span(0, 3), "three -> two"),),
            "omissions": (Omission(Span(0, 14), artifact=True),),
            "additions": (Addition(Span(len(derived_text) - 11, len(derived_text))),),
        }
    )
    data = report.to_dict()
    assert data["original"]["text"] == original.text
    assert data["derived"]["segments"][0][:2] == [0, 112]
    assert data["distortions"][0]["original"]["text"] == "Three"
    assert data["distortions"][0]["derived"]["text"] == "Two"
    assert data["artifacts"] == [
        {"side": "original", "start": 0, "end": 14, "text": "Photo: Reuters", "kind": "credit"}
    ]
    assert data["additions"][0]["text"] == "A new line."
    statuses = [link["status"] for p in data["passages"] for link in p["links"]]
    assert "distorted" in statuses


def test_lines_mode_keeps_every_line_a_segment_even_page_furniture() -> None:
    original = (
        "INTERNATIONAL ELECTION OBSERVATION MISSION\n"
        "The municipal elections were held on 24 March in a calm atmosphere.\n"
        "Voters could choose between genuine alternatives in most municipalities.\n"
        "The election administration worked efficiently and on time.\n"
    )
    derived = (
        "MISIONI NDËRKOMBËTAR PËR VËZHGIMIN E ZGJEDHJEVE\n"
        "The municipal elections were held on 24 March in a calm atmosphere.\n"
        "Voters could choose between genuine alternatives in most municipalities.\n"
        "The election administration worked efficiently and on time.\n"
    )
    report = compare(original, derived, segment="lines")
    assert len(report.original_segments) == 4 and len(report.derived_segments) == 4
    pairs = {(link.src, link.tgt) for p in report.passages for link in p.links}
    assert {((1,), (1,)), ((2,), (2,)), ((3,), (3,))} <= pairs
