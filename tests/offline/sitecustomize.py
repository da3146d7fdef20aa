"""Imported at start-up by every Python process whose PYTHONPATH names this folder (the
network-blocked tests of test_supply_chain.py, and the worker processes those start): any
connection or name lookup that would leave the machine fails, and is written to the file named
by SOURCETRACE_NETWORK_LOG, so a test can tell that nothing even tried."""

from __future__ import annotations

import ipaddress
import os
import socket

_LOCAL_NAMES = {"localhost", "localhost.localdomain", "", None}


def _is_local(host: object) -> bool:
    if host in _LOCAL_NAMES:
        return True
    try:
        return ipaddress.ip_address(str(host).split("%")[0]).is_loopback
    except ValueError:
        return False


def _refuse(what: str) -> OSError:
    with open(os.environ["SOURCETRACE_NETWORK_LOG"], "a", encoding="utf-8") as log:
        log.write(f"{os.getpid()} {what}\n")
    return OSError(f"network blocked: {what}")


class _LocalOnlySocket(socket.socket):
    def connect(self, address: object) -> None:
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address[0]):  # type: ignore[index]
            raise _refuse(f"connect {address!r}")
        super().connect(address)  # type: ignore[arg-type]

    def connect_ex(self, address: object) -> int:
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address[0]):  # type: ignore[index]
            raise _refuse(f"connect_ex {address!r}")
        return super().connect_ex(address)  # type: ignore[arg-type]

    def sendto(self, data: bytes, *args: object) -> int:  # type: ignore[override]
        address = args[-1]
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_local(address[0]):  # type: ignore[index]
            raise _refuse(f"sendto {address!r}")
        return super().sendto(data, *args)  # type: ignore[arg-type]


_real_getaddrinfo = socket.getaddrinfo


def _local_getaddrinfo(host: object, *args: object, **kwargs: object) -> list:  # type: ignore[type-arg]
    if not _is_local(host):
        raise _refuse(f"getaddrinfo {host!r}")
    return _real_getaddrinfo(host, *args, **kwargs)  # type: ignore[arg-type]


if os.environ.get("SOURCETRACE_NETWORK_LOG"):
    socket.socket = _LocalOnlySocket  # type: ignore[misc]
    socket.getaddrinfo = _local_getaddrinfo  # type: ignore[assignment]
