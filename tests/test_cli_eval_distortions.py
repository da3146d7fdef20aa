"""``sourcetrace eval distortions`` on a small data folder built for the test.

The folder has the layout of ``../shared/data`` (an en-sq-dev document, a PAN source document,
an MSRP file) with a few sentences written here, so the command runs in seconds and needs
nothing from ``../shared``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from sourcetrace.cli import cli
from sourcetrace.evaluate.distortions import CROSS_LANGUAGE_TYPES, EDIT_TYPES, HARMLESS_TYPES

ENGLISH = [
    "The council said on Monday that 14 new homes will be built near the station.",
    "The ferry service was suspended because of the storm on 3 March 2021.",
    "Officials in Kelsby certainly hoped the defence budget would rise by 5 per cent.",
    "Maria Lund, the mayor of Tarnby, opened the new library in June 2019.",
    "The harbour board said the repairs would cost 350 euros per metre of wall.",
    "About 120 fishermen protested outside the offices of the port authority in Durrës.",
    "The new bridge over the river will open to traffic in October 2024.",
    "The minister did not attend the meeting with the union leaders on Friday.",
    "Turnout in the municipal elections reached 46 per cent, the commission said.",
    "The school will remain closed until the roof is repaired in September.",
]
ALBANIAN = [
    "Këshilli tha të hënën se 14 shtëpi të reja do të ndërtohen pranë stacionit.",
    "Shërbimi i tragetit u pezullua për shkak të stuhisë më 3 mars 2021.",
    "Zyrtarët në Kelsby shpresonin se buxheti i mbrojtjes do të rritej me 5 për qind.",
    "Maria Lund, kryetarja e Tarnby, hapi bibliotekën e re në qershor 2019.",
    "Bordi i portit tha se riparimet do të kushtonin 350 euro për metër muri.",
    "Rreth 120 peshkatarë protestuan para zyrave të autoritetit portual në Durrës.",
    "Ura e re mbi lumë do të hapet për trafikun në tetor 2024.",
    "Ministri nuk mori pjesë në takimin me drejtuesit e sindikatës të premten.",
    "Pjesëmarrja në zgjedhjet vendore arriti në 46 për qind, tha komisioni.",
    "Shkolla do të mbetet e mbyllur derisa të riparohet çatia në shtator.",
]
PAN_SOURCE = (
    'The museum director said: "We did not expect so many visitors this year, and we will need'
    ' more staff." Ticket sales rose by 30 per cent in the first six months. The museum will'
    " probably extend its opening hours in the summer.\n"
    "The talks at NATO headquarters in Brussels ended late on Friday, a spokesman said.\n"
)
# (label, sentence 1, sentence 2): only the first paraphrase has the same numbers and
# capitalised words on both sides ("Acme" starts the second sentence of its pair; "3" is
# "three"), so the MSRP check takes one pair.
MSRP = [
    ("1", "The company said profits rose 12 percent in the third quarter.",
     "Profits rose 12 percent in the third quarter, the company said."),
    ("1", "Shares of Acme closed at 45 dollars on Tuesday.", "Acme shares ended Tuesday at 45 dollars."),
    ("0", "The mayor resigned on Monday.", "The mayor was re-elected on Monday."),
    ("1", "The storm killed 3 people.", "The storm killed three people in the region."),
]
# Cases made of each type from these sentences with --per-type 2: one quotation long enough
# to edit, one date to write in another format, one acronym.
EDIT_CASES = {"number": 2, "date": 2, "entity": 2, "negation": 2, "quote": 1, "hedge": 2}
HARMLESS_CASES = {"spelling": 2, "case": 1, "date_format": 1, "number_format": 2, "synonym": 2,
                  "coreference": 2}

TEXT_OUTPUT = """\
edits:
  type            cases  recall precision
  number              2  1.0000    1.0000
  date                2  1.0000    1.0000
  entity              2  1.0000    1.0000
  negation            2  1.0000    1.0000
  quote               1  1.0000    1.0000
  hedge               2  1.0000    1.0000
cross-language (sq vs edited en):
  type            cases  recall precision
  number              2  1.0000    1.0000
  date                2  1.0000    1.0000
harmless rewrites flagged critical:
  spelling            2  0.0000
  case                1  0.0000
  date_format         1  0.0000
  number_format       2  0.0000
  synonym             2  0.0000
  coreference         2  0.0000
MSRP paraphrases with a critical finding: 0/1 (0.0000)
substitution development set (found / flagged critical):
  relation       half       cases    rate
  antonym        dev            2  1.0000
  antonym        held-out       3  0.6667
  antonym        all            5  0.8000
  co-hyponym     dev            3  1.0000
  co-hyponym     held-out       2  0.5000
  co-hyponym     all            5  0.8000
  connective     dev            0  0.0000
  connective     held-out       1  1.0000
  connective     all            1  1.0000
  synonym        dev            2  0.0000
  synonym        held-out       3  0.0000
  synonym        all            5  0.0000
  hypernym       dev            1  0.0000
  hypernym       held-out       3  0.0000
  hypernym       all            4  0.0000
