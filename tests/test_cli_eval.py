"""``sourcetrace eval pan`` on a tiny invented PAN corpus built in a temporary folder."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from sourcetrace.cli import cli
from sourcetrace.evaluate.pan import evaluate_corpus, pair_file_name, read_cases
from sourcetrace.evaluate.run import run_pan

LIBRARY = (
    "The town council voted on Wednesday to build a new library next to the railway station. "
    "The building will have three floors, a cafe and a room for local history exhibitions. "
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
CHESS = (
    "The regional chess championship drew a record entry of ninety players this weekend. "
    "A fourteen-year-old from the coast beat the defending champion in the final round. "
    "Organisers want to move next year's event to the larger sports hall."
)
ORCHARD = (
    "Volunteers planted forty apple trees in the community orchard behind the primary school. "
    "Each class will look after one row and pick the fruit in the autumn. "
    "The headteacher said the children had chosen old local varieties."
)

SRC1, SRC2 = "source-document00001.txt", "source-document00002.txt"
SUSP = [f"suspicious-document0000{i}.txt" for i in range(1, 5)]
NONE_SECTION, COPY_SECTION = "01-no-plagiarism", "02-no-obfuscation"


def _truth(susp: str, cases: list[tuple[int, int, str, int, int]]) -> str:
    lines = [f'<document reference="{susp}">']
    lines += [
        f'<feature name="plagiarism" obfuscation="none" this_offset="{a}" this_length="{b}"'
        f' source_reference="{src}" source_offset="{c}" source_length="{d}" />'
        for a, b, src, c, d in cases
    ]
    return "\n".join([*lines, "</document>", ""])


def _copy_case(
    susp_text: str, src: str, src_text: str, passage: str
) -> tuple[int, int, str, int, int]:
    """The truth case of ``passage`` copied verbatim from ``src_text`` into ``susp_text``."""
    return (susp_text.index(passage), len(passage), src, src_text.index(passage), len(passage))


def build_corpus(root: Path) -> Path:
    """Two sections: 01-no-plagiarism (2 unrelated pairs) and 02-no-obfuscation (2 copies).

    Both sections share the source documents, as PAN corpora do.
    """
    src = {SRC1: f"{LIBRARY}\n\n{BAKERY}\n", SRC2: f"{FLOOD}\n\n{CHESS}\n"}
    susp = {
        SUSP[0]: f"{STARS}\n",
        SUSP[1]: f"{ORCHARD}\n",
        SUSP[2]: f"{STARS}\n\n{BAKERY}\n\n{ORCHARD}\n",
        SUSP[3]: f"{FLOOD}\n\n{STARS}\n",
    }
    sections = {
        NONE_SECTION: [(SUSP[0], SRC1, []), (SUSP[1], SRC2, [])],
        COPY_SECTION: [
            (SUSP[2], SRC1, [_copy_case(susp[SUSP[2]], SRC1, src[SRC1], BAKERY)]),
            (SUSP[3], SRC2, [_copy_case(susp[SUSP[3]], SRC2, src[SRC2], FLOOD)]),
        ],
    }
    for folder, documents in (("src", src), ("susp", susp)):
        (root / folder).mkdir(parents=True)
        for name, text in documents.items():
            (root / folder / name).write_text(text, encoding="utf-8")
    for section, pairs in sections.items():
        (root / section).mkdir()
        (root / section / "pairs").write_text(
            "".join(f"{s} {o}\n" for s, o, _ in pairs), encoding="utf-8"
        )
        for susp_name, src_name, cases in pairs:
            (root / section / pair_file_name(susp_name, src_name)).write_text(
                _truth(susp_name, cases), encoding="utf-8"
            )
    return root


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return build_corpus(tmp_path / "corpus")


def _row(output: str, label: str) -> list[str]:
    """The values of one measure row of the printed table (sections, then overall)."""
    for line in output.splitlines():
        cells = [cell.strip() for cell in re.split(r"[│|]", line) if cell.strip()]
        if cells and cells[0] == label:
            return cells[1:]
    raise AssertionError(f"no {label!r} row in:\n{output}")


def _eval(*args: str):
    return CliRunner().invoke(cli, ["eval", "pan", *args])


@pytest.mark.parametrize("workers", ["1", "2"])
def test_eval_pan_writes_detections_and_prints_scores(
    corpus: Path, tmp_path: Path, workers: str
) -> None:
    dets = tmp_path / "dets"
    result = _eval(str(corpus), "--detections", str(dets), "--workers", workers)
    assert result.exit_code == 0, result.output
    # One detections file per pair, in its section's folder.
    written = sorted(str(p.relative_to(dets)) for p in dets.rglob("*.xml"))
    assert written == [
        f"{NONE_SECTION}/{pair_file_name(SUSP[0], SRC1)}",
        f"{NONE_SECTION}/{pair_file_name(SUSP[1], SRC2)}",
        f"{COPY_SECTION}/{pair_file_name(SUSP[2], SRC1)}",
        f"{COPY_SECTION}/{pair_file_name(SUSP[3], SRC2)}",
    ]
    copied = read_cases(dets / COPY_SECTION / pair_file_name(SUSP[2], SRC1))
    assert copied and all(c.susp == SUSP[2] and c.src == SRC1 for c in copied)
    # The printed table agrees with the official scorer run on the files written.
    expected = evaluate_corpus(corpus, dets)
    assert list(expected) == [NONE_SECTION, COPY_SECTION, "overall"]
    assert _row(result.output, "plagdet") == [
        "n/a" if s.plagdet is None else f"{s.plagdet:.4f}" for s in expected.values()
    ]
    assert _row(result.output, "cases") == ["0", "2", "2"]
    assert _row(result.output, "pairs") == ["2", "2", "4"]
    # Verbatim copies of whole paragraphs are found exactly.
    assert expected["overall"].plagdet == pytest.approx(1.0)
    assert re.search(r"^4 pairs in \d+\.\d s \((\d+\.\d\d|n/a) pairs/s\)$", result.output, re.M)


def test_workers_give_the_same_files(corpus: Path, tmp_path: Path) -> None:
    outputs = []
    for workers in ("1", "2"):
        dets = tmp_path / f"dets{workers}"
        assert _eval(str(corpus), "--detections", str(dets), "--workers", workers).exit_code == 0
        outputs.append({p.relative_to(dets): p.read_bytes() for p in dets.rglob("*.xml")})
    assert len(outputs[0]) == 4  # one file per pair
    assert outputs[0] == outputs[1]


def test_eval_pan_json(corpus: Path, tmp_path: Path) -> None:
    dets = tmp_path / "dets"
    result = _eval(str(corpus), "--detections", str(dets), "--workers", "1", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    expected = evaluate_corpus(corpus, dets)
    assert data == {name: scores.to_dict() for name, scores in expected.items()}
    assert data[NONE_SECTION]["plagdet"] is None


def test_sections_option(corpus: Path, tmp_path: Path) -> None:
    dets = tmp_path / "dets"
    args = ["--workers", "1", "--sections", COPY_SECTION, "--json"]
    result = _eval(str(corpus), "--detections", str(dets), *args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert list(data) == [COPY_SECTION, "overall"]
    assert data["overall"] == data[COPY_SECTION]
    assert [p.parent.name for p in dets.rglob("*.xml")] == [COPY_SECTION, COPY_SECTION]


def test_unknown_section(corpus: Path, tmp_path: Path) -> None:
    result = _eval(str(corpus), "--detections", str(tmp_path / "d"), "--sections", "03-x")
    assert result.exit_code == 1
    assert result.output == (
        f"Error: unknown section '03-x'; the corpus has: {NONE_SECTION}, {COPY_SECTION}\n"
    )


def test_empty_sections(corpus: Path, tmp_path: Path) -> None:
    result = _eval(str(corpus), "--detections", str(tmp_path / "d"), "--sections", " , ")
    assert result.exit_code == 1
    assert result.output == "Error: no section named; give at least one section name\n"


def test_missing_corpus(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    result = _eval(str(missing), "--detections", str(tmp_path / "d"))
    assert result.exit_code == 1
    assert result.output == f"Error: corpus folder not found: {missing}\n"


def test_missing_document(corpus: Path, tmp_path: Path) -> None:
    (corpus / "src" / SRC2).unlink()
    result = _eval(str(corpus), "--detections", str(tmp_path / "d"))
    assert result.exit_code == 1
    assert result.output == f"Error: source document missing: {corpus / 'src' / SRC2}\n"


@pytest.mark.parametrize("workers", [1, 2])
def test_undecodable_document_is_a_user_error(corpus: Path, tmp_path: Path, workers: int) -> None:
    # Raised inside a worker process, reported like any other user error.
    bad = corpus / "susp" / SUSP[1]
    bad.write_bytes(b"Caf\xe9 owners are worried.\n")
    result = _eval(str(corpus), "--detections", str(tmp_path / "d"), "--workers", str(workers))
    assert result.exit_code == 1
    assert result.output == f"Error: {bad}: not valid UTF-8 (byte 3)\n"


def test_documents_are_read_as_pan_counts_them(corpus: Path, tmp_path: Path) -> None:
    # PAN 2013 has documents with stray NUL characters and empty ones; neither stops a run.
    (corpus / "susp" / SUSP[0]).write_text(f"{STARS}\\\x00 .\n", encoding="utf-8")
    (corpus / "susp" / SUSP[1]).write_text("", encoding="utf-8")
    result = _eval(str(corpus), "--detections", str(tmp_path / "d"), "--workers", "1", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["overall"]["pairs"] == 4


def test_detections_option_is_required(corpus: Path) -> None:
    result = _eval(str(corpus))
    assert result.exit_code == 2
    assert "Missing option '--detections'" in result.output


def test_workers_must_be_positive(corpus: Path, tmp_path: Path) -> None:
    result = _eval(str(corpus), "--detections", str(tmp_path / "d"), "--workers", "0")
    assert result.exit_code == 2


def test_run_pan_reports_progress(corpus: Path, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    scores = run_pan(corpus, tmp_path / "d", progress=lambda *step: seen.append(step))
    assert seen == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]
    assert scores["overall"].pairs == 4


def test_a_config_file_changes_the_detections(corpus: Path, tmp_path: Path) -> None:
    config = tmp_path / "long.toml"
    config.write_text("[lexical]\nmin_chars = 100000\nmin_trimmed_chars = 100000\n", encoding="utf-8")
    args = ["--workers", "1", "--json"]
    found = json.loads(_eval(str(corpus), "--detections", str(tmp_path / "a"), *args).output)
    assert found["overall"]["detections"] > 0
    result = _eval(str(corpus), "--detections", str(tmp_path / "b"), *args, "--config", str(config))
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["overall"]["detections"] == 0
