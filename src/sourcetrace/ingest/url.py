"""Fetch an ``http://`` or ``https://`` input: a web page, or a text or PDF file.

The fetch has a timeout (for connecting and for each read), a size cap (the same limit as for
files, checked while reading, so a huge or endless answer is cut off) and a content-type check:
HTML goes through the HTML reader, plain text through the text reader and PDF through the PDF
reader; anything else (an image, a zip, ``application/octet-stream``) is refused. Every failure
(unreachable host, timeout, HTTP error status, wrong content type) is one line naming the URL.
Redirects are followed (at most 10, urllib's default).
"""

from __future__ import annotations

import socket
import urllib.error
import urllib.request
from email.message import Message

from sourcetrace.errors import InputTooLarge, UnreadableInput

DEFAULT_TIMEOUT = 20.0
URL_SCHEMES = ("http://", "https://")
# Content type (without parameters) -> input format of its reader.
CONTENT_FORMATS = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "text/plain": "text",
    "text/markdown": "markdown",
    "application/pdf": "pdf",
}


def is_url(source: object) -> bool:
    """Whether an input names an ``http(s)://`` URL rather than a path."""
    return isinstance(source, str) and source.lower().startswith(URL_SCHEMES)


def fetch(url: str, *, max_bytes: int, timeout: float | None = None) -> tuple[bytes, str]:
    """Download a URL's body and name the input format its content type calls for.

    Args:
        url: An ``http://`` or ``https://`` URL.
        max_bytes: The largest body accepted.
        timeout: Seconds to wait for the connection and for each read; default
            :data:`DEFAULT_TIMEOUT`.

    Returns:
        ``(body, input_format)``, the format being one of :data:`CONTENT_FORMATS`'s values.

    Raises:
        UnreadableInput: The URL cannot be fetched, answers with an error status or a content
            type no reader takes.
        InputTooLarge: The body is larger than ``max_bytes``.
    """
    timeout = DEFAULT_TIMEOUT if timeout is None else timeout
    request = urllib.request.Request(url, headers={"User-Agent": "sourcetrace"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            input_format = _input_format(url, response.headers)
            return _read_capped(response, url, max_bytes), input_format
    except urllib.error.HTTPError as error:
        raise UnreadableInput(f"{url}: the server answered {error.code} {error.reason}") from None
    except (TimeoutError, socket.timeout):
        raise UnreadableInput(f"{url}: no answer within {timeout:g} seconds") from None
    except urllib.error.URLError as error:
        reason = error.reason
        if isinstance(reason, (TimeoutError, socket.timeout)):
            raise UnreadableInput(f"{url}: no answer within {timeout:g} seconds") from None
        raise UnreadableInput(f"{url}: cannot be fetched ({_reason(reason)})") from None
    except (OSError, ValueError) as error:
        # A connection reset mid-body, a malformed URL or status line.
        raise UnreadableInput(f"{url}: cannot be fetched ({_reason(error)})") from None


def _input_format(url: str, headers: Message) -> str:
    content_type = headers.get_content_type()
    if content_type not in CONTENT_FORMATS:
        raise UnreadableInput(
            f"{url}: the server sent {content_type}, not a web page, text or PDF"
        )
    return CONTENT_FORMATS[content_type]


def _read_capped(response: object, url: str, max_bytes: int) -> bytes:
    """Read the body, failing as soon as it passes ``max_bytes``."""
    body = response.read(max_bytes + 1)  # type: ignore[attr-defined]
    if len(body) > max_bytes:
        raise InputTooLarge(f"{url}: the page is over the {max_bytes:,} B limit")
    return body


def _reason(reason: object) -> str:
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror.lower()
    return str(reason) or type(reason).__name__
