"""Option words said in a search become the search's option filter, named as the shop writes
the options of the offers the first search found."""

from __future__ import annotations

from typing import Any

import pytest

from agentcli.conversation import Observation
from agentcli.planners.base import PlannerOutput
from agentcli.planners.rules import search_options
from agentcli.planners.rules.intents import parse
from agentcli.planners.rules.option_words import catalogue, named_options, tokens
from agentcli.planners.rules.search_words import query_words
from agentcli.planners.rules.spelling import named_only
from agentcli.planners.rules.unsold import modifier_only


def _offers(name: str, **options: list[str]) -> list[dict[str, Any]]:
    """One offer per value of each option, the others at their first value."""
    first = {key.replace("_", " "): values[0] for key, values in options.items()}
    return [
        {"name": name, "options": {**first, key.replace("_", " "): value}, "marketplace": "shop"}
        for key, values in options.items()
        for value in values
    ]


BOOTS = _offers(
    "Hiking Boots", size=["10", "11", "9"], material=["leather"], waterproof=["yes", "no"]
)
LAPTOPS = [
    *_offers("Laptop", ram=["8GB", "16GB", "32GB"], storage=["256GB SSD", "1TB SSD"]),
    *_offers("Laptop", color=["silver", "black"], ram=["16GB"]),
]
SPEAKERS = _offers("Bluetooth Speaker", color=["black", "red"], water_resistance=["no", "yes"])
READERS = _offers("E-Reader", connectivity=["Wi-Fi", "Wi-Fi + Cellular"], storage=["8GB", "32GB"])
SHIRTS = _offers("T-Shirt", size=["S", "M", "L", "XL"], color=["black", "red"])
SUNGLASSES = _offers("Sunglasses", frame_color=["black", "brown"], lens_color=["black", "green"])
COFFEE = _offers("Coffee Maker", features=["built-in grinder", "timer", "auto shutoff"])
PUZZLES = _offers("Jigsaw Puzzle", pieces=["500", "1000"], theme=["animals", "art"])


def _named(line: str, offers: list[dict[str, Any]]) -> dict[str, str]:
    line = line.lower()
    words = tokens(line)
    product = {t for o in offers for t in tokens(o["name"])}
    allowed = set(tokens(" ".join(query_words(line))))
    return named_options(words, allowed, catalogue(offers), product)[0]


@pytest.mark.parametrize(
    ("line", "offers", "options"),
    [
        ("hiking boots that are waterproof", BOOTS, {"waterproof": "yes"}),
        ("hiking boots, water proof, size 9", BOOTS, {"waterproof": "yes", "size": "9"}),
        ("hiking boots that are not waterproof", BOOTS, {"waterproof": "no"}),
        ("boots in size 10 preferably leather", BOOTS, {"size": "10", "material": "leather"}),
        ("a silver laptop with 16GB", LAPTOPS, {"color": "silver", "ram": "16GB"}),
        ("laptop with 32 gig of ram", LAPTOPS, {"ram": "32GB"}),
        ("a laptop with 1tb", LAPTOPS, {"storage": "1TB SSD"}),
        ("speakers that are water resistant", SPEAKERS, {"water resistance": "yes"}),
        ("a waterproof bluetooth speaker", SPEAKERS, {"water resistance": "yes"}),
        ("an e-reader with wifi", READERS, {"connectivity": "Wi-Fi"}),
        ("e reader, wi-fi and cellular", READERS, {"connectivity": "Wi-Fi + Cellular"}),
        ("a t-shirt in large", SHIRTS, {"size": "L"}),
        ("an extra large t-shirt", SHIRTS, {"size": "XL"}),
        ("sunglasses with black lenses", SUNGLASSES, {"lens color": "black"}),
        ("a coffee maker with a built-in grinder", COFFEE, {"features": "built-in grinder"}),
        ("a coffee maker with a grinder", COFFEE, {"features": "built-in grinder"}),
        ("a 1000 piece puzzle", PUZZLES, {"pieces": "1000"}),
        ("waterprof hiking boots", BOOTS, {"waterproof": "yes"}),  # a slip
        ("a laptop in slver", LAPTOPS, {"color": "silver"}),
    ],
)
def test_the_words_name_the_shops_options(
    line: str, offers: list[dict[str, Any]], options: dict[str, str]
) -> None:
    assert _named(line, offers) == options


@pytest.mark.parametrize(
    ("line", "offers"),
    [
        ("black sunglasses", SUNGLASSES),  # the frame's or the lens's: neither is said
        ("a laptop, black or silver", LAPTOPS),  # two values of one option: no filter
        ("a laptop, not silver", LAPTOPS),  # turned down
        ("hiking boots for 10 year olds", BOOTS),  # a number not beside 'size'
        ("i'm after a t-shirt", SHIRTS),  # a lone letter is no size
    ],
)
def test_words_that_name_no_one_option_name_none(line: str, offers: list[dict[str, Any]]) -> None:
    assert _named(line, offers) == {}


def _searched(query: str, results: list[dict[str, Any]], **args: Any) -> Observation:
    data = {"results": results, "total": len(results)}
    return Observation("search_products", {"query": query, "limit": 10, **args}, True, data)


