"""The docs name every detector and every command the code has."""

from __future__ import annotations

from pathlib import Path

import click

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
    import json
    import re

    from sourcetrace import Config

    page = (DOCS / "json-format.md").read_text(encoding="utf-8")
    examples = [json.loads(block) for block in re.findall(r"```json\n(\{\n  \"schema\".*?)\n```", page, re.S)]
    assert len(examples) == 1, "one complete example report"
    assert examples[0]["options"]["config"] == Config().to_dict()
