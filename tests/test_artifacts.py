"""Tests for page-furniture marking (``sourcetrace.artifacts``) and its use in ``compare``."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsroom_fixtures import ARTICLE, MARKDOWN_ARTICLE, MARKDOWN_FURNITURE, SCRAPED_MARKDOWN
from sourcetrace import compare
from sourcetrace.artifacts import find_artifacts, mask_artifacts
from sourcetrace.model import Artifact, Document

SEED = Path(__file__).resolve().parents[2] / "shared" / "examples" / "ft-europe-ukraine-original.md"
WHOLE_LINE_KINDS = {"label", "byline", "caption", "credit", "footer", "topics", "share", "stray"}


def _marked(text: str, artifacts: tuple[Artifact, ...]) -> dict[str, str]:
    return {text[a.span.start : a.span.end]: a.kind for a in artifacts}


def test_scraped_page_furniture_is_marked_line_by_line() -> None:
    artifacts = find_artifacts(SCRAPED_MARKDOWN)
    marked = _marked(SCRAPED_MARKDOWN, artifacts)
    for furniture, kind in MARKDOWN_FURNITURE.items():
        assert marked.get(furniture) == kind, furniture
    # Everything else marked is markup inside article lines: heading and bold marks, link marks.
    others = Counter(
        (SCRAPED_MARKDOWN[a.span.start : a.span.end], a.kind)
        for a in artifacts
        if SCRAPED_MARKDOWN[a.span.start : a.span.end] not in MARKDOWN_FURNITURE
    )
    assert others == Counter(
        {("**", "markup"): 2, ("# ", "markup"): 1, ("[", "link"): 1, ("](https://example.com/dredging)", "link"): 1}
    )


def test_no_article_text_is_marked() -> None:
    masked = mask_artifacts(SCRAPED_MARKDOWN, find_artifacts(SCRAPED_MARKDOWN))
    for piece in MARKDOWN_ARTICLE:
        start = SCRAPED_MARKDOWN.index(piece)
        assert masked[start : start + len(piece)] == piece


def test_masking_keeps_length_and_line_breaks() -> None:
    artifacts = find_artifacts(SCRAPED_MARKDOWN)
    masked = mask_artifacts(SCRAPED_MARKDOWN, artifacts)
    assert len(masked) == len(SCRAPED_MARKDOWN)
    assert [i for i, c in enumerate(masked) if c == "\n"] == [
        i for i, c in enumerate(SCRAPED_MARKDOWN) if c == "\n"
    ]
    assert "©" not in masked and "Follow the topics" not in masked and "**" not in masked


@pytest.mark.parametrize(
    "sentence",
    [
        "By Tuesday the board had received more than 400 letters of complaint.",
        "Published in 1998, the report found nothing wrong with the harbour walls.",
        "US - China talks on fishing quotas resumed on Monday in Geneva.",
        "Photographs by the agency showed the damage to the pier.",
        "Share prices of the ferry operator fell 4 per cent on Friday.",
        "Home owners near the quay say the noise has grown worse.",
        "The board said all rights reserved to the council under the 1964 lease would lapse.",
        "Copyright lawyers were not involved, the spokesman said.",
        "Topics such as pay and safety dominated the meeting.",
        "Why?",
        "No.",
        "Harbour Fees Rise Again",
        "Tom Baird and Ana Ruiz in Port Ellis",
        "LONDON is expected to follow suit - officials said so on Monday.",
        "Read more about the plan on the council's website, the board said.",
    ],
)
def test_article_sentences_are_never_marked(sentence: str) -> None:
    text = f"{ARTICLE[0]}\n\n{sentence}\n\n{ARTICLE[1]}\n"
    assert find_artifacts(text) == ()


@pytest.mark.parametrize(
    ("line", "kind", "marked"),
    [
        ("By Jane Doe", "byline", "By Jane Doe"),
        ("Photo: Kim Olsen/Reuters", "credit", "Photo: Kim Olsen/Reuters"),
        ("© 2025 The Coastal Courier", "footer", "© 2025 The Coastal Courier"),
        ("Published 4 March 2025", "dateline", "Published 4 March 2025"),
        ("Advertisement", "label", "Advertisement"),
        ("Skip to content", "navigation", "Skip to content"),
        ("Home > News > Local", "navigation", "Home > News > Local"),
        ("Topics: Fishing, Ports", "topics", "Topics: Fishing, Ports"),
        ("Reporting by Sam Okafor; Editing by Mia Chen", "byline", "Reporting by Sam Okafor; Editing by Mia Chen"),
        (
            "PORT ELLIS, March 4 (Reuters) - The harbour board voted to raise fees.",
            "dateline",
            "PORT ELLIS, March 4 (Reuters) -",
        ),
    ],
)
def test_single_furniture_lines(line: str, kind: str, marked: str) -> None:
    text = f"{ARTICLE[0]}\n\n{line}\n\n{ARTICLE[1]}\n"
    assert _marked(text, find_artifacts(text)) == {marked: kind}


@settings(deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab ©*#[]()-\n.By:")), max_size=120))
def test_artifacts_are_sorted_disjoint_and_in_bounds(text: str) -> None:
    artifacts = find_artifacts(text)
    previous_end = 0
    for artifact in artifacts:
        assert previous_end <= artifact.span.start < artifact.span.end <= len(text)
        previous_end = artifact.span.end


def test_compare_fills_artifacts_and_compares_no_furniture() -> None:
    derived = "\n\n".join(ARTICLE) + "\n"
    report = compare(SCRAPED_MARKDOWN, derived)
    assert report.original.artifacts == find_artifacts(SCRAPED_MARKDOWN)
    furniture = [a.span for a in report.original.artifacts if a.kind in WHOLE_LINE_KINDS]
    assert len(furniture) == sum(kind in WHOLE_LINE_KINDS for kind in MARKDOWN_FURNITURE.values())
    assert report.original_segments
    for segment in report.original_segments:
        assert not any(segment.start < span.end and span.start < segment.end for span in furniture)
    # The four article paragraphs are all found; the furniture counts against nothing.
    assert report.scores["derived_from_original"] == pytest.approx(1.0)
    assert report.to_dict()["artifacts"][0] == {
        "side": "original",
        "start": SCRAPED_MARKDOWN.index("**Coastal"),
        "end": SCRAPED_MARKDOWN.index("**Coastal") + len("**Coastal Affairs**"),
        "text": "**Coastal Affairs**",
        "kind": "label",
    }


def test_compare_keeps_artifacts_a_document_brings() -> None:
    text = "\n\n".join(ARTICLE)
    given_artifacts = (Artifact(span=__import__("sourcetrace").Span(0, 3), kind="other"),)
    document = Document(name="o", text=text, artifacts=given_artifacts)
    assert compare(document, text).original.artifacts == given_artifacts


@pytest.mark.skipif(not SEED.is_file(), reason=f"seed example not found at {SEED}")
def test_seed_original_furniture_is_marked_and_no_article_sentence() -> None:
    text = SEED.read_text(encoding="utf-8")
    artifacts = find_artifacts(text)
    kinds = Counter(a.kind for a in artifacts)
    assert {k: kinds[k] for k in WHOLE_LINE_KINDS} == {
        "label": 1, "byline": 3, "caption": 2, "credit": 1, "footer": 1, "topics": 6,
        "share": 0, "stray": 1,
    }
    masked = mask_artifacts(text, artifacts)
    # Every credit sign, rule and topic heading is furniture; nothing of them is compared.
    assert "©" not in masked and "---" not in masked and "**" not in masked
    assert "Follow the topics" not in masked and "reporting by" not in masked.lower()
    # Every article paragraph (a long line ending a sentence, without a credit) is untouched,
    # markup aside: the masked line differs from the raw one only where markup was.
    checked = 0
    for line in text.splitlines():
        plain = re.sub(r"\[([^\]]+)\]\(#\)", r"\1", line).strip()
        if len(plain.split()) >= 12 and plain.endswith((".", '"', "”")) and "©" not in plain:
            if "All rights reserved" in plain or "reporting by" in plain.lower():
                continue
            start = text.index(line)
            kept = masked[start : start + len(line)]
            assert kept.split() == re.sub(r"\[([^\]]+)\]\(#\)", r"\1", line).split(), line[:40]
            checked += 1
    assert checked == 28  # the article's paragraphs


def test_a_long_line_of_specifications_is_checked_in_linear_time() -> None:
    # A PAN13 source document has a 1,000-character line of product specifications separated
    # by "|", which ends in something no breadcrumb holds: the breadcrumb pattern once tried
    # it in exponentially many ways (hours). Run in a child process so a regression fails
    # here instead of hanging the suite.
    import subprocess
    import sys

    script = (
        "from sourcetrace.artifacts import find_artifacts\n"
        "line = ' | '.join(['Tablet PC', '2 GB RAM', '32 GB Storage', 'Wide Screen', 'WiFi'] * 12)\n"
        "line += ' (with a keyboard dock, sold apart)'\n"
        "print(len(find_artifacts(line + '\\n\\nSecond paragraph of the story.\\n')))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "0"
