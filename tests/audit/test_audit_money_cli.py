"""`agentcli audit money` reports every rule's violation seeded into real vendor state.

The books start from a real checkout through `agentcli chat` (a place_order saga: one payment
captured, one order) and agree; each case then breaks one rule the way it breaks in the world
— through the vendors' own APIs, or by writing their SQLite rows where no API would — and the
CLI must name that rule, its vendor and the ids involved, and exit 1.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import sqlite3
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from agentcli.audit.money import RULES
from connectors.bazaar import BazaarConnector
from connectors.harness import sandbox_clients
from connectors.pay import PayConnector
from connectors.shop import ShopConnector
from sandbox.world import SandboxWorld
from tests.e2e.helpers import HARPER, HARPER_GIFT, HARPER_ID, chat, cli

CHECKOUT = (
    f"I'm {HARPER}",
    "find a notebook",
    "show me the second one",
    "add it",
    "checkout with my gift card",
    "yes",
)
BAZAAR_NOTEBOOK = "BZ-NTBK-0023-WLC"


@pytest.fixture(scope="module")
def checked_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An agentcli home after one real checkout through `agentcli chat`."""
    home = tmp_path_factory.mktemp("checked-out")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("AGENTCLI_HOME", str(home))
        for name in ("AGENTCLI_DB", "AGENTCLI_SANDBOX"):
            patch.delenv(name, raising=False)
        result = chat(*CHECKOUT)
    assert result.exit_code == 0 and "is placed" in result.stdout, result.output
    return home


@pytest.fixture
def home(agentcli_home: Path, checked_out: Path) -> Path:
    for name in ("sandbox", "traces.sqlite"):
        source = checked_out / name
        if source.is_dir():
            shutil.copytree(source, agentcli_home / name, dirs_exist_ok=True)
        else:
            shutil.copy2(source, agentcli_home / name)
    return agentcli_home


def audit() -> tuple[int, dict[str, Any]]:
    result = cli("audit", "money", "--json")
    assert result.exit_code in (0, 1), result.output
    return result.exit_code, json.loads(result.stdout)


def rules(report: dict[str, Any]) -> set[str]:
    return {v["rule"] for v in report["violations"]}


def _sql(path: Path, sql: str, *params: Any) -> None:
    db = sqlite3.connect(path)
    try:
        with db:
            db.execute(sql, params)
    finally:
        db.close()


def _one(path: Path, sql: str) -> Any:
    db = sqlite3.connect(path)
    try:
        return db.execute(sql).fetchone()[0]
    finally:
        db.close()


def _order_and_payment(home: Path) -> tuple[str, str, str]:
    """(order id, intent id, saga id) of the checkout."""
    shop = home / "sandbox" / "shop.sqlite"
    order_id, intent = (
        sqlite3.connect(shop)
        .execute("SELECT order_id, payment_reference FROM order_payment_refs")
        .fetchone()
    )
    saga = _one(home / "traces.sqlite", "SELECT id FROM sagas")
    return order_id, intent, saga


async def _vendors(home: Path, act: Callable[..., Awaitable[Any]]) -> Any:
    clients = sandbox_clients(SandboxWorld(home / "sandbox"))
    try:
        return await act(
            ShopConnector(clients["shop"]),
            PayConnector(clients["pay"]),
            BazaarConnector(clients["bazaar"]),
        )
    finally:
        for client in clients.values():
            await client.aclose()


def vendors(home: Path, act: Callable[..., Awaitable[Any]]) -> Any:
    return asyncio.run(_vendors(home, act))


# -- one seeded violation per rule -------------------------------------------------------------


def second_payment_for_the_order(home: Path) -> set[str]:
    """Another payment for the same order is captured (another saga charged it again)."""
    order_id, _, _ = _order_and_payment(home)

    async def act(shop: ShopConnector, pay: PayConnector, bazaar: BazaarConnector) -> str:
        intent = await pay.authorize(
            2859,
            "usd",
            HARPER_GIFT,
            HARPER_ID,
            metadata={"saga_id": "another", "order_id": order_id},
        )
        await pay.capture(intent["id"])
        return str(intent["id"])

    return {order_id, vendors(home, act)}


def captured_beyond_the_authorisation(home: Path) -> set[str]:
    _, intent, _ = _order_and_payment(home)
    _sql(
        home / "sandbox" / "pay.sqlite",
        "UPDATE intents SET amount_received = amount + 500 WHERE id = ?",
        intent,
    )
    return {intent}


