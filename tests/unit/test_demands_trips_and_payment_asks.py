"""A person demanded beside a grievance, a trip named by where it goes with its flight and
stay, one night named by its date, and the payment of an order asked politely."""

from __future__ import annotations

from datetime import date

import pytest

from agentcli.conversation import Observation
from agentcli.planners.rules import shop_turns
from agentcli.planners.rules.by_price import sorted_results
from agentcli.planners.rules.change_params import american, swap_params
from agentcli.planners.rules.intents import parse
from agentcli.planners.rules.order_states import fits
from agentcli.planners.rules.shown_items import in_view
from agentcli.planners.rules.trip_intents import parse as parse_trip


@pytest.mark.parametrize(
    "line",
    [
        "this is the third time I've asked about my refund, get me a manager NOW",
        "I've waited 3 weeks for my money back, I want your supervisor",
        "enough of this, escalate it to your boss",
        "my order is still wrong, put a manager on the line",
    ],
)
def test_a_person_demanded_beside_a_grievance_is_a_hand_off(line: str) -> None:
    assert parse(line).kind == "human"


def test_a_product_for_a_person_is_no_hand_off() -> None:
    assert parse("i need a tent for 4 persons").kind != "human"


def test_a_trip_named_by_its_place_gives_the_flight_its_destination() -> None:
    found = parse_trip(
        "Amsterdam trip: flying out of Berlin on 9 May, and a hotel 9-12 May for two of us"
    )
    assert found is not None and found.kind == "flight_search"
    assert (found.params["origin"], found.params["destination"]) == ("berlin", "amsterdam")
    assert found.params["passengers"] == 2
    stay = found.params["then_stay"]
    assert stay["city"] == "amsterdam" and stay["guests"] == 2
    assert (stay["check_out"] - stay["check_in"]).days == 3


def test_a_trip_to_a_place_with_its_origin_only() -> None:
    found = parse_trip("a trip to oslo, fly from london on 2 march and a hotel for 3 nights")
    assert found is not None and found.params["destination"] == "oslo"
    assert found.params["then_stay"]["city"] == "oslo"


@pytest.mark.parametrize(
    "line",
    [
        "cheapest hotel in madrid for the night of the 14th",
        "a room in lisbon just for the night of march 3",
    ],
)
def test_the_night_of_a_day_is_one_night(line: str) -> None:
    found = parse_trip(line)
    assert found is not None and found.kind == "hotel_search"
    assert found.params["city"] in ("madrid", "lisbon")
    check_in, check_out = found.params["check_in"], found.params["check_out"]
    assert isinstance(check_in, date) and (check_out - check_in).days == 1


@pytest.mark.parametrize(
    ("line", "asked"),
    [
        ("Could you tell me which card I paid order #W4686509 with?", "method"),
        ("i'd like to know what card is on order #W1234567", "method"),
        ("can you tell me how I paid for the office chair", "method"),
        ("could you tell me how much I paid for the tablet", "paid"),
    ],
)
def test_an_order_question_asked_politely_is_a_read(line: str, asked: str) -> None:
    found = parse(line)
    assert found.kind == "order_status" and found.params["asked"] == asked


def test_a_change_asked_politely_stays_a_change() -> None:
    assert parse("could you change the card on order #W1234567").kind == "order_payment"


@pytest.mark.parametrize(
    ("line", "state"),
    [
        ("remind me what's in the order I haven't received yet", "undelivered"),
        ("what did I order in the order that hasn't arrived", "undelivered"),
        ("what's inside the package i'm still waiting for", "undelivered"),
        ("which items are in my pending order", "pending"),
        ("what was in my cancelled order", "cancelled"),
    ],
)
def test_the_items_of_an_order_named_by_its_state(line: str, state: str) -> None:
    found = parse(line)
    assert found.kind == "my_orders"
    assert found.params == {"state": state, "contents": True}


def test_an_order_not_delivered_is_pending_or_on_its_way() -> None:
    assert fits("pending", "undelivered") and fits("processed", "undelivered")
    assert not fits("delivered", "undelivered") and fits("delivered", "delivered")


@pytest.mark.parametrize(
    ("line", "query"),
    [
        (
            "compare your cheapest and your most expensive espresso machine for me",
            "espresso machine",
        ),
        ("whats the cheapest and the priciest kettle you have", "kettle"),
        ("what's the price range of your electric toothbrushes", "electric toothbrushes"),
    ],
)
def test_both_ends_of_a_kind_are_one_search(line: str, query: str) -> None:
    found = parse(line)
    assert found.kind == "search"
    assert (found.params["query"], found.params["by_price"]) == (query, "both")


