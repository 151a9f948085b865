"""The trace database locked past its busy timeout in the middle of a checkout saga.

Whichever journal write the lock falls on, the customer is never told that nothing was changed
while a vendor may have acted; every authorisation, order and capture the vendors hold is one
the journal knows of; and `agentcli resume` settles the saga afterwards.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from agentcli.trace import Store
from agentcli.workflows.journal import Journal
from agentcli.workflows.retail import PLACE_ORDER
from agentcli.workflows.saga import journal_points
from tests.e2e.helpers import HARPER_ID, cli, pay_intents, shop_order, shop_user
from tests.e2e.test_chat_checkout import CHECKOUT
from tests.workflows.locked_trace import CAPTURE_FAILS, LockAt, WriteLock, chat_with

YES = len(CHECKOUT)  # the index of the line that says "yes"
BEFORE_THE_SAGA = "before the saga"
FORWARD = [BEFORE_THE_SAGA, *(p for p in journal_points(PLACE_ORDER) if ":compensate:" not in p)]
COMPENSATING = [
    "place_order:capture_payment:forward:intent",
    *(p for p in journal_points(PLACE_ORDER) if ":compensate:" in p),
]
NEVER = ("nothing was changed", "nothing was charged", "nothing was ordered")


@pytest.fixture(autouse=True)
def _short_busy_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AGENTCLI_DB_TIMEOUT", "0.05")


def _locked_checkout(
    home: Path, point: str, *, faults: Any = None, hold_to_the_end: bool = False
) -> tuple[str, WriteLock]:
    """A checkout whose trace database is locked at `point`; what the chat showed."""
    home.mkdir(parents=True, exist_ok=True)
    lock = WriteLock(home / "traces.sqlite")
    hooks = {YES: lock.take} if point == BEFORE_THE_SAGA else {}
    if not hold_to_the_end:
        hooks[YES + 1] = lock.release  # the other process lets go before the next line
    switch = LockAt(point, lock)
    lines = [*CHECKOUT, "yes", "what's in my cart"]
    if hold_to_the_end:
        with pytest.raises(sqlite3.OperationalError, match="locked"):
            chat_with(home, lines, hooks, switch, faults)
        return "", lock
    return chat_with(home, lines, hooks, switch, faults), lock


def _reply_to_yes(shown: str) -> str:
    return shown.split("you> yes", 1)[1].split("you> ", 1)[0]


def _the_saga(home: Path) -> tuple[dict[str, Any] | None, set[tuple[str, str]]]:
    store = Store.open(home / "traces.sqlite")
    try:
        journal = Journal(store)
        ids = [r[0] for r in store.db.execute("SELECT id FROM sagas").fetchall()]
        if not ids:
            return None, set()
        [saga_id] = ids
        steps = {(s["name"], s["phase"]) for s in journal.steps(saga_id)}
        return journal.get(saga_id), steps
    finally:
        store.close()


def _assert_journal_knows_every_vendor_effect(home: Path, orders_before: list[str]) -> None:
    _, steps = _the_saga(home)
    for intent in pay_intents(home, HARPER_ID):
        assert ("authorize_payment", "forward") in steps
        if intent["status"] == "succeeded":
            assert ("capture_payment", "forward") in steps
    if shop_user(home, HARPER_ID)["orders"] != orders_before:
        assert ("create_order", "forward") in steps


def _resume(home: Path) -> list[dict[str, Any]]:
    result = cli("resume", "--json")
    assert result.exit_code == 0, result.output
    return list(json.loads(result.stdout)) if result.stdout.strip().startswith("[") else []


def _assert_settled(home: Path, expected: str) -> None:
    saga, _ = _the_saga(home)
    assert saga is not None and saga["status"] == expected
    [intent] = pay_intents(home, HARPER_ID)
    order = (
        shop_order(home, saga["outputs"]["create_order"]["order_id"])
        if "create_order" in saga["outputs"]
        else None
    )
    if expected == "completed":
        assert intent["status"] == "succeeded"
        assert order is not None and order["payment_reference"] == intent["id"]
    else:
        assert intent["status"] == "canceled"
        assert order is None or order["status"] == "cancelled"
    assert cli("audit", "verify", saga["run_id"]).exit_code == 0


def _orders(home: Path) -> list[str]:
    home.mkdir(parents=True, exist_ok=True)
    return list(shop_user(home, HARPER_ID)["orders"])


@pytest.mark.parametrize("point", FORWARD)
def test_a_lock_during_a_checkout_never_hides_a_charge(agentcli_home: Path, point: str) -> None:
    orders_before = _orders(agentcli_home)
    shown, _ = _locked_checkout(agentcli_home, point)
    reply = _reply_to_yes(shown)
    _assert_journal_knows_every_vendor_effect(agentcli_home, orders_before)
    assert "you> what's in my cart" in shown  # the session went on
    outcomes = _resume(agentcli_home)
    if point == BEFORE_THE_SAGA:  # the intent could not be saved: no vendor was called
        assert "nothing was changed" in reply, shown
        assert outcomes == [] and _the_saga(agentcli_home)[0] is None
        assert pay_intents(agentcli_home, HARPER_ID) == []
        assert _orders(agentcli_home) == orders_before
        return
    assert "I can't tell whether your place order request went through" in reply, shown
    assert "`agentcli resume` will finish it or undo it" in reply
    assert not any(phrase in reply for phrase in NEVER)
    assert [o["after"] for o in outcomes] == ["completed"]
    _assert_settled(agentcli_home, "completed")


@pytest.mark.parametrize("point", COMPENSATING)
def test_a_lock_while_undoing_a_failed_checkout_never_hides_a_charge(
    agentcli_home: Path,
    point: str,
) -> None:
    orders_before = _orders(agentcli_home)
    shown, _ = _locked_checkout(agentcli_home, point, faults=CAPTURE_FAILS)
    reply = _reply_to_yes(shown)
    assert "`agentcli resume` will finish it or undo it" in reply, shown
    assert not any(phrase in reply for phrase in NEVER)
    _assert_journal_knows_every_vendor_effect(agentcli_home, orders_before)

    [outcome] = _resume(agentcli_home)  # the vendors behave again
    forward = ":forward:" in point  # the capture is retried with its key and now succeeds
    assert outcome["after"] == ("completed" if forward else "compensated")
    _assert_settled(agentcli_home, outcome["after"])


def test_a_lock_held_past_the_end_of_the_chat(agentcli_home: Path) -> None:
    orders_before = _orders(agentcli_home)
    _, lock = _locked_checkout(
        agentcli_home, "place_order:capture_payment:forward:effect", hold_to_the_end=True
    )
    _assert_journal_knows_every_vendor_effect(agentcli_home, orders_before)
    [intent] = pay_intents(agentcli_home, HARPER_ID)
    assert intent["status"] == "succeeded"  # charged, and the journal says the capture began
    lock.release()
    [outcome] = _resume(agentcli_home)
    assert outcome["after"] == "completed"
    [intent] = pay_intents(agentcli_home, HARPER_ID)
    assert intent["amount_received"] == intent["amount"]  # captured once


def test_a_command_that_cannot_get_the_lock_says_so(agentcli_home: Path) -> None:
    Store.open(agentcli_home / "traces.sqlite").close()
    lock = WriteLock(agentcli_home / "traces.sqlite")
    lock.take()
    try:
        result = cli("chat")
    finally:
        lock.release()
    assert result.exit_code == 1, result.output
    assert "the trace database stayed locked by another process" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("value", ["inf", "nan", "-1", "soon"])
def test_a_bad_lock_timeout_is_a_usage_error(
    agentcli_home: Path,
    monkeypatch: pytest.MonkeyPatch,
    value: str,
) -> None:
    Store.open(agentcli_home / "traces.sqlite").close()
    monkeypatch.setenv("AGENTCLI_DB_TIMEOUT", value)
    result = cli("runs", "list")
    assert result.exit_code == 2, result.output
    assert (
        f"AGENTCLI_DB_TIMEOUT must be a number of seconds from 0 to 86400, not {value!r}"
        in result.stderr
    )
