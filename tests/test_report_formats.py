"""The CSV, Markdown and terminal renderers on hand-made reports with every kind of finding."""

from __future__ import annotations

import csv
import io
import re

from report_samples import DERIVED, ORIGINAL, hostile_report, sample_report

from sourcetrace.model import Document, Omission, Report, Span
from sourcetrace.report import render
from sourcetrace.report.csv import COLUMNS
from sourcetrace.report.markdown import inline


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_has_one_row_per_finding_with_offsets_into_the_texts() -> None:
    text = render(sample_report(), "csv")
    assert text.splitlines()[0] == ",".join(COLUMNS)
    found = rows(text)
    assert [(r["finding"], r["kind"], r["type"]) for r in found] == [
        ("1", "distortion", "date"),
        ("2", "distortion", "number"),
        ("3", "distortion", "hedge"),
        ("4", "omission", "sentence"),
        ("5", "addition", "sentence"),
    ]
    # The three distortions have both sides, the omission only an original one and the
    # addition only a derived one.
    assert [bool(r["original_start"]) for r in found] == [True, True, True, True, False]
    assert [bool(r["derived_start"]) for r in found] == [True, True, True, False, True]
    for row in found:
        if row["original_start"]:
            start, end = int(row["original_start"]), int(row["original_end"])
            assert ORIGINAL[start:end] == row["original_text"]
        if row["derived_start"]:
            start, end = int(row["derived_start"]), int(row["derived_end"])
            assert DERIVED[start:end] == row["derived_text"]
    assert found[1]["original_text"] == "3,000" and found[1]["severity"] == "critical"
    assert found[3]["derived_start"] == found[3]["derived_text"] == ""
    assert found[4]["original_start"] == "" and found[4]["derived_text"].startswith("Readers")


def test_csv_keeps_newlines_in_one_cell_and_defuses_formulas() -> None:
    original_text = "=HYPERLINK(\"http://x\")\nis a formula.\n\nA plain sentence stays.\n"
    report = Report(
        original=Document("a.txt", original_text),
        derived=Document("b.txt", "A plain sentence stays.\n"),
        original_segments=(),
        derived_segments=(),
        passages=(),
        verdict="partial",
        omissions=(Omission(Span(0, 36)),),
    )
    [row] = rows(render(report, "csv"))
    assert row["original_text"] == "'" + original_text[:36]
    assert "\n" in row["original_text"]


def test_csv_with_no_finding_is_the_header_only() -> None:
    report = sample_report()
    clean = Report(**{**report.__dict__, "distortions": (), "omissions": (), "additions": ()})
    assert render(clean, "csv") == ",".join(COLUMNS) + "\n"


def test_markdown_summary_has_documents_verdict_counts_and_findings() -> None:
    text = render(sample_report(), "md")
    assert text.startswith("# Text reuse report\n")
    assert "| Original | original.txt | en | 422 characters |" in text
    assert "**Verdict: rewrite.**" in text
    assert "| Fidelity | 62.0% |" in text
    assert "- Distortions: 3 (2 critical, 1 minor; date 1, hedge 1, number 1)" in text
    assert "| 2 | critical | number | “3,000” (173–178) | “300” (138–141) |" in text
    assert "## Omissions" in text
    assert "“The café on the ground floor stays closed until May.”" in text
    assert "## Additions" in text and "| 5 |" in text


def test_markdown_keeps_hostile_text_literal() -> None:
    text = render(hostile_report(), "md")
    assert re.search(r"(?<!\\)[<\[]", text) is None, "every < and [ is escaped"
    assert "\\<script>window.\\_\\_hacked = true; alert(1)\\</script>" in text
    assert inline("a | b\n[link](javascript:x) *x*") == "a \\| b \\[link\\](javascript:x) \\*x\\*"


def test_text_summary_shows_counts_and_the_distortion_table() -> None:
    text = render(sample_report(), "text")
    assert "\x1b[" not in text
    assert "Distortions            3 (2 critical, 1 minor; date 1, hedge 1, number 1)" in text
    assert "Omissions              1" in text and "Additions              1" in text
    table = text.split("Distortions\n", 1)[1]
    assert "“3,000”" in table and "“300”" in table and "number changed: 3,000" in table
    assert "Sentence links" not in text and "Omissions\n" not in text


def test_verbose_text_lists_findings_and_every_link() -> None:
    text = render(sample_report(), "text", verbose=True)
    links = text.split("Sentence links", 1)[1]
    statuses = [line for line in links.splitlines() if line.endswith(("faithful", "distorted"))]
    assert len(statuses) == 5
    assert "omitted sentence" in text and "added sentence" in text


def test_colour_only_when_asked() -> None:
    assert "\x1b[" in render(sample_report(), "text", color=True)
    assert "\x1b[" not in render(sample_report(), "text", color=False)