def test_both_ends_are_shown_first_and_second() -> None:
    memory: dict[str, object] = {"by_price": "both"}
    offers = [
        {"item_id": str(n), "name": "Kettle", "price": price, "available": available}
        for n, (price, available) in enumerate(
            [(50.0, True), (20.0, True), (90.0, False), (70.0, True)]
        )
    ]
    obs = Observation("search_products", {}, True, {"results": offers})
    shown = sorted_results(memory, obs).data["results"]
    assert [r["price"] for r in shown[:2]] == [20.0, 70.0]
    assert "$50.00 more" in str(memory["by_price_lead"])


@pytest.mark.parametrize(
    "line",
    [
        "can i change my blue earbuds for black ones, same 4 hour battery and IPX7",
        "could I switch my blue earbuds to the black ones",
    ],
)
def test_an_owned_item_changed_for_another_is_an_exchange(line: str) -> None:
    found = parse(line)
    assert found.kind == "change_which" and found.params["kind"] == "order_swap"
    assert found.params["old"] == ["blue", "earbuds"] and "black" in found.params["new"]


def test_an_account_detail_changed_is_no_exchange() -> None:
    assert parse("can i change my address to 12 oak st").kind != "change_which"
    assert parse("change my password to something else").params.get("kind") != "order_swap"


def test_what_is_kept_is_no_new_option() -> None:
    said = swap_params("swap my red kettle for the black one, keeping the 1.5l capacity", "")
    assert said["new"] == ["black", "1.5l", "capacity"]


@pytest.mark.parametrize(
    "line", ["show me that one", "tell me more about it", "ok can i see that one please"]
)
def test_a_product_pointed_at_is_shown(line: str) -> None:
    found = parse(line)
    assert found.kind == "show" and found.params.get("pointed")


def test_the_one_in_view_is_the_focus_or_the_only_one() -> None:
    one = {"item_id": "1", "name": "Kettle"}
    two = {"item_id": "2", "name": "Kettle"}
    assert in_view({"results": [one]}) == one
    assert in_view({"results": [one, two], "focus_item": "2"}) == two
    assert in_view({"results": [one, two]}) is None


def test_the_cheapest_named_when_nothing_is_in_range_stays_in_view() -> None:
    cheapest = {
        "item_id": "9",
        "product_id": "p",
        "name": "PixelWorks Headphones",
        "options": {},
        "price": 277.49,
        "available": True,
    }
    memory: dict[str, object] = {
        "search": {"query": "headphones"},
        "price_probe": {
            "query": "headphones",
            "min_price": None,
            "max_price": 200.0,
            "results": [],
        },
    }
    obs = Observation("search_products", {"query": "headphones"}, True, {"results": [cheapest]})
    memory["price_probe"]["results"] = []  # type: ignore[index]
    told = shop_turns._probe(memory, obs)
    assert told is not None and "the cheapest is $277.49" in str(told.proposals)
    assert memory["focus_item"] == "9" and memory["results"] == [cheapest]


@pytest.mark.parametrize(
    ("line", "bye"),
    [("cheers, bye", True), ("thanks, have a good one", True), ("thanks!", False)],
)
def test_a_goodbye_is_told_apart_from_thanks(line: str, bye: bool) -> None:
    found = parse(line)
    assert found.kind == "thanks" and found.params.get("bye") is bye


def test_a_stays_days_without_a_month_are_the_flights_month() -> None:
    found = parse_trip(
        "for my lisbon trip I need a flight from madrid on 3 june plus a hotel from the 3rd "
        "to the 6th"
    )
    assert found is not None
    stay = found.params["then_stay"]
    assert (stay["check_in"].month, stay["check_out"].month) == (6, 6)
    assert (stay["check_in"].day, stay["check_out"].day) == (3, 6)


def test_what_was_ordered_in_an_order_named_by_its_state() -> None:
    found = parse("remind me what i ordered in the order that hasn't come yet")
    assert found.kind == "my_orders" and found.params["contents"]