def test_the_search_is_made_again_with_the_options() -> None:
    memory: dict[str, Any] = {}
    search_options.remember(memory, "silver laptop 16gb", [])
    obs = _searched("silver laptop 16gb", LAPTOPS, max_price=3000)
    again = search_options.after(memory, "a silver laptop with 16GB under 3000", obs)
    assert again is not None
    assert again.proposals == [
        {
            "action": "search_products",
            "query": "laptop",
            "max_price": 3000,
            "limit": 10,
            "options": {"color": "silver", "ram": "16GB"},
        }
    ]
    filtered = _searched("laptop", LAPTOPS[-2:], options={"color": "silver", "ram": "16GB"})
    assert search_options.after(memory, "a silver laptop with 16GB", filtered) is None
    assert "option_wish" not in memory  # its answer is shown, never searched again
    assert memory["options_lead"] == "(Only those with color: silver, ram: 16GB.)"


def test_a_measure_leaves_the_query_whole() -> None:
    tablets = _offers("Tablet", screen_size=["10-inch", "8-inch"])
    memory: dict[str, Any] = {}
    search_options.remember(memory, "10 inch tablet", [])
    again = search_options.after(memory, "a 10 inch tablet", _searched("10 inch tablet", tablets))
    assert again is not None and again.proposals[0]["query"] == "tablet"
    assert again.proposals[0]["options"] == {"screen size": "10-inch"}


def test_no_option_said_leaves_the_search_as_it_was() -> None:
    memory: dict[str, Any] = {}
    search_options.remember(memory, "hiking boots", [])
    assert (
        search_options.after(memory, "hiking boots please", _searched("hiking boots", BOOTS))
        is None
    )


def test_a_value_beyond_the_offers_read_reads_every_offer_once() -> None:
    memory: dict[str, Any] = {}
    search_options.remember(memory, "t-shirt xxl", [])
    first = _searched("t-shirt", SHIRTS)
    wider = search_options.after(memory, "a t-shirt, xxl", first)
    assert isinstance(wider, PlannerOutput)
    assert wider.proposals[0] | {"limit": 50, "available_only": False} == wider.proposals[0]
    shown = search_options.after(memory, "a t-shirt, xxl", _searched("t-shirt", SHIRTS * 2))
    assert isinstance(shown, Observation) and shown.data == first.data  # none has it: as it was


def test_a_value_out_of_stock_is_searched_and_said_so() -> None:
    memory: dict[str, Any] = {}
    search_options.remember(memory, "t-shirt xxl", [])
    first = _searched("t-shirt", SHIRTS)
    search_options.after(memory, "a t-shirt, xxl", first)
    every = SHIRTS + _offers("T-Shirt", size=["XXL"])
    again = search_options.after(memory, "a t-shirt, xxl", _searched("t-shirt", every))
    assert isinstance(again, PlannerOutput)
    assert again.proposals[0]["options"] == {"size": "XXL"}
    filtered = _searched("t-shirt", [], options={"size": "XXL"})
    shown = search_options.after(memory, "a t-shirt, xxl", filtered)
    assert isinstance(shown, Observation) and shown.data == first.data
    assert memory["options_lead"] == "(None in stock has size: XXL; here is what there is.)"


def test_the_words_the_options_hold_are_not_said_missing() -> None:
    memory: dict[str, Any] = {
        "respelling": {"stage": "named", "kept": "t-shirt", "dropped": ["large"], "lead": "x"}
    }
    search_options.remember(memory, "t-shirt large", [])
    again = search_options.after(memory, "t-shirt large", _searched("t-shirt", SHIRTS))
    assert again is not None and again.proposals[0]["options"] == {"size": "L"}
    assert memory["respelling"]["lead"] == "" and memory["respelling"]["stage"] == "refined"


def test_two_names_tied_keep_the_last_ones_word() -> None:
    names = ["led light bulb", "smart watch", "smart thermostat"]
    assert named_only("smart bulbs", names) == "bulbs"


def test_a_size_or_measure_after_the_name_is_no_other_kind_of_thing() -> None:
    assert not modifier_only("fleece jacket medium", ["fleece", "jacket"], ["medium"])
    assert not modifier_only("garden hose 100 feet", ["garden", "hose"], ["100", "feet"])
    assert modifier_only("a mouse pad", ["mouse"], ["pad"])


def test_an_option_name_is_no_product_word() -> None:
    assert query_words("a backpack with a laptop compartment") == ["backpack", "laptop"]


def test_built_in_keeps_its_in() -> None:
    assert query_words("a coffee maker with a built-in grinder") == [
        "coffee",
        "maker",
        "built-in",
        "grinder",
    ]


@pytest.mark.parametrize(
    ("line", "query", "most"),
    [
        ("kettle around 150 max", "kettle", 150),
        ("a backpack, about a hundred and fifty dollars tops", "backpack", 150),
        ("headphones roughly 80, no more", "headphones", 80),
        ("budget's ~200 at most, need a smart watch", "smart watch", 200),
        ("smart watch, around 300 dollars, no higher", "smart watch", 300),
        ("about 90 and not a penny more for a yoga mat", "yoga mat", 90),
    ],
)
def test_an_approximate_budget_with_a_cap_is_a_cap(line: str, query: str, most: float) -> None:
    intent = parse(line)
    assert intent.kind == "search"
    assert (intent.params["query"], intent.params["min_price"], intent.params["max_price"]) == (
        query,
        None,
        most,
    )


def test_an_approximate_budget_alone_stays_a_range() -> None:
    assert parse("around 150 for a kettle").params["min_price"] == 120


@pytest.mark.parametrize(
    "line",
    [
        "lets buy it, card ending 7159",
        "ok buy it. mastercard ending 7159",
        "let's buy it - the card ending in 7159",
    ],
)
def test_buying_it_with_a_card_named_after_a_comma_checks_out(line: str) -> None:
    intent = parse(line)
    assert intent.kind == "checkout"
    assert intent.params["method"]["last_four"] == "7159"
