"""Checkout said loosely ('ok let's buy it', 'finish up with the card ending 6954', 'bung the
dumbbells on my mastercard'), picks said before a reason or as 'I want the …' with a list
shown, counts that are options ('4 piece', '30-50 lbs'), and kinds weighed for a need."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from agentcli.conversation import Conversation
from agentcli.planners.base import PlanningContext
from agentcli.planners.rules.intents import parse
from agentcli.planners.rules.lookups import method_alone
from agentcli.planners.rules.option_compare import sides
from agentcli.planners.rules.planner import RulesPlanner
from agentcli.planners.rules.reading import CHEAPEST, DEAREST, quantity
from agentcli.planners.rules.shop_intents import shop_intent

CARD = {"id": "credit_card_1", "source": "credit_card", "brand": "mastercard", "last_four": "7291"}
PAYPAL = {"id": "paypal_1", "source": "paypal"}


def _plan(line: str, memory: dict[str, Any], methods: tuple[dict[str, str], ...]) -> dict[str, Any]:
    user = {"payment_methods": {m["id"]: m for m in methods}}
    conversation = Conversation(user_id="u1", user=user, memory=memory)
    output = asyncio.run(RulesPlanner().plan(PlanningContext(line, conversation)))
    proposal = output.proposals[0]
    assert isinstance(proposal, dict)
    return proposal


@pytest.mark.parametrize(
    "line",
    [
        "finish up with the card ending in 7291",
        "bung the dumbbells on my mastercard ending 7291 cheers",
        "stick the kettle on my mastercard",
        "wrap it up on the card ending 7291 please",
    ],
)
def test_a_loose_checkout_with_a_card_named_is_a_checkout(line: str) -> None:
    intent = parse(line)
    assert intent.kind == "checkout", line
    assert intent.params["method"]["source"] == "credit_card"


def test_a_card_named_by_its_last_digits_alone_is_a_checkout_with_it() -> None:
    intent = parse("can i pay with the one ending 9135")
    assert intent.kind == "checkout"
    assert intent.params["method"] == {"source": "credit_card", "last_four": "9135"}


@pytest.mark.parametrize(
    "line", ["card ending 7291 for this one", "mastercard ending 7291 for that one thanks"]
)
def test_a_card_named_for_this_one_is_the_method_alone(line: str) -> None:
    assert method_alone(line) is not None


@pytest.mark.parametrize(
    "line", ["ok let's buy it", "right, let's purchase it then", "go on then, buy it"]
)
def test_buying_it_right_after_adding_checks_out(line: str) -> None:
    memory = {"intent": {"kind": "add", "params": {}}, "cart_items": [{"item_id": "1"}]}
    proposal = _plan(line, memory, (PAYPAL,))
    assert proposal == {"action": "place_order", "payment_method_id": "paypal_1"}


def test_i_want_the_item_described_picks_the_one_shown_that_fits() -> None:
    shown = [
        {"item_id": "1", "product_id": "p", "name": "Luggage Set", "price": 452.6,
         "options": {"piece count": "4-piece", "color": "red", "material": "hardshell"}},
        {"item_id": "2", "product_id": "p", "name": "Luggage Set", "price": 532.5,
         "options": {"piece count": "2-piece", "color": "red", "material": "hardshell"}},
    ]  # fmt: skip
    memory = {"results": shown, "last_list": "results"}
    proposal = _plan("I want the red hardshell 4 piece", memory, (CARD, PAYPAL))
    assert proposal == {"action": "add_to_cart", "item_id": "1", "quantity": 1}


def test_a_piece_count_and_a_weight_range_are_no_quantity() -> None:
    assert quantity("add the red hardshell 4 piece") is None
    assert quantity("add the 30-50 lbs iron adjustable set") is None
    assert quantity("add 2 of the 5-25 lbs rubber ones") == 2


@pytest.mark.parametrize(
    ("line", "end"),
    [
        ("whichever's cheapest, chuck it in the cart", CHEAPEST),
        ("whatever's priciest, add it to my basket", DEAREST),
    ],
)
def test_a_pick_by_price_before_the_cart_verb_is_added(line: str, end: int) -> None:
    intent = shop_intent(line)
    assert intent is not None and intent.kind == "add"
    assert intent.params["ordinal"] == end and intent.params["words"] == []


def test_a_pick_by_option_value_is_read_without_the_reason_after_it() -> None:
    intent = parse("pop the purple one in my cart pls, my sons fave colour")
    assert intent.kind == "add" and intent.params["words"] == ["purple"]


def test_a_put_verb_before_the_item_into_the_cart_is_an_add() -> None:
    intent = shop_intent("stick the red hardshell set in my basket")
    assert intent is not None and intent.kind == "add"


def test_two_kinds_weighed_for_a_use_are_the_kinds_alone() -> None:
    line = "earbuds vs headphones for running – which do you reckon?"
    assert sides(line) == [["earbuds"], ["headphones"]]


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        (
            "Which air purifier would suit a small flat better, HEPA or carbon filter?",
            "air purifier",
        ),
        ("which kind of kettle would you recommend for a tiny kitchen", "kettle"),
    ],
)
def test_which_kind_suits_a_need_better_searches_that_kind(line: str, kind: str) -> None:
    intent = parse(line)
    assert intent.kind == "search" and intent.params["query"] == kind


def test_two_kinds_said_before_which_to_pick_are_compared() -> None:
    intent = parse("a tent or a hammock for camping - which would you pick?")
    assert intent.kind == "compare" and intent.params["sides"] == [["tent"], ["hammock"]]
