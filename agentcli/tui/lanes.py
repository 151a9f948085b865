"""How one trace event shows on the timeline: its lane, a one-line summary, its duration."""

from __future__ import annotations

import json
import math
from enum import IntEnum
from typing import Any

from agentcli.tui.rows import EventRow


class Lane(IntEnum):
    CONVERSATION = 0
    MODEL = 1
    ACTIONS = 2
    SAGA = 3
    HTTP = 4


LANE_TITLES = ("conv", "model", "action", "saga", "http")

_LANES: dict[str, Lane] = {
    "user_message": Lane.CONVERSATION, "assistant_message": Lane.CONVERSATION,
    "run_finished": Lane.CONVERSATION,
    "model_request": Lane.MODEL, "model_response": Lane.MODEL,
    "action_proposed": Lane.ACTIONS, "action_invalid": Lane.ACTIONS,
    "action_result": Lane.ACTIONS, "policy_decision": Lane.ACTIONS,
    "approval_requested": Lane.ACTIONS, "approval_resolved": Lane.ACTIONS,
    "blocked_write": Lane.ACTIONS, "error": Lane.ACTIONS,
    "http_exchange": Lane.HTTP,
}

FAILURE_KINDS = ("action_invalid", "step_failed", "compensation_failed", "error")
COMPENSATION_KINDS = ("compensation_started", "compensation_succeeded", "compensation_failed")
SAGA_KINDS = (
    "saga_started", "saga_finished", "step_started", "step_succeeded", "step_failed",
    *COMPENSATION_KINDS,
)


def lane_of(kind: str) -> Lane:
    return _LANES.get(kind, Lane.SAGA)


def is_failure(event: EventRow) -> bool:
    """Whether the event is something that went wrong (the `f` key jumps to these)."""
    p = event.payload
    if event.kind in FAILURE_KINDS:
        return True
    if event.kind == "http_exchange":
        return bool(p.get("error")) or (p.get("status") or 0) >= 400
    if event.kind == "action_result":
        return p.get("ok") is False
    if event.kind == "saga_finished":
        return p.get("status") not in (None, "completed")
    if event.kind == "policy_decision":
        return p.get("outcome") == "block"
    if event.kind == "approval_resolved":
        return p.get("approved") is False
    return False


def is_write(event: EventRow) -> bool:
    return event.kind == "action_proposed" and event.payload.get("effect") == "write"


def duration_ms(event: EventRow) -> float | None:
    """How long the thing the event reports took, when the event says so."""
    p = event.payload
    for key in ("duration_ms", "latency_ms"):
        value = p.get(key)
        if isinstance(value, int | float):
            return float(value)
    return None


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
    p = event.payload
    kind = event.kind
    if kind == "user_message":
        return f"user: {_short(p.get('text', ''))}"
    if kind == "assistant_message":
        return f"agent: {_short(p.get('text', ''))}"
    if kind == "model_request":
        repair = " (repair)" if p.get("repair_errors") else ""
        return f"ask {p.get('planner') or 'planner'}{'/' + p['model'] if p.get('model') else ''}" \
               f"{repair}"
    if kind == "model_response":
        names = [str(x.get("action")) for x in p.get("proposals") or [] if isinstance(x, dict)]
        return f"decided {', '.join(names) or '(nothing)'}: {_short(p.get('rationale', ''), 40)}"
    if kind == "action_proposed":
        effect = str(p.get("effect", "")).upper()
        return f"{effect} {p.get('action')}({_short(_args(p.get('arguments')), 50)})"
    if kind == "action_invalid":
        return f"INVALID {_short(p.get('reason', ''), 60)}"
    if kind == "action_result":
        ok = "ok" if p.get("ok") else f"refused {(p.get('error') or {}).get('code', '')}"
        return f"result {p.get('action')}: {ok}"
    if kind == "policy_decision":
        return f"policy {p.get('action')}: {p.get('outcome')}"
    if kind == "approval_requested":
        return f"ask {p.get('from')} to approve {p.get('action')}"
    if kind == "approval_resolved":
        verdict = "approved" if p.get("approved") else "declined"
        return f"{p.get('by')} {verdict} {p.get('action')}"
    if kind == "saga_started":
        return f"saga {p.get('saga')} started: {' → '.join(p.get('steps') or [])}"
    if kind == "saga_finished":
        return f"saga {p.get('saga')} {p.get('status')}"
    if kind in SAGA_KINDS:
        return _saga_step(kind, p)
    if kind == "domain_event":
        return f"event {p.get('type')}"
    if kind == "http_exchange":
        status = p.get("status") or p.get("error") or "no answer"
        return f"{p.get('vendor')} {p.get('method')} {_path(p.get('url', ''))} → {status}"
    if kind == "blocked_write":
        source = "recorded result shown" if p.get("served_from_recording") else "not sent"
        return f"BLOCKED {p.get('action')}({_short(_args(p.get('arguments')), 40)}): {source}"
    if kind == "error":
        return f"ERROR in {p.get('where')}: {p.get('type')}: {_short(p.get('message', ''), 50)}"
    if kind == "run_finished":
        return f"run finished: {p.get('outcome')}"
    return f"{kind} {_short(p, 60)}"


def _saga_step(kind: str, p: dict[str, Any]) -> str:
    phase = "undo " if kind.startswith("compensation") else ""
    state = kind.rsplit("_", 1)[1]
    mark = " ⚠ irreversible" if p.get("irreversible") else ""
    key = p.get("idempotency_key")
    key_text = f" key …{str(key)[-8:]}" if key else ""
    retry = " (will retry)" if p.get("will_retry") else ""
    error = f" {(p.get('error') or {}).get('code', '')}" if state == "failed" else ""
    return f"{phase}{p.get('step')} #{p.get('attempt', 1)} {state}{error}{retry}{key_text}{mark}"


def _path(url: str) -> str:
    if "://" in url:
        url = url.split("://", 1)[1]
        url = "/" + url.split("/", 1)[1] if "/" in url else "/"
    return url
