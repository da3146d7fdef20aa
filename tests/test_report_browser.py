"""The HTML report in a real browser: headless Debian Chromium driven by Playwright.

``bash .ci/test`` installs ``chromium`` and ``chromium-driver`` (as root); Playwright is pinned in
the test extras and never downloads a browser of its own. Without Chromium these tests fail
with the command to install it; they are skipped only when ``SOURCETRACE_NO_BROWSER=1`` says
on purpose that this machine has no browser.

The page is opened from a file URL with networking shut off three ways: Chromium's flags, a
host resolver that resolves nothing, and a request listener that must see no request but the
page itself.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from report_samples import hostile_report, sample_report

from sourcetrace.cli import cli
from sourcetrace.model import Document, Report
from sourcetrace.report import render

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND",
]
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launched_chromium(LAUNCH_ARGS)


def launched_chromium(args: list[str]) -> Iterator[Any]:
    """Debian's Chromium, headless, with these flags; skipped or failed as the module says."""
    if os.environ.get("SOURCETRACE_NO_BROWSER") == "1":
        pytest.skip("SOURCETRACE_NO_BROWSER=1: browser tests turned off on purpose")
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: install Debian's browser with `apt-get install -y chromium "
            "chromium-driver` (bash .ci/test does it as root), or set SOURCETRACE_NO_BROWSER=1 "
            "to skip the browser tests on purpose",
            pytrace=False,
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=args)
        yield launched
        launched.close()


class Watched:
    """A page with every request, dialog and script error it causes recorded."""

    def __init__(
        self, browser: Any, *, javascript: bool = True, width: int = 1100, height: int = 700
    ) -> None:
        self.context = browser.new_context(
            java_script_enabled=javascript, viewport={"width": width, "height": height}
        )
        self.page = self.context.new_page()
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, path: Path) -> Any:
        self.page.goto(path.as_uri())
        return self.page


@pytest.fixture
def watched(browser: Any) -> Iterator[Any]:
    opened: list[Watched] = []

    def make(**options: Any) -> Watched:
        opened.append(Watched(browser, **options))
        return opened[-1]

    yield make
    for item in opened:
        item.context.close()


def write_page(tmp_path: Path, html: str, name: str = "report.html") -> Path:
    path = tmp_path / name
    path.write_text(html, encoding="utf-8")
    return path


