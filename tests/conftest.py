"""Shared test set-up: the suite runs as if the machine had no network, and loads each model once.

sourcetrace must never download anything at run time (models ship in PyPI packages). Every test
runs with outbound connections refused except to the loopback interface, which the URL-reader
tests use for a local ``http.server``; a code path that tries to reach a hub fails loudly here.

Every ``Resources`` loads its own spaCy pipeline and language model, and the CLI and ``compare()``
make fresh resources per call: loading spaCy (about 2 s) per comparison would add minutes to
the suite. The suite hands every ``Resources`` the same loaded models instead (a model's answers
do not depend on who holds it); ``test_resources.py`` checks the loading itself without this.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from functools import cache

import pytest

import sourcetrace.assess.nlp
import sourcetrace.language

_LOOPBACK_NAMES = {"localhost", "localhost.localdomain", ""}


def _is_loopback(address: object) -> bool:
    if not isinstance(address, tuple) or not address:
        return True  # AF_UNIX paths and the like never leave the machine
    host = str(address[0])
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Refuse every socket connection that would leave the machine."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def guarded_connect(self: socket.socket, address: object) -> object:
        if not _is_loopback(address):
            raise OSError(f"network access in a test: {address!r}")
        return real_connect(self, address)

    def guarded_connect_ex(self: socket.socket, address: object) -> object:
        if not _is_loopback(address):
            raise OSError(f"network access in a test: {address!r}")
        return real_connect_ex(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect_ex)
    yield


@pytest.fixture(autouse=True, scope="session")
def one_load_of_each_model() -> Iterator[None]:
    """Every Resources of the session gets the same loaded spaCy pipeline and language model."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(sourcetrace.assess.nlp, "load_english", cache(sourcetrace.assess.nlp.load_english))
        patch.setattr(
            sourcetrace.language, "load_language_model", cache(sourcetrace.language.load_language_model)
        )
        yield
