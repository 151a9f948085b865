"""Shop families of everyday phrasing, each read by one general rule: a product named by what
it carries or keeps, a price asked about a product, budgets with a currency code or as what the
customer will spend, two listed items weighed by position, an order's address corrected in
anger, and a wish to buy that names nothing yet."""

from __future__ import annotations

import pytest

from agentcli.planners.rules.addresses import parse_address
from agentcli.planners.rules.intents import parse
from agentcli.planners.rules.prices import price_range


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


@pytest.mark.parametrize(
    ("line", "query"),
    [
        ("looking for a present for my dad who's into cycling, maybe a helmet", "helmet"),
        ("a yoga mat for my sister who's into pilates", "yoga mat"),
        ("what grills do u have that r gas", "grills gas"),
        ("a kettle thats not made of plastic", "kettle"),
        ("where can i find a good wristwatch with a leather strap", "wristwatch leather"),
        ("polarised sunglasses", "polarized sunglasses"),
        ("a tablet with a 10 inch screen", "tablet 10 inch"),
        ("need a hardshell suitcase", "hardshell luggage"),
        ("what's the priciest tablet you've got", "tablet"),
        (
            "i need a security camera for indoors, anything with night vision",
            "security camera indoors night vision",
        ),
    ],
)
def test_words_around_a_product_that_name_none_leave_the_query(line: str, query: str) -> None:
    assert search(line)[0] == query


def test_a_hobby_alone_is_the_query() -> None:
    assert search("I need a gift for my dad who likes hiking")[0] == "hiking"


@pytest.mark.parametrize(
    "line", ["hiya 👋", "hey there!", "good day", "heya", "hi", "hello", "hey!", "Hello."]
)
def test_a_greeting_in_any_form_is_a_greeting(line: str) -> None:
    assert parse(line).kind == "hello"


@pytest.mark.parametrize(
    "line", ["could you pull up every order on my account", "show me the orders on my account"]
)
def test_every_order_asked_lists_them(line: str) -> None:
    assert parse(line).kind == "my_orders"


@pytest.mark.parametrize(
    "line",
    [
        "Could I please speak to a manager regarding a refund that never came through?",
        "i'd like to talk to a supervisor about my return",
    ],
)
def test_a_person_asked_for_by_role_wins_over_the_topic(line: str) -> None:
    assert parse(line).kind == "human"


@pytest.mark.parametrize(
    ("line", "kind"),
    [
        ("pls cancle W7208030, changed my mind", "cancel"),
        ("i wanna retrun the pet bed", "change_which"),
    ],
)
def test_cancel_and_return_misspelt_are_read(line: str, kind: str) -> None:
    assert parse(line).kind == kind


@pytest.mark.parametrize(
    ("line", "item"),
    [
        ("return the kettle pls, it leaks", ["kettle"]),
        ("the bookshelf arrived damaged, I want to return it", ["bookshelf", "damaged"]),
        ("exchange my hiking boots for a size 11", ["hiking", "boots"]),
        ("can i trade my smart watch for the gold one with the silicone band", ["smart", "watch"]),
        ("can you change the fleece jacket in my order to a size L", ["fleece", "jacket"]),
        (
            "could the gaming mouse in my order be the white wireless one instead",
            ["gaming", "mouse"],
        ),
    ],
)
def test_a_return_or_swap_named_by_its_item_looks_for_the_order_holding_it(
    line: str, item: list[str]
) -> None:
    intent = parse(line)
    assert intent.kind == "change_which" and intent.params["order_item"] == item


def test_a_return_of_it_keeps_the_order_in_view_rather_than_looking_for_one() -> None:
    intent = parse("return the keyboard from it")
    assert intent.kind == "change_which" and intent.params["it"]
    assert intent.params["order_item"] == []
