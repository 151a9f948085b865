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
from agentcli.tui.lanes import summary
from agentcli.tui.rows import EventRow

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


@pytest.mark.parametrize("payload", [{}, {"unexpected": [1, 2]}], ids=["empty", "foreign"])
def test_readers_survive_a_payload_of_every_kind_that_does_not_fit(
    payload: dict[str, Any],
) -> None:
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
