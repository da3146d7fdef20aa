"""sourcetrace: align an original text with a derived one and report the reused passages.

The public surface is flat and small::

    from sourcetrace import compare
    report = compare(original_text, derived_text)
    print(report.verdict, report.to_dict()["scores"])

One document against many: prepare it once and share the models::

    from sourcetrace import Config, Resources, compare_prepared, prepare
    config = Config()
    with Resources() as resources:
        source = prepare(source_text, config, name="source", resources=resources)
        reports = [
            compare_prepared(source, prepare(t, config, resources=resources), config, resources)
            for t in copies
        ]

Everything else (``sourcetrace.align``, ``sourcetrace.segment``, ``sourcetrace.report``,
``sourcetrace.evaluate``) is reachable but not promised to stay as it is.
"""

from sourcetrace.align import align_pair
from sourcetrace.api import compare, compare_prepared
from sourcetrace.config import Config, load_config
from sourcetrace.errors import SourcetraceError
from sourcetrace.index import Index, IndexParams, SearchParams
from sourcetrace.model import Document, Link, Passage, Report, Segment, Span
from sourcetrace.prepare import PreparedDocument, prepare
from sourcetrace.resources import Resources

__version__ = "0.1.0"

__all__ = [
    "Config",
    "Document",
    "Index",
    "IndexParams",
    "Link",
    "Passage",
    "PreparedDocument",
    "Report",
    "Resources",
    "SearchParams",
    "Segment",
    "SourcetraceError",
    "Span",
    "__version__",
    "align_pair",
    "compare",
    "compare_prepared",
    "load_config",
    "prepare",
]
