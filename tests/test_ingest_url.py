"""Tests for reading ``http(s)://`` inputs, against a local server on 127.0.0.1."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from newsroom_fixtures import ARTICLE, HTML_FURNITURE, news_page_html, print_edition_pdf
from sourcetrace.errors import InputTooLarge, UnreadableInput
from sourcetrace.ingest import read_document, url

ROUTES: dict[str, tuple[int, str, bytes]] = {
    "/story.html": (200, "text/html; charset=utf-8", news_page_html()),
    "/story.txt": (200, "text/plain; charset=utf-8", "\n\n".join(ARTICLE).encode()),
    "/print.pdf": (200, "application/pdf", print_edition_pdf()),
    "/photo.png": (200, "image/png", b"\x89PNG\r\n\x1a\n" + bytes(64)),
}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        if self.path == "/slow":
            time.sleep(2)
        status, content_type, body = ROUTES.get(self.path, (404, "text/html", b"<h1>Not found</h1>"))
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (the timeout test)

    def log_message(self, *_args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_page_goes_through_the_html_reader(server: str) -> None:
    address = f"{server}/story.html"
    document = read_document(address)
    assert document.name == address
    assert (document.format, document.text_source) == ("html", "extracted")
    for paragraph in ARTICLE:
        assert paragraph in document.text
    for furniture in HTML_FURNITURE:
        assert furniture not in document.text
    assert document.metadata["url"] == address
    assert document.metadata["author"] == "Jane Doe"


def test_plain_text_and_pdf_by_content_type(server: str) -> None:
    assert read_document(f"{server}/story.txt").text == "\n\n".join(ARTICLE)
    assert read_document(f"{server}/print.pdf").text.split("\n\n") == list(ARTICLE)


def test_not_found(server: str) -> None:
    with pytest.raises(UnreadableInput) as caught:
        read_document(f"{server}/gone.html")
    assert str(caught.value) == f"{server}/gone.html: the server answered 404 Not Found"


def test_binary_content_is_refused(server: str) -> None:
    with pytest.raises(UnreadableInput) as caught:
        read_document(f"{server}/photo.png")
    assert str(caught.value) == (
        f"{server}/photo.png: the server sent image/png, not a web page, text or PDF"
    )


def test_timeout(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(url, "DEFAULT_TIMEOUT", 0.3)
    with pytest.raises(UnreadableInput) as caught:
        read_document(f"{server}/slow")
    assert str(caught.value) == f"{server}/slow: no answer within 0.3 seconds"


def test_size_cap(server: str) -> None:
    with pytest.raises(InputTooLarge) as caught:
        read_document(f"{server}/story.html", max_bytes=100)
    assert str(caught.value) == f"{server}/story.html: the page is over the 100 B limit"


def test_unreachable() -> None:
    # Port 9 (discard) on loopback: nothing listens there, so the connection is refused.
    with pytest.raises(UnreadableInput) as caught:
        read_document("http://127.0.0.1:9/story.html")
    assert str(caught.value) == "http://127.0.0.1:9/story.html: cannot be fetched (connection refused)"
