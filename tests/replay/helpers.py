"""Record real runs in-process (sandbox vendors, real trace, real cassette) for replay tests."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

from agentcli.planners.base import Planner
from agentcli.policy.approval import Approver, deny_without_operator
from agentcli.policy.config import PolicyConfig
from agentcli.replay import archive
from agentcli.replay.archive import RecordedRun
from agentcli.replay.runrecording import RunRecording
from agentcli.replay.secretkey import load_key
from agentcli.runtime import ChatRuntime, RunOptions
from agentcli.trace.ids import new_run_id
from agentcli.trace.store import Store

HARPER = "harper.khan1177@example.com"
CHECKOUT = [
    f"I'm {HARPER}",
    "find a notebook",
    "show me the second one",
    "add it",
    "checkout with my gift card",
    "yes",
]
CANCEL = [f"I'm {HARPER}", "cancel order #W8073958, I ordered by mistake", "yes"]


PlannerFactory = Callable[[RunRecording], Planner]


def record(
    home: Path,
    lines: list[str],
    *,
    planner: Planner | PlannerFactory | None = None,
    policy: PolicyConfig | None = None,
    approver: Approver = deny_without_operator,
) -> str:
    """Hold a session in-process under `home`, recording a cassette; return the run id.

    `planner` may be a function of the recording (to record a model client's calls too).
    """
    return asyncio.run(_record(home, lines, planner, policy or PolicyConfig(), approver))


async def _record(
    home: Path,
    lines: list[str],
    planner: Planner | PlannerFactory | None,
    policy: PolicyConfig,
    approver: Approver,
) -> str:
    run_id = new_run_id()
    recording = RunRecording.for_run(home / "cassettes", run_id, load_key())
    chosen = planner(recording) if callable(planner) else planner
    options = RunOptions(
        db_path=home / "traces.sqlite",
        sandbox_dir=home / "sandbox",
        policy=policy,
        planner=chosen,
        approver=approver,
        recording=recording,
        run_id=run_id,
    )
    try:
        async with ChatRuntime(options) as runtime:
            assert runtime.session is not None
            for line in lines:
                await runtime.session.handle(line)
    finally:
        close = getattr(chosen, "aclose", None)
        if close is not None:
            await close()
    return run_id


def recorded(home: Path, run_id: str) -> RecordedRun:
    store = Store.open(home / "traces.sqlite")
    try:
        return archive.from_store(store, run_id)
    finally:
        store.close()


def events(home: Path, run_id: str, *kinds: str) -> list[Any]:
    store = Store.open(home / "traces.sqlite")
    try:
        return list(store.events(run_id, kinds or None))
    finally:
        store.close()
