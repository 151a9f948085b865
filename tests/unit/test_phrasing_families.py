"""Families of everyday phrasing, each read by one general rule: deferrals and hesitations,
hand-off forms, chatter, dropped letters, spelled and bare amounts, cart verbs, buying with a
method, names and zips, orders named by state, words around an item, dates as people write."""

from __future__ import annotations

from datetime import date

import pytest

from agentcli.conversation.answers import is_no, is_unsure, is_yes
from agentcli.planners.rules.addresses import parse_address
from agentcli.planners.rules.intents import parse
from agentcli.planners.rules.order_states import state_named
from agentcli.planners.rules.phrases import cancel_reason
from agentcli.planners.rules.prices import spell_out_amounts
from agentcli.planners.rules.spelling import by_use, corrected, named_only, vocabulary
from agentcli.planners.rules.travel import parse as parse_travel


@pytest.mark.parametrize(
    "line",
    [
        "hold off for now",
        "maybe some other time",
        "I'll pass",
        "let me sleep on it",
        "not today thanks",
        "I need to check with my wife first",
        "I've changed my mind",
        "nope 🙅",
    ],
)
def test_putting_it_off_is_a_no(line: str) -> None:
    assert is_no(line) and not is_yes(line) and not is_unsure(line)


@pytest.mark.parametrize("line", ["hmm idk", "umm, not sure tbh", "i dont know", "uh dunno"])
def test_hesitations_in_a_row_are_asked_again(line: str) -> None:
    assert is_unsure(line) and not is_no(line) and not is_yes(line)


@pytest.mark.parametrize("line", ["sounds good to me", "sure thing", "works for me", "yes 👍"])
def test_everyday_yes(line: str) -> None:
    assert is_yes(line)


def test_the_pending_writes_own_verb_agrees_but_never_outside_its_write() -> None:
    assert is_yes("yes, cancel it please", "cancel_order")
    assert is_yes("Yes, switch it.", "modify_order_payment")
    assert not is_yes("yes, cancel it please", "place_order")
    assert not is_yes("yes, cancel it please")
    assert not is_yes("no, cancel it", "cancel_order")


@pytest.mark.parametrize(
    "line",
    [
        "is there anyone I could talk to",
        "you're useless, real person now",
        "any humans around?",
        "anybody there?",
        "I've been going in circles for 20 min, I want a human NOW 😡",
    ],
)
def test_a_person_asked_for_in_any_form(line: str) -> None:
    assert parse(line).kind == "human"


@pytest.mark.parametrize(
    "line", ["I need a gift for someone", "find a gift for a person who loves hiking"]
)
def test_a_gift_for_someone_is_no_hand_off(line: str) -> None:
    assert parse(line).kind == "search"


@pytest.mark.parametrize("line", ["blah", "lol", "asdfgh", "ugh whatever", "hahaha", "zzz"])
def test_chatter_is_no_search(line: str) -> None:
    assert parse(line).kind == "unclear"


@pytest.mark.parametrize(
    ("line", "query", "lo", "hi"),
    [
        ("lookin for wireless earbuds under 250", "wireless earbuds", None, 250.0),
        ("shoppin for a desk lamp", "desk lamp", None, None),
        ("serch laptops", "laptops", None, None),
        ("digital cameras from 2700 to 2800", "digital cameras", 2700.0, 2800.0),
        ("a laptop 1000-1500", "laptop", 1000.0, 1500.0),
        ("earbuds 150 max", "earbuds", None, 150.0),
        ("looking for a kettle, nothing fancy, under 150", "kettle", None, 150.0),
        ("fleece jacket navy M under a hundred fifty", "fleece jacket navy m", None, 150.0),
        ("laptop with 16gb ram", "laptop 16gb", None, None),
        ("can you help me find a garden hose", "garden hose", None, None),
        (
            "Necesito unas zapatillas para correr... running shoes please",
            "running shoes",
            None,
            None,
        ),
    ],
)
def test_searches_in_everyday_words(
    line: str, query: str, lo: float | None, hi: float | None
) -> None:
    intent = parse(line)
    assert intent.kind == "search"
    assert (intent.params["query"], intent.params["min_price"], intent.params["max_price"]) == (
        query,
        lo,
        hi,
    )


