"""The HTML report: one self-contained page with both texts side by side.

The page needs nothing but itself: the style sheet and the script (``assets/``) are inlined, it
uses system fonts, and a Content-Security-Policy allows exactly the two inlined blocks (by their
SHA-256) and no request of any kind. Every piece of text that comes from the report (document
texts, names, explanations, even numbers) goes through :func:`escape`, the one escaping helper,
so a hostile text renders as inert text; the script never writes HTML (``textContent`` only).

Layout: a header (documents, verdict and scores with plain explanations, counts, legend), the
original and the derived text side by side, and the numbered findings list (the order of
:mod:`sourcetrace.report.findings`). Without JavaScript the page still shows every highlight,
the findings list, and links that jump to each finding's place in both texts.

Markup of the texts, for the script and the style sheet:

* each column's text is cut into ``<div class="para">`` blocks, a new one at each segment after
  a blank line (see :func:`_text_html`);
* each segment is ``<span class="s tN" id="o12" data-l="4 9">``: ``o``/``d`` for the side and
  the segment index; ``tN`` tints the passage it belongs to (N = passage number modulo
  :data:`TINTS`); ``data-l`` lists the global numbers of the links it belongs to;
* a finding's text is cut into ``<span class="m ..." data-f="3">`` pieces at every boundary
  (``dc``/``dm`` critical/minor distortion, ``om`` omission, ``ad`` addition, ``ar`` page
  furniture), so overlapping marks stay well nested;
* where a finding starts, a numbered marker ``<a class="mk" id="f3-o" href="#finding-3">``
  (``-o``/``-d`` for the side) anchors it, also for a finding with an empty span.
"""

from __future__ import annotations

import base64
import hashlib
import html
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Any

from sourcetrace.report.findings import Finding, distortion_counts, findings
from sourcetrace.report.wording import (
    link_count,
    percent,
    score_explanation,
    score_label,
    verdict_explanation,
)

# Distinct passage tints in the style sheet (classes t0..t7).
TINTS = 8
# Findings list quotes are cut to this many characters.
QUOTE_CHARS = 240

_SIDES = (("original", "o"), ("derived", "d"))
_MARKERS = {"dc": "!!", "dm": "!", "om": "\u2212", "ad": "+"}


def escape(value: object) -> str:
    """The one HTML escaping helper: ``&``, ``<``, ``>``, ``"`` and ``'`` become entities.

    Safe in element content and in double-quoted attribute values alike. A carriage return
    becomes ``&#13;`` too: the HTML parser turns a literal ``\r\n`` into ``\n``, but keeps a
    character reference, so the page's text stays exactly the report's text.
    """
    return html.escape(str(value), quote=True).replace("\r", "&#13;")


def render(data: dict[str, Any]) -> str:
    """The HTML page of a report dict (``Report.to_dict()``, or the same loaded from JSON).

    Args:
        data: The report dict.

    Returns:
        The page, ending with a newline; the same dict always gives the same bytes.
    """
    found = findings(data)
    style, script = _asset("report.css"), _asset("report.js")
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en" class="no-js">',
        _head(data, style, script),
        "<body>",
        '<a class="skip" href="#findings">Skip to the findings</a>',
        _header(data, found),
        _toolbar(len(found)),
        _texts(data, found),
        _findings_list(found),
        f"<script>{script}</script>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"


@cache
def _asset(name: str) -> str:
    return (resources.files("sourcetrace.report") / "assets" / name).read_text(encoding="utf-8")


def _csp_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy() -> str:
    """The page's Content-Security-Policy, as its ``<meta>`` element states it.

    No request of any kind: everything not explicitly allowed is refused, and only the two
    inline blocks of the page (the style sheet and the script, by their SHA-256) may apply or
    run. A server sending the page may repeat it as a header.
    """
    style, script = _asset("report.css"), _asset("report.js")
    return (
        f"default-src 'none'; style-src {_csp_hash(style)}; script-src {_csp_hash(script)}; "
        "base-uri 'none'; form-action 'none'"
    )


def _head(data: dict[str, Any], style: str, script: str) -> str:
    policy = content_security_policy()
    title = f"sourcetrace: {data['original']['name']} \u2192 {data['derived']['name']}"
    return "\n".join(
        [
            "<head>",
            '<meta charset="utf-8">',
            f'<meta http-equiv="Content-Security-Policy" content="{escape(policy)}">',
            '<meta name="referrer" content="no-referrer">',
            '<meta name="viewport" content="width=device-width, initial-scale=1">',
            f"<title>{escape(title)}</title>",
            f"<style>{style}</style>",
            "</head>",
        ]
    )