def second_capture_in_the_saga(home: Path) -> set[str]:
    _, first, saga = _order_and_payment(home)

    async def act(shop: ShopConnector, pay: PayConnector, bazaar: BazaarConnector) -> str:
        intent = await pay.authorize(500, "usd", HARPER_GIFT, HARPER_ID, metadata={"saga_id": saga})
        await pay.capture(intent["id"])
        return str(intent["id"])

    return {first, vendors(home, act)}


def order_placed_without_payment(home: Path) -> set[str]:
    """An order the shop took with no payment reference at all."""

    async def act(shop: ShopConnector, pay: PayConnector, bazaar: BazaarConnector) -> str:
        order = await shop.create_order(
            HARPER_ID, [{"item_id": "9799386954", "quantity": 1}], HARPER_GIFT, None
        )
        return str(order["order_id"])

    return {vendors(home, act)}


def order_paid_by_a_payment_that_does_not_exist(home: Path) -> set[str]:
    """The hole the old checker had: a reference to a payment pay never made."""
    order_id, _, _ = _order_and_payment(home)
    _sql(
        home / "sandbox" / "shop.sqlite",
        "UPDATE order_payment_refs SET payment_reference = 'pi_nowhere' WHERE order_id = ?",
        order_id,
    )
    return {order_id}


def order_whose_payment_was_voided(home: Path) -> set[str]:
    order_id, intent, _ = _order_and_payment(home)
    _sql(
        home / "sandbox" / "pay.sqlite",
        "UPDATE intents SET status = 'canceled', "
        "amount_received = 0, amount_capturable = 0 WHERE id = ?",
        intent,
    )
    return {order_id, intent}


def bazaar_order_without_payment(home: Path) -> set[str]:
    async def act(shop: ShopConnector, pay: PayConnector, bazaar: BazaarConnector) -> str:
        await bazaar.add_to_cart(HARPER_ID, BAZAAR_NOTEBOOK, 1)
        order = await bazaar.create_order(HARPER_ID, "pi_never_made", from_cart=True)
        return str(order["order_id"])

    return {vendors(home, act)}


def booking_without_payment(home: Path) -> set[str]:
    booking = {
        "booking_id": "BK-SEEDED",
        "customer": HARPER_ID,
        "status": "confirmed",
        "items": [],
        "total": "$320.00",
        "total_minor": 32000,
        "payment_reference": "pi_never_made",
        "cancellation": None,
    }
    _sql(
        home / "sandbox" / "trips.sqlite",
        "INSERT INTO bookings (booking_id, customer, doc) VALUES (?, ?, ?)",
        "BK-SEEDED",
        HARPER_ID,
        json.dumps(booking),
    )
    return {"BK-SEEDED"}


def order_cancelled_but_money_kept(home: Path) -> set[str]:
    """The shop cancels the order; nobody refunds the payment."""
    order_id, intent, _ = _order_and_payment(home)

    async def act(shop: ShopConnector, pay: PayConnector, bazaar: BazaarConnector) -> None:
        await shop.cancel_order(order_id, "ordered by mistake")

    vendors(home, act)
    return {order_id, intent}


def authorisation_left_open(home: Path) -> set[str]:
    async def act(shop: ShopConnector, pay: PayConnector, bazaar: BazaarConnector) -> str:
        intent = await pay.authorize(
            1999, "usd", HARPER_GIFT, HARPER_ID, metadata={"saga_id": "abandoned"}
        )
        return str(intent["id"])

    return {vendors(home, act)}


def refund_above_the_capture_at_pay(home: Path) -> set[str]:
    _, intent, _ = _order_and_payment(home)
    _sql(
        home / "sandbox" / "pay.sqlite",
        "UPDATE intents SET amount_refunded = amount_received + 1 WHERE id = ?",
        intent,
    )
    return {intent}


def refund_above_the_payment_at_the_shop(home: Path) -> set[str]:
    """A pristine order's own ledger refunds more than it was paid."""
    shop = home / "sandbox" / "shop.sqlite"
    doc = json.loads(_one(shop, "SELECT doc FROM orders WHERE order_id = '#W3134391'"))
    paid = sum(p["amount"] for p in doc["payment_history"])
    doc["payment_history"].append(
        {"transaction_type": "refund", "amount": paid + 1, "payment_method_id": HARPER_GIFT}
    )
    _sql(shop, "UPDATE orders SET doc = ? WHERE order_id = '#W3134391'", json.dumps(doc))
    return {"#W3134391"}


def saga_left_running(home: Path) -> set[str]:
    _, _, saga = _order_and_payment(home)
    _sql(home / "traces.sqlite", "UPDATE sagas SET status = 'running'")
    return {saga}


def journal_says_compensated_but_money_kept(home: Path) -> set[str]:
    _, intent, saga = _order_and_payment(home)
    _sql(home / "traces.sqlite", "UPDATE sagas SET status = 'compensated'")
    return {intent}