@pytest.mark.parametrize(
    "line", ["running shoes size 8-10", "tents for 2 to 3 people", "2 to 3 people"]
)
def test_a_size_or_a_party_is_no_price_range(line: str) -> None:
    assert parse(line).params.get("min_price") is None


def test_amounts_in_words_become_digits() -> None:
    assert spell_out_amounts("between fifty and a hundred") == "between 50 and 100"
    assert spell_out_amounts("two hundred and fifty bucks") == "250 bucks"
    assert spell_out_amounts("under 2 grand") == "under 2000"
    assert spell_out_amounts("add a couple of the first one") == "add a couple of the first one"


@pytest.mark.parametrize(
    "line",
    [
        "could you pop the fifth one in my basket",
        "chuck the 5th in my cart",
        "drop number 5 into my basket",
    ],
)
def test_any_verb_that_puts_an_item_in_the_cart_adds_it(line: str) -> None:
    intent = parse(line)
    assert (intent.kind, intent.params["ordinal"]) == ("add", 5)


@pytest.mark.parametrize(
    "line",
    ["buy it with the gift card", "get it with my gift card please", "pay with my gift card"],
)
def test_buying_with_a_method_named_checks_out(line: str) -> None:
    intent = parse(line)
    assert (intent.kind, intent.params["method"]) == ("checkout", {"source": "gift_card"})


@pytest.mark.parametrize(
    "line", ["Harper Khan, 19029", "harper khan zip 19029", "19029 Harper Khan"]
)
def test_a_name_and_zip_alone_sign_in(line: str) -> None:
    intent = parse(line)
    assert intent.kind == "login_name"
    assert (intent.params["last_name"], intent.params["zip"]) == ("Khan", "19029")


def test_a_first_name_alone_is_asked_about_and_a_state_is_no_name() -> None:
    assert parse("I'm Sofia").kind == "name_only"
    assert parse("I'm Done").kind != "name_only"


@pytest.mark.parametrize(
    ("answer", "state"),
    [
        ("the pending one", "pending"),
        ("the one that hasn't shipped yet", "pending"),
        ("the one on its way", "processed"),
        ("the one that arrived", "delivered"),
        ("the first one", None),
    ],
)
def test_an_order_named_by_its_state(answer: str, state: str | None) -> None:
    assert state_named(answer) == state
    intent = parse(answer, "cancel_order_id")
    assert intent.kind == ("cancel" if state or answer == "the first one" else "search")
    assert intent.params.get("state") == state


@pytest.mark.parametrize(
    "line",
    ["I not need it anymore", "we no need it", "we not use it anymore", "i want it no more"],
)
def test_non_native_reasons(line: str) -> None:
    assert cancel_reason(line.lower()) == "no longer needed"


def test_an_address_ends_at_its_zip() -> None:
    address = parse_address("to 12 Oak St, Austin, TX 78701 instead of Philadelphia")
    assert address is not None and (address["city"], address["zip"]) == ("Austin", "78701")


def test_a_swap_said_as_a_wish() -> None:
    intent = parse(
        "I got the capsule espresso machine in #W3134391, I'd like the automatic one instead"
    )
    assert intent.kind == "order_swap"
    assert (intent.params["old"], intent.params["new"]) == (
        ["capsule", "espresso", "machine"],
        ["automatic"],
    )


def test_booking_before_any_search_searches_and_an_offer_shown_is_booked() -> None:
    search = parse_travel("book me a flight from New York to Paris on 2030-12-10")
    assert search is not None and search.kind == "flight_search"
    booked = parse_travel("book the second one with my mastercard", None, "hotel_offers")
    assert booked is not None and (booked.kind, booked.params["hotel"]) == ("trip_book", 2)


@pytest.mark.parametrize(
    ("line", "check_in", "check_out", "guests"),
    [
        ("hotels in rome 3-6 may 2031 for 2 ppl", date(2031, 5, 3), date(2031, 5, 6), 2),
        ("hotel in Amsterdam Dec 1 to Dec 4 2030 for two", date(2030, 12, 1), date(2030, 12, 4), 2),
        ("hotel tokyo 2031-04-01 to 2031-04-05, 1 guest", date(2031, 4, 1), date(2031, 4, 5), 1),
    ],
)
def test_stays_as_people_write_them(
    line: str, check_in: date, check_out: date, guests: int
) -> None:
    intent = parse_travel(line)
    assert intent is not None and intent.kind == "hotel_search"
    assert intent.params["city"] in ("rome", "amsterdam", "tokyo")
    assert (intent.params["check_in"], intent.params["check_out"]) == (check_in, check_out)
    assert intent.params["guests"] == guests


