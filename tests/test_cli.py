"""Every command and subcommand of ``sourcetrace`` documents itself with ``--help``."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from sourcetrace import __version__
from sourcetrace.cli import cli


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    """Paths of every command under ``group``, groups included."""
    found = []
    for name in sorted(group.commands):
        command = group.commands[name]
        found.append((*prefix, name))
        if isinstance(command, click.Group):
            found += _commands(command, (*prefix, name))
    return found


COMMANDS = _commands(cli)


def test_commands_are_listed() -> None:
    assert ("compare",) in COMMANDS and ("eval", "pan") in COMMANDS


@pytest.mark.parametrize("path", [(), *COMMANDS], ids=lambda p: " ".join(p) or "sourcetrace")
def test_help(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0
    assert result.output.startswith("Usage: ")
    command: click.Command = cli
    for name in path:
        assert isinstance(command, click.Group)
        command = command.commands[name]
    assert command.help and command.help.strip()
    # Every option says what it does.
    for param in command.params:
        if isinstance(param, click.Option) and param.name != "help":
            assert param.help, f"{' '.join(path)} {param.opts[0]} has no help text"


def test_version() -> None:
    result = CliRunner().invoke(cli, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"sourcetrace, version {__version__}\n"


def test_no_command_shows_usage() -> None:
    result = CliRunner().invoke(cli, [])
    # Bad usage (no command) exits with 2, as the README says, after the usage text.
    assert result.exit_code == 2
    assert result.output.startswith("Usage: ")
    assert "compare" in result.output and "eval" in result.output
