"""The Config: defaults, validation, TOML files and what a field of each section changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from assessing import RESOURCES, sentence_pair
from sourcetrace import Config, compare, load_config, prepare
from sourcetrace.assess import detect
from sourcetrace.cli import cli
from sourcetrace.config import ConfigError, PassageParams

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_every_field_has_a_plain_value_and_round_trips() -> None:
    data = Config().to_dict()
    assert list(data) == [
        "segmentation", "language", "furniture", "alignment", "lexical", "lexical_document",
        "crosslingual", "translation", "assessment", "number", "date", "entity", "negation",
        "quote", "garbled", "substitution", "lexicon", "verdict",
    ]
    assert data["lexical"]["seed_cosine"] == 0.33 and data["translation"]["skip"] == 0.5
    assert data["quote"] == {"min_pairing": 50.0, "paraphrased_edits": 3}
    assert Config.from_dict(data) == Config()


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"lexical": {"seed_cosine": 1.5}}, "lexical.seed_cosine must be in [0.0, 1.0], not 1.5"),
        ({"lexical": {"gap": "four"}}, "lexical.gap must be an integer, not 'four'"),
        ({"lexical": {"gap": 0}}, "lexical.gap must be at least lexical.min_gap (1), not 0"),
        ({"alignment": {"mode": "fast"}}, "alignment.mode must be one of auto, passages, document, not 'fast'"),
        ({"verdict": {"copy_coverage": True}}, "verdict.copy_coverage must be a number, not True"),
        ({"lexicons": {}}, "unknown config section 'lexicons'"),
        ({"quote": {"min_pairing": 150}}, "quote.min_pairing must be in [0.0, 100.0], not 150.0"),
        ({"segmentation": {"max_heading_words": 0}}, "segmentation.max_heading_words must be in [1, inf), not 0"),
        ({"lexicon": {"kin_steps": 1.5}}, "lexicon.kin_steps must be an integer, not 1.5"),
        ({"language": {"min_confidence": -0.1}}, "language.min_confidence must be in [0.0, 1.0], not -0.1"),
        ({"lexical": {"seed_cosin": 0.3}}, "unknown config field lexical.seed_cosin"),
        ({"assessment": {"detectors": "number"}}, "assessment.detectors must be a list of names, not 'number'"),
    ],
)
def test_an_invalid_value_names_the_field_and_what_it_allows(values: dict, message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        Config.from_dict(values)
    assert str(caught.value).startswith(message)


def test_a_section_checks_its_fields_when_built_directly() -> None:
    with pytest.raises(ConfigError, match=r"^lexical.min_chars must be in \[0, inf\), not -1$"):
        PassageParams(min_chars=-1)
    assert PassageParams(seed_cosine=1).seed_cosine == 1.0  # an integer is a number


def test_a_toml_file_changes_only_the_fields_it_names(tmp_path: Path) -> None:
    path = tmp_path / "strict.toml"
    path.write_text("[verdict]\ncopy_coverage = 0.95\n\n[lexical]\nmin_chars = 200\n", encoding="utf-8")
    config = load_config(path)
    assert config.verdict.copy_coverage == 0.95 and config.lexical.min_chars == 200
    assert config.lexical.seed_cosine == Config().lexical.seed_cosine


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[lexical\n", "not a valid TOML file"),
        ("[lexical]\nseed_cosine = 2\n", "lexical.seed_cosine must be in [0.0, 1.0], not 2.0"),
    ],
)
def test_a_bad_toml_file_is_one_error_line(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(cli, ["compare", str(EXAMPLES / "harbour-original.txt"),
                                      str(EXAMPLES / "harbour-derived.txt"), "--config", str(path)])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: {path}: ") and message in result.output
    assert result.output.count("\n") == 1


def test_a_missing_config_file_is_one_error_line(tmp_path: Path) -> None:
    missing = tmp_path / "none.toml"
    result = CliRunner().invoke(cli, ["compare", str(EXAMPLES / "harbour-original.txt"),
                                      str(EXAMPLES / "harbour-derived.txt"), "--config", str(missing)])
    assert (result.exit_code, result.output) == (1, f"Error: {missing}: config file not found\n")


def test_verdict_thresholds_change_the_verdict() -> None:
    original = (EXAMPLES / "harbour-original.txt").read_text(encoding="utf-8")
    derived = (EXAMPLES / "harbour-derived.txt").read_text(encoding="utf-8")
    default = compare(original, derived)
    assert default.verdict == "rewrite" and 0.8 < default.scores["coverage"] < 0.9
    strict = compare(original, derived, config=Config.from_dict({"verdict": {"partial_coverage": 0.9}}))
    assert strict.verdict == "partial"
    assert strict.options["config"]["verdict"]["partial_coverage"] == 0.9


def test_a_config_file_and_an_option_combine_on_the_command_line(tmp_path: Path) -> None:
    path = tmp_path / "lines.toml"
    path.write_text('[segmentation]\nmode = "lines"\n[alignment]\nmode = "passages"\n', encoding="utf-8")
    args = ["compare", str(EXAMPLES / "harbour-original.txt"), str(EXAMPLES / "harbour-derived.txt"),
            "--format", "json", "--config", str(path)]
    from_file = json.loads(CliRunner().invoke(cli, args).output)["options"]
    assert (from_file["segment"], from_file["mode"]) == ("lines", "passages")
    overridden = json.loads(CliRunner().invoke(cli, [*args, "--mode", "document"]).output)["options"]
    assert (overridden["segment"], overridden["mode"]) == ("lines", "document")


# --- what a field of each section changes ------------------------------------------------------


def _with(section: str, **fields: object) -> Config:
    return Config.from_dict({section: fields})


def _findings(original: str, derived: str, detector: str, config: Config | None = None) -> list[tuple[str, str, str]]:
    pair = sentence_pair(original, derived, config=config)
    return [
        (f.severity, original[f.original.start : f.original.end], derived[f.derived.start : f.derived.end])
        for f in detect(pair, [detector])
    ]


def test_segmentation_heading_limits_decide_whether_a_line_is_a_heading() -> None:
    text = (
        "Harbour works delayed again\n"
        "The council said on Monday that the repairs to the sea wall would take another year."
    )
    assert prepare(text, resources=RESOURCES).sentences == (
        "Harbour works delayed again",
        "The council said on Monday that the repairs to the sea wall would take another year.",
    )
    # Four words are too many for a heading of at most three: the line runs on into the next.
    joined = prepare(text, _with("segmentation", max_heading_words=3), resources=RESOURCES)
    assert joined.sentences == (text,)
    assert joined.preparation["segmentation.max_heading_words"] == 3


def test_language_vote_share_and_chunk_size_decide_the_language() -> None:
    english = [
        "The council met on Tuesday and agreed to repair the old bridge before the winter storms arrive in the valley.",
        "The mayor said the works would cost about two million euros and take most of the next year to finish.",
    ]
    albanian = "Këshilli u mblodh të martën dhe ra dakord të riparojë urën e vjetër para stuhive të dimrit."
    text = "\n".join([*english, albanian, english[0]]) + "\n"
    assert prepare(text, resources=RESOURCES).language == "en"
    # Judged as one chunk, English wins under half of the vote: not enough for 0.6.
    assert prepare(text, _with("language", min_confidence=0.6), resources=RESOURCES).language is None
    # Judged line by line, three English lines outvote the Albanian one.
    by_line = Config.from_dict({"language": {"min_confidence": 0.6, "chunk_chars": 50}})
    assert prepare(text, by_line, resources=RESOURCES).language == "en"


def test_furniture_limits_decide_what_is_a_byline() -> None:
    text = (
        "By Jane Doe and John Smith in Durrës\n\n"
        "The council said on Monday that the repairs to the sea wall would take another year.\n"
    )
    assert [a.kind for a in prepare(text, resources=RESOURCES).document.artifacts] == ["byline"]
    short = prepare(text, _with("furniture", byline_max_words=3), resources=RESOURCES)
    assert short.document.artifacts == ()


def test_assessment_phrase_size_decides_what_is_an_added_phrase() -> None:
    original = (
        "The harbour board met on Tuesday to discuss the repairs to the old sea wall. "
        "The council approved the budget for the works. "
        "Work on the wall will begin in the spring and should end before the winter storms."
    )
    derived = original.replace("for the works.", "for the works despite strong local objections.")
    default = compare(original, derived, resources=RESOURCES)
    assert default.passages
    assert [(a.level, derived[a.span.start : a.span.end]) for a in default.additions] == [
        ("phrase", "despite strong local objections")
    ]
    stricter = compare(original, derived, resources=RESOURCES, config=_with("assessment", phrase_min_content_words=5))
    assert stricter.passages and stricter.additions == ()
    assert stricter.options["config"]["assessment"]["phrase_min_content_words"] == 5


def test_number_qualifier_window_decides_whether_a_number_was_approximate() -> None:
    original, derived = "The works cost about 350 euros.", "The works cost 350 euros."
    assert _findings(original, derived, "number") == [("minor", "350", "350")]
    assert _findings(original, derived, "number", _with("number", qualifier_window_chars=3)) == []


def test_date_day_weight_decides_which_date_replaced_which() -> None:
    original = "The works began on 5 June 2020."
    derived = "The works began on 9 June 2019 and ended on 5 July 2019."
    assert _findings(original, derived, "date") == [("critical", "5 June 2020", "5 July 2019")]
    assert _findings(original, derived, "date", _with("date", day_weight=0)) == [
        ("critical", "5 June 2020", "9 June 2019")
    ]


def test_entity_name_similarity_decides_whether_two_spellings_are_one_name() -> None:
    original = "President Volodymyr Zelenskyy met the envoy in Kyiv."
    derived = "President Volodymyr Zelensky met the envoy in Kyiv."
    assert _findings(original, derived, "entity") == []
    assert _findings(original, derived, "entity", _with("entity", same_name_similarity=100)) == [
        ("critical", "Volodymyr Zelenskyy", "Volodymyr Zelensky")
    ]


def test_negation_extent_decides_whether_the_negated_word_is_shown() -> None:
    original, derived = "The minister did not attend the meeting.", "The minister attended the meeting."
    assert _findings(original, derived, "negation") == [("critical", "not attend", "attended")]
    assert _findings(original, derived, "negation", _with("negation", max_extent_chars=0)) == [
        ("critical", "not", "attended")
    ]


def test_quote_paraphrase_count_decides_the_severity_of_a_misquote() -> None:
    original = '"We will rebuild the harbour wall before the winter," the mayor said.'
    derived = '"We will repair the harbour wall before winter," the mayor said.'
    # One content word changed, one function word dropped: two edits, under three.
    assert _findings(original, derived, "quote") == [
        ("critical", "rebuild the harbour wall before the", "repair")
    ]
    assert _findings(original, derived, "quote", _with("quote", paraphrased_edits=2)) == [
        ("minor", "rebuild the harbour wall before the", "repair")
    ]


def test_garbled_overlap_limit_decides_what_is_garbled() -> None:
    original = "The harbour board said the repairs to the old sea wall would cost more than expected."
    derived = "The port council told that fixing on ancient ocean barrier will price over than awaited ."
    assert [severity for severity, _, _ in _findings(original, derived, "garbled")] == ["minor"]
    assert _findings(original, derived, "garbled", _with("garbled", max_overlap=0.0)) == []


def test_substitution_shared_words_decide_whether_words_are_paired() -> None:
    original, derived = "The mayor welcomed the proposal.", "The mayor rejected the proposal."
    assert _findings(original, derived, "substitution") == [("critical", "welcomed", "rejected")]
    assert _findings(original, derived, "substitution", _with("substitution", min_shared=0.9)) == []


def test_lexicon_reach_decides_whether_two_events_are_kin() -> None:
    original = "Troops began an invasion of the valley."
    derived = "Troops began an occupation of the valley."
    assert _findings(original, derived, "substitution") == [("minor", "invasion", "occupation")]
    unrelated = Config.from_dict({"lexicon": {"kin_steps": 0, "event_kin_steps": 0}})
    assert _findings(original, derived, "substitution", unrelated) == []


# --- --config on every command that computes --------------------------------------------------


def _bad_config(tmp_path: Path) -> Path:
    path = tmp_path / "bad.toml"
    path.write_text("[quote]\nmin_pairing = 150\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "command",
    [
        ["compare", str(EXAMPLES / "harbour-original.txt"), str(EXAMPLES / "harbour-derived.txt")],
        ["eval", "pan", "corpus", "--detections", "out"],
        ["eval", "bitext", str(EXAMPLES / "harbour-original.txt"), str(EXAMPLES / "harbour-derived.txt")],
        ["eval", "distortions", "data"],
        ["index", "add", "sources.db", str(EXAMPLES / "harbour-original.txt")],
        ["scan", "sources.db", str(EXAMPLES / "harbour-derived.txt")],
    ],
)
def test_an_invalid_config_value_is_one_error_line_on_every_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    monkeypatch.chdir(tmp_path)  # nothing a command might write lands in the checkout
    path = _bad_config(tmp_path)
    result = CliRunner().invoke(cli, [*command, "--config", str(path)])
    assert (result.exit_code, result.output) == (
        1, f"Error: {path}: quote.min_pairing must be in [0.0, 100.0], not 150.0\n"
    )


def test_a_config_file_changes_what_compare_reports(tmp_path: Path) -> None:
    path = tmp_path / "loose.toml"
    path.write_text("[verdict]\npartial_coverage = 0.95\n", encoding="utf-8")
    args = ["compare", str(EXAMPLES / "harbour-original.txt"), str(EXAMPLES / "harbour-derived.txt"),
            "--format", "json"]
    assert json.loads(CliRunner().invoke(cli, args).output)["verdict"] == "rewrite"
    report = json.loads(CliRunner().invoke(cli, [*args, "--config", str(path)]).output)
    assert report["verdict"] == "partial"
    assert report["options"]["config"]["verdict"]["partial_coverage"] == 0.95
