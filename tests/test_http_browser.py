"""The editors' page in headless Chromium, against ``sourcetrace serve`` on 127.0.0.1 (issue 21).

The server runs as a real process on a free port (started and stopped here); the browser is
Debian's Chromium driven by Playwright, as in test_report_browser.py, with every request it
makes recorded: none may leave the server.
"""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from http_server import running_server
from report_samples import HOSTILE_DERIVED, ORIGINAL
from test_report_browser import LAUNCH_ARGS, Watched, launched_chromium

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
HARBOUR_ORIGINAL = (EXAMPLES / "harbour-original.txt").read_text(encoding="utf-8")
HARBOUR_DERIVED = (EXAMPLES / "harbour-derived.txt").read_text(encoding="utf-8")
REPORT_TIMEOUT_MS = 90_000
# A source whose id, title and text are hostile markup, and a newsroom paragraph after it.
HOSTILE_SOURCE_TEXT = HOSTILE_DERIVED + (
    "\nThe reading room will open from nine to five on weekdays, and the children's corner "
    "will hold story hours on Saturday mornings from the first week of the reopening. The "
    "council thanked the forty volunteers who dried and sorted the books through the winter.\n"
)
HOSTILE_SOURCE = {
    "id": '<img src=x onerror="window.__hacked = true; alert(4)">',
    "text": HOSTILE_SOURCE_TEXT,
    "title": "<script>window.__hacked = true; alert(5)</script>",
    "url": "javascript:alert(6)",
}


