"""Completing, cancelling and retrying at the sandbox UCP merchant, and its orders."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import httpx

from commerce_specs import problems, validator
from tests.sandbox_ucp.conftest import SECRET, complete, ready, session
from tests.sandbox_ucp.test_checkout import conforms

ORDER = validator("ucp", "2026-01-11", "schemas/shopping/order.json")


def stock(state: Path, item: str) -> int:
    with sqlite3.connect(state) as conn:
        return int(
            conn.execute("SELECT quantity FROM inventory WHERE product_id = ?", (item,)).fetchone()[
                0
            ]
        )


def orders(state: Path) -> int:
    with sqlite3.connect(state) as conn:
        return int(conn.execute("SELECT count(*) FROM orders").fetchone()[0])


async def test_success_token_pays_and_places_one_order_taking_the_stock(
    merchant: httpx.AsyncClient, state: Path
) -> None:
    doc = await ready(merchant, ("tulips", 2))
    answer = await complete(merchant, doc["id"])
    assert answer.status_code == 200
    done = answer.json()
    conforms(done)
    assert done["status"] == "completed"
    assert done["order"]["permalink_url"] == f"http://merchant.test/orders/{done['order']['id']}"
    order = (await merchant.get(f"/orders/{done['order']['id']}")).json()
    assert problems(ORDER, order) == []
    assert order["checkout_id"] == doc["id"]
    assert order["line_items"][0]["quantity"] == {"total": 2, "fulfilled": 0}
    assert order["totals"] == done["totals"]
    expectation = order["fulfillment"]["expectations"][0]
    assert expectation["description"] == "Standard Shipping"
    assert expectation["destination"]["address_country"] == "US"
    assert stock(state, "tulips") == 8


async def test_fail_token_is_declined_with_402_and_nothing_is_taken(
    merchant: httpx.AsyncClient, state: Path
) -> None:
    doc = await ready(merchant, ("tulips", 2))
    declined = await complete(merchant, doc["id"], token="fail_token")
    assert declined.status_code == 402
    assert declined.json()["code"] == "payment_declined"
    assert stock(state, "tulips") == 10
    assert orders(state) == 0
    assert (await merchant.get(f"/checkout-sessions/{doc['id']}")).json()["status"] == (
        "ready_for_complete"
    )
    assert (await complete(merchant, doc["id"])).status_code == 200  # another card still can


async def test_completion_needs_a_destination_and_an_option(merchant: httpx.AsyncClient) -> None:
    doc = (await merchant.post("/checkout-sessions", json=session(("tulips", 1)))).json()
    answer = await complete(merchant, doc["id"])
    assert answer.status_code == 400
    assert "Fulfillment address and option must be selected" in answer.json()["detail"]


async def test_a_retried_completion_with_its_key_gets_the_same_order_once(
    merchant: httpx.AsyncClient, state: Path
) -> None:
    doc = await ready(merchant, ("tulips", 1))
    first = await complete(merchant, doc["id"], key="k-1")
    again = await complete(merchant, doc["id"], key="k-1")
    assert again.status_code == 200
    assert again.json() == first.json()
    assert again.headers["idempotent-replayed"] == "true"
    assert orders(state) == 1
    assert stock(state, "tulips") == 9
    other_body = await complete(merchant, doc["id"], token="other_token", key="k-1")
    assert other_body.status_code == 409
    new_key = await complete(merchant, doc["id"], key="k-2")
    assert new_key.status_code == 409  # completed sessions cannot be completed again
    assert orders(state) == 1


async def test_a_retried_create_with_its_key_makes_one_session(
    merchant: httpx.AsyncClient, state: Path
) -> None:
    key = {"Idempotency-Key": "create-1"}
    first = await merchant.post("/checkout-sessions", json=session(("vase", 1)), headers=key)
    again = await merchant.post("/checkout-sessions", json=session(("vase", 1)), headers=key)
    assert again.json() == first.json()
    changed = await merchant.post("/checkout-sessions", json=session(("vase", 2)), headers=key)
    assert changed.status_code == 409
    with sqlite3.connect(state) as conn:
        assert conn.execute("SELECT count(*) FROM checkouts").fetchone()[0] == 1


async def test_cancel_ends_a_session_for_good(merchant: httpx.AsyncClient) -> None:
    doc = await ready(merchant, ("tulips", 1))
    cancelled = await merchant.post(f"/checkout-sessions/{doc['id']}/cancel")
    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "canceled"
    conforms(cancelled.json())
    for attempt in (
        merchant.post(f"/checkout-sessions/{doc['id']}/cancel"),
        merchant.put(f"/checkout-sessions/{doc['id']}", json=session(("tulips", 2))),
        complete(merchant, doc["id"]),
    ):
        answer = await attempt
        assert answer.status_code == 409
        assert answer.json()["code"] == "checkout_not_modifiable"


async def test_a_completed_session_cannot_be_cancelled(merchant: httpx.AsyncClient) -> None:
    doc = await ready(merchant, ("tulips", 1))
    await complete(merchant, doc["id"])
    assert (await merchant.post(f"/checkout-sessions/{doc['id']}/cancel")).status_code == 409


async def test_order_updates_must_keep_to_the_order_schema(merchant: httpx.AsyncClient) -> None:
    doc = await ready(merchant, ("tulips", 1))
    order_id = (await complete(merchant, doc["id"])).json()["order"]["id"]
    order = (await merchant.get(f"/orders/{order_id}")).json()
    bad = {
        **order,
        "adjustments": [
            {"id": "a", "type": "refund", "occurred_at": "2026-01-01T00:00:00Z", "status": "lost"}
        ],
    }
    assert (await merchant.put(f"/orders/{order_id}", json=bad)).status_code == 422
    assert (
        await merchant.put(f"/orders/{order_id}", json={**order, "adjustments": {}})
    ).status_code == 422
    refund = {
        "id": "a",
        "type": "refund",
        "occurred_at": "2026-01-01T00:00:00Z",
        "status": "pending",
        "amount": 500,
    }
    meddled = {**order, "adjustments": [refund], "totals": [{"type": "total", "amount": 1}]}
    updated = (await merchant.put(f"/orders/{order_id}", json=meddled)).json()
    assert updated["adjustments"] == [refund]
    assert updated["totals"] == order["totals"]  # the merchant's totals stay its own


async def test_shipping_simulation_needs_the_secret(merchant: httpx.AsyncClient) -> None:
    doc = await ready(merchant, ("tulips", 1))
    order_id = (await complete(merchant, doc["id"])).json()["order"]["id"]
    url = f"/testing/simulate-shipping/{order_id}"
    assert (await merchant.post(url)).status_code == 403
    assert (await merchant.post(url, headers={"Simulation-Secret": "guess"})).status_code == 403
    assert (await merchant.post(url, headers={"Simulation-Secret": SECRET})).status_code == 200
    order = (await merchant.get(f"/orders/{order_id}")).json()
    assert problems(ORDER, order) == []
    assert [e["type"] for e in order["fulfillment"]["events"]] == ["shipped"]
    assert order["line_items"][0]["status"] == "fulfilled"


async def test_without_a_secret_the_simulation_is_off(state: Path) -> None:
    from sandbox.ucp import create_app

    transport = httpx.ASGITransport(create_app(state))
    async with httpx.AsyncClient(transport=transport, base_url="http://m.test") as merchant:
        answer = await merchant.post(
            "/testing/simulate-shipping/x", headers={"Simulation-Secret": ""}
        )
        assert answer.status_code == 403
