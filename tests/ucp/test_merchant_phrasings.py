"""The rules planner reads the ways customers ask to buy at a protocol merchant."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from agentcli.conversation import Conversation
from agentcli.planners.base import PlanningContext
from agentcli.planners.rules import RulesPlanner

RESULTS = [
    {
        "merchant": "flowers",
        "product_id": "bouquet_roses",
        "title": "Bouquet of Red Roses",
        "price": 35.0,
    },
    {
        "merchant": "flowers",
        "product_id": "bouquet_tulips",
        "title": "Spring Tulips",
        "price": 30.0,
    },
]


def proposal(
    line: str,
    memory: dict[str, Any] | None = None,
    merchants: tuple[str, ...] = ("flowers",),
    shop: bool = False,
) -> dict[str, Any]:
    """The planner's proposal; by default in a run of the merchant `flowers` only."""
    conversation = Conversation(memory=dict(memory or {}), merchants=merchants, shop=shop)
    output = asyncio.run(RulesPlanner().plan(PlanningContext(line, conversation)))
    [action] = output.proposals
    return dict(action)


@pytest.mark.parametrize(
    ("line", "query"),
    [("find tulips", "tulips"), ("show me roses", "roses"), ("do you have orchids?", "orchids")],
)
def test_searches(line: str, query: str) -> None:
    assert proposal(line) == {"action": "search_merchants", "query": query}


@pytest.mark.parametrize(
    ("line", "memory", "product", "quantity"),
    [
        ("add 2 of the first one", {"m_results": RESULTS}, "bouquet_roses", 2),
        ("add the second one", {"m_results": RESULTS}, "bouquet_tulips", 1),
        ("I'll take two of those", {"m_results": RESULTS[:1]}, "bouquet_roses", 2),
        ("add 3 tulips", {"m_results": RESULTS}, "bouquet_tulips", 3),
    ],
)
def test_adds_pick_from_the_last_search(
    line: str, memory: dict[str, Any], product: str, quantity: int
) -> None:
    assert proposal(line, memory) == {
        "action": "add_to_basket",
        "merchant": "flowers",
        "product_id": product,
        "quantity": quantity,
    }


def test_an_ambiguous_add_asks_which() -> None:
    assert (
        proposal("I'll take two of those", {"m_results": RESULTS})["action"] == "ask_clarification"
    )


@pytest.mark.parametrize("line", ["checkout", "buy it", "place the order", "check out please"])
def test_checkouts(line: str) -> None:
    memory = {"m_basket_merchant": "flowers"}
    assert proposal(line, memory) == {"action": "checkout_basket", "merchant": "flowers"}


@pytest.mark.parametrize("line", ["nevermind, cancel the checkout", "cancel it", "cancel"])
def test_cancelling_the_open_checkout(line: str) -> None:
    memory = {"m_open_checkout": "flowers"}
    assert proposal(line, memory) == {"action": "cancel_checkout", "merchant": "flowers"}


def test_without_protocol_merchants_the_shop_phrasings_stand() -> None:
    assert proposal("find tulips", merchants=(), shop=True)["action"] == "search_products"


def test_beside_the_shop_a_search_goes_to_a_merchant_only_when_the_line_names_it() -> None:
    assert proposal("find a notebook", shop=True)["action"] == "search_products"
    assert proposal("find tulips at flowers", shop=True) == {
        "action": "search_merchants",
        "query": "tulips",
        "merchant": "flowers",
    }


def test_beside_the_shop_follow_ups_go_where_the_last_list_came_from() -> None:
    merchant_list = {"m_results": RESULTS, "m_list_current": True}
    assert proposal("add the first one", merchant_list, shop=True)["action"] == "add_to_basket"
    assert proposal("add the first one", {"m_results": RESULTS}, shop=True)["action"] != (
        "add_to_basket"
    )
    basket = {**merchant_list, "m_basket_merchant": "flowers"}
    assert proposal("checkout", basket, shop=True)["action"] == "checkout_basket"
    assert proposal("checkout", {"m_basket_merchant": "flowers"}, shop=True)["action"] != (
        "checkout_basket"
    )


def test_cancelling_a_shop_order_by_its_id_is_not_the_open_checkout() -> None:
    memory = {"m_open_checkout": "flowers"}
    line = "cancel order #W8073958, I no longer need it"
    # the shop order is read before its cancellation is proposed, never the open checkout
    assert proposal(line, memory, shop=True) == {"action": "get_order", "order_id": "#W8073958"}


def test_a_checkout_carries_the_discount_codes_as_typed() -> None:
    memory = {"m_basket_merchant": "flowers"}
    assert proposal("checkout with code 10OFF", memory) == {
        "action": "checkout_basket",
        "merchant": "flowers",
        "discount_codes": ["10OFF"],
    }


@pytest.mark.parametrize(
    ("line", "card"),
    [
        ("checkout with my mastercard", {"card_brand": "mastercard"}),
        ("pay with the visa ending 1234", {"card_brand": "visa", "last_digits": "1234"}),
        ("use my amex", {"card_brand": "amex"}),
        ("with the card ending in 7159", {"last_digits": "7159"}),
    ],
)
def test_a_checkout_carries_the_card_the_customer_names(line: str, card: dict[str, str]) -> None:
    memory = {"m_basket_merchant": "flowers"}
    assert proposal(line, memory) == {"action": "checkout_basket", "merchant": "flowers", **card}


def test_naming_a_card_with_nothing_in_the_basket_is_not_a_checkout() -> None:
    assert proposal("use my amex", {})["action"] != "checkout_basket"
