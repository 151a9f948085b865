"""Ctrl-C in a turn stops it where a replay can stop it again, and the run replays sealed."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from agentcli.planners.base import PlannerOutput, PlanningContext
from agentcli.planners.rules import RulesPlanner
from agentcli.policy.config import PolicyConfig
from agentcli.replay.runrecording import RunRecording
from agentcli.replay.sealed import sealed_replay
from agentcli.replay.secretkey import load_key
from agentcli.runtime import ChatRuntime, RunOptions
from agentcli.trace import events as ev
from agentcli.trace.ids import new_run_id
from tests.replay.helpers import CANCEL, CHECKOUT, events, recorded

When = Callable[[ev.TraceEvent], bool]


def _record(home: Path, lines: list[str], when: When, planner: object = None) -> str:
    """Hold a recorded session in-process; the operator presses Ctrl-C once `when` holds."""

    async def run() -> str:
        run_id = new_run_id()
        options = RunOptions(
            db_path=home / "traces.sqlite",
            sandbox_dir=home / "sandbox",
            policy=PolicyConfig(),
            planner=planner or RulesPlanner(),  # type: ignore[arg-type]
            recording=RunRecording.for_run(home / "cassettes", run_id, load_key()),
            run_id=run_id,
        )
        async with ChatRuntime(options) as runtime:
            session, recorder = runtime.session, runtime.recorder
            assert session is not None and recorder is not None
            pressed = False

            def operator(event: ev.TraceEvent) -> None:
                nonlocal pressed
                if not pressed and when(event):
                    pressed = True
                    session.interruption.ask()

            recorder.listeners.append(operator)
            for line in lines:
                await session.handle(line)
        return run_id

    return asyncio.run(run())


def _step(kind: ev.EventKind, step: str) -> When:
    return lambda e: e.kind is kind and e.payload.get("step") == step


def _interrupts(home: Path, run_id: str) -> list[dict]:
    return [e.payload for e in events(home, run_id, "operator")]


def _sagas(home: Path, run_id: str) -> list[str]:
    return [e.payload["status"] for e in events(home, run_id, "saga_finished")]


def test_a_saga_interrupted_before_its_point_of_no_return_is_compensated(
    agentcli_home: Path,
) -> None:
    run_id = _record(
        agentcli_home, CHECKOUT, _step(ev.EventKind.STEP_SUCCEEDED, "authorize_payment")
    )
    assert _sagas(agentcli_home, run_id) == ["compensated"]
    [interrupt] = _interrupts(agentcli_home, run_id)
    assert interrupt["command"] == "interrupt" and interrupt["at"] == "saga"
    said = [e.payload["text"] for e in events(agentcli_home, run_id, "assistant_message")]
    assert "You asked me to stop" in said[-1] and "undone" in said[-1]
    assert sealed_replay(recorded(agentcli_home, run_id), load_key()).ok


def test_a_saga_past_its_point_of_no_return_finishes_and_says_so(agentcli_home: Path) -> None:
    run_id = _record(agentcli_home, CANCEL, _step(ev.EventKind.STEP_STARTED, "cancel_order"))
    assert _sagas(agentcli_home, run_id) == ["completed"]
    [interrupt] = _interrupts(agentcli_home, run_id)
    assert "point of no return" in interrupt["outcome"]
    assert sealed_replay(recorded(agentcli_home, run_id), load_key()).ok


class SlowOnce(RulesPlanner):
    """The rules, but the first call for `slow` waits until cancelled (a model that hangs)."""

    def __init__(self, slow: str) -> None:
        super().__init__()
        self.slow = slow

    async def plan(self, ctx: PlanningContext) -> PlannerOutput:
        if ctx.user_line == self.slow:
            await asyncio.Event().wait()
        return await super().plan(ctx)


def test_an_interrupted_planner_call_ends_the_turn_and_the_session_goes_on(
    agentcli_home: Path,
) -> None:
    lines = [CHECKOUT[0], "find a notebook", "find a laptop"]
    run_id = _record(
        agentcli_home,
        lines,
        lambda e: e.kind is ev.EventKind.MODEL_REQUEST and e.payload["user_line"] == lines[1],
        SlowOnce(lines[1]),
    )
    kinds = [e.kind.value for e in events(agentcli_home, run_id)]
    at = kinds.index("operator")
    assert kinds[at - 1] == "model_request" and kinds[at + 1] == "user_message"
    assert _interrupts(agentcli_home, run_id)[0]["at"] == "planner"
    assert kinds.count("user_message") == 3 and "assistant_message" in kinds[at:]
    assert sealed_replay(recorded(agentcli_home, run_id), load_key()).ok