def example_report(tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    """The bundled example's HTML report (written by the CLI) and its JSON report."""
    pair = [str(EXAMPLES / "harbour-original.txt"), str(EXAMPLES / "harbour-derived.txt")]
    page = tmp_path / "harbour.html"
    for fmt, out in (("html", page), ("json", tmp_path / "harbour.json")):
        result = CliRunner().invoke(cli, ["compare", *pair, "--format", fmt, "-o", str(out)])
        assert result.exit_code == 0, result.output
    return page, json.loads((tmp_path / "harbour.json").read_text(encoding="utf-8"))


def first_line_click(page: Any, selector: str) -> None:
    """Click just inside the first line box of an inline element (its centre may be in the
    next sentence when it wraps), once it is centred in view and laid out: paragraphs off
    screen are laid out only when they scroll in (``content-visibility: auto``), so the
    position is read two animation frames after scrolling."""
    page.evaluate("s => document.querySelector(s).scrollIntoView({block: 'center'})", selector)
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    box = page.evaluate(
        "s => { const r = document.querySelector(s).getClientRects()[0];"
        " return {x: r.left + 4, y: r.top + r.height / 2}; }",
        selector,
    )
    page.mouse.click(box["x"], box["y"])


def has_class(page: Any, selector: str, name: str) -> bool:
    """Whether ``selector`` gets class ``name`` within 5 s (a busy machine renders late)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(
            "([s, n]) => document.querySelector(s).classList.contains(n)",
            arg=[selector, name],
            timeout=5000,
        )
    except PlaywrightTimeout:
        return False
    return True


def column_text(page: Any, side: str) -> str:
    """The text a column shows, finding markers left out."""
    return page.evaluate(
        "s => { const c = document.querySelector('#text-' + s).cloneNode(true);"
        " c.querySelectorAll('.mk').forEach(m => m.remove()); return c.textContent; }",
        side,
    )


def visible_in(page: Any, element: str, container: str) -> bool:
    return page.evaluate(
        "([e, c]) => { const r = document.querySelector(e).getBoundingClientRect(),"
        " b = document.querySelector(c).getBoundingClientRect();"
        " return r.top >= b.top && r.bottom <= b.bottom && r.height > 0; }",
        [element, container],
    )


def test_example_report_links_sentences_across_columns(watched: Any, tmp_path: Path) -> None:
    path, data = example_report(tmp_path)
    view = watched(width=1000, height=520)
    page = view.open(path)

    # Both columns, every segment of each text, the header scores and the findings list.
    for side in ("original", "derived"):
        count = page.locator(f"#text-{side} span.s").count()
        assert count == len(data[side]["segments"]) > 0
        assert column_text(page, side) == data[side]["text"]
    scores = page.locator("#scores").inner_text()
    for value in data["scores"].values():
        assert f"{value:.1%}" in scores
    findings = len(data["distortions"]) + len(data["omissions"]) + len(data["additions"])
    assert page.locator("#findings-heading").inner_text() == f"Findings ({findings})"
    assert page.locator("#findings li.finding").count() == findings

    # The derived sentence whose counterpart comes first in the original, once the original
    # column is scrolled to its end (so the counterpart is out of view).
    links = [link for passage in data["passages"] for link in passage["links"]]
    link = min(links, key=lambda item: item["original_segments"][0])
    original_id = f"#o{link['original_segments'][0]}"
    derived_id = f"#d{link['derived_segments'][0]}"
    page.evaluate("() => { const c = document.querySelector('#text-original');"
                  " c.scrollTop = c.scrollHeight; }")
    assert not visible_in(page, original_id, "#text-original")

    first_line_click(page, derived_id)
    assert has_class(page, original_id, "hl"), page.get_attribute(original_id, "class")
    assert has_class(page, derived_id, "hl-self"), page.get_attribute(derived_id, "class")
    assert visible_in(page, original_id, "#text-original")
    assert "\u2194" in page.locator("#note").inner_text()

    shot = tmp_path / "harbour.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert view.requests == [path.as_uri()]
    assert view.errors == []


def test_keys_and_buttons_walk_the_findings(watched: Any, tmp_path: Path) -> None:
    path = write_page(tmp_path, render(sample_report(), "html"))
    view = watched(width=1000, height=520)
    page = view.open(path)
    page.keyboard.press("j")
    assert page.get_attribute("#finding-1", "aria-current") == "true"
    assert "cur" in page.get_attribute("#f1-o", "class").split()
    assert "cur" in page.get_attribute("#f1-d", "class").split()
    assert page.locator("#finding-position").inner_text() == "Finding 1 of 5"
    page.keyboard.press("n")
    page.keyboard.press("j")
    assert page.locator("#finding-position").inner_text() == "Finding 3 of 5"
    assert page.locator("#note").inner_text().startswith("!3 minor hedge distortion")
    page.keyboard.press("k")
    assert page.get_attribute("#finding-2", "aria-current") == "true"
    assert page.get_attribute("#finding-3", "aria-current") is None
    page.click("#prev-finding")
    page.click("#prev-finding")
    assert page.locator("#finding-position").inner_text() == "Finding 5 of 5"
    # The addition has no original side: only its derived place is marked and shown.
    assert visible_in(page, "#f5-d", "#text-derived")
    # A findings-list link jumps to both places.
    page.click("#finding-4 a[href='#f4-o']")
    assert page.get_attribute("#finding-4", "aria-current") == "true"
    assert visible_in(page, "#f4-o", "#text-original")
    page.keyboard.press("Escape")
    assert page.locator(".cur").count() == 0
    assert view.errors == []


def test_hostile_text_stays_inert(watched: Any, tmp_path: Path) -> None:
    report = hostile_report()
    path = write_page(tmp_path, render(report, "html"))
    view = watched()
    page = view.open(path)
    # Work the page: point at and click every derived sentence, walk every finding.
    for index in range(len(report.derived_segments)):
        page.hover(f"#d{index}")
        first_line_click(page, f"#d{index}")
    for _ in range(3):
        page.keyboard.press("j")
    page.wait_for_timeout(300)
    assert view.dialogs == []
    assert page.evaluate("() => window.__hacked === undefined")
    assert column_text(page, "derived") == report.derived.text
    assert page.locator("img, iframe, object, embed").count() == 0
    assert page.locator("script").count() == 1
    assert page.locator("a[href^='javascript:']").count() == 0
    assert page.title() == "sourcetrace: original.txt \u2192 <b>derived</b>.txt"
    assert view.requests == [path.as_uri()]
    assert view.errors == []


def test_without_javascript_the_page_still_reads(watched: Any, tmp_path: Path) -> None:
    path = write_page(tmp_path, render(sample_report(), "html"))
    view = watched(javascript=False, width=1000, height=520)
    page = view.open(path)
    assert page.get_attribute("html", "class") == "no-js"
    assert not page.locator("nav.toolbar").is_visible()
    assert page.locator("#findings li.finding").count() == 5
    # Static highlights: the critical distortion is underlined, the omission hatched.
    decoration = page.evaluate(
        "() => getComputedStyle(document.querySelector('#text-derived .m.dc')).textDecorationStyle"
    )
    assert decoration == "wavy"
    assert page.evaluate(
        "() => getComputedStyle(document.querySelector('.m.om')).backgroundImage"
    ).startswith("repeating-linear-gradient")
    # Findings links are plain anchors: they jump to the place in the text.
    page.click("#finding-4 a[href='#f4-o']")
    assert page.evaluate("() => location.hash") == "#f4-o"
    assert visible_in(page, "#f4-o", "#text-original")


def test_narrow_screens_stack_the_columns_and_print_drops_the_scrolling(
    watched: Any, tmp_path: Path
) -> None:
    path = write_page(tmp_path, render(sample_report(), "html"))
    page = watched(width=420, height=800).open(path)
    original = page.locator("#text-original").bounding_box()
    derived = page.locator("#text-derived").bounding_box()
    assert derived["y"] >= original["y"] + original["height"]
    page.emulate_media(media="print")
    assert not page.locator("nav.toolbar").is_visible()
    assert page.evaluate(
        "() => getComputedStyle(document.querySelector('#text-original')).overflowY"
    ) == "visible"


def test_the_page_text_is_the_report_text_even_with_carriage_returns(
    watched: Any, tmp_path: Path
) -> None:
    text = "First line.\r\nSecond line.\r\n\r\nA new paragraph.\r\n"
    report = Report(Document("a.txt", text), Document("b.txt", text), (), (), (), "independent")
    page = watched().open(write_page(tmp_path, render(report, "html")))
    assert column_text(page, "original") == column_text(page, "derived") == text
