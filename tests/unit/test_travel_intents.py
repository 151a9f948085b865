"""The rules planner reads travel and bazaar-order lines into the right intents."""

from __future__ import annotations

from datetime import date

import pytest

from agentcli.planners.base import PlannerOutput
from agentcli.planners.rules.marketplace import parse as parse_bazaar_order
from agentcli.planners.rules.marketplace import retarget
from agentcli.planners.rules.travel import parse, parse_date

TODAY = date(2026, 11, 25)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-12-10", date(2026, 12, 10)),
        ("December 10", date(2026, 12, 10)),
        ("dec 10th, 2027", date(2027, 12, 10)),
        ("10 December", date(2026, 12, 10)),
        ("March 3", date(2027, 3, 3)),
        ("Feb 30", None),
        ("someday", None),
    ],
)
def test_dates(text: str, expected: date | None) -> None:
    assert parse_date(text, TODAY) == expected


def test_hotel_search_by_dates_or_nights() -> None:
    one = parse("find a hotel in Paris from 2026-12-10 to 2026-12-12")
    assert one is not None and one.kind == "hotel_search"
    assert one.params == {
        "city": "paris",
        "check_in": date(2026, 12, 10),
        "check_out": date(2026, 12, 12),
        "guests": None,
    }
    two = parse("I need a room in New York from 2026-12-10 for 3 nights for two guests")
    assert two is not None and two.params["city"] == "new york"
    assert (two.params["check_out"], two.params["guests"]) == (date(2026, 12, 13), 2)
    vague = parse("find a hotel in Paris")
    assert vague is not None and vague.params["check_in"] is None


def test_flight_search() -> None:
    found = parse("find a flight from NYC to Paris on 2026-12-10 for 2 passengers")
    assert found is not None and found.kind == "flight_search"
    assert found.params == {
        "origin": "nyc",
        "destination": "paris",
        "date": date(2026, 12, 10),
        "passengers": 2,
    }
    assert parse("any flights to Rome?") is not None


def test_booking_picks_offers_travellers_and_payment() -> None:
    found = parse("book the first hotel and the second flight for 2 travellers with my credit card")
    assert found is not None and found.kind == "trip_book"
    assert (found.params["hotel"], found.params["flight"], found.params["travellers"]) == (1, 2, 2)
    assert found.params["method"] == {"source": "credit_card"}
    flight_only = parse("book flight 3")
    assert flight_only is not None
    assert (flight_only.params["hotel"], flight_only.params["flight"]) == (None, 3)


def test_booking_ids() -> None:
    cancel = parse("please cancel booking bk488920")
    assert cancel is not None and cancel.kind == "booking_cancel"
    assert cancel.params == {"booking_id": "BK488920"}
    show = parse("where is booking BK488920?")
    assert show is not None and show.kind == "booking_show"
    assert parse("cancel my booking") is not None


def test_other_lines_are_not_travel() -> None:
    for line in (
        "find a notebook",
        "cancel order #W5918442",
        "add it to my cart",
        "what's in my cart",
        "checkout with my card",
    ):
        assert parse(line) is None, line


def test_bazaar_orders() -> None:
    cancel = parse_bazaar_order("cancel order bzo-376557, I ordered it by mistake")
    assert cancel is not None and cancel.kind == "cancel"
    assert cancel.params == {"order_id": "BZO-376557", "reason": "ordered by mistake"}
    status = parse_bazaar_order("where is BZO-376557")
    assert status is not None and status.params == {"order_id": "BZO-376557"}
    assert parse_bazaar_order("where is order #W5918442") is None


def test_proposals_for_bazaar_items_use_their_sku() -> None:
    output = PlannerOutput(
        [
            {"action": "add_to_cart", "item_id": "BZ-NTBK-0023-WLC", "quantity": 2},
            {"action": "add_to_cart", "item_id": "9799386954", "quantity": 1},
            {"action": "get_product", "product_id": "BZF-NTBK-0023"},
        ]
    )
    retarget(output, {"focus_item": "BZ-NTBK-0023-WLC"})
    assert output.proposals == [
        {"action": "add_to_cart", "quantity": 2, "sku": "BZ-NTBK-0023-WLC"},
        {"action": "add_to_cart", "item_id": "9799386954", "quantity": 1},
        {"action": "get_product", "sku": "BZ-NTBK-0023-WLC"},
    ]


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ("use code FIVEOFF", "FIVEOFF"),
        ("apply promo code welcome10", "WELCOME10"),
        ("I have a coupon SUMMER25", "SUMMER25"),
        ("which code should I use?", None),
        ("add the code", None),
    ],
)
def test_promotion_codes(line: str, code: str | None) -> None:
    found = parse_bazaar_order(line)
    assert (found.params["code"] if found else None) == code
