"""The one error the generator raises for a request it cannot meet."""


class SyntheticError(Exception):
    """Bad parameters, missing data or a pool too small for the request (one line, for the CLI)."""
