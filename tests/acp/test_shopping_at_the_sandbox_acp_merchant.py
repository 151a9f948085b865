"""`agentcli chat --connectors live` buys at the ACP merchant `agentcli sandbox serve` runs.

The customer signs in at the shop and pays with their saved card, delegated to the merchant;
every check reads the merchant's own state export or pay's, not agentcli's word for it.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from agentcli.tui.lanes import Lane, lane_of, summary
from agentcli.tui.ledger import fold
from agentcli.tui.readmodel import TraceReader
from sandbox.vendor_state import pay_document
from tests.e2e.helpers import HARPER, chat, cli, latest_run_json
from tests.e2e.serving import sandbox_serving
from tests.e2e.test_subprocess import EXE
from tests.patience import PATIENCE

PURCHASE = (
    f"I'm {HARPER}",
    "find a notebook at acp",
    "add the first one",
    "checkout with my mastercard",
)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """`agentcli sandbox serve` on free ports for the module; its connectors config."""
    base = tmp_path_factory.mktemp("served-acp")
    with sandbox_serving(base, base / "sandbox") as config:
        yield config


def live(config: Path) -> tuple[str, ...]:
    return ("--connectors", "live", "--connectors-config", str(config))


def merchant_state(config: Path) -> dict[str, Any]:
    """The ACP merchant's sessions and orders, from its own `/_state` export."""
    acp = yaml.safe_load(config.read_text())["vendors"]["acp"]
    headers = {"Authorization": f"Bearer {acp['api_key']}"}
    answer = httpx.get(f"{acp['base_url']}/_state", headers=headers, timeout=PATIENCE)
    assert answer.status_code == 200, answer.text
    state: dict[str, Any] = answer.json()
    return state


def run_events(home: Path) -> list[Any]:
    """The latest run's events as the inspector reads them."""
    reader = TraceReader.open(home / "traces.sqlite")
    try:
        run_id = reader.latest_run()
        assert run_id is not None
        return list(reader.all_events(run_id))
    finally:
        reader.close()


def test_a_piped_purchase_completes_an_acp_session_audits_clean_and_replays_sealed(
    served: Path, agentcli_home: Path
) -> None:
    before = merchant_state(served)
    result = chat(*PURCHASE, "yes", args=live(served))
    assert result.exit_code == 0, result.output
    after = merchant_state(served)
    (order_id,) = set(after["orders"]) - set(before["orders"])
    order = after["orders"][order_id]
    session = after["checkout_sessions"][order["checkout_session_id"]]
    assert session["status"] == "completed"
    assert [(li["item"]["id"], li["quantity"]) for li in session["line_items"]] == [
        ("1199058591", 1)
    ]
    assert session["fulfillment_details"]["email"] == HARPER
    # the preview stated the merchant's own total and the customer's card, then the order
    assert "Total $39.87" in result.output and "Mastercard ending in 7159" in result.output
    assert f"order {order_id} is placed" in result.output
    assert order["amount"] == 3987 and order["payment_intent"].startswith("pi_")
    paths = [
        e["payload"]["url"].split("/", 3)[3]
        for e in latest_run_json()["events"]
        if e["kind"] == "http_exchange" and e["payload"].get("vendor") == "acp"
    ]
    assert "checkout_sessions" in paths and any(p.endswith("/complete") for p in paths)
    # the inspector's saga lane and ledger show the checkout session's steps
    events = run_events(agentcli_home)
    lane = [summary(e) for e in events if lane_of(e.kind) is Lane.SAGA]
    for step in ("create_session", "update_session", "complete_session"):
        assert any(step in line for line in lane), lane
    ledger = fold(events)
    assert ledger is not None and (ledger.name, ledger.status) == ("merchant_checkout", "completed")
    steps = [(s.name, s.status, s.irreversible) for s in ledger.steps]
    assert steps[-1] == ("complete_session", "succeeded", True)
    audited = cli("audit", "money", *live(served))
    assert audited.exit_code == 0, audited.output
    assert "the books agree" in audited.output and "1 merchant checkouts" in audited.output
    # the world's files, read directly, count the merchant's order against pay's intent too
    world = cli("audit", "money", "--sandbox", str(served.parent / "sandbox"))
    assert world.exit_code == 0, world.output
    assert "the books agree" in world.output
    sealed = cli("replay", "latest", "--check")
    assert sealed.exit_code == 0, sealed.output
    assert "OK: the events are the same" in sealed.output


def test_cancelling_before_completion_cancels_the_session_and_charges_nothing(
    served: Path, agentcli_home: Path
) -> None:
    before = merchant_state(served)
    result = chat(*PURCHASE, "nevermind, cancel the checkout", "yes", args=live(served))
    assert result.exit_code == 0, result.output
    after = merchant_state(served)
    assert after["orders"] == before["orders"]
    (opened,) = set(after["checkout_sessions"]) - set(before["checkout_sessions"])
    assert after["checkout_sessions"][opened]["status"] == "canceled"
    assert "Cancelled your checkout at acp; nothing was charged" in result.output


