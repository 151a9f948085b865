"""Products described by their work or asked of the shop's assortment, prices in any
currency, a pick closed with thanks, and travel words around a city: each read by one rule."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from agentcli.conversation import Conversation, Observation
from agentcli.planners.base import PlannerOutput, PlanningContext
from agentcli.planners.rules import RulesPlanner, spelling
from agentcli.planners.rules.intents import parse
from agentcli.planners.rules.prices import price_range
from agentcli.planners.rules.product_uses import uses_named
from agentcli.planners.rules.reading import CHEAPEST, strip_filler
from agentcli.planners.rules.search_words import query_words
from agentcli.planners.rules.travel import parse as parse_travel
from agentcli.planners.rules.trip_routes import route, written_routes
from agentcli.planners.rules.trip_words import budget

NAMES = ["smart watch", "wall clock", "vacuum cleaner", "air purifier", "electric kettle"]


@pytest.mark.parametrize(
    ("line", "ends"),
    [
        ("chicago to nyc flight on friday the 14th, 3 ppl", ("chicago", "nyc")),
        ("paris to rome tickets for 2 on the 5th", ("paris", "rome")),
        ("to rome flight from paris on the 5th", ("paris", "rome")),
        ("a london flight from nyc on the 22nd", ("nyc", "london")),
        ("sf to nyc red-eye on the 18th", ("sf", "nyc")),
    ],
)
def test_travel_words_are_never_part_of_a_city(line: str, ends: tuple[str, str]) -> None:
    assert route(written_routes(line)) == ends


def test_something_to_do_is_no_route() -> None:
    assert parse_travel("something to clean the air in my flat, i get hayfever") is None


@pytest.mark.parametrize(
    ("text", "most"),
    [
        ("any sunglasses under €300", 300),
        ("a kettle, 60 quid or less", 60),
        ("headphones under £80", 80),
        ("a watch for 200 euros", 200),
        ("a backpack, 50€ max", 50),
        ("laptop under 1.500€", 1500),
        ("any tablets below eur 300", 300),
    ],
)
def test_prices_in_any_currency(text: str, most: float) -> None:
    assert price_range(text)[1] == most


def test_a_trip_budget_in_euros() -> None:
    assert budget("hotel in paris for 3 nights, max €400") == (400, False, False)


@pytest.mark.parametrize(
    "line", ["the first, thanks", "number 2 cheers", "the 3rd one please, thank you!", "2nd one ta"]
)
def test_a_pick_closed_with_thanks_is_a_pick(line: str) -> None:
    assert parse(line).kind == "add"
    assert not strip_filler(line).endswith(("thanks", "cheers", "ta", "thank you"))


@pytest.mark.parametrize(
    ("line", "ordinal"),
    [
        ("option 3 would be great", 3),
        ("perfect, the 2nd one it is", 2),
        ("the first one sounds perfect, thank you", 1),
        ("go on then, the cheapest one", CHEAPEST),
        ("2 please, thanks so much", 2),
        ("I will go for the second", 2),
    ],
)
def test_a_pick_with_its_approval_or_a_bare_number(line: str, ordinal: int) -> None:
    intent = parse(line)
    assert intent.kind == "add" and intent.params["ordinal"] == ordinal


@pytest.mark.parametrize(
    "line", ["how do I pay?", "ok let's get it ordered", "go ahead with my card"]
)
def test_checking_out_in_other_words(line: str) -> None:
    assert parse(line).kind == "checkout"


def test_a_modal_verb_is_no_product_word() -> None:
    assert parse("i will need a kettle").params["query"] == "kettle"


@pytest.mark.parametrize(
    ("line", "query"),
    [
        ("whats ur range of perfumes for men", "perfumes men"),
        ("Do you do vacuum cleaners?", "vacuum cleaners"),
        ("do you lot do electric toothbrushes", "electric toothbrushes"),
        ("what do you have in the way of headphones", "headphones"),
        ("what's the range like for tablets", "tablets"),
    ],
)
def test_the_shops_assortment_asked_for_is_a_search(line: str, query: str) -> None:
    intent = parse(line)
    assert intent.kind == "search" and intent.params["query"] == query


def test_do_you_do_is_a_search_unless_a_service_is_asked() -> None:
    assert parse("do you guys do bikes").params["query"] == "bicycle"  # the shop's own word
    assert parse("do you do free shipping").kind != "search"


def test_the_customers_situation_names_no_product() -> None:
    line = "do you do vacuum cleaners? ideally one that's good with pet hair, we have 2 dogs"
    assert query_words(line) == ["vacuum", "cleaners", "pet", "hair"]
    assert query_words("we have a small flat, looking for a vacuum") == ["vacuum"]
    assert "kettle" in query_words("i have to get a new kettle")


@pytest.mark.parametrize(
    ("line", "found"),
    [
        ("something that cleans the floors by itself while i'm at work", ["vacuum"]),
        ("anything that sucks up dog hair", ["vacuum", "pet"]),
        ("something to clean the air in my bedroom", ["purifier"]),
        ("need something to keep the carpets clean", ["vacuum"]),
        ("something that boils water", ["kettle"]),
        ("do you sell carpets for the bedroom", []),
        ("can i get a floor lamp", []),
    ],
)
def test_a_product_by_what_it_does_to_a_thing(line: str, found: list[str]) -> None:
    assert uses_named(line) == found


@pytest.mark.parametrize(
    ("line", "query"),
    [
        ("looking for something to keep my coffee hot on the go", "bottle"),
        ("something for my daughter to ride to school", "bicycle"),
        ("I want something to track my steps and heart rate", "watch"),
        ("anything for making espresso at home", "espresso"),
    ],
)
def test_uses_and_occasions_of_everyday_things(line: str, query: str) -> None:
    intent = parse(line)
    assert intent.kind == "search" and intent.params["query"] == query


def test_a_machine_described_by_its_work_is_searched_by_it() -> None:
    intent = parse("want a gadget that sweeps the kitchen floor on its own")
    assert intent.kind == "search" and intent.params["query"] == "vacuum"


def test_two_catalog_words_written_as_one() -> None:
    words = spelling.vocabulary(NAMES)
    assert spelling.corrected("smartwatch", words) == "smart watch"
    assert spelling.corrected("wallclock", words) == "wall clock"
    assert spelling.corrected("vacuum", words) is None


ROBOTS = [
    {"name": "Vacuum Cleaner", "options": {"type": "robotic", "features": "cordless"}},
    {"name": "Vacuum Cleaner", "options": {"type": "upright", "features": "cordless"}},
]


def test_a_dropped_word_is_searched_as_the_offers_write_it_within_the_bound() -> None:
    memory: dict[str, Any] = {
        "respelling": {"stage": "named", "kept": "vacuum", "dropped": ["robot"]},
        "price_probe": {"query": "robot vacuum", "min_price": None, "max_price": 650.0},
    }
    found = Observation("search_products", {"query": "vacuum"}, True, {"results": ROBOTS}, None)
    again = spelling.after(memory, "robot vacuum under 650", found)
    assert isinstance(again, PlannerOutput)
    assert again.proposals[0]["query"] == "vacuum robotic"
    assert again.proposals[0]["max_price"] == 650.0


CUSTOMER = {"payment_methods": {"credit_card_1": {"id": "credit_card_1", "source": "credit_card"}}}


def _planned(line: str, previous: str) -> dict[str, Any]:
    """What the planner would do: the proposal it holds back behind its cart read, if any."""
    memory = {"intent": {"kind": previous, "params": {}}, "last_list": "results", "results": []}
    conversation = Conversation(user_id="u1", user=CUSTOMER, memory=memory)
    output = asyncio.run(RulesPlanner().plan(PlanningContext(line, conversation)))
    guarded = conversation.memory.get("guarded")
    return dict(guarded["proposal"] if guarded else output.proposals[0])


@pytest.mark.parametrize("line", ["buy it", "proceed", "place it", "ok purchase them"])
def test_buying_what_was_just_added_is_its_checkout(line: str) -> None:
    assert _planned(line, "add") == {"action": "place_order", "payment_method_id": "credit_card_1"}
    assert _planned(line, "search")["action"] != "place_order"
