"""Shared helpers for the benchmarks: machine description and result files."""

from __future__ import annotations

import compileall
import json
import os
import platform
import time
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"
ROOT = RESULTS.parent.parent
PACKAGES = (
    "agentcli",
    "connectors",
    "sandbox",
    "netpolicy",
    "safeyaml",
    "errortree",
    "commerce_specs",
    "prompts",
    "bench",
)
"""The checkout's packages (pyproject's list) and the benchmarks'."""


def compile_bytecode() -> None:
    """Compile the checkout's modules to bytecode, as pip does when it installs a package.

    A checkout run with PYTHONDONTWRITEBYTECODE (or a read-only tree) would otherwise compile
    every module it imports on every timed start, which no installed agentcli does.
    """
    for package in PACKAGES:
        compileall.compile_dir(ROOT / package, quiet=1)


def machine() -> dict[str, Any]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
    }


def save(name: str, figures: dict[str, Any]) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    data = {
        "benchmark": name,
        "when": time.strftime("%Y-%m-%d %H:%M:%S"),
        "machine": machine(),
        **figures,
    }
    path.write_text(json.dumps(data, indent=2) + "\n")
    return path
