"""Domain errors. The library raises these; the CLI and HTTP shells translate them at the edge."""

from __future__ import annotations


class SourcetraceError(Exception):
    """Base class for every error a user can cause. ``str(e)`` is a one-line message."""

    status = 400


class InputNotFound(SourcetraceError):
    """A path given as input does not exist."""

    status = 404


class UnreadableInput(SourcetraceError):
    """An input exists but cannot be read as text (a directory, binary data, bad encoding)."""

    status = 422


class EmptyDocument(SourcetraceError):
    """An input holds no text once decoded (empty or whitespace only)."""

    status = 422


class InputTooLarge(SourcetraceError):
    """An input is larger than the configured limit."""

    status = 413


class InvalidOption(SourcetraceError):
    """An option value is out of its allowed range."""

    status = 400


class CorpusError(SourcetraceError):
    """A corpus directory does not have the expected layout."""

    status = 422


class InvalidReport(SourcetraceError):
    """A file given as a saved report is not a readable ``sourcetrace.report/1`` JSON report."""

    status = 422


class UnsupportedLanguage(SourcetraceError):
    """Two texts in different languages, one of which the multilingual model does not cover."""

    status = 422


class MissingResource(SourcetraceError):
    """A system data package a detector needs is not installed (e.g. Debian's WordNet)."""

    status = 500


class InvalidIndex(SourcetraceError):
    """An index file is missing, damaged, or not a sourcetrace index of this schema."""

    status = 422


class IndexBusy(SourcetraceError):
    """Another process holds the index's write lock for longer than the wait allows."""

    status = 409


class SparkUnavailable(SourcetraceError):
    """The Spark engine cannot start: pyspark or Java missing, or the master unreachable."""

    status = 503
