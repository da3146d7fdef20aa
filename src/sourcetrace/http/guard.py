"""What every request passes before a route sees it, and what every answer carries.

One ASGI middleware, outermost, so even a refused request gets the one error shape:

* the ``Host`` header must name one of the allowed hosts (when the server binds loopback:
  127.0.0.1, localhost, [::1]), so a web page cannot reach the service through a name of its
  own that resolves to 127.0.0.1 (DNS rebinding);
* a request that changes something (any method but GET, HEAD, OPTIONS) from a browser page of
  another origin is refused: CORS is off, and an HTML form may post across origins without
  asking;
* the body may hold at most ``max_body_bytes`` (413): a larger ``Content-Length`` is refused
  before anything is read, a streamed body as soon as it passes the limit;
* every answer gets security headers (no sniffing, no referrer, no framing by other sites, a
  Content-Security-Policy that allows nothing unless the route set its own, no caching).
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sourcetrace.errors import InputTooLarge, SourcetraceError
from sourcetrace.http.errors import Forbidden, error_response

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
    "cache-control": "no-store",
}


class Guard:
    """The middleware; ``allowed_hosts`` empty lets any ``Host`` through."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int, allowed_hosts: Iterable[str]) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.allowed_hosts = frozenset(host.lower().strip("[]") for host in allowed_hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = _with_security_headers(send)
        headers = Headers(scope=scope)
        refusal = self._refusal(scope["method"], headers)
        if refusal is not None:
            await error_response(refusal)(scope, receive, send)
            return
        await self.app(scope, self._capped(receive), send)

    def _refusal(self, method: str, headers: Headers) -> SourcetraceError | None:
        host = headers.get("host", "")
        if self.allowed_hosts and _host_name(host) not in self.allowed_hosts:
            return Forbidden(f"this server does not answer for the host {host!r}")
        origin = headers.get("origin")
        if method not in SAFE_METHODS and origin is not None and urlsplit(origin).netloc != host:
            return Forbidden(f"requests from pages of {origin!r} are refused (CORS is off)")
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > self.max_body_bytes:
            return self._too_large()
        return None

    def _too_large(self) -> InputTooLarge:
        return InputTooLarge(f"the request body is over the {self.max_body_bytes:,} B limit")

    def _capped(self, receive: Receive) -> Receive:
        received = 0

        async def capped_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body_bytes:
                    raise self._too_large()
            return message

        return capped_receive


def _with_security_headers(send: Send) -> Send:
    async def send_with_headers(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = MutableHeaders(scope=message)
            for name, value in SECURITY_HEADERS.items():
                if name not in headers:
                    headers[name] = value
        await send(message)

    return send_with_headers


def _host_name(host: str) -> str:
    """The host of a ``Host`` header, without its port and IPv6 brackets."""
    host = host.lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host
