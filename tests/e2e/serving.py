"""`agentcli sandbox serve` as a subprocess for a test module: free ports, a clean stop."""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.e2e.test_subprocess import EXE
from tests.patience import PATIENCE


@contextmanager
def sandbox_serving(base: Path, sandbox: Path) -> Iterator[Path]:
    """Serve the sandbox world `sandbox` (home under `base`) until the block ends; yields the
    connectors config it wrote. Stopped by PID with SIGTERM, and it must exit cleanly."""
    config = base / "connectors.yaml"
    env = {**os.environ, "AGENTCLI_HOME": str(base / "home")}
    server = subprocess.Popen(
        [EXE, "sandbox", "serve", "--port-base", "0", "--sandbox", str(sandbox)]
        + ["--config-out", str(config)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert server.stdout is not None
        for line in iter(server.stdout.readline, ""):
            if line.startswith("serving"):
                break
        else:
            raise AssertionError(f"sandbox serve did not start: {server.stderr.read()}")
        yield config
    finally:
        os.kill(server.pid, signal.SIGTERM)
        try:
            server.communicate(timeout=PATIENCE)
        except subprocess.TimeoutExpired:
            os.kill(server.pid, signal.SIGKILL)
            server.communicate()
    assert server.returncode == 0
