"""Typed trace events: one model per kind, stored JSON unchanged, old and odd payloads load."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from agentcli.render.events import EventPrinter
from agentcli.replay.diff import describe
from agentcli.trace import Recorder, Store
from agentcli.trace import events as ev
from agentcli.trace.events import EventKind, TraceEvent, read_payload
from agentcli.tui.context import EventContext, saga_of
from agentcli.tui.lanes import duration_ms, is_failure, is_write, summary
from agentcli.tui.ledger import fold
from agentcli.tui.rows import EventRow
from agentcli.tui.widgets.detail_pane import render_context

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "runs"


def _golden_events() -> list[dict[str, Any]]:
    events = []
    for trace in sorted(GOLDEN.glob("*/trace.json")):
        for event in json.loads(trace.read_text("utf-8"))["events"]:
            payload = event["payload"]
            events.append(
                {**event, "payload": json.loads(payload) if isinstance(payload, str) else payload}
            )
    return events


def test_every_kind_has_exactly_one_payload_model() -> None:
    assert set(ev.MODELS) == set(EventKind)
    assert all(model.model_fields["kind"].default is kind for kind, model in ev.MODELS.items())


def test_recorded_runs_read_as_their_models_and_store_back_unchanged() -> None:
    events = _golden_events()
    assert {e["kind"] for e in events} >= {"http_exchange", "saga_finished", "approval_requested"}
    for event in events:
        model = ev.MODELS[EventKind(event["kind"])]
        typed = ev.PAYLOADS.validate_python({**event["payload"], "kind": event["kind"]})
        assert type(typed) is model
        assert not typed.__pydantic_extra__, (event["kind"], typed.__pydantic_extra__)
        assert typed.stored() == event["payload"]


def test_the_stored_payload_holds_exactly_the_fields_the_producer_set() -> None:
    store = Store.open(None)
    store.create_run("R", command="test")
    recorder = Recorder(store, "R")
    recorder.record(ev.Error(where="session", type="KeyError", message="x"))
    recorder.record(ev.Error(where="planner", type="Down", message="y", details=None))
    recorder.record(
        ev.ApprovalRequested(
            asked="operator", action="place_order", summary="s", amount=120, evidence=None
        )
    )
    recorder.flush()
    session, planner, asked = (e.payload for e in store.events("R"))
    assert session == {"where": "session", "type": "KeyError", "message": "x"}
    assert planner == {"where": "planner", "type": "Down", "message": "y", "details": None}
    assert asked == {
        "from": "operator",
        "action": "place_order",
        "summary": "s",
        "amount": 120,
        "evidence": None,
    }
    assert isinstance(asked["amount"], int)  # a figure keeps its JSON type


def test_unknown_fields_are_kept_and_odd_payloads_still_load() -> None:
    newer = read_payload(
        "user_message", {"text": "hi", "turn": 1, "truncated": False, "language": "en"}
    )
    assert isinstance(newer, ev.UserMessage) and newer.stored()["language"] == "en"
    odd = read_payload("http_exchange", {"vendor": "shop", "status": "teapot"})
    assert isinstance(odd, ev.HttpExchange)
    assert odd.vendor == "shop" and odd.url is None
    assert odd.stored() == {"vendor": "shop", "status": "teapot"}  # stored back as it was
    legacy = read_payload("approval_requested", {"from": "operator", "action": "x"})
    assert isinstance(legacy, ev.ApprovalRequested) and legacy.asked == "operator"


@pytest.mark.parametrize(
    "payload", [{}, {"unexpected": [1, 2]}, "ODD"], ids=["empty", "foreign", "odd"]
)
def test_readers_survive_a_payload_of_every_kind_that_does_not_fit(
    payload: dict[str, Any],
) -> None:
    payload = ODD if payload == "ODD" else payload
    console = Console(record=True, width=200)
    printer = EventPrinter(console)
    for kind in EventKind:
        event = TraceEvent(
            run_id="R",
            seq=1,
            kind=kind,
            ts=0.0,
            span_id="s",
            payload=payload,
            prev_hash="",
            hash="",
        )
        describe(event)
        printer(event)
        assert summary(EventRow(1, kind.value, 0.0, "s", None, payload))


ODD = {
    "status": "teapot",
    "error": "boom",
    "url": 5,
    "steps": 5,
    "step": [1],
    "attempt": "x",
    "proposals": 3,
    "request": 5,
    "repair": None,
    "arguments": "x",
    "duration_ms": "slow",
    "saga_id": 7,
    "text": 3,
}
"""A payload whose every field has a type no producer writes."""


@pytest.mark.parametrize(
    "payload", [{}, {"unexpected": [1, 2]}, ODD], ids=["empty", "foreign", "odd"]
)
def test_inspector_readers_survive_a_payload_of_every_kind_that_does_not_fit(
    payload: dict[str, Any],
) -> None:
    console = Console(record=True, width=200)
    start = EventRow(0, "saga_started", 0.0, "s", None, payload)
    for kind in [*EventKind, "from_a_newer_version"]:
        row = EventRow(1, str(kind), 0.0, "s", None, payload)
        assert summary(row)
        is_failure(row), is_write(row), duration_ms(row), saga_of(row)
        ledger = fold([start, row])
        console.print(render_context(EventContext("R", row, row, ledger)))


def _row(seq: int, kind: str, **payload: Any) -> EventRow:
    return EventRow(seq, kind, 0.0, "s", None, payload)


def test_odd_figures_read_as_nothing_wrong_and_no_duration() -> None:
    assert not is_failure(_row(1, "http_exchange", status="teapot", error=None))
    assert is_failure(_row(1, "http_exchange", status=503, error=None))
    assert is_failure(_row(1, "http_exchange", status=None, error="timed out"))
    assert duration_ms(_row(1, "http_exchange", duration_ms=12)) == 12.0
    assert duration_ms(_row(1, "model_response", latency_ms=2.5)) == 2.5
    assert duration_ms(_row(1, "http_exchange", duration_ms="slow")) is None
    assert duration_ms(_row(1, "action_result", duration_ms=12)) is None
    assert summary(_row(1, "step_failed", step="pay", attempt=2, error="boom")) == (
        "pay #2 failed "
    )


def test_the_ledger_folds_typed_steps_and_a_resume_adds_no_step() -> None:
    saga = {"saga_id": "S", "saga": "place_order"}
    events = [
        _row(1, "saga_started", **saga, input={}, steps=["pay", "ship"]),
        _row(
            2,
            "step_started",
            saga_id="S",
            step="pay",
            attempt=1,
            idempotency_key="k1",
            irreversible=True,
        ),
        _row(
            3,
            "step_failed",
            saga_id="S",
            step="pay",
            attempt=1,
            will_retry=True,
            error={"code": "DOWN", "message": "later"},
        ),
        _row(4, "saga_resumed", **saga, status="running", previous_owner=None, owner="me"),
        _row(
            5,
            "step_started",
            saga_id="S",
            step="pay",
            attempt=2,
            idempotency_key="k1",
            irreversible=True,
        ),
        _row(
            6,
            "step_failed",
            saga_id="S",
            step="pay",
            attempt=2,
            will_retry=False,
            error="a string, not an error object",
        ),
    ]
    ledger = fold(events)
    assert ledger is not None and ledger.planned == ["pay", "ship"]
    assert [(s.name, s.status, s.attempts) for s in ledger.steps] == [("pay", "failed", 2)]
    assert ledger.steps[0].irreversible and ledger.steps[0].idempotency_key == "k1"
    assert ledger.steps[0].error == "" and ledger.as_of_seq == 6
    retrying = fold(events[:3])
    assert retrying is not None and retrying.steps[0].status == "retrying"
    assert retrying.steps[0].error == "DOWN: later"
    assert saga_of(events[3]) == "S" and saga_of(_row(7, "user_message", text="hi")) is None


def test_an_exchange_is_recorded_without_its_volatile_headers() -> None:
    from connectors.base import HttpExchange

    exchange = HttpExchange(
        "shop",
        "GET",
        "http://shop.sandbox/products",
        {"Accept": "application/json"},
        None,
        200,
        {
            "Date": "today",
            "Content-Length": "2",
            "Server": "x",
            "traceparent": "t",
            "X-Request-Id": "r",
            "content-type": "application/json",
        },
        {"ok": True},
        1.5,
    )
    stored = ev.HttpExchange.from_exchange(exchange).stored()
    assert stored["response_headers"] == {"content-type": "application/json"}
    assert stored["request_headers"] == {"Accept": "application/json"}
    assert set(stored) == {
        "vendor",
        "method",
        "url",
        "request_headers",
        "request_body",
        "status",
        "response_headers",
        "response_body",
        "duration_ms",
        "error",
        "attempt",
    }