"""


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("data")
    document = root / "en-sq-dev" / "doc01"
    document.mkdir(parents=True)
    (document / "en.txt").write_text("\n".join(ENGLISH) + "\n", encoding="utf-8")
    (document / "sq.txt").write_text("\n".join(ALBANIAN) + "\n", encoding="utf-8")
    sources = root / "pan13-train" / "src"
    sources.mkdir(parents=True)
    (sources / "source-document00001.txt").write_text(PAN_SOURCE, encoding="utf-8")
    (root / "msrp-train").mkdir()
    rows = "".join(f"{label}\t{k}\t{k + 100}\t{a}\t{b}\n" for k, (label, a, b) in enumerate(MSRP))
    # MSRP files start with a byte order mark
    (root / "msrp-train" / "msr_paraphrase_train.txt").write_text("\ufeff" + rows, encoding="utf-8")
    return root


def distortions(*args: str):
    return CliRunner().invoke(cli, ["eval", "distortions", *args])


def test_json_scores_every_type_on_the_cases_made(data_dir: Path) -> None:
    result = distortions(str(data_dir), "--per-type", "2", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert list(data) == ["edits", "harmless", "cross_language", "msrp", "substitutions"]
    assert list(data["edits"]) == list(EDIT_TYPES)
    assert {name: row["cases"] for name, row in data["edits"].items()} == EDIT_CASES
    # Every edit made of these sentences is found, and nothing else is flagged.
    assert {(row["found"], row["false_alarms"]) for row in data["edits"].values()} == {(1, 0), (2, 0)}
    assert list(data["harmless"]) == list(HARMLESS_TYPES)
    assert {name: row["cases"] for name, row in data["harmless"].items()} == HARMLESS_CASES
    assert {row["flagged_critical"] for row in data["harmless"].values()} == {0}
    assert list(data["cross_language"]) == list(CROSS_LANGUAGE_TYPES)
    assert [row["cases"] for row in data["cross_language"].values()] == [2, 2]
    assert data["msrp"] == {"pairs": 1, "flagged_critical": 0, "rate": 0.0}
    # The substitution set (two per relation and half asked, fewer where the sentences lack
    # one): critical replacements counted as found, harmless ones as flagged.
    substitutions = data["substitutions"]
    assert list(substitutions) == ["antonym", "co-hyponym", "connective", "synonym", "hypernym"]
    assert substitutions["antonym"]["all"] == {"cases": 5, "found": 4, "rate": 0.8}
    assert {substitutions[kind]["all"]["flagged_critical"] for kind in ("synonym", "hypernym")} == {0}


def test_text_output_is_the_table(data_dir: Path) -> None:
    result = distortions(str(data_dir), "--per-type", "2")
    assert result.exit_code == 0, result.output
    assert result.output == TEXT_OUTPUT


def test_the_same_seed_gives_the_same_bytes(data_dir: Path) -> None:
    first = distortions(str(data_dir), "--per-type", "1", "--seed", "7", "--json")
    second = distortions(str(data_dir), "--per-type", "1", "--seed", "7", "--json")
    assert first.exit_code == 0, first.output
    assert first.stdout_bytes == second.stdout_bytes
    assert {row["cases"] for row in json.loads(first.output)["edits"].values()} == {1}


def test_a_folder_without_the_other_sets_scores_what_it_has(tmp_path: Path) -> None:
    # Only the PAN source: no cross-language cases, no MSRP pairs, and fewer sentences.
    sources = tmp_path / "pan13-train" / "src"
    sources.mkdir(parents=True)
    (sources / "source-document00001.txt").write_text(PAN_SOURCE, encoding="utf-8")
    result = distortions(str(tmp_path), "--per-type", "2", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["cross_language"] == {}
    assert data["msrp"] == {"pairs": 0, "flagged_critical": 0, "rate": 0.0}
    # Four sentences: one number (30 per cent; "six months" is a time), one date (Friday),
    # and no second name of a kind to swap one for. Edit types are all listed, with 0 cases
    # where none could be made; harmless types only where a case was made.
    assert {name: row["cases"] for name, row in data["edits"].items()} == {
        "number": 1, "date": 1, "entity": 0, "negation": 2, "quote": 1, "hedge": 2
    }
    assert {name: row["cases"] for name, row in data["harmless"].items()} == {
        "case": 1, "number_format": 1, "synonym": 2, "coreference": 1
    }


def test_user_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    result = distortions("missing")
    assert (result.exit_code, result.output) == (1, "Error: missing: not a folder\n")
    result = distortions("empty")
    assert result.exit_code == 1
    assert result.output == (
        "Error: empty: no English sentences found (expected en-sq-dev, pan13-train or"
        " msrp-train inside)\n"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["notes.txt"], "Error: Invalid value for 'DATA_DIR': Directory 'notes.txt' is a file.\n"),
        (["empty", "--per-type", "0"], "Error: Invalid value for '--per-type': 0 is not in the range x>=1.\n"),
        (["empty", "--seed", "many"], "Error: Invalid value for '--seed': 'many' is not a valid integer.\n"),
    ],
)
def test_bad_usage_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], message: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "empty").mkdir()
    (tmp_path / "notes.txt").write_text("notes\n", encoding="utf-8")
    result = distortions(*args)
    assert result.exit_code == 2
    assert result.output.startswith("Usage: ") and result.output.endswith(message)


def test_a_config_file_chooses_the_detectors_and_their_thresholds(data_dir: Path, tmp_path: Path) -> None:
    config = tmp_path / "dates.toml"
    config.write_text('[assessment]\ndetectors = ["date"]\n', encoding="utf-8")
    result = distortions(str(data_dir), "--per-type", "2", "--json", "--config", str(config))
    assert result.exit_code == 0, result.output
    edits = json.loads(result.output)["edits"]
    # The same cases as without the file, but only the date detector looks at them.
    assert {name: row["cases"] for name, row in edits.items()} == EDIT_CASES
    assert {name: row["found"] for name, row in edits.items()} == {
        "number": 0, "date": 2, "entity": 0, "negation": 0, "quote": 0, "hedge": 0
    }
