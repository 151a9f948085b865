"""A product named with what it must do: the name searched, the wish picking from the offers."""

from __future__ import annotations

import pytest

from agentcli.conversation import Observation
from agentcli.planners.base import PlannerOutput
from agentcli.planners.rules import wished_features
from agentcli.planners.rules.intents import parse


@pytest.mark.parametrize(
    ("line", "query", "features"),
    [
        ("I want a desk lamp that runs off USB", "desk lamp", ["~runs", "off", "usb"]),
        ("I'm after a kettle I can use on an induction hob", "kettle", ["induction", "hob"]),
        ("need a backpack that fits a laptop, budget 200", "backpack", ["~fits", "laptop"]),
        ("a smart thermostat compatible with alexa", "smart thermostat", ["alexa"]),
        ("A travel adapter for Europe", "travel adapter", ["europe"]),
        ("I'm looking for an e-reader, wifi only", "e-reader wi-fi", ["wi-fi", "only"]),
        ("an action camera that shoots 4K", "action camera 4k", ["~shoots"]),  # a measure stays
        ("a backpack that holds a laptop, black", "backpack black", ["~holds", "laptop"]),
    ],
)
def test_the_product_is_searched_and_the_wish_kept_apart(
    line: str, query: str, features: list[str]
) -> None:
    intent = parse(line)
    search = intent.params.get("search") or intent.params
    assert (search["query"], search.get("features")) == (query, features)


@pytest.mark.parametrize(
    ("line", "query"),
    [
        ("I'm after some headphones, wired ones", "headphones wired"),  # an afterthought: said
        ("men's perfume, woody", "men perfume woody"),
        ("a coffee maker that comes with a grinder", "coffee maker grinder"),  # as 'with'
        ("a laptop which is silver", "laptop silver"),
        ("looking for a present for my dad who's into cycling, maybe a helmet", "helmet"),
        ("Good afternoon. I would like to see your electric toothbrushes.", None),
        ("anything comfy for my dog to sleep on?", "pet bed"),  # described by its use
        ("something to organise the clutter on my desk", "organizer desk"),
        ("a rug for my living room", "rug"),  # the room is no product word
        ("pls find me a coffee machine", "coffee maker"),  # the shop's name for it
    ],
)
def test_lines_without_a_wish_search_as_before(line: str, query: str | None) -> None:
    intent = parse(line)
    assert intent.kind == "search" and "features" not in intent.params
    if query is not None:
        assert intent.params["query"] == query


KETTLES = [
    {"name": "Tea Kettle", "options": {"stovetop compatibility": "gas"}},
    {"name": "Tea Kettle", "options": {"stovetop compatibility": "induction"}},
    {"name": "Coffee Maker", "options": {"features": "built-in grinder"}, "marketplace": "shop"},
    {"name": "E-Reader", "options": {"connectivity": "Wi-Fi + Cellular"}, "marketplace": "bazaar"},
    {"name": "E-Reader", "options": {"connectivity": "Wi-Fi"}, "marketplace": "bazaar"},
]


def _narrowed(features: list[str]) -> tuple[list[dict[str, object]], dict[str, object]]:
    memory: dict[str, object] = {"features": features}
    data = {"results": KETTLES, "total": 5, "by_marketplace": {"shop": 3, "bazaar": 2}}
    obs = wished_features.narrowed(memory, Observation("search_products", {}, True, data, None))
    return obs.data["results"], memory


def test_the_offers_with_the_wish_are_kept() -> None:
    assert _narrowed(["induction", "hob"])[0] == [KETTLES[1]]
    assert _narrowed(["grinds", "beans"])[0] == [KETTLES[2]]  # a stem: grinds → grinder


def test_only_keeps_the_value_itself() -> None:
    assert _narrowed(["wi-fi", "only"])[0] == [KETTLES[4]]
    assert _narrowed(["wi-fi"])[0] == KETTLES[3:]


def test_a_wish_no_offer_has_shows_all_and_says_so() -> None:
    results, memory = _narrowed(["~fits", "laptop"])  # the clause's verb is not said missing
    assert results == KETTLES
    output = PlannerOutput([{"action": "reply", "message": "I found 5."}])
    told = wished_features.told(memory, output).proposals[0]["message"]
    assert told == '(None of them lists "laptop".)\nI found 5.'
