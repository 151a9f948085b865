"""The cart's total asked in everyday words, more of an item said as 'another' or beside a
total, a pick sent into the cart with no verb, the orders listed in slang, and an order's
tracking asked by the item in it."""

from __future__ import annotations

import pytest

from agentcli.planners.rules.intents import parse


@pytest.mark.parametrize(
    "line",
    [
        "how much is my cart coming to now?",
        "what does my basket come to",
        "what's my cart add up to",
        "whats the damage so far?",
        "what do i owe so far",
        "what's the total so far?",
        "whats my running total",
        "how much does it all come to",
        "how much r we at now",
        "how much is all that",
        "how much is everything gonna cost",
        "can you tell me my total",
    ],
)
def test_the_carts_total_asked_in_everyday_words_reads_the_cart(line: str) -> None:
    assert parse(line).kind == "view_cart"


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("how much is it?", "unclear"),  # a price with nothing in view: asked what
        ("how much is the first one", "product_question"),
        ("how much did i spend in total", "order_status"),
        ("what was the total of my last order", "order_status"),
    ],
)
def test_a_price_or_an_orders_total_is_no_cart_question(line: str, kind: str) -> None:
    assert parse(line).kind == kind


@pytest.mark.parametrize(
    ("line", "count", "words"),
    [
        ("add another of those, I need 2 total", 1, []),
        ("throw in another one of those", 1, []),
        ("i'll take another", 1, []),
        ("another one please", 1, []),
        ("one more of those please, so 2 altogether", 1, []),
        ("2 more please", 2, []),
        ("add 3 more of the same", 3, []),
        ("can i get another 2 of the same one", 2, []),
        ("I'd like another pair of the running shoes", 1, ["running", "shoes"]),
    ],
)
def test_more_of_the_item_in_view_is_added_and_a_total_said_is_no_count(
    line: str, count: int, words: list[str]
) -> None:
    intent = parse(line)
    assert intent.kind == "add"
    assert intent.params["quantity"] == count
    assert intent.params["ordinal"] is None
    assert intent.params["words"] == words


@pytest.mark.parametrize(
    "line",
    ["show me another", "find another lamp", "do you have another colour", "another question"],
)
def test_another_kind_is_no_add(line: str) -> None:
    assert parse(line).kind != "add"


def test_a_count_said_as_a_total_brings_the_cart_line_to_it() -> None:
    intent = parse("i need 3 in total")
    assert intent.kind == "set_quantity"
    assert intent.params["to"] == 3
    assert intent.params["words"] == []  # '3 in' is no 3-inch item


@pytest.mark.parametrize(
    ("line", "ordinal", "words"),
    [
        ("the first clock into my cart please", 1, ["clock"]),
        ("number 3 to the basket", 3, []),
        ("the second lamp in my cart", 2, ["lamp"]),
        ("the black wall clock into my cart", None, ["black", "wall", "clock"]),
        ("I'll grab the top one", 1, []),
        ("i'll snag number 2", 2, []),
        ("we'll take the second", 2, []),
        ("i'm gonna get the first one", 1, []),
        ("I'll be taking the third one", 3, []),
        ("i want the first clock in my cart", 1, ["clock"]),
        ("that one into my cart", None, []),
    ],
)
def test_a_pick_sent_into_the_cart_or_taken_after_ill_is_added(
    line: str, ordinal: int | None, words: list[str]
) -> None:
    intent = parse(line)
    assert intent.kind == "add"
    assert intent.params["ordinal"] == ordinal
    assert intent.params["words"] == words


@pytest.mark.parametrize(
    "line",
    [
        "what's the first thing in my cart",
        "is the blue one in my cart",
        "is the second one in my cart?",
        "the first one in my cart, how much is it",
        "back to my cart",
    ],
)
def test_a_question_about_the_cart_or_going_to_it_still_shows_it(line: str) -> None:
    assert parse(line).kind == "view_cart"


@pytest.mark.parametrize(
    "line",
    [
        "wat did i order from u guys, list em all",
        "wut have i ordered so far",
        "list all my ordrs pls",
        "gimme everythin ive ever bought from yall",
        "show me my purchase history",
        "what have i got on order",
        "have i ordered anything from you before?",
        "what did i get from u",
    ],
)
def test_the_orders_asked_for_in_slang_and_typos_are_listed(line: str) -> None:
    assert parse(line).kind == "my_orders"


@pytest.mark.parametrize(
    ("line", "item"),
    [
        ("can i get the tracking number for my puzzle", ["puzzle"]),
        ("tracking # for the kettle?", ["kettle"]),
        ("could you track the puzzle for me", ["puzzle"]),
        ("need the tracking for my jigsaw", ["jigsaw"]),
        ("whats the status of my espresso machine", ["espresso", "machine"]),
        ("where's the tracking for my puzzle", ["puzzle"]),
        ("i need to track my puzzle", ["puzzle"]),
        ("what's the tracking on my puzzle order", ["puzzle"]),
    ],
)
def test_tracking_asked_by_an_item_finds_the_order_holding_it(line: str, item: list[str]) -> None:
    intent = parse(line)
    assert intent.kind == "order_status"
    assert intent.params["order_item"] == item


def test_something_that_tracks_is_a_search_not_an_order() -> None:
    assert parse("I want something to track my steps and heart rate").kind == "search"


def test_tracking_asked_of_an_order_named_by_its_item_is_no_price_question() -> None:
    assert "asked" not in parse("what's the tracking on my puzzle order").params


@pytest.mark.parametrize(
    ("line", "ordinal", "search"),
    [
        ("the first clock", 1, "clock"),
        ("the 2nd lamp would be great", 2, "lamp"),
        ("ok the 3rd clock then", 3, "clock"),
    ],
)
def test_a_position_and_a_name_alone_pick_from_the_list_or_search_that_name(
    line: str, ordinal: int, search: str
) -> None:
    intent = parse(line)
    assert intent.kind == "add"
    assert intent.params["ordinal"] == ordinal
    assert intent.params["search"]["query"] == search


@pytest.mark.parametrize("line", ["first aid kit", "second hand books"])
def test_words_that_start_with_an_ordinal_are_still_searched(line: str) -> None:
    assert parse(line).kind == "search"
