"""Four families of phrasing: a search whose purpose is told after it, a price bound said as
what the price must not pass, the cheapest or dearest few of the list shown compared, and a
checkout whose payment method is said as a belief that it will pay."""

from __future__ import annotations

from typing import Any

import pytest

from agentcli.planners.rules.intents import parse
from agentcli.planners.rules.prices import price_range
from agentcli.planners.rules.reading import position
from agentcli.planners.rules.shop_turns import compare_by_price
from agentcli.planners.rules.shown_by_price import counted, places


@pytest.mark.parametrize(
    "line",
    [
        "Kindly show me running shoes, I am training for my first 10k",
        "show me hiking boots, doing my first proper hike in june",
        "show me a bike, it's for my son's first year at uni",
    ],
)
def test_an_ordinal_of_the_customers_own_life_is_no_list_position(line: str) -> None:
    intent = parse(line)
    assert intent.kind == "search" and position(line.lower()) is None


def test_a_position_said_in_an_aside_after_a_search_is_no_pick() -> None:
    assert parse("show me water bottles, it's the first week of my new job").kind == "search"
    assert parse("show me the kettles, the second one especially").kind == "show"


def test_not_wanting_to_pay_more_than_an_amount_is_a_bound_not_a_checkout() -> None:
    intent = parse("a backpack for school, wouldn't want to pay more than 90")
    assert intent.kind == "search" and intent.params["max_price"] == 90.0
    assert parse("I want to pay now").kind == "checkout"


@pytest.mark.parametrize("line", ["show me my first one", "tell me about the first one"])
def test_an_ordinal_before_one_is_still_a_position(line: str) -> None:
    assert position(line) == 1


@pytest.mark.parametrize(
    ("line", "bound"),
    [
        ("polarised sunglasses for driving, nothing dearer than 120 please", 120.0),
        ("a desk lamp for reading, shouldn't cost more than 160", 160.0),
        ("headphones for the gym, not a penny over 200", 200.0),
        ("hiking boots, nothing north of 150", 150.0),
        ("a kettle, can't be any pricier than 40", 40.0),
        ("running shoes for the marathon, i'd not go over 150", 150.0),
        ("sunglasses, must not exceed 120", 120.0),
        ("sunglasses for driving, 120 is my ceiling", 120.0),
        ("sunglasses for driving, cap it at 120", 120.0),
        ("hiking boots, I refuse to pay over 200", 200.0),
        ("a kettle, i'm not willing to spend more than 50", 50.0),
        ("sunglasses, 120 at the very most", 120.0),
    ],
)
def test_a_bound_said_as_what_the_price_must_not_pass_is_an_upper_bound(
    line: str, bound: float
) -> None:
    lo, hi, _ = price_range(line)
    assert (lo, hi) == (None, bound)


@pytest.mark.parametrize(
    ("line", "asked"),
    [
        ("can u compare the cheapest two for me, I have a long haired cat", ("cheapest", 2)),
        ("how do the two priciest stack up", ("dearest", 2)),
        ("which of the 2 least expensive is better for a small flat", ("cheapest", 2)),
        ("compare the cheapest and the second cheapest", ("cheapest", 2)),
        ("the three most expensive, what's the difference", ("dearest", 3)),
        ("what separates the two most expensive?", ("dearest", 2)),
    ],
)
def test_the_cheapest_or_dearest_few_shown_are_compared(line: str, asked: tuple[str, int]) -> None:
    intent = parse(line)
    assert intent.kind == "compare" and intent.params["by_price"] == asked
    assert counted(line.lower()) == asked


def test_adding_the_two_cheapest_is_no_comparison() -> None:
    assert parse("add the two cheapest to my cart").kind == "add"


def _item(price: float, colour: str) -> dict[str, Any]:
    return {"name": "Kettle", "price": price, "options": {"color": colour}, "available": True}


def test_the_places_of_the_cheapest_in_the_list_shown_are_found_by_price() -> None:
    pool = [_item(90, "red"), _item(40, "blue"), _item(70, "black"), _item(30, "white")]
    assert places(pool, "cheapest", 2) == [4, 2]
    assert places(pool, "dearest", 2) == [1, 3]
    reply = compare_by_price({"results": pool}, "cheapest", 2).proposals[0]
    assert reply["action"] == "reply" and "two cheapest shown are #4 and #2" in reply["message"]


@pytest.mark.parametrize(
    ("line", "source"),
    [
        ("right, checkout — gift card balance should cover it", "gift_card"),
        ("let's do it, my gift card should cover it", "gift_card"),
        ("i'll take it, there's enough on my gift card", "gift_card"),
        ("my gift card should cover it", "gift_card"),
        ("the visa should work", "credit_card"),
        ("my gift card should cover it, right?", "gift_card"),
    ],
)
def test_a_method_said_to_be_enough_checks_out_with_it(line: str, source: str) -> None:
    intent = parse(line)
    assert intent.kind == "checkout" and intent.params["method"]["source"] == source


@pytest.mark.parametrize(
    "line", ["will my gift card cover it?", "does my gift card have enough on it"]
)
def test_asked_whether_a_method_will_pay_its_balance_is_told(line: str) -> None:
    assert parse(line).kind == "payment_methods"


def test_a_method_said_to_cover_an_exchange_is_no_checkout() -> None:
    line = "exchange my kettle for the black one, my gift card should cover the difference"
    assert parse(line).kind != "checkout"
