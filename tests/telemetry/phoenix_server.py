"""A real Arize Phoenix server for the opt-in test: its own cached venv, loopback ports only."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.patience import PATIENCE
from tests.servers import cached_venv, free_port, stop, wait_until_serving

PIN = "20.26.1"
LAUNCHER = Path(__file__).with_name("phoenix_launcher.py")
STARTUP = max(PATIENCE, 180.0)
"""Seconds Phoenix may take to migrate its database and listen (slow on a busy machine)."""


def phoenix_python() -> Path:
    """The Python of a venv holding arize-phoenix at PIN; installed once (niced), then reused."""
    return cached_venv(f"phoenix-{PIN}", [f"arize-phoenix=={PIN}"])


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
        wait_until_serving(
            f"{url}/healthz", process, workdir / "phoenix.log", what="Phoenix", patience=STARTUP
        )
        yield url
    finally:
        stop(process, patience=PATIENCE)
        log.close()
