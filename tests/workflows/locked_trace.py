"""A chat whose trace database another process locks at a chosen journal point of its saga."""

from __future__ import annotations

import asyncio
import io
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console

from agentcli.cli.chat import _converse
from agentcli.policy.config import load_policy
from agentcli.runtime import RunOptions
from agentcli.workflows.crash import CrashSwitch
from connectors.harness import parse_fault_plan
from sandbox.faults import FaultPlan

CAPTURE_FAILS = parse_fault_plan(
    'rules: [{vendor: pay, endpoint: "POST /v1/payment_intents/*/capture", fault: status, '
    "status: 503}]"
)


class WriteLock:
    """Another connection holding the trace database's write lock, as a second process would."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.conn: sqlite3.Connection | None = None

    def take(self) -> None:
        if self.conn is None:
            self.conn = sqlite3.connect(self.db, isolation_level=None)
            self.conn.execute("BEGIN IMMEDIATE")

    def release(self) -> None:
        if self.conn is not None:
            self.conn.execute("ROLLBACK")
            self.conn.close()
            self.conn = None


@dataclass(frozen=True)
class LockAt(CrashSwitch):
    """Takes the write lock right after journal point `point`; records every point reached."""

    lock: WriteLock | None = None
    reached_points: list[str] = field(default_factory=list)

    def reached(self, saga: str, step: str, phase: str, point: str) -> None:
        where = f"{saga}:{step}:{phase}:{point}"
        self.reached_points.append(where)
        if where == self.point and self.lock is not None:
            self.lock.take()


class Keyboard(io.StringIO):
    """Typed lines; `hooks[n]` runs just before line n (0-based) is read."""

    def __init__(self, lines: list[str], hooks: dict[int, Callable[[], None]]) -> None:
        super().__init__("".join(f"{line}\n" for line in lines))
        self.hooks = hooks
        self.read_count = 0

    def readline(self, size: int | None = -1) -> str:
        hook = self.hooks.get(self.read_count)
        self.read_count += 1
        if hook is not None:
            hook()
        return super().readline(-1 if size is None else size)


def chat_with(
    home: Path,
    lines: list[str],
    hooks: dict[int, Callable[[], None]],
    crash: CrashSwitch,
    faults: FaultPlan | None = None,
) -> str:
    """Run `agentcli chat`'s loop in this process; what it showed."""
    shown = io.StringIO()
    options = RunOptions(
        db_path=home / "traces.sqlite",
        sandbox_dir=home / "sandbox",
        policy=load_policy(None),
        crash=crash,
        faults=faults,
    )
    asyncio.run(
        _converse(options, Console(file=shown, width=200), False, True, Keyboard(lines, hooks))
    )
    return shown.getvalue()
