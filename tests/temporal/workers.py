"""`agentcli worker` processes for tests: start one, wait until it polls, stop it."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.patience import PATIENCE

AGENTCLI = str(Path(sys.executable).parent / "agentcli")


def start_worker(address: str, queue: str, log: Path) -> subprocess.Popen[bytes]:
    """`agentcli worker` in its own process; returns once it polls the queue."""
    handle = log.open("wb")
    process = subprocess.Popen(
        [AGENTCLI, "worker", "--temporal-address", address, "--task-queue", queue],
        stdout=handle,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + PATIENCE
    while b"polling task queue" not in log.read_bytes():
        assert process.poll() is None, log.read_text()
        assert time.monotonic() < deadline, "the worker did not start"
        time.sleep(0.05)
    return process


def stop_worker(process: subprocess.Popen[bytes] | None) -> int | None:
    """SIGTERM (a graceful stop); the exit code."""
    if process is None:
        return None
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=PATIENCE)
    return process.returncode
