"""Cart, compare and checkout families, each read by one general rule: products by everyday
names, items picked or compared by their option values, a reason after a cart edit, the
cheapest of a kind, a payment method said while a pick is asked."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from agentcli.conversation import Observation
from agentcli.planners.rules import by_price
from agentcli.planners.rules.afterthoughts import request_alone
from agentcli.planners.rules.intents import parse
from agentcli.planners.rules.option_compare import product_words, sides
from agentcli.planners.rules.shown_items import resolve
from agentcli.planners.rules.slang import SLANG, in_shop_words

ROOT = Path(__file__).resolve().parents[2]


def _catalog_words() -> set[str]:
    shop = json.loads((ROOT / "sandbox/data/tau2_retail/db.json").read_text())
    bazaar = json.loads((ROOT / "sandbox/bazaar/catalog.json").read_text())
    names = [p["name"] for p in shop["products"].values()]
    names += [c["name"] for c in bazaar["categories"]]
    options = [
        str(v)
        for p in shop["products"].values()
        for x in p["variants"].values()
        for v in x["options"].values()
    ]
    return {w.rstrip("s") for text in names + options for w in text.lower().split()}


def test_every_everyday_name_points_to_words_the_catalog_has() -> None:
    known = _catalog_words()
    for _, shop_words in SLANG:
        assert all(w.rstrip("s") in known for w in shop_words.split()), shop_words


@pytest.mark.parametrize(
    ("line", "query"),
    [
        ("After some cheap sunnies for the beach, what have you got?", "sunglasses"),
        ("Any decent cans for under 350 quid?", "headphones"),
        ("I want something on my wrist that tracks my runs and my heart rate", "smart watch"),
        ("do you sell fitness trackers", "smart watch"),
        ("a road bike please", "road bicycle"),
        ("any bike helmets?", "cycling helmet"),
        ("got any rucksacks", "backpack"),
    ],
)
def test_a_product_said_by_its_everyday_name_is_searched_by_the_shops(
    line: str, query: str
) -> None:
    intent = parse(line)
    assert intent.kind == "search" and intent.params["query"].startswith(query)


@pytest.mark.parametrize(
    "line", ["can you show me thermostats", "a can of paint", "the lamp shades", "my phone number"]
)
def test_words_that_only_look_like_an_everyday_name_stay(line: str) -> None:
    assert in_shop_words(line) == line


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("make it 3, my sisters want one too", "make it 3"),
        ("take the hardcover one out, one's enough", "take the hardcover one out"),
        ("remove the mug as i have one already", "remove the mug"),
        ("make it 4, the neighbours fancy one each", "make it 4"),
        ("take the notebook out, keep the bottle", "take the notebook out, keep the bottle"),
        ("remove the mugs please", "remove the mugs please"),
    ],
)
def test_a_reason_after_a_request_is_cut(line: str, kept: str) -> None:
    assert request_alone(line) == kept


def test_a_reason_after_a_cart_edit_names_no_item() -> None:
    intent = parse("make it 3 actually, my sisters want one too")
    assert intent.kind == "set_quantity" and intent.params["to"] == 3
    assert intent.params["words"] == [] and intent.params["it"]
    removal = parse("actually take the hardcover one out, one's enough")
    assert removal.kind == "remove" and removal.params["words"] == ["hardcover"]


@pytest.mark.parametrize(
    ("line", "words"),
    [
        ("the white leather ones in size 10 pls", ["white", "leather", "size10"]),
        ("and the A4 hard cover one too", ["a4", "hard", "cover"]),
    ],
)
def test_an_item_picked_by_its_option_words_without_a_verb_is_added(
    line: str, words: list[str]
) -> None:
    intent = parse(line)
    assert intent.kind == "add" and intent.params["bare"]
    assert intent.params["words"] == words and intent.params["quantity"] is None


SHOES = [
    {
        "item_id": "1",
        "name": "Running Shoes",
        "price": 1.0,
        "available": True,
        "options": {"size": "10", "color": "white", "material": "leather"},
    },
    {
        "item_id": "2",
        "name": "Running Shoes",
        "price": 1.0,
        "available": True,
        "options": {"size": "9", "color": "white", "material": "leather"},
    },
    {
        "item_id": "3",
        "name": "Notebook",
        "price": 1.0,
        "available": True,
        "options": {"size": "A4", "cover type": "hard cover"},
    },
]


def test_a_size_said_as_such_is_the_whole_value_and_spacing_does_not_matter() -> None:
    assert resolve(SHOES, None, ["white", "leather", "size10"], None)[0] == SHOES[0]
    assert resolve(SHOES, None, ["hardcover"], None)[0] == SHOES[2]


def test_a_payment_method_said_while_a_pick_is_asked_checks_out() -> None:
    intent = parse("put it on my mastercard", "variant")
    assert intent.kind == "checkout" and intent.params["method"]["brand"] == "mastercard"


@pytest.mark.parametrize(
    ("line", "said", "product"),
    [
        (
            "which is cheaper, the A4 or the A5 notebook?",
            [["a4"], ["a5", "notebook"]],
            ["notebook"],
        ),
        (
            "can you compare the 6 ft and 7 ft patio umbrellas for me",
            [["6ft"], ["7ft", "patio", "umbrellas"]],
            ["patio", "umbrellas"],
        ),
        (
            "is the 100ml oriental one much pricier than the 30ml oriental?",
            [["100ml", "oriental"], ["30ml", "oriental"]],
            [],
        ),
    ],
)
def test_two_items_compared_by_their_option_values(
    line: str, said: list[list[str]], product: list[str]
) -> None:
    intent = parse(line)
    assert intent.kind == "compare" and intent.params["sides"] == said
    assert product_words(said) == product


def test_a_price_bound_said_with_than_is_no_comparison() -> None:
    assert parse("anything cheaper than 50 dollars?").kind == "search"
    assert sides("compare the first and the third") is None


def test_the_cheapest_of_a_kind_is_shown_first_and_kept_in_view() -> None:
    intent = parse("I want the cheapest garden hose")
    assert intent.kind == "search" and intent.params["by_price"] == "cheapest"
    memory: dict[str, Any] = {}
    assert by_price.remember(memory, "cheapest") == {"limit": by_price.READ}
    offers = [
        {"item_id": "a", "name": "Hose", "price": 90.0, "available": True, "options": {}},
        {"item_id": "b", "name": "Hose", "price": 70.0, "available": False, "options": {}},
        {"item_id": "c", "name": "Hose", "price": 80.0, "available": True, "options": {}},
    ]
    obs = Observation("search_products", {"query": "hose"}, True, {"results": offers}, None)
    shown = by_price.sorted_results(memory, obs)
    assert [r["item_id"] for r in shown.data["results"]] == ["c", "a", "b"]
    by_price.focus(memory)
    assert memory["focus_item"] == "c" and "$80.00" in memory["by_price_lead"]


@pytest.mark.parametrize(
    ("line", "said"),
    [
        ("which one's cheaper, the blue or the black one?", [["blue"], ["black"]]),
        (
            "what's the difference in price between the small and large backpack",
            [["small"], ["large", "backpack"]],
        ),
        ("how much more is the 100ml than the 50ml?", [["100ml"], ["50ml"]]),
        ("blue vs black water bottle, which is cheaper?", [["blue"], ["black", "water", "bottle"]]),
    ],
)
def test_comparisons_said_in_other_words(line: str, said: list[list[str]]) -> None:
    intent = parse(line)
    assert intent.kind == "compare" and intent.params["sides"] == said


def test_a_quantity_bumped_up_with_a_reason_after_a_question_mark() -> None:
    intent = parse("can you bump it up to 4? it's for the whole team")
    assert intent.kind == "set_quantity" and intent.params["to"] == 4 and intent.params["it"]


def test_a_word_whose_letters_share_a_keyboard_row_is_no_mash() -> None:
    from agentcli.planners.rules.asides import is_chatter

    assert not any(is_chatter(w) for w in ("glass", "flask", "pepper", "typewriter"))
    assert all(is_chatter(w) for w in ("asdfgh", "asdfjkl", "qwerty", "poiuy"))
    assert parse("remove the glass bottle").params["words"] == ["glass", "bottle"]


@pytest.mark.parametrize(
    ("line", "query"),
    [
        ("I'll take a black 500ml plastic water bottle", "black 500ml plastic water bottle"),
        ("grab me two green yoga mats", "green yoga mats"),
        (
            "can you add the 750ml red stainless steel bottle to my cart",
            "750ml red stainless steel bottle",
        ),
    ],
)
def test_an_item_taken_by_its_description_is_added_from_a_search(line: str, query: str) -> None:
    intent = parse(line)
    assert intent.kind == "add" and intent.params["search"]["query"] == query


def test_the_dearest_one_of_a_list_is_a_pick() -> None:
    intent = parse("the most expensive one")
    assert intent.kind == "add" and intent.params["ordinal"] < 0


def test_a_value_is_matched_whole_not_inside_another() -> None:
    wired = {
        "item_id": "w",
        "name": "Headphones",
        "price": 1.0,
        "available": True,
        "options": {"color": "blue", "connectivity": "wired"},
    }
    polar = {
        "item_id": "p",
        "name": "Sunglasses",
        "price": 1.0,
        "available": True,
        "options": {"lens type": "non-polarized"},
    }
    assert resolve([wired], None, ["red"], None)[0] is None
    assert resolve([polar], None, ["polarized"], None)[0] is None


def test_a_reason_without_a_subject_is_cut_too() -> None:
    assert request_alone("actually take it out, wrong size") == "actually take it out"
    intent = parse("actually take it out, wrong colour")
    assert intent.kind == "remove" and intent.params["words"] == [] and intent.params["it"]


@pytest.mark.parametrize("line", ["any cans under 300", "take them out", "compare the two"])
def test_a_new_request_at_a_pick_question_is_no_answer(line: str) -> None:
    assert parse(line, "variant").kind != "add"
