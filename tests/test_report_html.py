"""The HTML report, read as markup: text kept exactly, escaping, structure, self-containment."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser

import pytest
from report_samples import DERIVED, ORIGINAL, hostile_report, sample_report, span_of

from sourcetrace.model import Distortion, Omission, Report, Span
from sourcetrace.report import render, render_dict
from sourcetrace.report.html import escape

VOID = {"meta", "br", "img", "input", "link", "hr", "wbr"}


class Page(HTMLParser):
    """Collects what the tests look at, and checks that every element is closed in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.elements: list[tuple[str, dict[str, str]]] = []
        # Per element id: its text, markers (numbered anchors) left out.
        self.texts: dict[str, list[str]] = {}
        self.scripts: list[str] = []
        self.styles: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        self.elements.append((tag, attributes))
        if tag in VOID:
            return
        self.stack.append((tag, attributes))
        if "id" in attributes:
            self.texts[attributes["id"]] = []

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1][0] == tag, f"</{tag}> closes {self.stack[-1:]}"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if not self.stack:
            return
        if self.stack[-1][0] == "script":
            self.scripts.append(data)
        if self.stack[-1][0] == "style":
            self.styles.append(data)
        if any("mk" in attrs.get("class", "").split() for _, attrs in self.stack):
            return
        for _, attrs in self.stack:
            if "id" in attrs:
                self.texts[attrs["id"]].append(data)

    def text(self, element_id: str) -> str:
        return "".join(self.texts[element_id])

    def find(self, tag: str, **wanted: str) -> list[dict[str, str]]:
        return [
            attrs
            for name, attrs in self.elements
            if name == tag and all(attrs.get(k) == v for k, v in wanted.items())
        ]


def parse(page_html: str) -> Page:
    page = Page()
    page.feed(page_html)
    page.close()
    assert not page.stack, f"unclosed elements: {page.stack}"
    return page


@pytest.fixture(scope="module")
def sample_html() -> str:
    return render(sample_report(), "html")


def test_escape_turns_every_markup_character_into_an_entity() -> None:
    assert escape("<a href=\"x\" title='y'>&</a>") == (
        "&lt;a href=&quot;x&quot; title=&#x27;y&#x27;&gt;&amp;&lt;/a&gt;"
    )
    assert escape(42) == "42"
    assert escape("line\r\nnext") == "line&#13;\nnext"


def test_both_texts_are_kept_exactly_and_well_nested(sample_html: str) -> None:
    page = parse(sample_html)
    assert page.text("text-original") == ORIGINAL
    assert page.text("text-derived") == DERIVED


def test_every_segment_span_holds_its_segment(sample_html: str) -> None:
    page = parse(sample_html)
    data = sample_report().to_dict()
    assert (len(data["original"]["segments"]), len(data["derived"]["segments"])) == (7, 6)
    for side, prefix in (("original", "o"), ("derived", "d")):
        text = data[side]["text"]
        for index, (start, end, _paragraph) in enumerate(data[side]["segments"]):
            assert page.text(f"{prefix}{index}") == text[start:end]


def test_linked_segments_carry_their_links_and_passage_tint(sample_html: str) -> None:
    page = parse(sample_html)
    # Link 1 joins original segment 2 with derived segment 1 (sample_report).
    assert page.find("span", id="o2")[0]["data-l"] == "1"
    assert page.find("span", id="d1")[0]["data-l"] == "1"
    assert page.find("span", id="o2")[0]["class"] == "s t0"
    # The omitted last sentence of the original and the added one of the derived: no link.
    assert page.find("span", id="o6")[0] == {"class": "s", "id": "o6"}
    assert page.find("span", id="d5")[0] == {"class": "s", "id": "d5"}


def test_findings_are_marked_in_both_texts_in_findings_order(sample_html: str) -> None:
    page = parse(sample_html)
    items = page.find("li", **{"class": "finding dc"})
    assert [item["id"] for item in items] == ["finding-1", "finding-2"]
    # Finding 1 is the critical date change, first by severity then derived position.
    assert "critical date distortion" in page.text("finding-1")
    assert "minor hedge distortion" in page.text("finding-3")
    assert "omitted sentence" in page.text("finding-4")
    assert "added sentence" in page.text("finding-5")
    # Markers in the texts have an id; those in the legend have none.
    markers = {a["id"]: a for a in page.find("a") if "mk" in a.get("class", "") and "id" in a}
    assert set(markers) == {"f1-o", "f1-d", "f2-o", "f2-d", "f3-o", "f3-d", "f4-o", "f5-d"}
    assert markers["f1-d"]["href"] == "#finding-1"
    pieces = [a for a in page.find("span") if a.get("data-f") == "1"]
    assert {p["class"] for p in pieces} == {"m dc"}
    # The marked words in both texts carry the finding, with both phrases, as their tooltip.
    title = (
        "1. critical date distortion: day changed: Saturday -> Sunday\n"
        "original: \u201cSaturday\u201d\nderived: \u201cSunday\u201d"
    )
    assert [p["title"] for p in pieces] == [title, title]
    # Each findings entry links to both of its places.
    links = [a["href"] for a in page.find("a") if a.get("href", "").startswith("#f2-")]
    assert links == ["#f2-o", "#f2-d"]


