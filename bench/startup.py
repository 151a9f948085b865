"""Start-up of the console script: `agentcli --help` and `--version` against a bare Python.

Each command is run many times, interleaved with `python -c pass` (the baseline: the same
interpreter, site and editable-install finder), and the medians of wall and CPU time are
compared. `python -m bench.startup [--rounds N]`.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.common import save

AGENTCLI = str(Path(sys.executable).parent / "agentcli")
CASES = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "agentcli --help": [AGENTCLI, "--help"],
    "agentcli --version": [AGENTCLI, "--version"],
    "agentcli test --help": [AGENTCLI, "test", "--help"],
}


def timed(argv: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds (user + system of the child) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in CASES}
    for _ in range(args.rounds):
        for name, argv in CASES.items():  # interleaved: drifts in machine speed hit all alike
            samples[name].append(timed(argv))
    figures = {}
    base_wall = statistics.median(w for w, _ in samples["python -c pass"])
    base_cpu = statistics.median(c for _, c in samples["python -c pass"])
    for name, runs in samples.items():
        wall = statistics.median(w for w, _ in runs)
        cpu = statistics.median(c for _, c in runs)
        figures[name] = {
            "wall_s": round(wall, 4),
            "cpu_s": round(cpu, 4),
            "wall_over_python_s": round(wall - base_wall, 4),
            "cpu_over_python_s": round(cpu - base_cpu, 4),
        }
        print(
            f"{name:<22} wall {wall * 1000:6.0f} ms  cpu {cpu * 1000:6.0f} ms  "
            f"(+{(wall - base_wall) * 1000:4.0f} ms wall over python -c pass)"
        )
    figures["rounds"] = args.rounds
    figures["load_before"] = os.getloadavg()[0]
    print(f"written to {save('startup', figures)}")


if __name__ == "__main__":
    main()
