"""Classes of everyday phrasing the rules planner reads: shorthand, purposes, routes, reasons."""

from __future__ import annotations

import pytest

from agentcli.conversation.answers import is_unsure
from agentcli.planners.rules.intents import parse
from agentcli.planners.rules.travel import parse as parse_travel


@pytest.mark.parametrize(
    ("line", "kind", "params"),
    [
        ("whats the 2nd one like", "show", {"ordinal": 2}),
        ("add #3 x2", "add", {"quantity": 2, "ordinal": 3}),
        ("ok the seventh one pls", "add", {"ordinal": 7, "bare": True}),
        (
            "I'll take the space grey i5 with 32gb",
            "add",
            {"words": ["space", "grey", "i5", "32gb"]},
        ),
        ("a bicycle for my commute, max 2000", "search", {"query": "bicycle", "max_price": 2000}),
        ("indoor security cam under 300$", "search", {"query": "indoor security camera"}),
        ("my daughter wants a skateboard, what do you have?", "search", {"query": "skateboard"}),
        ("what do you have", "product_types", {}),
        ("show me all the orders I've made", "my_orders", {}),
        ("what have I added so far?", "view_cart", {}),
        ("I'd like to be connected with a customer service agent", "human", {}),
        ("my name's harper khan, zip code 19029", "login_name", {"last_name": "Khan"}),
        (
            "cancel #W8073958, found it cheaper somewhere else",
            "cancel",
            {"reason": "no longer needed"},
        ),
        ("refund the espresso machine (order #W3134391) to my mastercard", "order_return", {}),
        ("can #W8073958 be charged to the card ending 7159 instead", "order_payment", {}),
        ("I want to return something", "change_which", {"kind": "order_return"}),
        (
            "wrong address on order #W8073958, it should go to 45 Pine Ave, Seattle, WA 98101",
            "order_address",
            {"order_id": "#W8073958"},
        ),
    ],
)
def test_a_class_of_phrasing_reads_as_its_intent(
    line: str, kind: str, params: dict[str, object]
) -> None:
    intent = parse(line)
    assert intent.kind == kind
    for key, value in params.items():
        assert intent.params[key] == value


def test_a_price_named_in_a_pick_is_not_a_quantity() -> None:
    intent = parse("the one for 47.76", "variant")
    assert intent.params["quantity"] is None
    assert intent.params["words"] == ["47.76"]


def test_routes_without_from_and_rooms_that_are_not_hotels() -> None:
    flight = parse_travel("flights NYC to London on 2030-12-10?")
    assert flight is not None and flight.params["destination"] == "london"
    hotel = parse_travel("any hotels in paris 2030-12-10 to 2030-12-14, 2 adults")
    assert hotel is not None and (hotel.params["city"], hotel.params["guests"]) == ("paris", 2)
    assert parse_travel("is there an air purifier for a big room") is None


def test_eh_is_a_hesitation() -> None:
    assert is_unsure("eh?")
