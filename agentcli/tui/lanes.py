"""How one trace event shows on the timeline: its lane, a one-line summary, its duration."""

from __future__ import annotations

import json
import math
from enum import IntEnum
from typing import Any, assert_never

from agentcli.trace import events as ev
from agentcli.tui.rows import EventRow


class Lane(IntEnum):
    CONVERSATION = 0
    MODEL = 1
    ACTIONS = 2
    SAGA = 3
    HTTP = 4


LANE_TITLES = ("conv", "model", "action", "saga", "http")

_LANES: dict[str, Lane] = {
    "user_message": Lane.CONVERSATION,
    "assistant_message": Lane.CONVERSATION,
    "run_finished": Lane.CONVERSATION,
    "model_request": Lane.MODEL,
    "model_response": Lane.MODEL,
    "action_proposed": Lane.ACTIONS,
    "action_invalid": Lane.ACTIONS,
    "action_result": Lane.ACTIONS,
    "policy_decision": Lane.ACTIONS,
    "approval_requested": Lane.ACTIONS,
    "approval_resolved": Lane.ACTIONS,
    "blocked_write": Lane.ACTIONS,
    "error": Lane.ACTIONS,
    "http_exchange": Lane.HTTP,
}

COMPENSATION_KINDS = ("compensation_started", "compensation_succeeded", "compensation_failed")
SAGA_KINDS = (
    "saga_started",
    "saga_finished",
    "step_started",
    "step_succeeded",
    "step_failed",
    *COMPENSATION_KINDS,
)


def lane_of(kind: str) -> Lane:
    return _LANES.get(kind, Lane.SAGA)


def is_failure(event: EventRow) -> bool:
    """Whether the event is something that went wrong (the `f` key jumps to these)."""
    p = event.typed()
    match p:
        case None:  # a kind this version does not know
            return False
        case ev.ActionInvalid() | ev.StepFailed() | ev.CompensationFailed() | ev.Error():
            return True
        case ev.HttpExchange():
            return bool(p.error) or _number(p.status) >= 400
        case ev.ActionResult():
            return p.ok is False
        case ev.SagaFinished():
            return p.status not in (None, "completed")
        case ev.PolicyDecision():
            return p.outcome == "block"
        case ev.ApprovalResolved():
            return p.approved is False
        case (
            ev.UserMessage()
            | ev.AssistantMessage()
            | ev.ModelRequest()
            | ev.ModelResponse()
            | ev.RunFinished()
            | ev.Guardrail()
            | ev.Operator()
            | ev.ActionProposed()
            | ev.BlockedWrite()
            | ev.ApprovalRequested()
            | ev.SagaStarted()
            | ev.SagaResumed()
            | ev.StepStarted()
            | ev.StepSucceeded()
            | ev.CompensationStarted()
            | ev.CompensationSucceeded()
            | ev.DomainEvent()
        ):
            return False
        case _:
            assert_never(p)


def is_write(event: EventRow) -> bool:
    p = event.typed()
    return isinstance(p, ev.ActionProposed) and p.effect == "write"


def duration_ms(event: EventRow) -> float | None:
    """How long the thing the event reports took, when the event says so."""
    p = event.typed()
    if isinstance(p, ev.HttpExchange):
        value = p.duration_ms
    elif isinstance(p, ev.ModelResponse):
        value = p.latency_ms
    else:
        return None
    return float(value) if isinstance(value, int | float) else None


def _number(value: Any) -> float:
    """A figure an odd payload may hold as anything else, which then reads as 0."""
    return float(value) if isinstance(value, int | float) else 0.0


def bar(ms: float | None, width: int = 10) -> str:
    """A log-scale bar: 1 ms is one cell, each tenfold adds about 2.5 cells (10 s fills 10)."""
    if ms is None:
        return ""
    cells = 0.0 if ms <= 0 else max(0.5, 1 + math.log10(max(ms, 1.0)) * 2.25)
    full = min(width, int(cells))
    half = "▌" if cells - full >= 0.5 and full < width else ""
    return "█" * full + half


def _short(value: Any, limit: int = 70) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _args(arguments: Any) -> str:
    if not isinstance(arguments, dict):
        return ""
    return ", ".join(f"{k}={_short(v, 30)}" for k, v in arguments.items())


