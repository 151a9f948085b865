"""A real Arize Phoenix server for the opt-in test: its own cached venv, loopback ports only."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.patience import PATIENCE

PIN = "20.26.1"
LAUNCHER = Path(__file__).with_name("phoenix_launcher.py")
STARTUP = max(PATIENCE, 180.0)
"""Seconds Phoenix may take to migrate its database and listen (slow on a busy machine)."""


def cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "agentcli"


def phoenix_python() -> Path:
    """The Python of a venv holding arize-phoenix at PIN; installed once (niced), then reused."""
    venv = cache_root() / f"phoenix-{PIN}"
    python = venv / "bin" / "python"
    if python.exists():
        return python
    scratch = venv.with_name(f"{venv.name}.tmp-{os.getpid()}")
    shutil.rmtree(scratch, ignore_errors=True)
    subprocess.run([sys.executable, "-m", "venv", str(scratch)], check=True)
    subprocess.run(
        ["nice", "-n", "10", str(scratch / "bin" / "python"), "-m", "pip", "install",
         "--quiet", "--disable-pip-version-check", f"arize-phoenix=={PIN}"],
        check=True,
    )  # fmt: skip
    scratch.rename(venv)  # whole or not at all: an interrupted install is never reused
    return python


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def phoenix_server(workdir: Path) -> Iterator[str]:
    """Run Phoenix on 127.0.0.1 (HTTP and gRPC on free ports); yield its base URL."""
    python = phoenix_python()
    port, grpc_port = free_port(), free_port()
    env = {
        **os.environ,
        "PHOENIX_HOST": "127.0.0.1",
        "PHOENIX_PORT": str(port),
        "PHOENIX_GRPC_PORT": str(grpc_port),
        "PHOENIX_WORKING_DIR": str(workdir),
        "PHOENIX_TELEMETRY_ENABLED": "false",
    }
    log = (workdir / "phoenix.log").open("wb")
    process = subprocess.Popen(
        ["nice", "-n", "5", str(python), str(LAUNCHER)],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + STARTUP
        while True:
            if process.poll() is not None:
                raise RuntimeError(
                    f"Phoenix exited: {(workdir / 'phoenix.log').read_text()[-2000:]}"
                )
            try:
                if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("Phoenix did not answer /healthz in time")
            time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=PATIENCE)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
