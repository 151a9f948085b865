"""`agentcli chat --connectors live` shops at the official UCP reference merchant.

The merchant runs as its authors wrote it (its own venv, fresh SQLite databases, a free port);
every check reads the merchant's own transactions database, not agentcli's word for it.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from agentcli.tui.lanes import Lane, lane_of, summary
from agentcli.tui.ledger import fold
from agentcli.tui.readmodel import TraceReader
from tests.e2e.helpers import chat, cli, latest_run_json
from tests.e2e.test_subprocess import EXE
from tests.llm.brains import tool_results
from tests.llm.fake import MODEL, FakeOpenAI, calls, serve, text
from tests.patience import PATIENCE
from tests.ucp import reference_merchant as ref
from tests.ucp.lossy_proxy import lossy_proxy

pytestmark = pytest.mark.skipif(not ref.available(), reason=ref.SKIP_REASON)

PURCHASE = ("find tulips", "add 2 of the first one", "checkout", "yes")


@pytest.fixture(scope="module")
def merchant(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ref.RunningMerchant]:
    with ref.reference_merchant(tmp_path_factory.mktemp("ucp-merchant")) as running:
        yield running


def config(
    path: Path, base_url: str, token: str = "success_token", more: list[dict[str, str]] = ()
) -> Path:
    """A connectors config naming the merchant `flowers` and the buyer of the issue (with
    `more` payment instruments after the Visa)."""
    document = {
        # the reference merchant on a loaded machine may take more than the default 10 s to
        # answer; these tests lose answers on purpose through a proxy, never by a slow machine
        "timeout": min(PATIENCE, 600),
        "vendors": {
            "flowers": {
                "kind": "ucp",
                "base_url": base_url,
                "catalog": str(ref.FLOWER_SHOP / "products.csv"),
            }
        },
        "profile": {
            "name": "Jane Smith",
            "email": "jane.smith@example.com",
            "address": {
                "street_address": "789 Pine Ln",
                "city": "Smallville",
                "state": "KS",
                "postal_code": "66002",
                "country": "US",
            },
            "payment": [
                {
                    "handler": "mock_payment_handler",
                    "token": token,
                    "brand": "Visa",
                    "last_digits": "1234",
                },
                *more,
            ],
        },
    }
    path.write_text(yaml.safe_dump(document))
    return path


def live(path: Path) -> tuple[str, ...]:
    return ("--connectors", "live", "--connectors-config", str(path))


def new_sessions(merchant: ref.RunningMerchant, before: set[str]) -> list[str]:
    with contextlib.closing(sqlite3.connect(merchant.transactions)) as db:
        ids = [row[0] for row in db.execute("SELECT id FROM checkouts")]
    return [i for i in ids if i not in before]


def session_ids(merchant: ref.RunningMerchant) -> set[str]:
    return set(new_sessions(merchant, set()))


def test_a_piped_purchase_orders_the_tulips_once_and_replays_sealed_with_the_merchant_stopped(
    tmp_path: Path, agentcli_home: Path
) -> None:
    with ref.reference_merchant(tmp_path / "merchant") as merchant:
        settings = live(config(tmp_path / "c.yaml", merchant.url))
        result = chat(*PURCHASE, args=settings)
        orders = merchant.orders()
        audited = cli("audit", "money", *settings)
    assert audited.exit_code == 0, audited.output
    assert "the books agree" in audited.output and "1 merchant checkouts" in audited.output
    assert result.exit_code == 0, result.output
    assert len(orders) == 1, orders
    ((order_id, order),) = orders.items()
    assert [(li["item"]["id"], li["quantity"]["total"]) for li in order["line_items"]] == [
        ("bouquet_tulips", 2)
    ]
    # the preview stated the merchant's own totals and the instrument, never its token
    assert "Subtotal: $60.00" in result.output and "Shipping: $5.00" in result.output
    assert "Total $65.00" in result.output and "Visa ending in 1234" in result.output
    assert f"order {order_id} is placed" in result.output
    cassettes = list((agentcli_home / "cassettes").glob("*.json"))
    assert cassettes and "success_token" not in cassettes[0].read_text()
    assert "success_token" not in result.output
    with contextlib.closing(sqlite3.connect(agentcli_home / "traces.sqlite")) as db:
        trace = " ".join(str(row) for row in db.execute("SELECT payload FROM events"))
    assert "Spring Tulips" in trace and "success_token" not in trace
    # the inspector's saga lane and ledger show the checkout session's steps
    reader = TraceReader.open(agentcli_home / "traces.sqlite")
    try:
        run_id = reader.latest_run()
        assert run_id is not None
        events = reader.all_events(run_id)
    finally:
        reader.close()
    lane = [summary(e) for e in events if lane_of(e.kind) is Lane.SAGA]
    for step in ("create_session", "update_session", "complete_session"):
        assert any(step in line for line in lane), lane
    ledger = fold(events)
    assert ledger is not None and (ledger.name, ledger.status) == ("merchant_checkout", "completed")
    steps = [(s.name, s.status, s.irreversible) for s in ledger.steps]
    assert steps[-1] == ("complete_session", "succeeded", True)
    # the merchant is stopped: the replay is answered by the recording alone
    sealed = cli("replay", "latest", "--check")
    assert sealed.exit_code == 0, sealed.output
    assert "OK: the events are the same" in sealed.output


def test_a_declined_payment_places_no_order_and_cancels_the_session(
    merchant: ref.RunningMerchant, tmp_path: Path
) -> None:
    orders, sessions = set(merchant.orders()), session_ids(merchant)
    result = chat(*PURCHASE, args=live(config(tmp_path / "c.yaml", merchant.url, "fail_token")))
    assert result.exit_code == 0, result.output
    assert set(merchant.orders()) == orders
    opened = new_sessions(merchant, sessions)
    assert len(opened) == 1 and merchant.checkout_status(opened[0]) == "canceled"
    assert "Insufficient Funds" in result.output
    assert "fail_token" not in result.output


def test_cancelling_before_completion_cancels_the_session(
    merchant: ref.RunningMerchant, tmp_path: Path
) -> None:
    orders, sessions = set(merchant.orders()), session_ids(merchant)
    lines = ("show me roses", "I'll take two of those", "buy it", "nevermind, cancel the checkout")
    result = chat(*lines, "yes", args=live(config(tmp_path / "c.yaml", merchant.url)))
    assert result.exit_code == 0, result.output
    assert "Bouquet of Red Roses" in result.output and "Total $70.00" in result.output
    opened = new_sessions(merchant, sessions)
    assert len(opened) == 1 and merchant.checkout_status(opened[0]) == "canceled"
    assert set(merchant.orders()) == orders
    assert "Cancelled your checkout at flowers; nothing was charged" in result.output


def test_a_lost_completion_answer_is_settled_without_a_second_order(
    merchant: ref.RunningMerchant, tmp_path: Path
) -> None:
    orders = set(merchant.orders())

    def completion(method: str, path: str) -> bool:
        return method == "POST" and path.endswith("/complete")

    with lossy_proxy(merchant.url, lose=completion) as proxy:
        lines = ("find tulips", "add 2 of the first one", "place the order", "yes")
        result = chat(*lines, args=live(config(tmp_path / "c.yaml", proxy.url)))
    assert result.exit_code == 0, result.output
    placed = set(merchant.orders()) - orders
    assert len(placed) == 1, placed
    completions = [f for f in proxy.seen if completion(f.method, f.path)]
    assert len(completions) >= 2 and not any(f.answered for f in completions)
    assert len({f.idempotency_key for f in completions}) == 1 and completions[0].idempotency_key
    assert f"order {placed.pop()} is placed" in result.output
    unreachable = cli("audit", "money", *live(tmp_path / "c.yaml"))  # the proxy is gone
    assert unreachable.exit_code == 2 and "Traceback" not in unreachable.output
    settled = config(tmp_path / "direct.yaml", merchant.url)
    assert cli("audit", "money", *live(settled)).exit_code == 0


def flower_buyer(body: dict[str, Any]) -> dict[str, Any]:
    """A model that buys through the merchant tools it is offered, with ids it was given."""
    offered = {tool["function"]["name"] for tool in body["tools"]}
    assert {"search_merchants", "add_to_basket", "checkout_basket"} <= offered
    messages = body["messages"]
    if messages[-1]["role"] == "tool":
        name, _args, result = tool_results(messages)[-1]
        if not result.get("ok"):
            return text(f"That did not work: {result['error']['message']}")
        if name == "checkout_basket":
            return text(f"Ordered: {result['data']['outputs']['complete_session']['order_id']}")
        return text("Done.")
    line = messages[-1]["content"].lower()
    if line.startswith("find "):
        return calls(("search_merchants", {"query": line.removeprefix("find ")}))
    if line.startswith("add "):
        found = [r for n, _a, r in tool_results(messages) if n == "search_merchants"][-1]
        first = found["data"]["results"][0]["product_id"]
        return calls(("add_to_basket", {"product_id": first, "quantity": 2}))
    if line == "checkout":
        return calls(("checkout_basket", {}))
    if line == "checkout with my mastercard":
        checkout = next(t for t in body["tools"] if t["function"]["name"] == "checkout_basket")
        assert "card_brand" in checkout["function"]["parameters"]["properties"]
        return calls(("checkout_basket", {"card_brand": "Mastercard"}))
    return text("How can I help?")


def test_a_model_planner_buys_through_the_merchant_tools(
    merchant: ref.RunningMerchant, tmp_path: Path
) -> None:
    orders = set(merchant.orders())
    fake = FakeOpenAI(flower_buyer)
    with serve(fake.app) as base_url:
        args = ("--planner", "openai", "--model", MODEL, "--base-url", base_url)
        result = chat(*PURCHASE, args=(*args, *live(config(tmp_path / "c.yaml", merchant.url))))
    assert fake.problems == []
    assert fake.requests and "success_token" not in json.dumps(fake.requests)  # never the model's
    assert result.exit_code == 0, result.output
    placed = set(merchant.orders()) - orders
    assert len(placed) == 1 and f"Ordered: {placed.pop()}" in result.output, result.output
    assert "Total $65.00" in result.output and "Visa ending in 1234" in result.output


@pytest.mark.parametrize("point", ["intent", "effect"])
def test_resume_settles_a_checkout_killed_at_its_completion_exactly_once(
    merchant: ref.RunningMerchant, tmp_path: Path, agentcli_home: Path, point: str
) -> None:
    orders = set(merchant.orders())
    settings = live(config(tmp_path / "c.yaml", merchant.url))
    crash = f"merchant_checkout:complete_session:forward:{point}"
    env = {**os.environ, "AGENTCLI_HOME": str(agentcli_home), "AGENTCLI_CRASH_AT": crash}
    killed = subprocess.run(
        [EXE, "chat", *settings],
        input="\n".join(PURCHASE) + "\n",
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert killed.returncode == -9, killed.stderr
    assert len(set(merchant.orders()) - orders) == (1 if point == "effect" else 0)
    resumed = cli("resume", *settings)
    assert resumed.exit_code == 0, resumed.output
    assert "running -> completed" in resumed.output
    assert len(set(merchant.orders()) - orders) == 1
    again = cli("resume", *settings)
    assert again.exit_code == 0 and len(set(merchant.orders()) - orders) == 1


def test_a_discount_code_is_applied_by_the_merchant_and_shown_before_the_yes(
    merchant: ref.RunningMerchant, tmp_path: Path
) -> None:
    orders = set(merchant.orders())
    lines = ("find tulips", "add 2 of the first one", "checkout with code 10OFF and code NOPE")
    result = chat(*lines, "yes", args=live(config(tmp_path / "c.yaml", merchant.url)))
    assert result.exit_code == 0, result.output
    assert "Discount: -$6.50" in result.output and "Total $58.50" in result.output
    assert "the merchant did not apply NOPE" in result.output
    [placed] = set(merchant.orders()) - orders
    totals = {t["type"]: t["amount"] for t in merchant.orders()[placed]["totals"]}
    assert totals["total"] == 5850


MASTERCARD = {
    "handler": "mock_payment_handler",
    "token": "success_token",
    "brand": "Mastercard",
    "last_digits": "5678",
}


def completion_instrument() -> Any:
    """The instrument the last run's completion request gave the merchant (which keeps no
    record of it), as sent."""
    (body,) = [
        e["payload"]["request_body"]
        for e in latest_run_json()["events"]
        if e["kind"] == "http_exchange" and e["payload"]["url"].endswith("/complete")
    ]
    return body.get("payment_data") or body["payment"]["instruments"][0]["display"]


@pytest.mark.parametrize(
    ("line", "digits"),
    [
        ("checkout with my mastercard", "5678"),
        ("pay with the visa ending 1234", "1234"),
        ("use my mastercard", "5678"),
        ("with the card ending in 1234", "1234"),
    ],
)
def test_the_card_the_customer_names_is_the_one_paid_with(
    merchant: ref.RunningMerchant, tmp_path: Path, line: str, digits: str
) -> None:
    before = session_ids(merchant)
    settings = live(config(tmp_path / "c.yaml", merchant.url, more=[MASTERCARD]))
    result = chat("find tulips", "add 2 of the first one", line, "yes", args=settings)
    assert result.exit_code == 0, result.output
    (session_id,) = new_sessions(merchant, before)
    assert f"ending in {digits}" in result.output and "is placed" in result.output
    assert merchant.checkout_status(session_id) == "completed"
    assert completion_instrument()["last_digits"] == digits


def test_a_model_planner_names_the_card_to_pay_with(
    merchant: ref.RunningMerchant, tmp_path: Path
) -> None:
    fake = FakeOpenAI(flower_buyer)
    settings = live(config(tmp_path / "c.yaml", merchant.url, more=[MASTERCARD]))
    lines = ("find tulips", "add 2 of the first one", "checkout with my mastercard", "yes")
    with serve(fake.app) as base_url:
        args = ("--planner", "openai", "--model", MODEL, "--base-url", base_url)
        result = chat(*lines, args=(*args, *settings))
    assert fake.problems == []
    assert result.exit_code == 0, result.output
    assert "Mastercard ending in 5678" in result.output and "Ordered: " in result.output
    assert completion_instrument()["last_digits"] == "5678"