SEEDS: list[tuple[Callable[[Path], set[str]], str, str]] = [
    (second_payment_for_the_order, "double_charge", "shop"),
    (captured_beyond_the_authorisation, "double_charge", "pay"),
    (second_capture_in_the_saga, "double_capture", "pay"),
    (order_placed_without_payment, "order_without_payment", "shop"),
    (order_paid_by_a_payment_that_does_not_exist, "order_without_payment", "shop"),
    (order_whose_payment_was_voided, "order_without_payment", "shop"),
    (bazaar_order_without_payment, "order_without_payment", "bazaar"),
    (booking_without_payment, "order_without_payment", "trips"),
    (order_cancelled_but_money_kept, "charge_without_order", "shop"),
    (authorisation_left_open, "open_authorization", "pay"),
    (refund_above_the_capture_at_pay, "refund_above_capture", "pay"),
    (refund_above_the_payment_at_the_shop, "refund_above_capture", "shop"),
    (saga_left_running, "unfinished_saga", "journal"),
    (journal_says_compensated_but_money_kept, "journal_disagrees", "pay"),
]


def test_the_checkout_leaves_books_that_agree(home: Path) -> None:
    code, report = audit()
    assert (code, report["violations"]) == (0, [])
    assert report["books"]["payments"] == 1 and report["books"]["sagas"] == 1
    assert report["books"]["shop_orders"] == 1


def test_every_rule_has_a_seeded_violation() -> None:
    assert {rule for _, rule, _ in SEEDS} == set(RULES)


@pytest.mark.parametrize(("seed", "rule", "vendor"), SEEDS, ids=[s.__name__ for s, _, _ in SEEDS])
def test_a_seeded_violation_is_named_by_rule_vendor_and_ids(
    home: Path, seed: Callable[[Path], set[str]], rule: str, vendor: str
) -> None:
    ids = seed(home)
    code, report = audit()
    assert code == 1
    named = [v for v in report["violations"] if v["rule"] == rule]
    assert named, report["violations"]
    assert any(vendor in v["vendor"].split("/") and ids <= set(v["ids"]) for v in named), named
    text = cli("audit", "money")
    assert text.exit_code == 1
    assert f"VIOLATION  {rule}  " in text.stdout


def test_the_pristine_orders_are_the_only_ones_allowed_without_a_saga(agentcli_home: Path) -> None:
    """A pristine order cancelled through the agent is still the τ² data's (paid before any
    saga); the books agree. An order the shop took later is not."""
    result = chat(f"I'm {HARPER}", "cancel order #W8073958 because no longer needed", "yes")
    assert result.exit_code == 0 and "is cancelled" in result.stdout, result.output
    code, report = audit()
    assert (code, report["violations"], report["books"]["shop_orders"]) == (0, [], 1)
    [order_id] = order_placed_without_payment(agentcli_home)
    code, report = audit()
    assert code == 1
    assert [(v["rule"], v["ids"]) for v in report["violations"]] == [
        ("order_without_payment", [order_id])
    ]


def test_unusable_input_is_one_line_and_exit_2(agentcli_home: Path, tmp_path: Path) -> None:
    missing = cli("audit", "money")
    assert missing.exit_code == 2
    assert missing.stderr.strip() == (
        f"error: no trace database at {agentcli_home}/traces.sqlite (run `agentcli chat` first)"
    )
    agentcli_home.mkdir(parents=True, exist_ok=True)
    (agentcli_home / "traces.sqlite").write_bytes(b"not a database" * 100)
    corrupt = cli("audit", "money")
    assert corrupt.exit_code == 2 and "trace database" in corrupt.stderr
    assert len(corrupt.stderr.strip().splitlines()) == 1


def test_unreadable_books_are_one_line_and_exit_2(home: Path, tmp_path: Path) -> None:
    nowhere = cli("audit", "money", "--sandbox", str(tmp_path / "nowhere"))
    assert nowhere.exit_code == 2
    assert nowhere.stderr.startswith("error: no sandbox world at ")
    (home / "sandbox" / "pay.sqlite-wal").unlink(missing_ok=True)
    (home / "sandbox" / "pay.sqlite").write_bytes(b"garbage" * 1000)
    corrupt = cli("audit", "money")
    assert corrupt.exit_code == 2
    assert corrupt.stderr.startswith("error: the sandbox world at ")
    assert len(corrupt.stderr.strip().splitlines()) == 1
    both = cli("audit", "money", "--sandbox", str(home / "sandbox"), "--connectors", "live")
    assert both.exit_code == 2
