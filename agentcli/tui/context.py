"""Everything the detail pane shows about one event, gathered off the UI thread."""

from __future__ import annotations

from dataclasses import dataclass
from typing import assert_never

from agentcli.trace import events as ev
from agentcli.tui.ledger import SagaLedger, fold
from agentcli.tui.readmodel import TraceReader
from agentcli.tui.rows import EventRow

SAGA_WINDOW = 5000
"""How far back (in events) an event looks for the saga it belongs to."""


@dataclass(frozen=True)
class EventContext:
    """An event with what explains it: the model request it answers, the saga state then."""

    run_id: str
    event: EventRow
    model_request: EventRow | None = None
    ledger: SagaLedger | None = None


def load_context(reader: TraceReader, run_id: str, seq: int) -> EventContext | None:
    event = reader.event(run_id, seq)
    if event is None:
        return None
    request = None
    if event.kind == "model_response":
        request = reader.last_before(run_id, seq, "model_request", window=50)
    return EventContext(run_id, event, request, _ledger(reader, run_id, event))


def _ledger(reader: TraceReader, run_id: str, event: EventRow) -> SagaLedger | None:
    saga_id = saga_of(event)
    start = reader.last_before(run_id, event.seq, "saga_started", window=SAGA_WINDOW)
    if start is None:
        return None
    if saga_id is not None and saga_of(start) != saga_id:
        start = _start_of(reader, run_id, event.seq, str(saga_id))
        if start is None:
            return None
    events = reader.saga_events(run_id, str(saga_of(start)), start.seq, event.seq)
    return fold(events)


def _start_of(reader: TraceReader, run_id: str, seq: int, saga_id: str) -> EventRow | None:
    cursor = seq
    while True:
        start = reader.last_before(run_id, cursor, "saga_started", window=SAGA_WINDOW)
        if start is None or saga_of(start) == saga_id:
            return start
        cursor = start.seq - 1


def saga_of(event: EventRow) -> str | None:
    """The id of the saga the event is part of, when it names one."""
    p = event.typed()
    match p:
        case (
            ev.SagaStarted()
            | ev.SagaResumed()
            | ev.SagaFinished()
            | ev.StepStarted()
            | ev.StepSucceeded()
            | ev.StepFailed()
            | ev.CompensationStarted()
            | ev.CompensationSucceeded()
            | ev.CompensationFailed()
            | ev.DomainEvent()
            | ev.BlockedWrite()
            | ev.Error()
            | ev.Operator()
        ):
            return p.saga_id
        case (
            None
            | ev.UserMessage()
            | ev.AssistantMessage()
            | ev.ModelRequest()
            | ev.ModelResponse()
            | ev.RunFinished()
            | ev.Guardrail()
            | ev.ActionProposed()
            | ev.ActionInvalid()
            | ev.ActionResult()
            | ev.PolicyDecision()
            | ev.ApprovalRequested()
            | ev.ApprovalResolved()
            | ev.HttpExchange()
        ):
            return None
        case _:
            assert_never(p)
