"""Checkout sessions at the sandbox UCP merchant: its prices, stock, shipping and discounts."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from commerce_specs import problems, validator
from tests.sandbox_ucp.conftest import US, ready, session, shipping_to, total

CA = {"id": "ca", "address_country": "CA", "postal_code": "M5V 2H1"}


CHECKOUT = [
    validator("ucp", "2026-01-11", f"schemas/shopping/{extension}.json", "/$defs/checkout")
    for extension in ("fulfillment", "discount", "buyer_consent")
]
"""The checkout as each capability the merchant announces extends it (each includes the base)."""


def conforms(doc: dict[str, Any]) -> None:
    assert [problems(schema, doc) for schema in CHECKOUT] == [[], [], []]


async def test_the_merchant_prices_from_its_catalogue_not_from_the_request(
    merchant: httpx.AsyncClient,
) -> None:
    answer = await merchant.post("/checkout-sessions", json=session(("tulips", 2)))
    assert answer.status_code == 201
    doc = answer.json()
    conforms(doc)
    line = doc["line_items"][0]
    assert line["item"] == {
        "id": "tulips",
        "title": "Spring Tulips",
        "price": 3000,
        "image_url": "https://example.com/t.jpg",
    }
    assert total(doc, "subtotal") == total(doc) == 6000
    assert doc["status"] == "incomplete"  # nowhere to ship yet
    assert doc["messages"][0]["path"] == "$.fulfillment"
    got = await merchant.get(f"/checkout-sessions/{doc['id']}")
    assert got.json() == doc


@pytest.mark.parametrize(
    ("item", "quantity", "says"),
    [
        ("pink_wumpus", 1, "Product pink_wumpus not found"),
        ("lilies", 1, "Insufficient stock for item lilies"),
        ("vase", 4, "Insufficient stock for item vase"),
    ],
)
async def test_unknown_or_unstocked_items_are_refused(
    merchant: httpx.AsyncClient, item: str, quantity: int, says: str
) -> None:
    answer = await merchant.post("/checkout-sessions", json=session((item, quantity)))
    assert answer.status_code == 400
    assert answer.json()["detail"] == says
    assert answer.json()["messages"][0]["type"] == "error"


async def test_shipping_options_follow_the_destination_and_the_choice_is_charged(
    merchant: httpx.AsyncClient,
) -> None:
    doc = (await merchant.post("/checkout-sessions", json=session(("tulips", 1)))).json()
    update = {**session(("tulips", 1)), "id": doc["id"], "fulfillment": shipping_to(US)}
    us = (await merchant.put(f"/checkout-sessions/{doc['id']}", json=update)).json()
    options = {o["id"]: o for o in us["fulfillment"]["methods"][0]["groups"][0]["options"]}
    assert set(options) == {"std-ship", "exp-ship-us"}
    update["fulfillment"] = shipping_to(CA)
    ca = (await merchant.put(f"/checkout-sessions/{doc['id']}", json=update)).json()
    options = {o["id"] for o in ca["fulfillment"]["methods"][0]["groups"][0]["options"]}
    assert options == {"std-ship", "exp-ship-intl"}
    update["fulfillment"] = shipping_to(CA, "exp-ship-intl")
    chosen = (await merchant.put(f"/checkout-sessions/{doc['id']}", json=update)).json()
    conforms(chosen)
    assert chosen["status"] == "ready_for_complete"
    assert total(chosen, "fulfillment") == 2500
    assert total(chosen) == 3000 + 2500


async def test_promotions_make_standard_shipping_free(merchant: httpx.AsyncClient) -> None:
    over_100 = await ready(merchant, ("tulips", 4))
    roses = await ready(merchant, ("roses", 1))
    plain = await ready(merchant, ("tulips", 1))
    for doc, fee in ((over_100, 0), (roses, 0), (plain, 500)):
        option = doc["fulfillment"]["methods"][0]["groups"][0]["options"][0]
        assert option["id"] == "std-ship"
        assert option["totals"][-1]["amount"] == fee
        assert option["title"].startswith("Free") == (fee == 0)
        assert total(doc) == total(doc, "subtotal") + fee


async def test_discount_codes_apply_in_order_and_unknown_ones_are_ignored(
    merchant: httpx.AsyncClient,
) -> None:
    doc = await ready(merchant, ("roses", 1))  # 3500, free shipping
    update = {**session(("roses", 1)), "discounts": {"codes": ["10OFF", "NOPE", "WELCOME20"]}}
    answer = await merchant.put(f"/checkout-sessions/{doc['id']}", json=update)
    discounted = answer.json()
    conforms(discounted)
    applied = discounted["discounts"]["applied"]
    assert [(a["code"], a["amount"]) for a in applied] == [("10OFF", 350), ("WELCOME20", 630)]
    assert total(discounted, "discount") == 980
    assert total(discounted) == 2520
    update["discounts"] = {"codes": ["FIXED500"]}
    fixed = (await merchant.put(f"/checkout-sessions/{doc['id']}", json=update)).json()
    assert total(fixed) == 3000
    assert fixed["discounts"]["applied"][0]["amount"] == 500


async def test_a_known_buyer_gets_their_saved_addresses_and_new_ones_are_kept(
    merchant: httpx.AsyncClient,
) -> None:
    john = {"email": "John.Doe@example.com", "first_name": "John"}
    doc = (
        await merchant.post("/checkout-sessions", json=session(("tulips", 1), buyer=john))
    ).json()
    update = {**session(("tulips", 1)), "fulfillment": {"methods": [{"type": "shipping"}]}}
    offered = (await merchant.put(f"/checkout-sessions/{doc['id']}", json=update)).json()
    conforms(offered)
    method = offered["fulfillment"]["methods"][0]
    assert [d["id"] for d in method["destinations"]] == ["addr_1", "addr_2"]
    assert offered["buyer"] == john  # kept although the update did not repeat it

    new = {"street_address": "9 New Rd", "address_locality": "Oakland", "address_country": "US"}
    update["fulfillment"] = {"methods": [{"type": "shipping", "destinations": [new]}]}
    saved = (await merchant.put(f"/checkout-sessions/{doc['id']}", json=update)).json()
    new_id = saved["fulfillment"]["methods"][0]["destinations"][0]["id"]
    assert new_id not in ("addr_1", "addr_2")
    again = (
        await merchant.post("/checkout-sessions", json=session(("vase", 1), buyer=john))
    ).json()
    update = {**session(("vase", 1)), "fulfillment": {"methods": [{"type": "shipping"}]}}
    later = (await merchant.put(f"/checkout-sessions/{again['id']}", json=update)).json()
    ids = [d["id"] for d in later["fulfillment"]["methods"][0]["destinations"]]
    assert ids == ["addr_1", "addr_2", new_id]


async def test_an_unknown_buyer_gets_no_address(merchant: httpx.AsyncClient) -> None:
    stranger = {"email": "nobody@example.com"}
    doc = (
        await merchant.post("/checkout-sessions", json=session(("tulips", 1), buyer=stranger))
    ).json()
    update = {**session(("tulips", 1)), "fulfillment": {"methods": [{"type": "shipping"}]}}
    answer = (await merchant.put(f"/checkout-sessions/{doc['id']}", json=update)).json()
    assert "destinations" not in answer["fulfillment"]["methods"][0]


async def test_quantities_beyond_stock_are_refused_on_update(merchant: httpx.AsyncClient) -> None:
    doc = await ready(merchant, ("vase", 1))
    answer = await merchant.put(f"/checkout-sessions/{doc['id']}", json=session(("vase", 4)))
    assert answer.status_code == 400
    assert "stock" in answer.json()["detail"]
    kept = (await merchant.get(f"/checkout-sessions/{doc['id']}")).json()
    assert kept["line_items"][0]["quantity"] == 1


async def test_a_newer_protocol_version_is_refused(merchant: httpx.AsyncClient) -> None:
    newer = {"UCP-Agent": 'profile="https://agent.example/p"; version="2099-01-01"'}
    same = {"UCP-Agent": 'profile="https://agent.example/p"; version="2026-01-11"'}
    refused = await merchant.post("/checkout-sessions", json=session(("tulips", 1)), headers=newer)
    assert refused.status_code == 400
    assert refused.json()["code"] == "version_unsupported"
    ok = await merchant.post("/checkout-sessions", json=session(("tulips", 1)), headers=same)
    assert ok.status_code == 201
