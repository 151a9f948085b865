"""Cart words and searches in slang: a quantity said anew against the one in the cart, the
cart emptied in slang, a pick said with its count or by its size in words, a kind added by its
price with no list yet, two kinds weighed by price, and products said in British words."""

from __future__ import annotations

import asyncio

import pytest

from agentcli.conversation import Conversation, Observation
from agentcli.planners.base import PlanningContext
from agentcli.planners.rules import kinds_by_price
from agentcli.planners.rules.intents import parse
from agentcli.planners.rules.option_compare import compare, sides
from agentcli.planners.rules.phrases import Intent
from agentcli.planners.rules.planner import RulesPlanner
from agentcli.planners.rules.shown_items import matches
from agentcli.planners.rules.slang import in_shop_words
from agentcli.planners.rules.travel import parse as parse_travel


def _read(line: str) -> Intent:
    return parse_travel(line) or parse(line)


@pytest.mark.parametrize(
    ("line", "count"),
    [
        ("actually I need 4 of those bulbs, not just the one", 4),
        ("make that 4 of them instead of just the one, whole hallway needs doing", 4),
        ("i want 3 of the mugs rather than 1", 3),
        ("hmm, one's plenty actually, take the other two out", 1),
        ("honestly two's plenty, take one back out", 2),
        ("one will do, take the rest out", 1),
        ("just the one is fine, remove the extras", 1),
        ("I'll actually need a couple of those, not just one", 2),
        ("up it to 5", 5),
    ],
)
def test_a_quantity_said_anew_sets_the_cart_line(line: str, count: int) -> None:
    intent = _read(line)
    assert intent.kind == "set_quantity" and intent.params["to"] == count
    assert not {"whole", "hallway", "other", "one's", "honestly"} & set(intent.params["words"])


@pytest.mark.parametrize(
    "line",
    [
        "nuke everything in my cart, I'm starting over",
        "trash the lot",
        "zap everything in my trolley please",
        "bin off everything in the basket, let's start fresh",
        "clear it all out",
        "ok empty it please",
    ],
)
def test_the_cart_emptied_in_slang(line: str) -> None:
    assert _read(line).kind == "empty_cart"


def test_everything_put_into_the_cart_empties_nothing() -> None:
    assert _read("put everything into my cart").kind != "empty_cart"


@pytest.mark.parametrize(
    ("line", "ordinal", "count"),
    [
        ("that first bulb, one of them", 1, 1),
        ("the 3rd mat, 2 of them", 3, 2),
        ("the second one, two please", 2, 2),
        ("the 1st one x3", 1, 3),
    ],
)
def test_a_pick_said_with_its_count_and_no_verb(line: str, ordinal: int, count: int) -> None:
    intent = _read(line)
    assert intent.kind == "add"
    assert (intent.params["ordinal"], intent.params["quantity"]) == (ordinal, count)


def test_a_size_said_in_words_is_the_shops_letter() -> None:
    shirt = {"options": {"color": "red", "size": "L", "material": "cotton"}}
    assert matches(shirt, ["large", "cotton"])
    assert not matches(shirt, ["small"])
    bag = {"options": {"size": "large"}}
    assert matches(bag, ["large"]) and not matches(bag, ["small"])


def test_a_kind_added_by_its_price_with_no_list_is_searched_by_price() -> None:
    intent = _read("chuck a yoga mat in my basket, whichever's cheapest")
    assert intent.kind == "add"
    assert intent.params["search"]["query"] == "yoga mat"
    assert intent.params["search"]["by_price"] == "cheapest"
    assert _read("add the cheapest one in black").params["search"] is None
    assert _read("I'll take a dozen of whichever is cheapest").params["search"] is None


def test_two_kinds_weighed_by_price_are_looked_up_in_turn() -> None:
    line = "for reading on the train, which is cheaper here, an e-reader or a tablet?"
    said = sides(line)
    assert said == [["e-reader"], ["tablet"]]
    memory = Conversation().memory
    [first] = compare(memory, said, []).proposals
    assert isinstance(first, dict) and first["query"] == "e-reader"
    offer = {"name": "E-Reader", "options": {"storage": "8GB"}, "price": 100.0}
    found = Observation("search_products", {}, True, {"results": [offer]})
    [second] = kinds_by_price.after(memory, found).proposals  # type: ignore[union-attr]
    assert isinstance(second, dict) and second["query"] == "tablet"
    tablet = {"name": "Tablet", "options": {"storage": "64GB"}, "price": 250.0}
    found = Observation("search_products", {}, True, {"results": [tablet]})
    [answer] = kinds_by_price.after(memory, found).proposals  # type: ignore[union-attr]
    assert isinstance(answer, dict) and "Cheaper by $150.00: the e-reader." in answer["message"]


@pytest.mark.parametrize(
    ("line", "shop"),
    [
        ("looking for a brolly to shade the patio table", "umbrella"),
        ("got any hoovers", "vacuum cleaner"),
        ("need a new hosepipe", "garden hose"),
        ("any cabin bags", "luggage"),
        ("a box of lightbulbs", "light bulb"),
        ("any mobiles for under 300", "smartphone"),
        ("a new barbie for the backyard", "grill"),
        ("a plug converter for the states", "travel adapter"),
    ],
)
def test_british_words_are_read_in_the_shops(line: str, shop: str) -> None:
    assert shop in in_shop_words(line.lower())


def test_garden_hosepipe_is_not_said_twice() -> None:
    assert in_shop_words("a garden hosepipe") == "a garden hose"


@pytest.mark.parametrize(
    "line",
    [
        "need a travel adaptor for Europe, flying out soon",
        "do you stock suitcases? off to spain next month",
    ],
)
def test_a_thing_bought_for_a_trip_is_searched_not_flown(line: str) -> None:
    assert _read(line).kind == "search"


def test_a_flight_asked_first_is_still_a_flight() -> None:
    assert _read("need a flight to paris, flying out soon").kind == "flight_search"


@pytest.mark.parametrize(
    "line",
    [
        "the medium black one, bung it in my trolley",
        "lob the xl one in my bag",
        "whack the red one in",
    ],
)
def test_a_pick_put_in_the_cart_with_a_slang_verb_is_an_add(line: str) -> None:
    intent = _read(line)
    assert intent.kind == "add"
    assert not {"bung", "lob", "whack"} & set(intent.params["words"])


def test_a_mobile_number_is_no_phone() -> None:
    assert in_shop_words("my mobile number") == "my mobile number"


def test_a_count_for_the_item_looked_at_adds_it_when_the_cart_holds_none() -> None:
    bulb = {"item_id": "111", "product_id": "p", "name": "LED Light Bulb", "options": {}}
    memory = {"product": {"product_id": "p", "name": "LED Light Bulb", "variants": [bulb]}}
    memory |= {"focus_item": "111", "last_list": "product", "cart_items": []}
    conversation = Conversation(user_id="u1", user={"payment_methods": {}}, memory=memory)
    line = "I need 4 of those, not just one"
    output = asyncio.run(RulesPlanner().plan(PlanningContext(line, conversation)))
    assert output.proposals[0] == {"action": "add_to_cart", "item_id": "111", "quantity": 4}
