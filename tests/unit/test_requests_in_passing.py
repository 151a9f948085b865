"""Lines that say a request in passing: the item an order is named by in a relative clause, a
buy button pressed by mistake, a new payment method for "my order", more of an item for whom
it is for, a search for whatever is in stock, and a look at the cart asked after a change."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from agentcli.conversation import Conversation, Observation
from agentcli.planners.base import PlannerOutput, PlanningContext
from agentcli.planners.rules import one_more, order_narrowing
from agentcli.planners.rules.cart_afterwards import change_before
from agentcli.planners.rules.intents import parse
from agentcli.planners.rules.order_finder import bought, unwanted
from agentcli.planners.rules.planner import RulesPlanner
from agentcli.planners.rules.stock_wishes import unqualified


@pytest.mark.parametrize(
    ("line", "item"),
    [
        ("hi the grill i ordered, want to cancel it", ["grill"]),
        ("that desk lamp we bought is not needed, cancel", ["desk", "lamp"]),
        ("cancel pls, the kettle which i just purchased was a gift already", ["kettle"]),
        ("cancel my order for the office chair, we no longer need it", ["office", "chair"]),
    ],
)
def test_an_order_is_named_by_the_item_said_to_be_bought(line: str, item: list[str]) -> None:
    assert bought(line) == item
    assert parse(line).params["order_item"] == item


def test_the_one_i_ordered_names_no_item() -> None:
    assert bought("please cancel the one i ordered") == []
    assert bought("cancel the order for my mum") == []


def test_a_time_said_with_last_is_no_position() -> None:
    said = parse("the headphones i bought last week - cancel please, don't need them")
    assert said.params["pick"] is None and said.params["order_item"] == ["headphones"]
    assert parse("cancel my last order").params["pick"] == -1


@pytest.mark.parametrize(
    "line",
    [
        "my kid clicked buy on the skateboard by accident",
        "i hit the order button on the skateboard by mistake",
        "tapped purchase on the skateboard accidentally",
    ],
)
def test_a_buy_button_pressed_by_mistake_names_the_item(line: str) -> None:
    assert unwanted(line) == ["skateboard"]


def _ctx(orders: dict[str, str], line: str = "") -> PlanningContext:
    user = {"user_id": "u1", "orders": list(orders)}
    conversation = Conversation(user_id="u1", user=user)
    conversation.memory["order_states"] = dict(orders)
    return PlanningContext(line, conversation, observations=[])


def test_a_named_method_for_my_order_goes_to_the_one_pending_order() -> None:
    ctx = _ctx({"#W1": "delivered", "#W2": "pending", "#W3": "delivered"})
    named = {"source": "credit_card", "brand": "mastercard", "last_four": "2340"}
    assert order_narrowing.narrow(ctx, {"kind": "order_payment", "method": named}) == "#W2"
    paypal = {"source": "paypal"}
    assert order_narrowing.narrow(ctx, {"kind": "order_payment", "method": paypal}) == "#W2"


def test_a_change_of_method_that_names_none_is_still_asked_which_order() -> None:
    ctx = _ctx({"#W1": "delivered", "#W2": "pending"})
    vague = {"source": "credit_card"}
    assert order_narrowing.narrow(ctx, {"kind": "order_payment", "method": vague}) is None
    assert order_narrowing.narrow(ctx, {"kind": "order_payment", "method": None}) is None


@pytest.mark.parametrize(
    ("line", "count", "words"),
    [
        ("same again, 2 more of that clock for the kitchen and hall", 2, ["clock"]),
        ("3 more of those mugs for the office", 3, ["mugs"]),
        ("same again, one more for the spare room", 1, []),
    ],
)
def test_more_of_an_item_is_added_whoever_it_is_for(
    line: str, count: int, words: list[str]
) -> None:
    more = one_more.read(line)
    assert more is not None and more.kind == "add"
    assert more.params["quantity"] == count and more.params["words"] == words


def test_another_room_is_still_no_add() -> None:
    assert one_more.read("another room for my parents") is None


@pytest.mark.parametrize(
    ("line", "query"),
    [
        ("i'm after an espresso machine, whatever is in stock", "espresso machine"),
        ("need a desk lamp, anything available is fine", "desk lamp"),
        ("looking for a backpack, whatever you have in stock", "backpack"),
        ("any in-stock gaming mice?", "gaming mice"),
        ("a smart watch, as long as it's in stock", "smart watch"),
        ("i want running shoes, doesn't matter which, just in stock", "running shoes"),
        ("show me whatever laptops are in stock", "laptops"),
        ("any air purifiers available right now?", "air purifiers"),
    ],
)
def test_a_wish_for_what_is_in_stock_leaves_the_search_alone(line: str, query: str) -> None:
    intent = parse(line)
    assert intent.kind == "search" and intent.params["query"] == query


def test_a_question_about_one_products_stock_stays_one() -> None:
    assert unqualified("is the espresso machine in stock") == "is the espresso machine in stock"
    assert parse("is the espresso machine in stock").kind == "product_question"


@pytest.mark.parametrize(
    ("line", "change"),
    [
        (
            "Please add the second clock and also view my cart afterwards.",
            "Please add the second clock",
        ),
        ("add it and tell me the total", "add it"),
        ("remove the kettle, then let me see my cart", "remove the kettle"),
        ("add the first one and tell me how much my cart is", "add the first one"),
        ("add 2 of them, what's my cart at now?", "add 2 of them"),
    ],
)
def test_a_look_at_the_cart_after_a_change_is_read_apart(line: str, change: str) -> None:
    assert change_before(line, lambda part: parse(part, whole=False).kind) == change
    assert parse(line).params.get("then_cart") is True


def test_the_cart_alone_is_no_change_before_it() -> None:
    assert change_before("show me my cart", lambda part: parse(part, whole=False).kind) is None
    assert parse("show me my cart").kind == "view_cart"


def _plan(conversation: Conversation, line: str, *seen: Observation) -> PlannerOutput:
    context = PlanningContext(line, conversation, observations=list(seen))
    return asyncio.run(RulesPlanner().plan(context))


def _only(output: PlannerOutput) -> dict[str, Any]:
    assert len(output.proposals) == 1 and isinstance(output.proposals[0], dict)
    return output.proposals[0]


def test_the_cart_is_read_once_the_add_asked_with_it_is_done() -> None:
    conversation = Conversation(user_id="u1", user={"user_id": "u1", "orders": []})
    conversation.memory["then_cart"] = True
    cart = {"items": [], "total": 0}
    added = Observation("add_to_cart", {"item_id": "1", "quantity": 1}, True, cart)
    assert _only(_plan(conversation, "", added)) == {"action": "view_cart"}
    shown = Observation("view_cart", {}, True, cart)
    assert _only(_plan(conversation, "", added, shown))["action"] == "reply"
