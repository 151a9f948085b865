"""Run the whole gate again and again from fresh clones to find tests that fail by chance.

`./dev flake-hunt [RUNS]` clones this repository's HEAD for every run and calls `.ci/run` there
with `CI=true` and no stdin, as CI does. The runs cycle through four conditions: as CI runs it,
test order shuffled (pytest-random-order: modules in a random order, and the tests within each;
a seed printed for every run), both cores kept busy by
other processes, and both at once. Each run's output is kept; a failed run names its failing
tests and the seed that reproduces its order (`./dev test --random-order-seed=SEED`).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import multiprocessing
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
MODES = ("plain", "shuffled", "loaded", "shuffled+loaded")
FAILED_TEST = re.compile(r"^(?:FAILED|ERROR) (\S+)", re.MULTILINE)


@dataclass(frozen=True)
class Outcome:
    """One gate run: its condition, the order seed if shuffled, exit code and failures."""

    number: int
    mode: str
    seed: int | None
    exit_code: int
    seconds: float
    failures: tuple[str, ...]
    log: Path

    def line(self) -> str:
        verdict = "passed" if self.exit_code == 0 else f"FAILED (exit {self.exit_code})"
        seed = f" seed={self.seed}" if self.seed is not None else ""
        return (
            f"run {self.number:>2} {self.mode:<16}{seed} {verdict} in {self.seconds:.0f} s"
            + "".join(f"\n    {name}" for name in self.failures)
        )


def _spin() -> None:
    """Keep one core busy until terminated."""
    while True:
        pass


@contextmanager
def busy_cores(count: int) -> Iterator[None]:
    """`count` processes that each keep a core busy for as long as the block runs."""
    spinners = [multiprocessing.Process(target=_spin, daemon=True) for _ in range(count)]
    for spinner in spinners:
        spinner.start()
    try:
        yield
    finally:
        for spinner in spinners:
            spinner.terminate()
            spinner.join()


def _spinners(mode: str, jobs: int) -> int:
    """Busy processes a run of `mode` starts when `jobs` runs share the machine."""
    if "loaded" not in mode:
        return 0
    return max(1, (os.cpu_count() or 2) // max(1, jobs))


def _as_ci_starts_it() -> None:
    """Signals as for a command started in the foreground, even when the hunt runs with `&`
    (which leaves SIGINT ignored for everything it starts)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def gate_once(number: int, mode: str, workdir: Path, logs: Path, jobs: int = 1) -> Outcome:
    """Clone HEAD into a fresh directory and run `.ci/run` there under `mode`.

    A loaded run starts its share of one busy process per core: with `jobs` runs at once the
    machine holds one spinner per core, as a CI host shared with another build would, rather
    than `jobs` times as many."""
    clone = workdir / f"run-{number}"
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(REPO), str(clone)], check=True)
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("AGENTCLI_", "PYTEST_", "VIRTUAL_ENV"))
    }
    env["CI"] = "true"
    seed = None
    if "shuffled" in mode:
        seed = random.randrange(1, 10**6)
        env["PYTEST_ADDOPTS"] = f"--random-order-bucket=module --random-order-seed={seed}"
    log = logs / f"run-{number:02d}-{mode.replace('+', '-')}.log"
    started = time.monotonic()
    with log.open("wb") as out, busy_cores(_spinners(mode, jobs)):
        code = subprocess.run(
            ["bash", ".ci/run"],
            cwd=clone,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            preexec_fn=_as_ci_starts_it,
        ).returncode
    seconds = time.monotonic() - started
    failures = tuple(FAILED_TEST.findall(log.read_text(errors="replace")))
    shutil.rmtree(clone, ignore_errors=True)
    return Outcome(number, mode, seed, code, seconds, failures, log)


def _share_published_material(workdir: Path) -> None:
    """Give the clones the `../shared` this repository sees (the protocols' reference merchant,
    conformance suite and specs), as CI has it, so their tests run instead of skipping."""
    shared = REPO.parent / "shared"
    if (shared / "third_party").is_dir():
        (workdir / "shared").symlink_to(shared, target_is_directory=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="./dev flake-hunt", description=__doc__)
    parser.add_argument("runs", nargs="?", type=int, default=20, help="gate runs (default 20)")
    parser.add_argument(
        "--jobs",
        type=int,
        default=1,
        help="gate runs at the same time (each loads the others' cores)",
    )
    parser.add_argument(
        "--logs",
        type=Path,
        default=None,
        help="where each run's output is kept (default: a new temporary dir)",
    )
    args = parser.parse_args(argv)
    logs = args.logs or Path(tempfile.mkdtemp(prefix="agentcli-flake-hunt-"))
    logs.mkdir(parents=True, exist_ok=True)
    print(f"flake hunt: {args.runs} gate runs of {REPO.name} HEAD; logs in {logs}", flush=True)
    outcomes = []
    with (
        tempfile.TemporaryDirectory(prefix="agentcli-clones-") as workdir,
        concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool,
    ):
        _share_published_material(Path(workdir))
        runs = [
            pool.submit(
                gate_once, number, MODES[(number - 1) % len(MODES)], Path(workdir), logs, args.jobs
            )
            for number in range(1, args.runs + 1)
        ]
        for run in concurrent.futures.as_completed(runs):
            outcomes.append(run.result())
            print(outcomes[-1].line(), flush=True)
    failed = [o for o in outcomes if o.exit_code != 0]
    print(f"{len(outcomes) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