NAMES = ["Laptop", "Smartphone", "Bluetooth Speaker", "Headphones", "Gaming Mouse", "Pet Bed"]
NAMES += ["Coffee Maker", "Garden Hose", "Wall Clock", "Mechanical Keyboard", "E-Reader"]


@pytest.mark.parametrize(
    ("typed", "meant"),
    [("labtop", "laptop"), ("smartfone", "smartphone"), ("speker", "speaker")]
    + [("hedphones", "headphones"), ("coffe", "coffee"), ("keybord", "keyboard")]
    + [("mose", "mouse"), ("labtops", "laptop")],
)
def test_a_misspelt_product_word_is_read_in_the_catalogs_words(typed: str, meant: str) -> None:
    assert corrected(typed, vocabulary(NAMES)) == meant


@pytest.mark.parametrize("word", ["laptops", "red", "cheap", "noise", "the", "4k"])
def test_a_known_or_ordinary_word_is_left_alone(word: str) -> None:
    assert corrected(word, vocabulary(NAMES)) is None


def test_a_product_described_by_its_use_and_a_feature_no_product_lists() -> None:
    assert by_use("anything for my dog to sleep on?", vocabulary(NAMES)) == "pet bed"
    assert by_use("something for my cat to nap on", vocabulary(NAMES)) == "pet bed"
    assert by_use("a present for my wife", vocabulary(NAMES)) is None
    # the product said as itself stays beside the use: a pup's bed is a pet bed, not any pet item
    assert by_use("my pup needs a new bed", vocabulary(NAMES), "pup bed large") == "pet bed"
    names = [n.lower() for n in NAMES]
    assert named_only("noise cancelling headphones", names) == "headphones"
    assert named_only("mechanical keyboard clock switches", names) == "mechanical keyboard"
    assert named_only("laptop", names) is None


@pytest.mark.parametrize(
    "line", ["Affirmative.", "yep yep", "aye", "roger that", "uh-huh", "👍", "yes sir"]
)
def test_yes_in_more_forms(line: str) -> None:
    assert is_yes(line) and not is_no(line)


@pytest.mark.parametrize("line", ["nah mate", "negative", "nope nope", "👎"])
def test_no_in_more_forms(line: str) -> None:
    assert is_no(line) and not is_yes(line)


def test_a_yes_that_restates_what_is_asked_agrees_but_never_a_yes_but() -> None:
    about = "change the shipping address of order #W5918442 to 45 Elm Street"
    assert is_yes("yes that's the new address", "modify_order_address", about)
    assert not is_yes("yes but change the street first", "modify_order_address", about)
    assert not is_yes("yes that's the new address")


@pytest.mark.parametrize(
    "line",
    ["empty my cart", "clear the basket", "remove everything from my cart", "get rid of all of it"],
)
def test_emptying_the_cart(line: str) -> None:
    assert parse(line).kind == "empty_cart"


def test_asking_whether_the_cart_is_empty_is_no_emptying() -> None:
    assert parse("is my cart empty?").kind != "empty_cart"


@pytest.mark.parametrize(
    ("line", "kind"),
    [("refund please", "order_return"), ("i want to exchange something", "order_swap")]
    + [("change it", "order_any"), ("I want to modify my order", "order_any")],
)
def test_a_vague_change_asks_which_order(line: str, kind: str) -> None:
    intent = parse(line)
    assert intent.kind == "change_which" and intent.params["kind"] == kind


@pytest.mark.parametrize("line", ["fly NYC -> Tokyo 2031-01-15", "flights NYC → Tokyo 2031-01-15"])
def test_a_route_with_an_arrow(line: str) -> None:
    intent = parse_travel(line)
    assert intent is not None and intent.params["origin"] == "nyc"
    assert intent.params["destination"] == "tokyo"


def test_a_party_size_is_no_route_sign() -> None:
    intent = parse_travel("find flights from New York to Paris on 2030-12-10 for 2 travellers")
    assert intent is not None and intent.params["destination"] == "paris"
    assert intent.params["passengers"] == 2
