"""``python -m sourcetrace``: the command-line interface."""

from sourcetrace.cli import cli

if __name__ == "__main__":
    cli(prog_name="sourcetrace")