@pytest.mark.parametrize(
    "line",
    ["alright that's all for today, take care", "that's all i need, thanks", "ok see you later"],
)
def test_a_goodbye_in_more_words_is_no_pick_or_search(line: str) -> None:
    found = parse(line)
    assert found.kind == "thanks" and found.params["bye"]


def test_a_goodbye_beside_a_request_is_the_request() -> None:
    assert parse("i'm done, add it to cart").kind == "add"


@pytest.mark.parametrize(
    ("line", "old", "new"),
    [
        ("can my blue earbuds be changed to black ones", ["blue", "earbuds"], ["black"]),
        (
            "i want black earbuds instead of my blue ones, same specs",
            ["blue", "earbuds"],
            ["black", "earbuds"],
        ),
    ],
)
def test_an_exchange_said_passively_or_as_instead_of_mine(
    line: str, old: list[str], new: list[str]
) -> None:
    found = parse(line)
    assert found.kind == "change_which" and found.params["kind"] == "order_swap"
    assert (found.params["old"], found.params["new"]) == (old, new)


def test_a_trip_named_before_a_dash_is_no_route_to_its_flights() -> None:
    found = parse_trip("Paris trip - flights from London on the 4th of May and a hotel May 4-7")
    assert found is not None
    assert (found.params["origin"], found.params["destination"]) == ("london", "paris")


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("show me the lowest and highest priced sneakers", "search"),
        ("this is ridiculous, who is your supervisor", "human"),
        ("what card did I put order #W7425646 on", "order_status"),
    ],
)
def test_more_words_of_these_families(line: str, kind: str) -> None:
    assert parse(line).kind == kind


def test_a_spelling_the_product_does_not_use_is_read_as_its_own() -> None:
    from agentcli.planners.rules.order_items import matches_words
    from agentcli.planners.rules.order_swaps import _options_text

    grey_backpack = {"options": {"color": "grey", "size": "small"}}
    gray_chair = {"options": {"color": "gray", "material": "mesh"}}
    for said in ("grey", "gray"):
        word = american(said)
        assert matches_words(_options_text(grey_backpack), [word])
        assert matches_words(_options_text(gray_chair), [word])


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("I've asked three times about my refund, let me talk to your boss", "human"),
        ("this bot is useless, escalate", "human"),
        ("list the stuff in my order that's still coming", "my_orders"),
        ("fine, put that one in my cart", "add"),
    ],
)
def test_still_more_words_of_these_families(line: str, kind: str) -> None:
    found = parse(line)
    assert found.kind == kind
    assert "fine" not in (found.params.get("words") or [])


@pytest.mark.parametrize(
    ("line", "destination"),
    [
        ("I'm visiting Lisbon - fly from Boston June 1 and stay at a hotel until June 5", "lisbon"),
        ("trip to berlin next month: flight from paris on feb 10, hotel feb 10-14", "berlin"),
    ],
)
def test_a_trip_visited_or_in_a_month_still_flies_there_on_its_day(
    line: str, destination: str
) -> None:
    found = parse_trip(line)
    assert found is not None and found.params["destination"] == destination
    assert isinstance(found.params["date"], date)
    assert found.params["then_stay"]["city"] == destination


@pytest.mark.parametrize(
    "line",
    [
        "where is my refund, I'm done with this chatbot, human now",
        "i'm going to need to speak with whoever is in charge",
    ],
)
def test_a_person_asked_in_one_clause_of_a_complaint(line: str) -> None:
    assert parse(line).kind == "human"


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("do you know what i paid #W4686509 with", "order_status"),
        ("which of my cards paid for the laptop", "order_status"),
        ("what card is my pending order on", "order_status"),
        ("what card is on file", "payment_methods"),
        ("what cards are on my account", "payment_methods"),
    ],
)
def test_an_orders_payment_apart_from_the_accounts_methods(line: str, kind: str) -> None:
    assert parse(line).kind == kind


@pytest.mark.parametrize(
    "line",
    [
        "exchange the blue earbuds for black, keep everything else",
        "change my blue earbuds for black ones, everything else identical",
        "change my blue earbuds to black, nothing else changes",
        "exchange my blue earbuds for the black version with identical specs",
    ],
)
def test_what_is_said_to_stay_is_no_new_word(line: str) -> None:
    assert swap_params(line, "")["new"] == ["black"]


def test_two_options_said_to_stay() -> None:
    assert swap_params("swap my size 8 boots for a 9, same colour and material", "")["new"] == ["9"]
