"""Families read this round: budgets said in mixed words, two variants compared by what each
has, a pick by what it lacks, a quantity lowered on second thought, a count of the cheapest,
picks in slang, and a yes said in more words."""

from __future__ import annotations

import pytest

from agentcli.conversation.answers import is_no, is_yes
from agentcli.planners.rules.intents import parse
from agentcli.planners.rules.option_compare import product_words, sides
from agentcli.planners.rules.prices import price_range
from agentcli.planners.rules.reading import CHEAPEST, DEAREST
from agentcli.planners.rules.shown_items import matches, names_product, resolve
from agentcli.planners.rules.unwanted_options import has_unwanted, set_aside, split_unwanted

PREVIEW = "place an order with shop for: - 1 x Notebook at $28.59 Total $28.59"


@pytest.mark.parametrize(
    ("line", "most"),
    [
        ("mechanical keyboard, max 3 hundred bucks", 300),
        ("headphones under two fifty", 250),
        ("a bike for a couple hundred bucks", 200),
        ("under a few hundred bucks", 300),
        ("half a grand tops", 500),
        ("under 4 hundred and fifty", 450),
        ("spend at most 1 thousand", 1000),
        ("under nineteen ninety nine", 1999),
        ("tv under three hundred and fifty", 350),
    ],
)
def test_a_budget_in_mixed_words(line: str, most: float) -> None:
    lo, hi, rest = price_range(line)
    assert (lo, hi) == (None, most)
    assert not any(ch.isdigit() for ch in rest)  # no amount left to search for


@pytest.mark.parametrize(
    "line",
    [
        "what's the difference between the e-reader with just wifi and the one with cellular?",
        "is the e-reader with cellular much pricier than the one that only has wifi",
    ],
)
def test_the_product_is_read_before_what_it_has(line: str) -> None:
    said = sides(line.lower())
    assert said is not None
    assert product_words(said) == ["e-reader"]


def test_compare_to_splits_two_sides() -> None:
    assert sides("how does the 500ml water bottle compare to the 1000ml one") == [
        ["500ml", "water", "bottle"],
        ["1000ml"],
    ]


BULBS = [
    {"item_id": "1", "options": {"brightness": "100W", "connectivity": "Wi-Fi"}},
    {"item_id": "2", "options": {"brightness": "100W", "connectivity": "none"}},
    {"item_id": "3", "options": {"brightness": "60W", "connectivity": "Wi-Fi + Bluetooth"}},
]


def test_what_a_pick_lacks_is_set_aside() -> None:
    kept, unwanted = split_unwanted("the 100w one without any smart stuff, add that")
    assert unwanted == ["smart"]
    assert "smart" not in kept
    assert [v["item_id"] for v in set_aside(BULBS, unwanted)] == ["2"]
    assert has_unwanted(BULBS[2], ["wifi"])  # 'Wi-Fi + Bluetooth' has wifi
    assert set_aside(BULBS, ["bluetooth", "wifi", "smart"]) == BULBS[1:2]
    assert set_aside(BULBS, []) == BULBS


def test_a_pick_by_what_it_has_and_lacks_with_the_verb_after() -> None:
    intent = parse("the 100 watt one without any smart stuff, add that")
    assert intent.kind == "add"
    assert intent.params["words"] == ["100w"]
    assert intent.params["unwanted"] == ["smart"]
    assert parse("the one with no wifi please").params["unwanted"] == ["wifi"]
    not_wired = parse("the black over-ear ones that aren't wired, add them").params
    assert (not_wired["words"], not_wired["unwanted"]) == (["black", "over-ear"], ["wired"])


def test_several_things_lacked_and_a_measure_in_watts() -> None:
    intent = parse("the 60 watt daylight one without bluetooth or wifi, put that in my cart")
    assert intent.params["unwanted"] == ["bluetooth", "wifi"]
    assert intent.params["words"] == ["60w", "daylight"]
    assert intent.params["quantity"] is None  # '60 watt' is no count


@pytest.mark.parametrize(
    ("line", "to"),
    [
        ("on second thought I only need 2 of those puzzles", 2),
        ("actually, on 2nd thought i only want one", 1),
        ("actually 2 puzzles is enough", 2),
        ("only 2 puzzles please, not 4", 2),
        ("one mug should be enough", 1),
        ("actually i only need the one kettle", 1),
        ("changed my mind, one notebook will do", 1),
    ],
)
def test_a_quantity_lowered(line: str, to: int) -> None:
    intent = parse(line)
    assert intent.kind == "set_quantity"
    assert intent.params["to"] == to
    assert intent.params["ordinal"] is None


