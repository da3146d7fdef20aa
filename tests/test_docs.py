"""The docs name every detector, every command and every config field the code has."""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path

import click

from sourcetrace import Config
from sourcetrace.assess import DETECTORS
from sourcetrace.cli import cli

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_every_detector_has_a_section_in_distortions_md() -> None:
    page = (DOCS / "distortions.md").read_text(encoding="utf-8")
    assert DETECTORS, "the registry is not empty"
    assert [name for name in DETECTORS if f"### `{name}`" not in page] == []


def _commands(group: click.Group, prefix: str = "sourcetrace") -> list[str]:
    names = []
    for name, command in sorted(group.commands.items()):
        path = f"{prefix} {name}"
        if isinstance(command, click.Group):
            names += _commands(command, path)
        else:
            names.append(path)
    return names


def test_every_command_has_a_section_in_cli_md() -> None:
    page = (DOCS / "cli.md").read_text(encoding="utf-8")
    commands = _commands(cli)
    assert "sourcetrace compare" in commands and "sourcetrace eval pan" in commands
    assert [c for c in commands if f"## `{c}`" not in page] == []


def test_the_example_report_in_json_format_md_carries_the_default_config() -> None:
    page = (DOCS / "json-format.md").read_text(encoding="utf-8")
    examples = [json.loads(block) for block in re.findall(r"```json\n(\{\n  \"schema\".*?)\n```", page, re.S)]
    assert len(examples) == 1, "one complete example report"
    assert examples[0]["options"]["config"] == Config().to_dict()


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "unset"
    if isinstance(value, str):
        return f'"{value}"'
    return repr(value)


def _allowed(spec: dataclasses.Field) -> str:
    meta = spec.metadata
    if meta["choices"]:
        return ", ".join(f"`{choice}`" for choice in meta["choices"])
    if meta["names"]:
        return "a list of names"
    if isinstance(spec.default, bool):
        return "`true`, `false`"
    low = "(-inf" if meta["low"] is None else f"[{meta['low']}"
    high = "inf)" if meta["high"] is None else f"{meta['high']}]"
    return "any number" if meta["low"] is None and meta["high"] is None else f"`{low}, {high}`"


def _parameter_tables() -> dict[str, dict[str, list[str]]]:
    """parameters.md's rows by section and field: [default, allowed, what, chosen by]."""
    tables: dict[str, dict[str, list[str]]] = {}
    section = None
    for line in (DOCS / "parameters.md").read_text(encoding="utf-8").splitlines():
        if heading := re.fullmatch(r"## `(\w+)`", line):
            section = heading.group(1)
            tables[section] = {}
        elif section and (row := re.fullmatch(r"\| `(\w+)` \| (.*) \|", line)):
            cells = row.group(2).split(" | ")
            tables[section][row.group(1)] = cells
    return tables


def test_parameters_md_lists_every_config_field_with_its_default_and_range_and_nothing_else() -> None:
    tables = _parameter_tables()
    sections = {name: getattr(Config(), name) for name in Config().to_dict()}
    assert list(tables) == list(sections)
    for name, section in sections.items():
        specs = dataclasses.fields(section)
        assert list(tables[name]) == [spec.name for spec in specs], name
        for spec in specs:
            default, allowed, what, chosen = tables[name][spec.name][:4]
            where = f"{name}.{spec.name}"
            assert default == f"`{_toml_value(getattr(section, spec.name))}`", where
            assert allowed == _allowed(spec), where
            assert what.strip() and chosen.strip(), where


def _slug(heading: str) -> str:
    """GitHub's anchor of a Markdown heading."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def test_parameters_md_links_to_sections_that_benchmarks_md_has() -> None:
    benchmarks = (DOCS / "benchmarks.md").read_text(encoding="utf-8")
    anchors = {_slug(line.lstrip("#")) for line in benchmarks.splitlines() if line.startswith("#")}
    links = re.findall(r"\(benchmarks\.md#([^)]+)\)", (DOCS / "parameters.md").read_text(encoding="utf-8"))
    assert links, "parameters.md cites benchmarks.md"
    assert sorted(set(links) - anchors) == []


def test_the_readme_and_cli_md_point_at_parameters_md() -> None:
    assert "(docs/parameters.md)" in (DOCS.parent / "README.md").read_text(encoding="utf-8")
    cli_page = (DOCS / "cli.md").read_text(encoding="utf-8")
    assert "**`--config FILE`.**" in cli_page and "(parameters.md)" in cli_page


def _routes() -> list[str]:
    """Every route of the HTTP app, as ``METHOD /path``."""
    from fastapi.routing import APIRoute

    from sourcetrace.http.index_routes import router as index_router
    from sourcetrace.http.page import router as page_router
    from sourcetrace.http.routes import router as api_router

    routes = [
        f"{method} {route.path_format}"  # {doc_id:path} as {doc_id}
        for route in (*api_router.routes, *index_router.routes, *page_router.routes)
        if isinstance(route, APIRoute)
        for method in sorted(route.methods)
    ]
    return [*routes, "GET /openapi.json"]


def _curl_calls(line: str, method: str, path: str) -> bool:
    """Whether a curl command line sends ``method`` to ``path`` (any value for a ``{param}``)."""
    from urllib.parse import urlsplit

    parts = re.split(r"\{[a-z_]+\}", path)
    pattern = "[^/]+".join(re.escape(part) for part in parts)
    urls = [urlsplit(word.strip("'")).path for word in line.split() if "http://127.0.0.1" in word]
    sends = {"GET": True, "POST": " -d " in line or " -F " in line, "DELETE": "-X DELETE" in line}
    return sends[method] and any(re.fullmatch(pattern, url) for url in urls)


def test_every_http_route_has_a_section_with_a_curl_example_in_http_md() -> None:
    page = (DOCS / "http.md").read_text(encoding="utf-8")
    sections = dict(re.findall(r"^### `([A-Z]+ [^`]+)`\n(.*?)(?=^#)", page, re.M | re.S))
    routes = _routes()
    assert "POST /v1/compare" in routes and "GET /" in routes
    assert [route for route in routes if route not in sections] == []
    for route in routes:
        method, path = route.split(" ", 1)
        # A command may go on over lines ending in a backslash.
        commands = sections[route].replace("\\\n", " ").splitlines()
        assert any(
            line.startswith("curl ") and _curl_calls(line, method, path) for line in commands
        ), f"no curl example of {route} in its section"
