"""No network while a case runs, unless it asks for a live model: sockets may reach loopback."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


class NetworkForbidden(RuntimeError):
    """A case tried to reach the network without asking for a live model."""


def _loopback(address: Any) -> bool:
    host = address[0] if isinstance(address, tuple) else None
    if host is None:
        return True  # unix sockets
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


@contextmanager
def network_guard(*, enabled: bool = True) -> Iterator[None]:
    """While active, connecting a socket anywhere but loopback raises NetworkForbidden."""
    if not enabled:
        yield
        return
    original = socket.socket.connect

    def guarded(self: socket.socket, address: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6) and not _loopback(address):
            raise NetworkForbidden(f"suite cases run offline (tried to reach {address!r})")
        return original(self, address)

    socket.socket.connect = guarded  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        socket.socket.connect = original  # type: ignore[method-assign]
