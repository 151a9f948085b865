"""The crash harness: vendors served by `agentcli sandbox serve`, the real `agentcli` process
killed with SIGKILL at one journal point (`AGENTCLI_CRASH_AT`), then `agentcli resume`."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from agentcli.orchestrator.services import Services, live_services
from agentcli.replay.secretkey import load_key
from agentcli.trace import Store
from agentcli.trace.audit import verify_run
from agentcli.trace.chain import ChainKey
from agentcli.workflows.journal import Journal
from connectors.config import ConnectorsConfig
from tests.patience import PATIENCE

EXE = shutil.which("agentcli", path=str(Path(sys.executable).parent)) or "agentcli"
DB_JSON = Path(__file__).resolve().parents[2] / "sandbox/data/tau2_retail/db.json"
NOTEBOOK = "9799386954"
PARALLEL = 2


@cache
def card_holders() -> list[tuple[str, str]]:
    """(user id, email) of the τ² customers with exactly one credit card and no PayPal."""
    users = json.loads(DB_JSON.read_text())["users"]
    chosen = []
    for user_id, user in sorted(users.items()):
        sources = [m["source"] for m in user["payment_methods"].values()]
        if sources.count("credit_card") == 1 and "paypal" not in sources:
            chosen.append((user_id, user["email"]))
    return chosen


@dataclass
class Served:
    """A sandbox world served over 127.0.0.1 by a real `agentcli sandbox serve` process."""

    home: Path
    process: subprocess.Popen[str]

    @property
    def config(self) -> Path:
        return self.home / "connectors.yaml"

    @property
    def db(self) -> Path:
        return self.home / "traces.sqlite"

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("AGENTCLI_")}
        return {**env, "AGENTCLI_HOME": str(self.home), **extra}

    def live(self) -> list[str]:
        return [
            "--connectors",
            "live",
            "--connectors-config",
            str(self.config),
            "--db",
            str(self.db),
        ]

    def services(self) -> Services:
        return live_services(ConnectorsConfig.load(self.config))

    def chain_key(self) -> ChainKey:
        """The key the world's processes seal their runs with: this process must use it too."""
        return ChainKey(load_key(self.home / "secret.key", create=True))


@contextmanager
def served(home: Path, faults: str | None = None) -> Iterator[Served]:
    """`agentcli sandbox serve` on free ports until the block ends."""
    home.mkdir(parents=True, exist_ok=True)
    args = [
        EXE,
        "sandbox",
        "serve",
        "--port-base",
        "0",
        "--config-out",
        str(home / "connectors.yaml"),
    ]
    if faults:
        (home / "faults.yaml").write_text(faults)
        args += ["--faults", str(home / "faults.yaml")]
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("AGENTCLI_")},
        "AGENTCLI_HOME": str(home),
    }
    process = subprocess.Popen(
        args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    try:
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith("serving"):
                break
        else:
            raise RuntimeError(f"sandbox serve did not start: {process.stderr.read()}")
        yield Served(home, process)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=PATIENCE)
        except subprocess.TimeoutExpired:
            process.kill()


@dataclass
class Crash:
    """One process to kill: a chat (or a resume) that must die at `point`."""

    saga: str
    point: str
    lines: list[str] = field(default_factory=list)
    command: list[str] = field(default_factory=lambda: ["chat", "--quiet"])
    returncode: int | None = None
    output: str = ""

    @property
    def killed(self) -> bool:
        return self.returncode == -signal.SIGKILL


class ForkServer:
    """`tests.reliability.forkserver`: agentcli imported once, one forked child per command."""

    def __init__(self) -> None:
        root = Path(__file__).resolve().parents[2]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.reliability.forkserver"],
            cwd=root,
            text=True,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )

    def run(self, jobs: list[dict[str, Any]], parallel: int = PARALLEL) -> list[int]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(json.dumps({"jobs": jobs, "parallel": parallel}) + "\n")
        self.process.stdin.flush()
        answer = self.process.stdout.readline()
        if not answer:
            raise RuntimeError("the fork server died")
        return list(json.loads(answer)["codes"])

    def close(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(timeout=PATIENCE)


def run_crashes(world: Served, crashes: list[Crash], forks: ForkServer) -> None:
    """Run every process (a few at a time); each should be killed at its point."""
    jobs = []
    for n, crash in enumerate(crashes):
        out = world.home / f"crash-{os.getpid()}-{id(crash)}-{n}.out"
        jobs.append(
            {
                "argv": [*crash.command, *world.live()],
                "env": world.env(AGENTCLI_CRASH_AT=crash.point),
                "stdin": "\n".join(crash.lines) + "\n",
                "out": str(out),
            }
        )
    for crash, job, code in zip(crashes, jobs, forks.run(jobs), strict=True):
        crash.returncode = code
        crash.output = Path(job["out"]).read_text()


def resume(world: Served, *args: str) -> tuple[int, list[dict[str, Any]], str]:
    done = subprocess.run(
        [EXE, "resume", *args, *world.live(), "--json"],
        capture_output=True,
        text=True,
        timeout=300,
        env=world.env(),
    )
    outcomes = json.loads(done.stdout) if done.stdout.strip().startswith("[") else []
    return done.returncode, outcomes, done.stderr


async def fill_carts(world: Served, users: list[str]) -> None:
    services = world.services()
    try:
        for user_id in users:
            await services.shop.add_to_cart(user_id, NOTEBOOK, 1)
    finally:
        await services.aclose()


@dataclass
class Audit:
    """The vendors' and the trace's verdict after every saga of a world was resumed."""

    violations: list[dict[str, Any]]
    sagas: dict[str, dict[str, Any]]
    intents_per_saga: dict[str, int]
    broken_chains: list[str]


async def audit(world: Served) -> Audit:
    store = Store.open(world.db, chain_key=world.chain_key())
    services = world.services()
    try:
        journal = Journal(store)
        violations = audit_money(world)
        ids = [r[0] for r in store.db.execute("SELECT id FROM sagas")]
        sagas = {i: s for i in ids if (s := journal.get(i)) is not None}
        intents: dict[str, int] = {}
        for user in {s["input"].get("user_id") for s in sagas.values()} - {None}:
            for intent in await services.pay.list_intents(str(user)):
                saga_id = intent["metadata"].get("saga_id")
                intents[saga_id] = intents.get(saga_id, 0) + 1
        broken = [run for run in store.run_ids() if not verify_run(store, run).ok]
        return Audit(violations, sagas, intents, broken)
    finally:
        await services.aclose()
        store.close()


def audit_money(world: Served) -> list[dict[str, Any]]:
    """`agentcli audit money` over the served vendors (their HTTP books) and the journal."""
    done = subprocess.run(
        [EXE, "audit", "money", *world.live(), "--json"],
        capture_output=True,
        text=True,
        timeout=PATIENCE,
        env=world.env(),
    )
    assert done.returncode in (0, 1), done.stderr
    violations: list[dict[str, Any]] = json.loads(done.stdout)["violations"]
    assert (done.returncode == 1) == bool(violations)
    return violations


def wait_for(predicate: Any, timeout: float = PATIENCE) -> None:
    deadline = time.monotonic() + timeout
    while not predicate() and time.monotonic() < deadline:
        time.sleep(0.02)


def audit_now(world: Served) -> Audit:
    return asyncio.run(audit(world))