def test_distortion_tooltip_names_both_phrases(sample_html: str) -> None:
    page = parse(sample_html)
    derived_piece = next(a for a in page.find("span") if a.get("data-f") == "2")
    assert derived_piece["title"] == (
        "2. critical number distortion: number changed: 3,000 -> 300\n"
        "original: \u201c3,000\u201d\nderived: \u201c300\u201d"
    )


def test_page_furniture_is_greyed_without_a_marker(sample_html: str) -> None:
    page = parse(sample_html)
    # (The legend's sample has no tooltip.)
    furniture = [a for a in page.find("span") if a.get("class") == "m ar" and "title" in a]
    assert len(furniture) == 1 and "data-f" not in furniture[0]
    assert furniture[0]["title"] == "page furniture (caption), not counted"


def test_overlapping_marks_are_cut_into_nested_pieces() -> None:
    report = sample_report()
    omitted = report.original_segments[6].span
    inside = span_of(ORIGINAL, "until May")
    overlapping = Report(
        **{
            **report.__dict__,
            "distortions": (
                *report.distortions,
                Distortion("date", "minor", inside, Span(10, 10), "month dropped: until May"),
            ),
            "omissions": (Omission(omitted), Omission(Span(omitted.start - 10, omitted.end))),
        }
    )
    page = parse(render(overlapping, "html"))
    assert page.text("text-original") == ORIGINAL
    assert page.text("text-derived") == DERIVED
    both = [a for a in page.find("span") if a.get("class") == "m dm om"]
    assert both, "the date inside the omitted sentence carries both marks"
    # The empty derived side still gets an anchor for the findings list to jump to.
    assert page.find("a", id="f4-d")


def test_header_shows_documents_scores_counts_and_legend(sample_html: str) -> None:
    page = parse(sample_html)
    documents = page.text("documents")
    assert "Originaloriginal.txten422 characters" in documents
    assert "Derivedderived.txten378 characters" in documents
    scores = page.text("scores")
    assert "Original reused81.2%" in scores.replace("\n", "")
    assert "Fidelity62.0%" in scores
    counts = page.text("counts")
    assert "Distortions3 (2 critical, 1 minor)" in counts
    assert "By typedate 1, hedge 1, number 1" in counts
    assert "Omissions1" in counts and "Additions1" in counts
    assert "Verdict: rewrite" in page.text("verdict-heading")
    assert 'class="legend"' in sample_html


def test_hostile_text_is_escaped_everywhere() -> None:
    report = hostile_report()
    page_html = render(report, "html")
    page = parse(page_html)
    assert page.text("text-derived") == report.derived.text
    assert [tag for tag, _ in page.elements if tag in ("img", "script", "iframe")] == ["script"]
    assert page.find("a"), "the page has links (finding markers) to check"
    assert not any(a.get("href", "").startswith("javascript:") for a in page.find("a"))
    assert not any(
        name.startswith("on") for _, attrs in page.elements for name in attrs
    ), "no event handler attribute"
    assert "&lt;script&gt;window.__hacked" in page_html
    assert "<title>sourcetrace: original.txt \u2192 &lt;b&gt;derived&lt;/b&gt;.txt</title>" in (
        page_html
    )


def test_the_page_is_self_contained_and_its_policy_allows_only_its_own_blocks(
    sample_html: str,
) -> None:
    page = parse(sample_html)
    assert not re.search(r"https?:|//[a-z]|url\(|@import|src=", sample_html, re.IGNORECASE)
    policy = page.find("meta", **{"http-equiv": "Content-Security-Policy"})[0]["content"]
    assert policy.startswith("default-src 'none';")
    [script], [style] = page.scripts, page.styles
    for block in (script, style):
        digest = base64.b64encode(hashlib.sha256(block.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy


def test_the_same_report_gives_the_same_bytes_from_a_saved_json() -> None:
    report = sample_report()
    saved = json.loads(json.dumps(report.to_dict()))
    assert render_dict(saved, "html") == render(report, "html") == render(report, "html")


def test_a_report_without_findings_says_so() -> None:
    report = sample_report()
    clean = Report(**{**report.__dict__, "distortions": (), "omissions": (), "additions": ()})
    page = parse(render(clean, "html"))
    assert page.text("findings-heading") == "Findings (0)"
    assert "No distortion, omission or addition was found." in page.text("findings")
