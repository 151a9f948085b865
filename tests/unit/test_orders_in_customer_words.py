"""Orders in the customer's words: a cancel's reason said in any words, the only order taken
without asking, an order read before it is asked why, the method asked for among methods named,
an order's tracking asked by an item in it; travel parties and days said as people say them."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

import pytest

from agentcli.conversation import Conversation, Observation
from agentcli.planners.base import PlannerOutput, PlanningContext
from agentcli.planners.rules.order_finder import asked_after
from agentcli.planners.rules.phrases import cancel_reason, payment_hint
from agentcli.planners.rules.planner import RulesPlanner
from agentcli.planners.rules.trip_dates import parse_date, weekend
from agentcli.planners.rules.trip_routes import route
from agentcli.planners.rules.trip_words import party


def _plan(conversation: Conversation, line: str, *seen: Observation) -> PlannerOutput:
    context = PlanningContext(line, conversation, observations=list(seen))
    return asyncio.run(RulesPlanner().plan(context))


def _customer(*orders: str) -> Conversation:
    return Conversation(user_id="u1", user={"user_id": "u1", "orders": list(orders)})


def _order(order_id: str, status: str) -> Observation:
    data: dict[str, Any] = {"order_id": order_id, "status": status, "items": []}
    return Observation("get_order", {"order_id": order_id}, True, data)


def _asked(output: PlannerOutput) -> dict[str, Any]:
    assert len(output.proposals) == 1
    proposal = output.proposals[0]
    assert isinstance(proposal, dict)
    return proposal


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("cancel order w8461477 ? the watch isn't needed any more, cheers", "no longer needed"),
        ("we won't be needing the lamp after all, cancel it", "no longer needed"),
        ("change of plans, please cancel w5493256", "no longer needed"),
        ("oops i clicked buy twice on the kettle cancel the kettle order", "ordered by mistake"),
        ("it's a duplicate order, cancel it", "ordered by mistake"),
        ("i hit the order button two times", "ordered by mistake"),
    ],
)
def test_a_cancels_reason_is_read_in_other_words(line: str, reason: str) -> None:
    assert cancel_reason(line) == reason


def test_bought_two_is_no_reason() -> None:
    assert cancel_reason("i bought two kettles") is None


def test_an_unread_order_is_read_before_the_reason_is_asked_and_a_delivered_one_refused() -> None:
    conversation = _customer("#W1", "#W2")
    read = _asked(_plan(conversation, "I want to cancel order W1759614"))
    assert read == {"action": "get_order", "order_id": "#W1759614"}
    told = _asked(_plan(conversation, "", _order("#W1759614", "delivered")))
    assert told["action"] == "reply"
    assert "delivered, so it can no longer be cancelled" in told["message"]
    assert "return or exchange" in told["message"]


def test_a_pending_order_read_first_is_then_asked_why() -> None:
    conversation = _customer("#W1", "#W2")
    _plan(conversation, "cancel W8073958")
    asked = _asked(_plan(conversation, "", _order("#W8073958", "pending")))
    assert asked["action"] == "ask_clarification"
    assert asked["question"].startswith("Why do you want to cancel #W8073958")


def test_the_only_order_is_cancelled_without_asking_which() -> None:
    conversation = _customer("#W1138897")
    read = _asked(_plan(conversation, "can u cancel my order pls, dont need it anymore"))
    assert read == {"action": "get_order", "order_id": "#W1138897"}
    cancel = _asked(_plan(conversation, "", _order("#W1138897", "pending")))
    assert cancel == {
        "action": "cancel_order",
        "order_id": "#W1138897",
        "reason": "no longer needed",
    }


def test_with_several_orders_the_agent_still_asks_which() -> None:
    asked = _asked(_plan(_customer("#W1", "#W2"), "cancel my order, dont need it"))
    assert asked["action"] == "ask_clarification" and "Which order" in asked["question"]


def test_a_return_from_the_only_order_reads_that_order() -> None:
    line = "return everything from my last order, refund to my gift card"
    read = _asked(_plan(_customer("#W9552705"), line))
    assert read == {"action": "get_order", "order_id": "#W9552705"}


@pytest.mark.parametrize(
    ("line", "source"),
    [
        (
            "i'd rather pay for w4843514 with paypal, the gift card was meant for something else",
            "paypal",
        ),
        ("the gift card is empty, use paypal", "paypal"),
        ("put it on my giftcard, the visa is maxed out", "gift_card"),
    ],
)
def test_the_method_asked_for_wins_over_another_one_named(line: str, source: str) -> None:
    hint = payment_hint(line)
    assert hint is not None and hint["source"] == source


def test_a_tracking_question_names_the_order_by_its_item() -> None:
    assert asked_after("tracking no for my skateboard order") == ["skateboard"]
    assert asked_after("whats the tracking number on the blender order") == ["blender"]


@pytest.mark.parametrize(
    ("line", "count"),
    [
        ("a room in barcelona for me and three mates", 4),
        ("hotel for me + 3 workmates", 4),
        ("us two + 2 kids", 4),
        ("room for both of us and our 3 kids", 5),
        ("me and 2 buddies", 3),
    ],
)
def test_travellers_are_counted_as_people_say_them(line: str, count: int) -> None:
    assert party(line) == count


@pytest.mark.parametrize(
    "line",
    [
        "flights from boston to chicago day after tomorrow for 3 persons",
        "flights from boston to chicago tmrw",
        "flights from boston to chicago a week from today",
    ],
)
def test_a_day_said_in_words_ends_the_city(line: str) -> None:
    assert route(line) == ("boston", "chicago")


def test_this_coming_weekend_is_its_friday_and_a_stay() -> None:
    monday = date(2031, 9, 22)
    assert parse_date("this coming weekend", monday) == date(2031, 9, 26)
    assert parse_date("the upcoming weekend", monday) == date(2031, 9, 26)
    assert weekend("a hotel in lisbon this coming weekend")
