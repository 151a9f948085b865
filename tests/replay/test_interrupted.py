"""Ctrl-C at any point of a run (waiting for input, planning, inside a saga) is recorded as an
interruption, and `agentcli replay --check` reproduces it.

asyncio delivers Ctrl-C to a running chat as a cancellation of its main task at the point it
had reached; these runs are interrupted the same way, right after a chosen event.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from agentcli.planners.rules import RulesPlanner
from agentcli.policy.config import PolicyConfig
from agentcli.replay.interrupt import Interrupter
from agentcli.replay.runrecording import RunRecording
from agentcli.replay.secretkey import load_key
from agentcli.runtime import ChatRuntime, RunOptions
from agentcli.trace.ids import new_run_id
from tests.e2e.helpers import cli
from tests.replay.helpers import CHECKOUT, events


def record_interrupted(home: Path, lines: list[str], after: str | None) -> str:
    """Say `lines`; Ctrl-C right after the first event described by `after` (`kind` or
    `kind:name`), or, when None, while waiting for the next line."""
    run_id = new_run_id()

    async def run() -> None:
        options = RunOptions(
            db_path=home / "traces.sqlite",
            sandbox_dir=home / "sandbox",
            policy=PolicyConfig(),
            planner=RulesPlanner(),
            recording=RunRecording.for_run(home / "cassettes", run_id, load_key()),
            run_id=run_id,
        )
        async with ChatRuntime(options) as runtime:
            assert runtime.recorder is not None and runtime.session is not None
            if after is not None:
                runtime.recorder.listeners.append(_at_first(after))
            for line in lines:
                await runtime.session.handle(line)
            raise KeyboardInterrupt  # Ctrl-C at the prompt, as Python raises it there

    with pytest.raises((KeyboardInterrupt, asyncio.CancelledError)):
        asyncio.run(run())
    return run_id


def _at_first(description: str):  # type: ignore[no-untyped-def]
    kind, _, name = description.partition(":")
    interrupter: Interrupter | None = None

    def listen(event):  # type: ignore[no-untyped-def]
        nonlocal interrupter
        p = event.payload
        wanted = event.kind.value == kind and (
            not name or name in (p.get("step"), p.get("action"), p.get("saga"))
        )
        if interrupter is None and wanted:
            interrupter = Interrupter(event.seq)
        if interrupter is not None:
            interrupter(event)

    return listen


@pytest.mark.parametrize(
    "after",
    [
        None,  # waiting for input
        "model_request",  # planning the first turn
        "http_exchange",  # between two vendor calls of one action
        "step_started:capture_payment",  # inside the checkout saga
        "step_succeeded:authorize_payment",
        "approval_requested",  # asking the customer to confirm
    ],
)
def test_an_interrupted_run_is_recorded_as_such_and_replays_sealed(
    agentcli_home: Path, after: str | None
) -> None:
    run_id = record_interrupted(agentcli_home, CHECKOUT, after)
    shown = json.loads(cli("runs", "show", run_id, "--json").stdout)
    assert shown["run"]["status"] == "interrupted"
    assert shown["run"]["outcome"] == "interrupted"
    recorded = events(agentcli_home, run_id)
    errors = [e.payload for e in recorded if e.kind.value == "error"]
    assert [(e["where"], e["during"]) for e in errors] == [
        ("interrupt", "input" if after is None else "turn")
    ]
    assert recorded[-1].kind.value == "run_finished"
    assert recorded[-1].payload["outcome"] == "interrupted"
    result = cli("replay", run_id, "--check")
    assert result.exit_code == 0, result.output
    assert "OK: the events are the same" in result.stdout
    again = cli("replay", run_id, "--planner", "rules")
    assert again.exit_code == 0, again.output
    child = json.loads(cli("runs", "show", "latest", "--json").stdout)["run"]
    assert child["outcome"] == "interrupted"
    diff = cli("diff", run_id, child["id"])
    assert diff.exit_code == 0, diff.output
