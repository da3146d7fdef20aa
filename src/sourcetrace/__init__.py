"""sourcetrace: align an original text with a derived one and report the reused passages.

The public surface is flat and small::

    from sourcetrace import compare
    report = compare(original_text, derived_text)
    print(report.verdict, report.to_dict()["scores"])

Everything else (``sourcetrace.align``, ``sourcetrace.segment``, ``sourcetrace.report``,
``sourcetrace.evaluate``) is reachable but not promised to stay as it is.
"""

from sourcetrace.api import compare
from sourcetrace.errors import SourcetraceError
from sourcetrace.model import Document, Link, Passage, Report, Segment, Span

__version__ = "0.1.0"

__all__ = [
    "Document",
    "Link",
    "Passage",
    "Report",
    "Segment",
    "SourcetraceError",
    "Span",
    "__version__",
    "compare",
]
