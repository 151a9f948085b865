"""Span trees of hand-made event streams: kinds the golden runs do not hold."""

from __future__ import annotations

from typing import Any

from agentcli.telemetry.tree import run_spans
from agentcli.trace import events as ev
from agentcli.trace.events import TraceEvent
from agentcli.trace.ids import new_run_id


def _events(*payloads: ev.AnyPayload) -> list[TraceEvent]:
    return [
        TraceEvent(
            run_id="r",
            seq=i,
            kind=p.kind,
            ts=1000.0 + i,
            span_id=f"{i:016x}",
            payload=p.stored(),
            prev_hash="",
            hash="",
        )
        for i, p in enumerate(payloads, start=1)
    ]


def _run(**row: Any) -> dict[str, Any]:
    return {"id": new_run_id(), "command": "chat", "started_at": 1000.0, **row}


def test_a_failed_model_call_and_an_operator_interrupt_are_on_the_spans_they_hit() -> None:
    events = _events(
        ev.UserMessage(text="hi", turn=1, truncated=False),
        ev.ModelRequest(
            planner="openai", model="m", user_line="hi", observations=[], repair_errors=[]
        ),
        ev.Error(where="planner", type="ModelUnavailable", message="the endpoint answered 503"),
        ev.Operator(command="interrupt", at="planner", outcome="turn stopped"),
        ev.RunFinished(outcome="interrupted", metrics={"turns": 1}),
    )
    spans = {s.name: s for s in run_spans(_run(status="interrupted"), events).spans}
    chat = spans["chat m"]
    assert chat.error and chat.attributes["error.type"] == "ModelUnavailable"
    assert (chat.start, chat.end) == (1002.0, 1003.0)
    turn = spans["turn 1"]
    assert [e.name for e in turn.events] == ["operator"]
    assert turn.events[0].attributes == {
        "command": "interrupt",
        "at": "planner",
        "outcome": "turn stopped",
    }
    assert spans["invoke_agent chat"].attributes["agentcli.run.outcome"] == "interrupted"


def test_a_failed_run_is_an_error_at_its_root_and_its_end_is_the_recorded_one() -> None:
    events = _events(ev.UserMessage(text="hi", turn=1, truncated=False))
    built = run_spans(_run(status="failed", outcome="error", finished_at=1010.0), events)
    root = built.spans[-1]
    assert root.parent_id is None and root.error and (root.start, root.end) == (1000.0, 1010.0)
