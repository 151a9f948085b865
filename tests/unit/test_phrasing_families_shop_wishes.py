"""Shop families of everyday phrasing, each read by one general rule: a product named by what
it carries or keeps, a price asked about a product, budgets with a currency code or as what the
customer will spend, two listed items weighed by position, an order's address corrected in
anger, and a wish to buy that names nothing yet."""

from __future__ import annotations

import pytest

from agentcli.planners.rules.addresses import parse_address
from agentcli.planners.rules.intents import parse
from agentcli.planners.rules.reading import price_range


def search(line: str) -> tuple[str, float | None]:
    intent = parse(line)
    assert intent.kind == "search", (line, intent)
    return intent.params["query"], intent.params["max_price"]


@pytest.mark.parametrize(
    ("line", "query"),
    [
        ("need something to carry water on my runs, 500ml ideally", "bottle 500ml"),
        ("got anything to carry drinks on long bike rides?", "bottle"),
        ("something to store water in, around 750ml", "bottle 750ml"),
        ("need sth to store my books on, wood if you have it", "bookshelf wood"),
        ("a thing to put my clothes in when i travel", "luggage"),
    ],
)
def test_a_product_named_by_what_it_holds_is_searched_as_its_container(
    line: str, query: str
) -> None:
    assert search(line) == (query, None)


@pytest.mark.parametrize(
    "line", ["need something to lug my books around in", "something to carry my laptop around in"]
)
def test_what_is_only_carried_keeps_the_carrying_product(line: str) -> None:
    assert search(line) == ("backpack", None)


def test_an_amount_with_a_unit_is_a_size_not_a_price() -> None:
    assert price_range("a bottle around 750ml")[:2] == (None, None)
    assert price_range("a laptop over 16gb")[:2] == (None, None)


@pytest.mark.parametrize(
    ("line", "query"),
    [
        (
            "How much are your jigsaw puzzles? My nan loves the 1000 piece ones",
            "jigsaw puzzles 1000",
        ),
        ("what do your kettles cost", "kettles"),
        ("what's the price of a yoga mat", "yoga mat"),
        ("how much for a backpack", "backpack"),
        ("what do your desk lamps go for?", "desk lamps"),
    ],
)
def test_a_price_asked_about_a_product_searches_it(line: str, query: str) -> None:
    assert search(line) == (query, None)


@pytest.mark.parametrize("line", ["how much is shipping", "what does it cost"])
def test_a_price_asked_about_no_product_is_no_search(line: str) -> None:
    assert parse(line).kind != "search"


@pytest.mark.parametrize(
    ("line", "most"),
    [
        ("Looking for an e-reader with cellular, my budget is USD 270", 270.0),
        ("headphones, usd270 max", 270.0),
        ("a tablet for US$300", 300.0),
        ("smart watch with AMOLED, I can spend USD 300 max", 300.0),
        ("laptop, budget's 900", 900.0),
        ("need running shoes, don't want to spend more than 120", 120.0),
        ("I won't spend over 60 on a yoga mat", 60.0),
        ("bluetooth speaker, I've got 80 dollars to spend", 80.0),
        ("headphones 200 us dollars", 200.0),
    ],
)
def test_a_budget_in_any_currency_form_is_an_upper_bound(line: str, most: float) -> None:
    assert price_range(line.lower())[:2] == (None, most)


def test_a_count_after_pay_is_no_price() -> None:
    assert price_range("pay 2 of them")[:2] == (None, None)


@pytest.mark.parametrize(
    ("line", "picked"),
    [
        ("whats the diff between 1 and 2", [1, 2]),
        ("i can't decide between the 1st and 2nd, help", [1, 2]),
        ("torn between number 2 and number 5", [2, 5]),
        ("what sets 3 apart from 4", [3, 4]),
        ("1 or 2?", [1, 2]),
        ("the first or the last one", [1, -1]),
    ],
)
def test_two_positions_weighed_in_any_words_compare(line: str, picked: list[int]) -> None:
    intent = parse(line)
    assert intent.kind == "compare" and intent.params["positions"] == picked


def test_a_price_range_between_two_amounts_is_no_comparison() -> None:
    assert search("headphones between 10 and 20") == ("headphones", 20.0)


@pytest.mark.parametrize(
    ("line", "street", "unit", "city"),
    [
        (
            "wrong address on W4604258!! it should be 19 Bayou Lane, Houston TX 77002",
            "19 Bayou Lane",
            "",
            "Houston",
        ),
        (
            "W4604258 is going to the wrong place!!! use 8 Elm St Apt 2, Denver CO 80202",
            "8 Elm St",
            "Apt 2",
            "Denver",
        ),
        (
            "that's not my address on W4604258, should've been 12 Oak Street, Dallas, TX 75201",
            "12 Oak Street",
            "",
            "Dallas",
        ),
        (
            "the address on order W4604258 is WRONG - 77 Market St, San Francisco, CA 94105",
            "77 Market St",
            "",
            "San Francisco",
        ),
    ],
)
def test_an_address_corrected_in_anger_changes_the_order(
    line: str, street: str, unit: str, city: str
) -> None:
    intent = parse(line)
    assert intent.kind == "order_address" and intent.params["order_id"] == "#W4604258"
    address = intent.params["address"]
    assert (address["address1"], address["address2"], address["city"]) == (street, unit, city)


def test_an_address_without_a_lead_word_is_not_read() -> None:
    assert parse_address("order 19 Bayou Lane Houston") is None


@pytest.mark.parametrize(
    "line",
    [
        "I wanna buy something but idk what",
        "I'd like to get something for my sister but no idea what",
        "help me find something, not sure what yet",
        "i need a gift idea",
        "I want to buy some stuff",
    ],
)
def test_a_wish_to_buy_that_names_nothing_asks_what_kind(line: str) -> None:
    assert parse(line).kind == "what_kind"


@pytest.mark.parametrize(
    "line", ["I need a gift for my dad who likes hiking", "i want something to boil water in"]
)
def test_a_wish_that_names_a_use_is_searched(line: str) -> None:
    assert parse(line).kind == "search"