# --- header -----------------------------------------------------------------------------------


def _header(data: dict[str, Any], found: list[Finding]) -> str:
    return "\n".join(
        [
            '<header class="summary">',
            "<h1>Text reuse report</h1>",
            '<div class="overview">',
            _documents(data),
            _counts(data, found),
            _verdict(data),
            "</div>",
            _legend(),
            "</header>",
        ]
    )


def _documents(data: dict[str, Any]) -> str:
    rows = [
        "<tr>"
        f'<th scope="row">{role.capitalize()}</th>'
        f"<td>{escape(doc['name'])}</td>"
        f"<td>{escape(doc['language'] or 'unknown')}</td>"
        f"<td>{escape(format(doc['length'], ','))} characters</td>"
        "</tr>"
        for role, doc in ((role, data[role]) for role, _ in _SIDES)
    ]
    return (
        '<table class="documents" id="documents"><caption>Documents</caption>'
        '<thead><tr><th scope="col">Role</th><th scope="col">Name</th>'
        '<th scope="col">Language</th><th scope="col">Length</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def _verdict(data: dict[str, Any]) -> str:
    verdict = data["verdict"]
    rows = [
        "<tr>"
        f'<th scope="row">{escape(score_label(name))}</th>'
        f'<td class="value">{escape(percent(value))}</td>'
        f'<td><meter min="0" max="1" value="{escape(value)}">{escape(percent(value))}</meter></td>'
        f"<td>{escape(score_explanation(name))}</td>"
        "</tr>"
        for name, value in data["scores"].items()
    ]
    return (
        '<section class="verdict" aria-labelledby="verdict-heading">'
        f'<h2 id="verdict-heading">Verdict: <span class="verdict-name">{escape(verdict)}</span>'
        f"</h2><p>{escape(verdict_explanation(verdict))}</p>"
        f'<table class="scores" id="scores"><caption>Scores</caption><tbody>{"".join(rows)}'
        "</tbody></table></section>"
    )


def _counts(data: dict[str, Any], found: list[Finding]) -> str:
    severities, types = distortion_counts(data)
    omissions = sum(1 for f in found if f.kind == "omission" and not f.artifact)
    items = [
        ("Passages", f"{len(data['passages'])} ({link_count(data)} sentence links)"),
        ("Distortions", _count_line(len(data["distortions"]), severities)),
        ("By type", ", ".join(f"{name} {count}" for name, count in types) or "none"),
        ("Omissions", str(omissions)),
        ("Additions", str(len(data["additions"]))),
        ("Page furniture", str(len(data["artifacts"]))),
    ]
    rows = "".join(f"<dt>{escape(name)}</dt><dd>{escape(value)}</dd>" for name, value in items)
    return (
        '<section class="counts" aria-labelledby="counts-heading">'
        f'<h2 id="counts-heading">Counts</h2><dl id="counts">{rows}</dl></section>'
    )


def _count_line(total: int, parts: list[tuple[str, int]]) -> str:
    if not parts:
        return str(total)
    return f"{total} ({', '.join(f'{count} {name}' for name, count in parts)})"


def _legend() -> str:
    entries = [
        ('<span class="s t0">reused</span> <span class="s t1">passage</span>',
         "a reused passage: each passage has its own tint, the same on both sides"),
        ('<span class="s hl">counterpart</span>',
         "the counterpart of the sentence you point at or click (outlined)"),
        (f'{_marker_html("dc", 1, "")}<span class="m dc">three</span>',
         "critical distortion: wavy underline, marker !!"),
        (f'{_marker_html("dm", 2, "")}<span class="m dm">said</span>',
         "minor distortion: dotted underline, marker !"),
        (f'{_marker_html("om", 3, "")}<span class="m om">omitted</span>',
         "omission: hatched, marker \u2212 (original side)"),
        (f'{_marker_html("ad", 4, "")}<span class="m ad">added</span>',
         "addition: boxed, marker + (derived side)"),
        ('<span class="m ar">Photo: credit</span>', "page furniture: grey italics, not counted"),
    ]
    rows = "".join(
        f'<li><span class="sample" aria-hidden="true">{sample}</span> {escape(text)}</li>'
        for sample, text in entries
    )
    return (
        '<details class="legend" open><summary>Legend</summary>'
        f'<ul>{rows}</ul><p class="js-only keys">Keys: <kbd>j</kbd>/<kbd>n</kbd> next finding, '
        "<kbd>k</kbd>/<kbd>p</kbd> previous finding, <kbd>Esc</kbd> clear. Point at or click a "
        "sentence to see its counterpart.</p></details>"
    )


def _toolbar(total: int) -> str:
    return (
        '<nav class="toolbar js-only" aria-label="Findings">'
        '<button type="button" id="prev-finding" aria-keyshortcuts="k p">\u2190 Previous</button>'
        f'<span id="finding-position">{escape(total)} findings</span>'
        '<button type="button" id="next-finding" aria-keyshortcuts="j n">Next \u2192</button>'
        '<span id="note" role="status" aria-live="polite"></span>'
        "</nav>"
    )


# --- the two texts ----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Mark:
    """A highlighted range of one side; ``finding`` 0 for page furniture (no marker)."""

    start: int
    end: int
    css: str
    finding: int
    title: str


def _texts(data: dict[str, Any], found: list[Finding]) -> str:
    segment_info = _segment_info(data)
    columns = []
    for side, prefix in _SIDES:
        doc = data[side]
        body = _text_html(
            doc["text"], doc["segments"], segment_info[prefix], _marks(data, found, side), prefix
        )
        columns.append(
            f'<section class="col" aria-labelledby="heading-{side}">'
            f'<h2 id="heading-{side}">{side.capitalize()} '
            f'<span class="doc-name">{escape(doc["name"])}</span></h2>'
            f'<div class="text" id="text-{side}" tabindex="0" '
            f'lang="{escape(doc["language"] or "")}">'
            f"{body}</div></section>"
        )
    return f'<main class="texts" id="texts">{"".join(columns)}</main>'


@dataclass(frozen=True)
class _SegmentInfo:
    """A linked segment: the global numbers of its links, its passage tint and tooltip."""

    links: tuple[int, ...]
    tint: int
    title: str


def _segment_info(data: dict[str, Any]) -> dict[str, dict[int, _SegmentInfo]]:
    """Per side (``o``/``d``) and segment index, what its span carries; unlinked ones absent.

    Links are numbered over all passages in order; a segment in several links (a sentence
    reused twice) lists them all and takes the tint of its first passage.
    """
    info: dict[str, dict[int, _SegmentInfo]] = {"o": {}, "d": {}}
    number = 0
    for passage_number, passage in enumerate(data["passages"]):
        for link in passage["links"]:
            title = (
                f"passage {passage_number + 1} ({passage['kind']}), "
                f"sentence similarity {link['similarity']:.2f}"
            )
            for prefix, key in (("o", "original_segments"), ("d", "derived_segments")):
                for index in link[key]:
                    known = info[prefix].get(index)
                    info[prefix][index] = (
                        _SegmentInfo((number,), passage_number % TINTS, title)
                        if known is None
                        else replace(known, links=(*known.links, number))
                    )
            number += 1
    return info


def _marks(data: dict[str, Any], found: list[Finding], side: str) -> list[_Mark]:
    marks = []
    for finding in found:
        quote = finding.original if side == "original" else finding.derived
        if quote is not None:
            css, title = _finding_css(finding), _finding_title(finding)
            marks.append(_Mark(quote["start"], quote["end"], css, finding.number, title))
    for artifact in data["artifacts"]:
        if artifact["side"] == side:
            title = f"page furniture ({artifact['kind']}), not counted"
            marks.append(_Mark(artifact["start"], artifact["end"], "ar", 0, title))
    return marks


def _finding_css(finding: Finding) -> str:
    if finding.kind == "distortion":
        return "dc" if finding.severity == "critical" else "dm"
    if finding.kind == "omission":
        return "ar" if finding.artifact else "om"
    return "ad"


def _finding_title(finding: Finding) -> str:
    lines = [f"{finding.number}. {finding.label}: {finding.explanation}"]
    if finding.kind == "distortion":
        assert finding.original is not None and finding.derived is not None
        lines.append(f"original: \u201c{_cut(finding.original['text'])}\u201d")
        lines.append(f"derived: \u201c{_cut(finding.derived['text'])}\u201d")
    return "\n".join(lines)


def _text_html(
    text: str,
    segments: list[list[int]],
    segment_info: dict[int, _SegmentInfo],
    marks: list[_Mark],
    prefix: str,
) -> str:
    """The text with blocks, segment spans, mark pieces and finding markers, in one sweep.

    The text is cut at every block, segment and mark boundary; each piece is emitted once,
    inside its segment's span (if any) and wrapped in one span carrying every mark that covers
    it. Blocks (``<div class="para">``) start at each segment that follows a blank line: the
    browser may skip laying out the blocks out of view (``content-visibility``), which keeps a
    long report quick to open.
    """
    starts: dict[int, list[_Mark]] = {}
    for mark in marks:
        starts.setdefault(mark.start, []).append(mark)
    blocks = _block_starts(text, segments)
    cuts = sorted(
        {0, len(text)}
        | blocks
        | {bound for segment in segments for bound in segment[:2]}
        | {bound for mark in marks for bound in (mark.start, mark.end)}
    )
    out: list[str] = ['<div class="para">']
    active: list[_Mark] = []
    segment_iter = iter(enumerate(segments))
    pending = next(segment_iter, None)
    open_end: int | None = None
    for position, following in zip(cuts, [*cuts[1:], None]):
        if open_end == position:
            out.append("</span>")
            open_end = None
        if position in blocks:
            out.append('</div><div class="para">')
        if pending is not None and pending[1][0] == position:
            out.append(_segment_open(pending[0], segment_info.get(pending[0]), prefix))
            open_end = pending[1][1]
            pending = next(segment_iter, None)
        active = [m for m in active if m.end > position]
        for mark in sorted(starts.get(position, ()), key=lambda m: (m.finding, m.css)):
            if mark.finding:
                out.append(_marker_html(mark.css, mark.finding, prefix))
            if mark.end > position:
                active.append(mark)
        if following is not None:
            out.append(_piece(text[position:following], active))
    if open_end is not None:
        out.append("</span>")
    out.append("</div>")
    return "".join(out)


def _block_starts(text: str, segments: list[list[int]]) -> set[int]:
    """Starts of the segments with a blank line between them and the segment before."""
    return {
        start
        for (_, previous_end, _), (start, _, _) in zip(segments, segments[1:])
        if "\n\n" in text[previous_end:start] or "\n\r\n" in text[previous_end:start]
    }


def _segment_open(index: int, info: _SegmentInfo | None, prefix: str) -> str:
    if info is None:
        return f'<span class="s" id="{prefix}{index}">'
    return (
        f'<span class="s t{info.tint}" id="{prefix}{index}" '
        f'data-l="{escape(" ".join(map(str, info.links)))}" title="{escape(info.title)}">'
    )


def _marker_html(css: str, number: int, prefix: str) -> str:
    anchor = f' id="f{number}-{prefix}"' if prefix else ""
    return (
        f'<a class="mk {css}"{anchor} href="#finding-{number}">'
        f"{escape(_MARKERS.get(css, ''))}{escape(number)}</a>"
    )


def _piece(text: str, active: list[_Mark]) -> str:
    if not active:
        return escape(text)
    classes = " ".join(sorted({mark.css for mark in active}))
    numbers = sorted({mark.finding for mark in active if mark.finding})
    titles = "\n".join(mark.title for mark in sorted(active, key=lambda m: (m.finding, m.css)))
    data_f = f' data-f="{escape(" ".join(map(str, numbers)))}"' if numbers else ""
    return f'<span class="m {classes}"{data_f} title="{escape(titles)}">{escape(text)}</span>'


# --- findings list ----------------------------------------------------------------------------


def _findings_list(found: list[Finding]) -> str:
    if not found:
        items = "<p>No distortion, omission or addition was found.</p>"
    else:
        items = f'<ol class="findings">{"".join(_finding_item(f) for f in found)}</ol>'
    return (
        '<section id="findings" aria-labelledby="findings-heading">'
        f'<h2 id="findings-heading">Findings ({escape(len(found))})</h2>{items}</section>'
    )


def _finding_item(finding: Finding) -> str:
    css = _finding_css(finding)
    places = "".join(_place(finding, side, prefix) for side, prefix in _SIDES)
    return (
        f'<li id="finding-{finding.number}" class="finding {css}" data-f="{finding.number}">'
        f'<p class="finding-head"><span class="badge {css}">'
        f"{escape(_MARKERS.get(css, ''))}{escape(finding.number)}</span> "
        f'<strong>{escape(finding.label)}</strong>: {escape(finding.explanation)}</p>'
        f'<ul class="places">{places}</ul></li>'
    )


def _place(finding: Finding, side: str, prefix: str) -> str:
    quote = finding.original if side == "original" else finding.derived
    if quote is None:
        return ""
    words = f"<q>{escape(_cut(quote['text']))}</q>" if quote["text"] else "<em>(nothing)</em>"
    return (
        f'<li><a href="#f{finding.number}-{prefix}">{side.capitalize()} '
        f'{escape(quote["start"])}\u2013{escape(quote["end"])}</a>: {words}</li>'
    )


def _cut(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= QUOTE_CHARS else flat[:QUOTE_CHARS].rstrip() + "\u2026"