def test_a_declined_payment_cancels_the_session_and_charges_nothing(
    served: Path, agentcli_home: Path
) -> None:
    """Nineteen espresso machines are above pay's card limit: pay declines the completion."""
    before = merchant_state(served)
    lines = (
        f"I'm {HARPER}",
        "find an espresso machine at acp",
        "add 19 of the first one",
        "checkout with my mastercard",
        "yes",
    )
    result = chat(*lines, args=("--approve-all", *live(served)))
    assert result.exit_code == 0, result.output
    after = merchant_state(served)
    assert after["orders"] == before["orders"]
    (opened,) = set(after["checkout_sessions"]) - set(before["checkout_sessions"])
    assert after["checkout_sessions"][opened]["status"] == "canceled"
    assert "declined" in result.output and "nothing was charged" in result.output
    audited = cli("audit", "money", *live(served))
    assert audited.exit_code == 0, audited.output
    assert "the books agree" in audited.output


SOFIA_LI = "sofia.li7352@example.com"
"""A shop customer with two saved cards: a Visa ending in 6791, a Mastercard ending in 8484."""
CARDS = {"6791": "credit_card_3951670", "8484": "credit_card_8105988"}


def charged_method(config: Path, order: dict[str, Any]) -> str:
    """The payment method pay charged for an order of the ACP merchant, from pay's own file."""
    intents = pay_document(config.parent / "sandbox" / "pay.sqlite")["payment_intents"]
    method: str = intents[order["payment_intent"]]["payment_method"]
    return method


@pytest.mark.parametrize(
    ("line", "digits"),
    [
        ("checkout with my mastercard", "8484"),
        ("pay with the visa ending 6791", "6791"),
        ("use my visa", "6791"),
        ("with the card ending in 8484", "8484"),
    ],
)
def test_the_card_the_customer_names_is_the_one_charged(
    served: Path, agentcli_home: Path, line: str, digits: str
) -> None:
    before = merchant_state(served)
    lines = (f"I'm {SOFIA_LI}", "find a notebook at acp", "add the first one", line, "yes")
    result = chat(*lines, args=live(served))
    assert result.exit_code == 0, result.output
    (order_id,) = set(merchant_state(served)["orders"]) - set(before["orders"])
    assert f"ending in {digits}" in result.output and f"order {order_id} is placed" in result.output
    assert charged_method(served, merchant_state(served)["orders"][order_id]) == CARDS[digits]


def test_a_card_the_customer_does_not_hold_is_asked_about_and_nothing_is_bought(
    served: Path, agentcli_home: Path
) -> None:
    before = merchant_state(served)
    lines = (f"I'm {SOFIA_LI}", "find a notebook at acp", "add the first one", "use my amex")
    result = chat(*lines, args=live(served))
    assert result.exit_code == 0, result.output
    assert merchant_state(served)["orders"] == before["orders"]
    assert "The buyer has no amex card; which card should pay: " in result.output
    assert "Visa ending in 6791 or Mastercard ending in 8484?" in result.output


@pytest.mark.parametrize("point", ["intent", "effect"])
def test_resume_settles_a_checkout_killed_at_its_completion_exactly_once(
    served: Path, agentcli_home: Path, point: str
) -> None:
    """Killed before the completion call ("intent") or after the merchant acted ("effect")."""
    before = set(merchant_state(served)["orders"])
    crash = f"merchant_checkout:complete_session:forward:{point}"
    env = {**os.environ, "AGENTCLI_HOME": str(agentcli_home), "AGENTCLI_CRASH_AT": crash}
    killed = subprocess.run(
        [EXE, "chat", *live(served)],
        input="\n".join((*PURCHASE, "yes")) + "\n",
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert killed.returncode == -9, killed.stderr
    placed = set(merchant_state(served)["orders"]) - before
    assert len(placed) == (1 if point == "effect" else 0)
    resumed = cli("resume", *live(served))
    assert resumed.exit_code == 0, resumed.output
    assert "running -> completed" in resumed.output
    placed = set(merchant_state(served)["orders"]) - before
    assert len(placed) == 1
    again = cli("resume", *live(served))
    assert again.exit_code == 0, again.output
    assert set(merchant_state(served)["orders"]) - before == placed
    # pay captured the session's amount once
    session_id = merchant_state(served)["orders"][placed.pop()]["checkout_session_id"]
    intents = pay_document(served.parent / "sandbox" / "pay.sqlite")["payment_intents"].values()
    captured = [
        i
        for i in intents
        if i["metadata"].get("checkout_session_id") == session_id and i["status"] == "succeeded"
    ]
    assert len(captured) == 1, captured
