"""Orders and trips in customers' words: a weekday beside a day of the month, a cancel wished in
the passive, an order's arrival asked by its item, a refund asked of a cancelled order, a
person asked for by whom to turn to or for compensation, a return said as 'returning the …', a
fault said with 'is' short, and a swap 'for a different colour' that asks which."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from agentcli.conversation import Conversation
from agentcli.planners.base import PlanningContext
from agentcli.planners.rules.intents import parse
from agentcli.planners.rules.order_swaps import variant_picked, with_product
from agentcli.planners.rules.order_wishes import wish
from agentcli.planners.rules.travel import parse as parse_travel
from agentcli.planners.rules.trip_dates import found_dates

CATALOGUE = Path(__file__).parents[2] / "sandbox" / "data" / "tau2_retail" / "db.json"


@pytest.mark.parametrize(
    ("line", "today", "day"),
    [
        ("chicago to boston friday the 22nd, one adult", date(2037, 5, 14), date(2037, 5, 22)),
        ("3 nights from friday the 12th", date(2036, 12, 3), date(2036, 12, 12)),
        ("boston to nyc saturday the 23rd", date(2037, 5, 14), date(2037, 5, 23)),
        ("flying on tuesday the 2nd", date(2037, 5, 14), date(2037, 6, 2)),
        ("sat 14th", date(2037, 5, 14), date(2037, 11, 14)),
    ],
)
def test_a_weekday_beside_a_day_of_the_month_is_the_day_both_hold(
    line: str, today: date, day: date
) -> None:
    assert [d for _, d in found_dates(line, today)] == [day]


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("I need order W5911003 cancelled, thanks.", "cancel"),
        ("can you get #W2541482 cancelled? ordered it by mistake", "cancel"),
        ("I'd like #W9583042 to be cancelled please", "cancel"),
        ("i want the lamp order cancelled please", "cancel_which"),
    ],
)
def test_a_cancel_wished_in_the_passive_is_a_cancel(line: str, kind: str) -> None:
    intent = parse(line)
    assert intent.kind == kind
    assert intent.params.get("state") is None  # 'cancelled' names no order's state here


@pytest.mark.parametrize(
    ("line", "item"),
    [
        ("Any idea when my wristwatch is going to turn up?", ["wristwatch"]),
        ("any clue when the pet bed is going to show up?", ["pet", "bed"]),
        ("when's my gaming mouse meant to arrive, roughly?", ["gaming", "mouse"]),
        ("any clue when my sneakers should get here", ["sneakers"]),
    ],
)
def test_an_arrival_asked_by_the_item_reads_its_order(line: str, item: list[str]) -> None:
    intent = parse(line)
    assert intent.kind == "order_status"
    assert intent.params["order_item"] == item


@pytest.mark.parametrize(
    "line",
    [
        "I cancelled an order a while back - did the money actually go back onto my gift card?",
        "I canceled an order last month - has the refund landed on my paypal yet?",
        "did I ever get my money back for the order we cancelled?",
    ],
)
def test_a_refund_asked_of_a_cancelled_order_lists_the_cancelled_ones(line: str) -> None:
    intent = parse(line)
    assert intent.kind == "my_orders"
    assert intent.params == {"state": "cancelled", "asked": "refunded"}


@pytest.mark.parametrize(
    "line",
    [
        "my package arrived smashed with glass everywhere, who do I talk to about compensation",
        "the lamp came broken, can i get compensated?",
        "box was crushed, I want to file a claim",
        "who can I complain to about a parcel that turned up soaking wet?",
    ],
)
def test_whom_to_turn_to_or_compensation_is_a_hand_off(line: str) -> None:
    assert parse(line).kind == "human"


def test_a_return_said_as_returning_the_items() -> None:
    intent = parse(
        "Returning the tea kettle and the coffee maker from my last delivery, both arrived dented."
    )
    assert intent.kind == "change_which"
    assert intent.params["kind"] == "order_return"
    assert intent.params["groups"][0] == ["tea", "kettle"]
    assert parse("returning on the 5th").kind != "change_which"


def test_a_fault_with_is_said_short_names_the_item_and_the_new_options() -> None:
    said = "helmet's too big, can I get a small in white instead? medium ventilation"
    assert wish(said) == (["helmet"], ["small", "white", "medium", "ventilation"])


def _helmet() -> tuple[dict[str, Any], dict[str, Any]]:
    products = json.loads(CATALOGUE.read_text())["products"]
    product = next(p for p in products.values() if p["name"] == "Cycling Helmet")
    item = {**product["variants"]["1719127154"], "name": product["name"]}  # M, red, medium
    return item, product


def _context() -> PlanningContext:
    conversation = Conversation(user_id="u1", user={"user_id": "u1", "payment_methods": {}})
    return PlanningContext("", conversation)


def _change(item: dict[str, Any], new: list[str]) -> dict[str, Any]:
    order = {"order_id": "#W1", "status": "delivered", "payment_history": []}
    order["payment_history"] = [{"payment_method_id": "g"}]
    return {"item": item, "new": new, "method": None, "order": order}


def test_a_swap_for_a_different_colour_asks_which_and_the_answer_picks() -> None:
    item, product = _helmet()
    context = _context()
    change = _change(item, ["different", "color"])
    context.conversation.memory["order_change"] = change
    asked = with_product(context, change, product)
    assert asked.proposals[0]["action"] == "ask_clarification"
    offered = context.conversation.memory["change_choices"]
    assert offered and all(v["options"]["color"] != "red" for v in offered)
    words = ["white", "same", "m", "low", "ventilation", "fine"]
    picked = variant_picked(context, {"ordinal": None, "words": words})
    assert picked.proposals[0]["new_item_ids"] == ["8591113813"]  # M, white, low


def test_a_size_word_before_another_option_is_that_option() -> None:
    item, product = _helmet()
    change = _change(item, ["small", "white", "medium", "ventilation"])
    [proposal] = with_product(_context(), change, product).proposals
    assert proposal["new_item_ids"] == ["7811981098"]  # S, white, medium


@pytest.mark.parametrize(
    ("line", "wished"),
    [
        ("helmet doesn't fit, can I get a large in black?", (["helmet"], ["large", "black"])),
        (
            "my helmet is too big - can you send a small one in black instead",
            (["helmet"], ["small", "black"]),
        ),
        ("jacket's too long on me, got a medium in black?", (["jacket"], ["medium", "black"])),
    ],
)
def test_a_fault_then_a_wish_in_other_words_names_the_new_options(
    line: str, wished: tuple[list[str], list[str]]
) -> None:
    assert wish(line) == wished


def test_items_said_to_be_going_back_are_returned() -> None:
    intent = parse("the desk lamp and the speaker from my last delivery are going back, both broke")
    assert intent.params.get("kind") == "order_return"
    assert intent.params["groups"][0] == ["desk", "lamp"]
    assert parse("we are going back to paris").params.get("kind") != "order_return"


def test_a_weekday_after_a_stay_word_is_no_city() -> None:
    intent = parse_travel("berlin hotel thursday 21st to sunday 24th", None, None, None)
    assert intent is not None
    assert intent.params["city"] == "berlin"