# As the report's tests launch it, but the loopback address resolves: the server is there.
HTTP_LAUNCH_ARGS = [
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1" if arg.startswith("--host-resolver")
    else arg
    for arg in LAUNCH_ARGS
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    yield from launched_chromium(HTTP_LAUNCH_ARGS)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The server, with an index holding the harbour story and a hostile source."""
    folder = tmp_path_factory.mktemp("serve")
    index = str(folder / "sources.db")
    with running_server("--workers", "1", "--index", index, log=folder / "serve.log") as (
        base, _process
    ):
        sources = [{"id": "harbour", "text": HARBOUR_ORIGINAL, "title": "Kelsby quay to close"},
                   HOSTILE_SOURCE]
        request = urllib.request.Request(
            f"{base}/v1/index/documents", data=json.dumps({"documents": sources}).encode("utf-8"),
            headers={"content-type": "application/json"},
        )
        with urllib.request.urlopen(request, timeout=120) as answer:
            assert json.load(answer)["added"] == 2
        yield base


@pytest.fixture
def view(browser: Any, server: str) -> Iterator[Watched]:
    watched = Watched(browser, width=1280, height=800)
    watched.page.goto(server + "/")
    yield watched
    watched.context.close()


def report_frame(view: Watched) -> Any:
    """The report's frame once the page has loaded the report into it."""
    page = view.page
    page.wait_for_selector("#compare-report:not([hidden])", timeout=REPORT_TIMEOUT_MS)
    frame = page.frame_locator("#compare-report")
    frame.locator("#text-derived").wait_for(timeout=REPORT_TIMEOUT_MS)
    return frame


def frame_text(view: Watched, side: str) -> str:
    """A report column's text, finding markers left out, read inside the report's frame."""
    frame = next(f for f in view.page.frames if "/result" in f.url)
    return frame.evaluate(
        "s => { const c = document.querySelector('#text-' + s).cloneNode(true);"
        " c.querySelectorAll('.mk').forEach(m => m.remove()); return c.textContent; }",
        side,
    )


def compared(view: Watched, original: str, derived: str) -> Any:
    """Paste the two texts, press Compare: the report's frame once it has loaded."""
    view.page.fill("#original-text", original)
    view.page.fill("#derived-text", derived)
    view.page.click("#compare-button")
    return report_frame(view)


def only_the_server(view: Watched, server: str) -> list[str]:
    return [url for url in view.requests if not url.startswith(server + "/")]


def test_paste_two_texts_and_read_the_report_in_the_page(view: Watched, server: str) -> None:
    page = view.page
    frame = compared(view, HARBOUR_ORIGINAL, HARBOUR_DERIVED)
    # The side-by-side report with its passages tinted on both sides.
    assert frame.locator("h1").inner_text() == "Text reuse report"
    assert frame.locator("#text-original .s.t0[data-l]").count() > 0
    assert frame.locator("#text-derived .s.t0[data-l]").count() > 0
    tint = frame.locator("#text-derived .s.t0[data-l]").first.evaluate(
        "e => getComputedStyle(e).backgroundColor"
    )
    assert tint not in ("", "transparent", "rgba(0, 0, 0, 0)")  # highlighted, not just marked
    assert frame.locator(".verdict-name").text_content() == "rewrite"
    assert frame_text(view, "derived") == HARBOUR_DERIVED
    # The report's own script runs in its frame: clicking a sentence lights its counterpart.
    frame.locator("#text-derived .s[data-l]").first.click()
    assert frame.locator("#text-original .hl").count() > 0
    assert "Report ready" in page.locator("#compare-status").inner_text()
    assert page.locator("#compare-progress").is_hidden()
    assert only_the_server(view, server) == []
    assert view.errors == [] and view.dialogs == []


def test_the_keyboard_alone_compares(view: Watched) -> None:
    page = view.page
    # Tab past the skip link and the selected tab into the first text box, type, Tab on to
    # the other one, Ctrl+Enter submits.
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "skip"
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "tab-compare"
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "original-text"
    page.keyboard.insert_text(HARBOUR_ORIGINAL)
    page.keyboard.press("Tab")  # past the file chooser, to the derived text
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "derived-text"
    page.keyboard.insert_text(HARBOUR_DERIVED)
    page.keyboard.press("Control+Enter")
    frame = report_frame(view)
    assert frame.locator("#text-original .s[data-l]").count() > 0
    assert view.errors == []


def test_a_missing_text_is_said_in_the_page(view: Watched) -> None:
    page = view.page
    page.fill("#original-text", HARBOUR_ORIGINAL)
    page.click("#compare-button")
    status = page.locator("#compare-status")
    assert status.inner_text() == "Error: give the derived text: paste it, choose a file"
    assert "error" in status.get_attribute("class").split()
    assert page.locator("#compare-report").is_hidden()


def test_a_hostile_text_is_shown_inert(view: Watched, server: str) -> None:
    page = view.page
    frame = compared(view, ORIGINAL, HOSTILE_DERIVED)
    spans = frame.locator("#text-derived .s")
    for index in range(spans.count()):
        spans.nth(index).click()
    page.wait_for_timeout(300)
    assert view.dialogs == []
    report = next(f for f in page.frames if "/result" in f.url)
    assert report.evaluate("() => window.__hacked === undefined")
    assert page.evaluate("() => window.__hacked === undefined")
    assert frame_text(view, "derived") == HOSTILE_DERIVED
    assert frame.locator("#text-derived img, #text-derived script, #text-derived a[href^='javascript:']").count() == 0
    assert page.locator("img").count() == 0
    assert only_the_server(view, server) == []
    assert view.errors == []


def test_an_uploaded_file_is_compared(view: Watched, tmp_path: Path) -> None:
    page = view.page
    page.set_input_files("#original-file", str(EXAMPLES / "harbour-original.txt"))
    upload = tmp_path / "copy.md"
    upload.write_text(HARBOUR_DERIVED, encoding="utf-8")
    page.set_input_files("#derived-file", str(upload))
    page.click("#compare-button")
    frame = report_frame(view)
    assert frame.locator(".doc-name").all_inner_texts() == ["harbour-original.txt", "copy.md"]


def test_the_page_under_its_policy_loads_nothing_else(view: Watched, server: str) -> None:
    assert view.requests == [server + "/", *(f"{server}/static/{name}" for name in
                                           ("report.css", "page.css", "page.js"))]
    shot = view.page.screenshot(full_page=True)
    assert shot[:8] == b"\x89PNG\r\n\x1a\n"


# --- the second tab: search the index -------------------------------------------------------------


def searched(view: Watched, text: str) -> Any:
    """Open the search tab, paste the text, search: the list of sources once it is shown."""
    page = view.page
    page.click("#tab-search")
    page.fill("#search-text", text)
    page.click("#search-button")
    page.wait_for_selector("#search-results li", timeout=REPORT_TIMEOUT_MS)
    return page.locator("#search-results li")


def search_frame(view: Watched) -> Any:
    page = view.page
    page.wait_for_selector("#search-report:not([hidden])", timeout=REPORT_TIMEOUT_MS)
    frame = page.frame_locator("#search-report")
    frame.locator("#text-derived").wait_for(timeout=REPORT_TIMEOUT_MS)
    return frame


def test_search_the_index_and_open_a_sources_report(view: Watched, server: str) -> None:
    page = view.page
    found = searched(view, HARBOUR_DERIVED)
    assert found.count() == 1
    assert found.first.locator(".source").inner_text() == "harbour"
    assert "Kelsby quay to close" in found.first.inner_text()
    assert "1 source found" in page.locator("#search-status").inner_text()
    assert page.locator("#panel-compare").is_hidden()
    found.first.locator("button").click()
    frame = search_frame(view)
    # The side-by-side report of the pasted text against the source, passages highlighted.
    assert frame.locator(".doc-name").all_inner_texts() == ["harbour", "pasted text"]
    assert frame.locator("#text-derived .s.t0[data-l]").count() > 0
    assert frame.locator("#text-original .s.t0[data-l]").count() > 0
    assert only_the_server(view, server) == []
    assert view.errors == [] and view.dialogs == []


def test_the_keyboard_alone_searches(view: Watched) -> None:
    page = view.page
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "tab-compare"
    page.keyboard.press("ArrowRight")  # the tabs move by arrow keys
    assert page.evaluate("() => document.activeElement.id") == "tab-search"
    assert page.locator("#panel-search").is_visible() and page.locator("#panel-compare").is_hidden()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.id") == "search-text"
    page.keyboard.insert_text(HARBOUR_DERIVED)
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#search-results li", timeout=REPORT_TIMEOUT_MS)
    # The first source's button has the focus: Enter opens its report.
    assert page.evaluate("() => document.activeElement.className") == "show-report"
    page.keyboard.press("Enter")
    assert search_frame(view).locator("#text-original .s[data-l]").count() > 0
    assert view.errors == []


def test_an_empty_search_is_said_in_the_page(view: Watched) -> None:
    page = view.page
    page.click("#tab-search")
    page.click("#search-button")
    status = page.locator("#search-status")
    assert status.inner_text() == "Error: paste the text to find the sources of"
    assert page.locator("#search-results li").count() == 0


def test_a_hostile_source_and_text_are_shown_inert(view: Watched, server: str) -> None:
    page = view.page
    found = searched(view, HOSTILE_SOURCE_TEXT)
    item = found.first
    assert item.locator(".source").inner_text() == HOSTILE_SOURCE["id"]
    assert HOSTILE_SOURCE["title"] in item.inner_text()
    assert page.locator("#search-results img, #search-results script, #search-results a").count() == 0
    item.locator("button").click()
    frame = search_frame(view)
    spans = frame.locator("#text-derived .s")
    for index in range(spans.count()):
        spans.nth(index).click()
    page.wait_for_timeout(300)
    report = next(f for f in page.frames if "/reports/" in f.url)
    assert report.evaluate("() => window.__hacked === undefined")
    assert page.evaluate("() => window.__hacked === undefined")
    assert frame.locator("#text-derived img, #text-derived script, #text-derived a[href^='javascript:']").count() == 0
    assert page.locator("img").count() == 0
    assert view.dialogs == [] and view.errors == []
    assert only_the_server(view, server) == []