@pytest.mark.parametrize(
    ("line", "count", "which"),
    [
        ("put three of the cheapest bottles in my cart", 3, CHEAPEST),
        ("I will take 3 of the cheapest bottles", 3, CHEAPEST),
        ("throw 2 of the cheapest in my cart", 2, CHEAPEST),
        ("give me 2 of the priciest lamps", 2, DEAREST),
    ],
)
def test_a_count_of_the_cheapest(line: str, count: int, which: int) -> None:
    intent = parse(line)
    assert intent.kind == "add"
    assert (intent.params["quantity"], intent.params["ordinal"]) == (count, which)


def test_the_cheapest_wanted_with_no_count_is_still_searched() -> None:
    assert parse("I want the cheapest garden hose").kind == "search"


@pytest.mark.parametrize(
    ("line", "n"),
    [
        ("ok lemme grab number 2 then", 2),
        ("ill grab number 3", 3),
        ("gonna grab #2", 2),
        ("i'll snag the first one", 1),
        ("hook me up with number 3", 3),
        ("i'll roll with the 2nd one", 2),
        ("im taking the third one", 3),
        ("aight imma go with number 4", 4),
        ("gonna go for #2", 2),
    ],
)
def test_picks_in_slang(line: str, n: int) -> None:
    intent = parse(line)
    assert intent.kind == "add"
    assert intent.params["ordinal"] == n
    assert intent.params["words"] == []


@pytest.mark.parametrize(
    "line",
    [
        "yup, do it, ship it",
        "Yes please, place the order, I'm happy with that.",
        "yes please go ahead, that all looks right to me",
        "yes, everything looks good, go ahead",
        "correct, put it through",
        "all good, place it",
        "yeah, looks good, pull the trigger",
        "happy with that, go ahead",
        "yes go ahead and get it ordered",
        "Yes, I'm happy with everything there, go ahead",
    ],
)
def test_a_yes_in_more_words(line: str) -> None:
    assert is_yes(line, "place_order", PREVIEW)


@pytest.mark.parametrize(
    "line",
    [
        "yes but change the address",
        "I'm not happy with that",
        "happy to wait",
        "ship it to my other address",
        "yes ship it to work instead",
        "I'm happy with that but not the price",
        "yes? what's the total",
    ],
)
def test_a_but_a_no_or_a_change_is_no_yes(line: str) -> None:
    assert not is_yes(line, "place_order", PREVIEW)


def test_asking_to_order_is_no_stray_yes() -> None:
    assert not is_yes("ok let's get it ordered")
    assert not is_no("yup, do it, ship it")


@pytest.mark.parametrize(
    ("line", "lo", "hi"),
    [
        ("espresso machine between 2 and 3 hundred", 200, 300),
        ("grill, 4 to 5 hundred dollars", 400, 500),
        ("two or three hundred bucks for a bike", 200, 300),
        ("a tablet around the 5 hundred mark", 400, 600),
        ("max budget 1,5k for a laptop", None, 1500),
        ("coffee maker under 1 fifty", None, 150),
        ("cheap headphones, sub 2 hundred", None, 200),
        ("office chair, ceiling of 3 hundred", None, 300),
        ("i have 1k for a digital camera", None, 1000),
        ("we've got 300 to spend on a grill", None, 300),
        ("i have 3 for my kids", None, None),
    ],
)
def test_ranges_and_marks_in_mixed_words(line: str, lo: float | None, hi: float | None) -> None:
    assert price_range(line)[:2] == (lo, hi)


SPEAKERS = [
    {"item_id": "b", "name": "Bluetooth Speaker", "price": 1.0, "options": {"color": "blue"}},
    {"item_id": "r", "name": "Bluetooth Speaker", "price": 2.0, "options": {"color": "red"}},
]


def test_a_colour_inside_a_product_name_is_still_a_colour() -> None:
    assert not names_product(SPEAKERS, "blue")  # 'Bluetooth' holds it, but it is a colour
    assert names_product(SPEAKERS, "speaker")
    chosen, _, _ = resolve(SPEAKERS, None, ["blue", "bluetooth", "speaker"], None)
    assert chosen is not None and chosen["item_id"] == "b"


def test_compare_one_with_the_other() -> None:
    said = sides("compare the blue bluetooth speaker with the red one")
    assert said == [["blue", "bluetooth", "speaker"], ["red"]]
    assert product_words(said) == ["bluetooth", "speaker"]


def test_waterproof_and_hours_read_against_the_options() -> None:
    wet = {"options": {"battery life": "10 hours", "water resistance": "yes"}}
    dry = {"options": {"battery life": "10 hours", "water resistance": "no"}}
    assert has_unwanted(wet, ["waterproof"]) and not has_unwanted(dry, ["waterproof"])
    assert matches(dry, ["10hours"]) and not matches(dry, ["1hours"])
    assert split_unwanted("the one without wires")[1] == ["wired"]
    assert not has_unwanted({"options": {"connectivity": "wireless"}}, ["wired"])
