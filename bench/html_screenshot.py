"""Regenerate docs/report-example.png: the HTML report of the bundled example in headless Chromium.

Renders ``examples/harbour-*.txt`` as ``compare --format html`` does, opens the page from a file
URL at 1280 x 900 with the first finding selected (key ``j``) and saves a full-page screenshot.
Run it after a change that alters the report of the example.

Usage: python bench/html_screenshot.py [OUT.png]
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from html_speed import CHROMIUM, LAUNCH_ARGS

from sourcetrace.api import compare_files
from sourcetrace.report import render

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    os.chdir(ROOT)
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs" / "report-example.png"
    # Relative names, as in the docs' command, so the page shows what a reader would get.
    report = compare_files("examples/harbour-original.txt", "examples/harbour-derived.txt")
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as scratch, sync_playwright() as playwright:
        page_path = Path(scratch) / "harbour.html"
        page_path.write_text(render(report, "html"), encoding="utf-8")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(page_path.as_uri())
        page.keyboard.press("j")
        page.screenshot(path=str(out), full_page=True)
        browser.close()
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
