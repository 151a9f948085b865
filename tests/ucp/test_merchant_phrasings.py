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
    line: str, memory: dict[str, Any] | None = None, merchants: tuple[str, ...] = ("flowers",)
) -> dict[str, Any]:
    conversation = Conversation(memory=dict(memory or {}), merchants=merchants)
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
    assert proposal("find tulips", merchants=())["action"] == "search_products"


def test_a_checkout_carries_the_discount_codes_as_typed() -> None:
    memory = {"m_basket_merchant": "flowers"}
    assert proposal("checkout with code 10OFF", memory) == {
        "action": "checkout_basket",
        "merchant": "flowers",
        "discount_codes": ["10OFF"],
    }
