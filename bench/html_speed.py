"""Speed of the HTML report on a large pair: rendering, and the page in headless Chromium.

Builds a synthetic 300 KB original and a 300 KB derived text (reworded, reordered, numbers
changed, sentences dropped and added), compares them once (timed, but not the target), then:

* renders the report to HTML (``Report.to_dict()`` + the HTML renderer; target: <= 2 s), with
  the JSON renderer on the same report as a same-run baseline;
* opens the page from a file URL in headless Debian Chromium (target: load + first response
  <= 1 s): the time to the load event, then the time from clicking a derived sentence to its
  original counterpart being highlighted.

Usage: python bench/html_speed.py [--kb 300] [--seed 7] [--keep DIR]
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from sourcetrace import compare
from sourcetrace.model import Report
from sourcetrace.report import render

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--host-resolver-rules=MAP * ~NOTFOUND",
]
WORDS = (
    "harbour council board repairs quay storm river bridge school market library station road "
    "village town county fund money budget workers divers contractors residents visitors boats "
    "winter summer spring autumn week month year report meeting plan promise warning cracks wall "
    "water tide flood season traders shops cafe walkway customs house lifeboat museum festival"
).split()
VERBS = "said found promised expected paid moved closed opened warned agreed decided".split()
SYNONYMS = {"said": "stated", "found": "discovered", "expected": "likely", "paid": "funded"}


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(10, 22))]
    words.insert(rng.randint(1, len(words) - 1), rng.choice(VERBS))
    if rng.random() < 0.35:
        words.insert(rng.randint(1, len(words) - 1), str(rng.randint(2, 900)))
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def derive(original: list[str], rng: random.Random) -> list[str]:
    derived: list[str] = []
    for text in original:
        roll = rng.random()
        if roll < 0.06:
            continue  # dropped
        if roll < 0.12:
            derived.append(sentence(rng))  # added
        words = text.split()
        if rng.random() < 0.3:
            words = [SYNONYMS.get(w, w) for w in words]
        if rng.random() < 0.05:
            words = [str(int(w) + 7) if w.isdigit() else w for w in words]
        derived.append(" ".join(words))
    # Move a few blocks of sentences, as rewrites do.
    for _ in range(len(derived) // 200):
        start = rng.randrange(len(derived) - 20)
        block = derived[start : start + 10]
        del derived[start : start + 10]
        at = rng.randrange(len(derived))
        derived[at:at] = block
    return derived


def paragraphs(sentences: list[str], rng: random.Random) -> str:
    out, index = [], 0
    while index < len(sentences):
        size = rng.randint(3, 6)
        out.append(" ".join(sentences[index : index + size]))
        index += size
    return "\n\n".join(out) + "\n"


def make_pair(kilobytes: int, seed: int) -> tuple[str, str]:
    rng = random.Random(seed)
    sentences: list[str] = []
    while sum(len(s) + 1 for s in sentences) < kilobytes * 1000:
        sentences.append(sentence(rng))
    original = paragraphs(sentences, rng)
    derived = paragraphs(derive(sentences, rng), rng)
    return original, derived


def timed_render(report: Report, fmt: str) -> tuple[float, str]:
    start = time.perf_counter()
    text = render(report, fmt)  # type: ignore[arg-type]
    return time.perf_counter() - start, text


def browser_figures(page_path: Path, report: Report) -> tuple[float, float]:
    from playwright.sync_api import sync_playwright

    link = report.passages[len(report.passages) // 2].links[-1]
    derived_id, original_id = f"#d{link.tgt[0]}", f"#o{link.src[0]}"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        start = time.perf_counter()
        page.goto(page_path.as_uri(), wait_until="load")
        loaded = time.perf_counter() - start
        # Centre the sentence in its column (clear of the sticky toolbar), click its first line.
        point = page.evaluate(
            "s => { const e = document.querySelector(s); e.scrollIntoView({block: 'center'});"
            " const r = e.getClientRects()[0]; return [r.left + 3, r.top + r.height / 2]; }",
            derived_id,
        )
        start = time.perf_counter()
        page.mouse.click(*point)
        page.wait_for_function(
            f"() => document.querySelector('{original_id}').classList.contains('hl')"
        )
        clicked = time.perf_counter() - start
        browser.close()
    assert requests == [page_path.as_uri()], requests
    return loaded, clicked


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kb", type=int, default=300, help="size of each text, in KB")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", type=Path, default=None, help="write the page into DIR")
    args = parser.parse_args()

    original, derived = make_pair(args.kb, args.seed)
    print(f"texts: original {len(original):,} chars, derived {len(derived):,} chars")
    start = time.perf_counter()
    report = compare(original, derived)
    print(
        f"compare (alignment + assessment, not the target): {time.perf_counter() - start:.2f} s;"
        f" {len(report.passages)} passages, {sum(len(p.links) for p in report.passages)} links,"
        f" {len(report.distortions)} distortions, {len(report.omissions)} omissions,"
        f" {len(report.additions)} additions"
    )
    json_seconds, _ = timed_render(report, "json")
    html_seconds, page = timed_render(report, "html")
    print(f"render json (baseline): {json_seconds:.3f} s")
    print(
        f"render html: {html_seconds:.3f} s ({html_seconds / json_seconds:.1f}x json),"
        f" {len(page.encode()):,} bytes; target <= 2 s: {'ok' if html_seconds <= 2 else 'MISSED'}"
    )
    with tempfile.TemporaryDirectory() as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        page_path = folder / "large-report.html"
        page_path.write_text(page, encoding="utf-8")
        loaded, clicked = browser_figures(page_path, report)
    total = loaded + clicked
    print(f"chromium: load event {loaded:.3f} s, click -> counterpart highlighted {clicked:.3f} s")
    print(f"open + respond: {total:.3f} s; target <= 1 s: {'ok' if total <= 1 else 'MISSED'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
