"""A fork server for the crash tests: imports agentcli once, then runs each command in a child.

Starting `agentcli` costs more CPU in imports than a whole checkout; the crash tests start
dozens of processes. So this process imports the CLI once and forks: every child is a fresh
process running the `agentcli` command (`agentcli.cli.app.main()` builds the same click command
and calls it; here it is built once) with its own argv,
environment, stdin and pid, and is killed by SIGKILL like any other.

Protocol: one JSON batch per stdin line, `{"parallel": n, "jobs": [{"argv", "env", "stdin",
"out"}]}`; the answer is one JSON line with each job's exit code (negative: killed by signal).
"""

from __future__ import annotations

import importlib
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import typer

from agentcli.cli import app as cli_app
from agentcli.planners.rules import RulesPlanner  # noqa: F401 - loaded once for every child
from agentcli.runtime import ChatRuntime  # noqa: F401
from connectors.config import tls_context
from sandbox.world import SandboxWorld

for _vendor in SandboxWorld(Path(tempfile.gettempdir())).names:  # the vendor packages, once
    importlib.import_module(f"sandbox.{_vendor}")
tls_context()  # the CA bundle, loaded once
COMMAND = typer.main.get_command(cli_app.app)  # what `agentcli` builds on every start
COMMAND.load_all()  # type: ignore[attr-defined]  # its commands load lazily: here once for all


def _child(job: dict[str, Any]) -> None:
    """Become the job's agentcli process (never returns)."""
    code = 1
    try:
        os.environ.clear()
        os.environ.update(job["env"])
        with tempfile.NamedTemporaryFile("w", delete=False, suffix=".stdin") as stdin:
            stdin.write(job["stdin"])
        os.dup2(os.open(stdin.name, os.O_RDONLY), 0)
        out = os.open(job["out"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(out, 1)
        os.dup2(out, 2)
        sys.stdin = open(0, closefd=False)  # noqa: SIM115 - the process's own stdin
        sys.stdout = open(1, "w", buffering=1, closefd=False)  # noqa: SIM115
        sys.stderr = open(2, "w", buffering=1, closefd=False)  # noqa: SIM115
        sys.argv = ["agentcli", *job["argv"]]
        try:
            COMMAND.main(args=job["argv"], prog_name="agentcli")
            code = 0
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None else 1)
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def run_batch(jobs: list[dict[str, Any]], parallel: int) -> list[int]:
    codes: dict[int, int] = {}
    running: dict[int, int] = {}
    pending = list(enumerate(jobs))
    while pending or running:
        while pending and len(running) < parallel:
            index, job = pending.pop(0)
            pid = os.fork()
            if pid == 0:
                _child(job)
            running[pid] = index
        pid, status = os.wait()
        if pid in running:
            codes[running.pop(pid)] = os.waitstatus_to_exitcode(status)
    return [codes[i] for i in range(len(jobs))]


def main() -> None:
    for line in sys.stdin:
        batch = json.loads(line)
        codes = run_batch(batch["jobs"], int(batch.get("parallel", 2)))
        print(json.dumps({"codes": codes}), flush=True)


if __name__ == "__main__":
    main()
