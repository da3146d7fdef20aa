"""The Config: defaults, validation, TOML files and what a field changes."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from sourcetrace import Config, compare, load_config
from sourcetrace.cli import cli
from sourcetrace.config import ConfigError, PassageParams

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def test_every_field_has_a_plain_value_and_round_trips() -> None:
    data = Config().to_dict()
    assert list(data) == [
        "segmentation", "alignment", "lexical", "lexical_document", "crosslingual", "translation",
        "assessment", "verdict",
    ]
    assert data["lexical"]["seed_cosine"] == 0.33 and data["translation"]["skip"] == 0.5
    assert Config.from_dict(data) == Config()


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"lexical": {"seed_cosine": 1.5}}, "lexical.seed_cosine must be in [0.0, 1.0], not 1.5"),
        ({"lexical": {"gap": "four"}}, "lexical.gap must be an integer, not 'four'"),
        ({"lexical": {"gap": 0}}, "lexical.gap must be at least lexical.min_gap (1), not 0"),
        ({"alignment": {"mode": "fast"}}, "alignment.mode must be one of auto, passages, document, not 'fast'"),
        ({"verdict": {"copy_coverage": True}}, "verdict.copy_coverage must be a number, not True"),
        ({"lexicon": {}}, "unknown config section 'lexicon'"),
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
    import json

    from_file = json.loads(CliRunner().invoke(cli, args).output)["options"]
    assert (from_file["segment"], from_file["mode"]) == ("lines", "passages")
    overridden = json.loads(CliRunner().invoke(cli, [*args, "--mode", "document"]).output)["options"]
    assert (overridden["segment"], overridden["mode"]) == ("lines", "document")
