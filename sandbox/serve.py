"""The sandbox vendors on 127.0.0.1 ports: one uvicorn server per vendor, in one event loop.

The served apps are the world's own (fault plan, Bearer check, vendor), over the same state
files the in-process mode uses, so `chat` in either mode sees one world.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import uvicorn

from sandbox.faults import FaultPlan
from sandbox.world import SandboxWorld

HOST = "127.0.0.1"


class _NoIncompleteResponseNoise(logging.Filter):
    """A `reset` fault hangs up mid-answer on purpose; uvicorn need not log that as an error."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "without completing response" not in record.getMessage()


@dataclass(frozen=True)
class ServedVendor:
    name: str
    port: int

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"


class SandboxServer:
    """Binds a port per vendor (`port_base`, `port_base + 1`, … or free ones when 0) and serves."""

    def __init__(
        self, world: SandboxWorld, *, port_base: int = 0, faults: FaultPlan | None = None
    ) -> None:
        if not 0 <= port_base <= 65535 - len(world.names):
            raise ValueError(f"port base {port_base} is out of range")
        self.world = world
        self.port_base = port_base
        self.faults = faults
        self.vendors: list[ServedVendor] = []
        self._sockets: list[socket.socket] = []
        self._servers: list[uvicorn.Server] = []
        self._loop: asyncio.AbstractEventLoop | None = None

    def bind(self) -> list[ServedVendor]:
        """Open every vendor's listening socket (before serving, so the ports are known)."""
        apps = self.world.served_apps(self.faults)
        for offset, (vendor, app) in enumerate(apps.items()):
            port = self.port_base + offset if self.port_base else 0
            sock = _listen(port)
            self._sockets.append(sock)
            self.vendors.append(ServedVendor(vendor, sock.getsockname()[1]))
            config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
            self._servers.append(uvicorn.Server(config))
        logging.getLogger("uvicorn.error").addFilter(_NoIncompleteResponseNoise())
        return self.vendors

    async def serve(self) -> None:
        """Serve until `stop()` (binding first if `bind()` was not called)."""
        if not self._servers:
            self.bind()
        self._loop = asyncio.get_running_loop()
        await asyncio.gather(
            *(
                server.serve(sockets=[sock])
                for server, sock in zip(self._servers, self._sockets, strict=True)
            )
        )

    def stop(self) -> None:
        """Ask every server to finish (safe from any thread)."""
        for server in self._servers:
            server.should_exit = True

    @property
    def started(self) -> bool:
        return bool(self._servers) and all(server.started for server in self._servers)

    @contextlib.contextmanager
    def in_thread(self, ready_timeout: float = 10.0) -> Iterator[list[ServedVendor]]:
        """Serve from a background thread for the duration of the block."""
        if not self._servers:
            self.bind()
        failure: list[BaseException] = []

        def run() -> None:
            try:
                asyncio.run(self.serve())
            except BaseException as exc:  # surfaced to the caller below
                failure.append(exc)

        thread = threading.Thread(target=run, name="sandbox-serve", daemon=True)
        thread.start()
        try:
            _wait_until(
                lambda: self.started or bool(failure) or not thread.is_alive(), ready_timeout
            )
            if failure or not self.started:
                raise RuntimeError(f"the sandbox servers did not start: {failure or 'timeout'}")
            yield self.vendors
        finally:
            self.stop()
            thread.join(timeout=10)
            for sock in self._sockets:
                sock.close()


def _listen(port: int) -> socket.socket:
    # proto=IPPROTO_TCP, so asyncio sets TCP_NODELAY on accepted connections (with proto 0 it
    # does not, and Nagle plus delayed ACKs cost ~40 ms per keep-alive request)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((HOST, port))
    except OSError as exc:
        sock.close()
        raise ValueError(
            f"cannot listen on {HOST}:{port}: {exc.strerror}; choose another --port-base"
        ) from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def _wait_until(condition: Callable[[], bool], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)
