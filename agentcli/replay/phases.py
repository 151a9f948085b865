"""The writes a run carried out, each with the events of carrying it out.

A write is carried out once it is let through (its policy decision allows it, or the customer
or an operator approves it) up to its result; the reads before that (preview, confirmation)
are not part of it. A counterfactual replay does not carry writes out: it shows the parent's
result, takes the parent's calls off the recording, and counts the parent's events without
them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from agentcli.actions import Effect
from agentcli.trace.events import EventKind, TraceEvent

CARRYING_OUT = frozenset(
    {
        EventKind.HTTP_EXCHANGE,
        EventKind.SAGA_STARTED,
        EventKind.SAGA_FINISHED,
        EventKind.SAGA_RESUMED,
        EventKind.STEP_STARTED,
        EventKind.STEP_SUCCEEDED,
        EventKind.STEP_FAILED,
        EventKind.COMPENSATION_STARTED,
        EventKind.COMPENSATION_SUCCEEDED,
        EventKind.COMPENSATION_FAILED,
        EventKind.DOMAIN_EVENT,
    }
)
"""Kinds of the events a write records while it is carried out."""


@dataclass
class Write:
    """One write: its action and arguments, the events of carrying it out, and its result
    (None when the run ended, interrupted, before the write had one)."""

    action: str
    arguments: dict[str, Any]
    events: list[TraceEvent] = field(default_factory=list)
    result: dict[str, Any] | None = None


def writes_made(events: Iterable[TraceEvent]) -> list[Write]:
    """Every write the run let through, in order (an unfinished one last)."""
    made: list[Write] = []
    proposed: dict[str, dict[str, Any]] = {}
    running: Write | None = None
    for event in events:
        kind, p = event.kind, event.payload
        action = str(p.get("action"))
        if kind is EventKind.ACTION_PROPOSED and p.get("effect") == Effect.WRITE.value:
            proposed[action] = dict(p.get("arguments") or {})
        elif action in proposed and (
            (kind is EventKind.POLICY_DECISION and p.get("outcome") == "allow")
            or (kind is EventKind.APPROVAL_RESOLVED and p.get("approved") is True)
        ):
            running = Write(action, proposed[action])
        elif kind is EventKind.USER_MESSAGE:
            running = None
        elif kind in CARRYING_OUT and running is not None:
            running.events.append(event)
        elif kind is EventKind.ACTION_RESULT and action in proposed:
            write = running if running is not None and running.action == action else None
            if write is None:
                write = Write(action, dict(p.get("arguments") or {}))
            write.result = dict(p)
            made.append(write)
            running = None
    if running is not None and running.events:
        made.append(running)
    return made


def carrying_out(events: Iterable[TraceEvent]) -> set[int]:
    """The seqs of the events that carried out writes."""
    return {e.seq for write in writes_made(events) for e in write.events}
