"""``GET /``: the page for editors, plain HTML, CSS and JavaScript served by the app itself.

Nothing comes from elsewhere (no CDN, no web fonts), and the Content-Security-Policy says so:
scripts, styles, requests and frames only from this server. The page shows the report in a
sandboxed frame that loads the report's own page (``GET /v1/jobs/{id}/result`` asked for as
HTML), so the report keeps its own policy and script, and a hostile text in it stays text.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from string import Template

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from sourcetrace.assess import DETECTORS
from sourcetrace.http.errors import NotFound
from sourcetrace.report.html import escape

router = APIRouter(include_in_schema=False)

PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; "
    "frame-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)
# The files under /static/: the page's own, and the report's style sheet, which gives the page
# the report's look (type, colours, focus rings).
_STATIC = {
    "page.css": ("sourcetrace.http", "page/page.css", "text/css"),
    "page.js": ("sourcetrace.http", "page/page.js", "text/javascript"),
    "report.css": ("sourcetrace.report", "assets/report.css", "text/css"),
}


@router.get("/")
async def page(request: Request) -> HTMLResponse:
    settings = request.app.state.settings
    html = _page_html(settings.allow_urls, settings.index_path is not None)
    return HTMLResponse(html, headers={"content-security-policy": PAGE_POLICY})


@router.get("/static/{name}")
async def static(name: str) -> Response:
    if name not in _STATIC:
        raise NotFound(f"no file /static/{name}")
    package, path, media_type = _STATIC[name]
    return Response(
        _read(package, path),
        media_type=media_type,
        headers={"cache-control": "no-cache"},
    )


@cache
def _read(package: str, path: str) -> str:
    return (resources.files(package) / path).read_text(encoding="utf-8")


@cache
def _page_html(allow_urls: bool, has_index: bool) -> str:
    detectors = "".join(
        f'<label class="check"><input type="checkbox" name="detector" value="{escape(name)}"'
        f" checked> {escape(name)}</label>"
        for name in DETECTORS
    )
    return Template(_read("sourcetrace.http", "page/index.html")).substitute(
        allow_urls="true" if allow_urls else "false",
        has_index="true" if has_index else "false",
        detectors=detectors,
    )