def summary(event: EventRow) -> str:
    """One line that says what happened."""
    p = event.typed()
    match p:
        case None:  # a kind this version does not know
            return f"{event.kind} {_short(event.payload, 60)}"
        case ev.UserMessage():
            return f"user: {_short(p.text or '')}"
        case ev.AssistantMessage():
            return f"agent: {_short(p.text or '')}"
        case ev.ModelRequest():
            repair = " (repair)" if p.repair_errors else ""
            return f"ask {p.planner or 'planner'}{'/' + p.model if p.model else ''}{repair}"
        case ev.ModelResponse():
            names = [str(x.get("action")) for x in _list(p.proposals) if isinstance(x, dict)]
            return f"decided {', '.join(names) or '(nothing)'}: {_short(p.rationale or '', 40)}"
        case ev.ActionProposed():
            return f"{str(p.effect or '').upper()} {p.action}({_short(_args(p.arguments), 50)})"
        case ev.ActionInvalid():
            return f"INVALID {_short(p.reason or '', 60)}"
        case ev.ActionResult():
            ok = "ok" if p.ok else f"refused {_code(p.error)}"
            return f"result {p.action}: {ok}"
        case ev.PolicyDecision():
            return f"policy {p.action}: {p.outcome}"
        case ev.ApprovalRequested():
            return f"ask {p.asked} to approve {p.action}"
        case ev.ApprovalResolved():
            verdict = "approved" if p.approved else "declined"
            return f"{p.by} {verdict} {p.action}"
        case ev.SagaStarted():
            return f"saga {p.saga} started: {' → '.join(map(str, _list(p.steps)))}"
        case ev.SagaFinished():
            return f"saga {p.saga} {p.status}"
        case ev.SagaResumed():
            return f"{event.kind} {_short(event.payload, 60)}"
        case ev.StepStarted() | ev.CompensationStarted():
            mark = " ⚠ irreversible" if p.irreversible else ""
            key = f" key …{str(p.idempotency_key)[-8:]}" if p.idempotency_key else ""
            return f"{_step(event.kind, p.step, p.attempt)} started{key}{mark}"
        case ev.StepSucceeded() | ev.CompensationSucceeded():
            return f"{_step(event.kind, p.step, p.attempt)} succeeded"
        case ev.StepFailed() | ev.CompensationFailed():
            retry = " (will retry)" if p.will_retry else ""
            return f"{_step(event.kind, p.step, p.attempt)} failed {_code(p.error)}{retry}"
        case ev.DomainEvent():
            return f"event {p.type}"
        case ev.HttpExchange():
            status = p.status or p.error or "no answer"
            return f"{p.vendor} {p.method} {_path(str(p.url or ''))} → {status}"
        case ev.BlockedWrite():
            source = "recorded result shown" if p.served_from_recording else "not sent"
            return f"BLOCKED {p.action}({_short(_args(p.arguments), 40)}): {source}"
        case ev.Error():
            return f"ERROR in {p.where}: {p.type}: {_short(p.message or '', 50)}"
        case ev.RunFinished():
            return f"run finished: {p.outcome}"
        case ev.Guardrail():
            return f"{event.kind} {_short(event.payload, 60)}"
        case ev.Operator():
            detail = f": {p.outcome}" if p.outcome else ""
            return f"operator {p.command}{detail}"
        case _:
            assert_never(p)


def _list(value: Any) -> list[Any]:
    """A list field, which an odd payload may hold as anything else (then read as empty)."""
    return value if isinstance(value, list) else []


def _code(error: Any) -> str:
    """The code of a recorded error object (none when the payload holds something else)."""
    return str(error.get("code", "")) if isinstance(error, dict) else ""


def _step(kind: str, step: str, attempt: int | None) -> str:
    phase = "undo " if kind.startswith("compensation") else ""
    return f"{phase}{step} #{attempt or 1}"


def _path(url: str) -> str:
    if "://" in url:
        url = url.split("://", 1)[1]
        url = "/" + url.split("/", 1)[1] if "/" in url else "/"
    return url
