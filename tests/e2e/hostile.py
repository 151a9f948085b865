"""Hostile strings, a run holding them in every field a terminal shows, and the check that
output carrying them cannot drive a terminal."""

from __future__ import annotations

import unicodedata
from typing import Any

from agentcli.trace.events import EventKind as K
from agentcli.trace.recorder import Recorder
from agentcli.trace.store import Store

#: each one an attack on a terminal or on a markup renderer
ATTACKS = (
    "\x1b[2J\x1b[H",  # clear the screen, cursor home
    "\x1b[1A\x1b[2K",  # cursor up, erase the line: repaint the line above
    "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\",  # OSC 8 hyperlink
    "\x1b]52;c;cm0gLXJmIH4=\x07",  # OSC 52: write the clipboard
    "Total $571.80\rTotal $9.99",  # carriage return overwrites the line
    "$571.80\x08\x08\x08\x08\x08\x08\x08$9.99",  # backspaces overwrite the figure
    "\u202eTotal 08.175$\u202c",  # BIDI override shows the text reversed
    "\u2066\u2067\u2068\u2069\u200f",  # BIDI isolates and marks
    "\x9b31m\x9b2J\x9d0;title\x9c",  # C1 controls: CSI, OSC, ST
    "\x07\x00\x7f\x0b\x0c",  # bell, NUL, DEL, vertical tab, form feed
    "\u2028Total $9.99\u2029",  # line and paragraph separators
    "[bold red]fake[/]",
    "[/]",
    "[link=https://evil.example]x[/link]",
    "[bold",
    "[@click=app.quit]quit[/]",
    "line\nTotal $9.99",  # a newline followed by a fake total
)
HOSTILE = " ".join(ATTACKS)
#: the same as a command-line argument can carry it (no NUL)
HOSTILE_ARG = HOSTILE.replace("\x00", "")
#: markup that must show literally wherever the hostile text is printed in full
LITERAL_MARKUP = ("[bold red]fake[/]", "[link=https://evil.example]x[/link]")


def unsafe_characters(text: str) -> list[str]:
    """Every character in `text` that could drive a terminal (a newline is fine)."""
    return [
        f"U+{ord(ch):04X}"
        for ch in text
        if ch != "\n" and unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp")
    ]


def assert_inert(text: str, where: str) -> None:
    found = unsafe_characters(text)
    assert not found, f"{where} printed control characters {found[:10]}: {text[:300]!r}"


def hostile_payloads(x: str = HOSTILE) -> list[tuple[K, dict[str, Any]]]:
    """One event of every kind, with the hostile text in every field the printers read."""
    saga = {"saga": "place_order", "saga_id": "s1"}
    error = {"code": "INVALID_REQUEST", "message": x}
    return [
        (K.USER_MESSAGE, {"text": x, "turn": 1}),
        (
            K.MODEL_REQUEST,
            {
                "planner": "openai",
                "model": x,
                "user_line": x,
                "observations": [x],
                "repair_errors": [x],
            },
        ),
        (
            K.MODEL_RESPONSE,
            {
                "proposals": [{"action": "reply", "message": x}],
                "rationale": x,
                "request": {"messages": [{"role": "user", "content": x}]},
                "response": {"content": x},
                "latency_ms": 3.0,
                "usage": {"model": x, "total_tokens": x},
            },
        ),
        (
            K.ACTION_PROPOSED,
            {
                "action": "search_products",
                "arguments": {"query": x},
                "effect": "read",
                "rationale": x,
            },
        ),
        (K.ACTION_INVALID, {"raw": {"action": x}, "reason": x, "repair": 0}),
        (
            K.ACTION_RESULT,
            {
                "action": "search_products",
                "arguments": {"query": x},
                "ok": False,
                "data": {"name": x},
                "error": error,
            },
        ),
        (
            K.POLICY_DECISION,
            {
                "action": "place_order",
                "outcome": "confirm",
                "needs_approval": True,
                "reasons": [x],
                "amount": 571.8,
            },
        ),
        (
            K.APPROVAL_REQUESTED,
            {
                "from": "user",
                "action": "place_order",
                "summary": x,
                "amount": 571.8,
                "shown": x,
                "evidence": [
                    {"item": x, "options": {x: x}, "quantity": 1, "price": 571.8, "seller": x}
                ],
            },
        ),
        (
            K.APPROVAL_RESOLVED,
            {
                "by": "operator",
                "approver": x,
                "approved": False,
                "action": "place_order",
                "note": x,
                "reason": x,
            },
        ),
        (K.SAGA_STARTED, {**saga, "steps": ["create_order", x]}),
        (K.STEP_STARTED, {**saga, "step": x, "phase": "forward", "attempt": 1}),
        (K.STEP_SUCCEEDED, {**saga, "step": x, "phase": "forward", "result": {"id": x}}),
        (
            K.STEP_FAILED,
            {**saga, "step": x, "phase": "forward", "error": error, "will_retry": False},
        ),
        (K.COMPENSATION_STARTED, {**saga, "step": x, "phase": "compensate"}),
        (K.COMPENSATION_SUCCEEDED, {**saga, "step": x, "phase": "compensate", "result": {"id": x}}),
        (
            K.COMPENSATION_FAILED,
            {**saga, "step": x, "phase": "compensate", "error": error, "will_retry": False},
        ),
        (K.SAGA_FINISHED, {**saga, "status": "needs_attention", "operator_message": x}),
        (K.DOMAIN_EVENT, {"type": x, "data": {"name": x}}),
        (
            K.HTTP_EXCHANGE,
            {
                "vendor": "shop",
                "method": "GET",
                "url": f"http://shop/{x}",
                "status": 500,
                "error": x,
                "duration_ms": 1.0,
                "attempt": 1,
                "request_headers": {"x-note": x},
                "response_headers": {},
                "response_body": {"name": x},
            },
        ),
        (K.GUARDRAIL, {"rule": x, "outcome": x, "note": x}),
        (K.ERROR, {"where": x, "type": "ValueError", "message": x}),
        (K.ASSISTANT_MESSAGE, {"text": x}),
        (K.RUN_FINISHED, {"outcome": "completed", "metrics": {"turns": 1}}),
    ]


def write_hostile_run(store: Store, run_id: str, x: str = HOSTILE) -> None:
    """A stored run whose run row and every event carry the hostile text."""
    store.create_run(
        run_id, command="chat", planner=x, model=x, prompt_version=x, connectors_mode="sandbox"
    )
    recorder = Recorder(store, run_id)
    for kind, payload in hostile_payloads(x):
        recorder.emit(kind, payload)
    recorder.flush()
    store.finish_run(run_id, status="finished", outcome=x, metrics={"turns": 1})
