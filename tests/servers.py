"""Third-party servers the tests start: their own cached venvs, loopback free ports, readiness.

The UCP reference merchant and conformance suite, Phoenix and llama.cpp each run in a venv of
their own, built once from the package index (niced: it may compile) and kept under the user
cache directory, so CI, which starts with an empty cache, builds its own. A venv is built
beside its final place and renamed into it whole, under a lock, so a build that was cut short
or runs in two gates at once is never half-used.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import httpx


def cache_root() -> Path:
    """Where the built venvs are kept (`$XDG_CACHE_HOME/agentcli`, else `~/.cache/agentcli`)."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "agentcli"


def cached_venv(
    name: str,
    pip_args: Sequence[str],
    *,
    env: Mapping[str, str] | None = None,
    niceness: int = 10,
    timeout: float | None = None,
) -> Path:
    """The interpreter of the venv `name` holding `pip install pip_args`, built if missing.

    `name` must change whenever what is installed changes (put the pin or a hash in it).
    """
    venv = cache_root() / name
    python = venv / "bin" / "python"
    if python.exists():
        return python
    venv.parent.mkdir(parents=True, exist_ok=True)
    with (venv.parent / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one builder; the others wait and find it ready
        if python.exists():
            return python
        shutil.rmtree(venv, ignore_errors=True)  # a leftover without an interpreter is no venv
        building = Path(tempfile.mkdtemp(prefix=f"{name}.building-", dir=venv.parent))
        try:
            subprocess.run([sys.executable, "-m", "venv", "--clear", str(building)], check=True)
            subprocess.run(
                ["nice", "-n", str(niceness), str(building / "bin" / "python"), "-m", "pip",
                 "install", "--quiet", "--disable-pip-version-check", *pip_args],
                check=True,
                timeout=timeout,
                env={**os.environ, **(env or {})},
            )  # fmt: skip
            building.rename(venv)
        finally:
            shutil.rmtree(building, ignore_errors=True)
    return python


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until_serving(
    url: str,
    process: subprocess.Popen[bytes],
    log: Path,
    *,
    what: str,
    patience: float,
    ready: Callable[[httpx.Response], bool] = lambda response: response.status_code == 200,
) -> None:
    """Poll `url` until it answers ready; fail with the log's tail if the server exits first.

    `patience` guards against a hang only: a busy machine may take many times longer.
    """
    deadline = time.monotonic() + patience
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited: {log.read_text(errors='replace')[-2000:]}")
        with contextlib.suppress(httpx.HTTPError):
            if ready(httpx.get(url, timeout=5)):
                return
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not answer {url} within {patience:g} s")
        time.sleep(0.2)


def stop(process: subprocess.Popen[bytes], *, patience: float) -> None:
    """Terminate a server and reap it; kill it if it does not stop within `patience`."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=patience)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
