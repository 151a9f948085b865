"""Shop families of everyday phrasing, each read by one general rule: items weighed by position,
loose yeses, complaints, addresses as people write them, payment changes, orders named by an
item in them, swaps said as wishes, products named by their use, several items named as one."""

from __future__ import annotations

import pytest

from agentcli.conversation.answers import is_yes
from agentcli.planners.rules.addresses import parse_address
from agentcli.planners.rules.intents import parse
from agentcli.planners.rules.order_finder import asked_after, item_words
from agentcli.planners.rules.phrases import payment_hint


@pytest.mark.parametrize(
    "line",
    [
        "can you put the 1st and the last side by side",
        "how do the 2nd and the 4th stack up",
        "put number 1 and number 3 head to head",
    ],
)
def test_two_positions_weighed_against_each_other_compare(line: str) -> None:
    intent = parse(line)
    assert intent.kind == "compare" and len(intent.params["positions"]) == 2


def test_two_positions_to_put_in_the_cart_are_no_comparison() -> None:
    assert parse("put the 1st and the 3rd in my cart").kind == "add"


@pytest.mark.parametrize(
    ("line", "doing"),
    [
        ("alright then, do it", "place_order"),
        ("yes cancel it pls", "cancel_order"),
        ("yes please go ahead with the return", "return_items"),
        ("yes please process the return", "return_items"),
        ("yes, submit the cancellation", "cancel_order"),
    ],
)
def test_a_loose_yes_confirms(line: str, doing: str) -> None:
    assert is_yes(line, doing)


@pytest.mark.parametrize("line", ["alright, do not", "yes but not the cancellation"])
def test_a_loose_yes_with_a_no_or_a_but_is_no_yes(line: str) -> None:
    assert not is_yes(line, "cancel_order")


@pytest.mark.parametrize(
    "line",
    [
        "I'd like to make a complaint to a member of staff please",
        "I want to lodge a formal complaint",
        "please pass this on to someone in charge",
        "i would like to escalate this",
    ],
)
def test_a_complaint_or_a_member_of_staff_is_a_person(line: str) -> None:
    assert parse(line).kind == "human"


def test_taking_it_out_after_a_change_of_mind_is_a_removal_not_a_cancellation() -> None:
    assert parse("actually remove it, changed my mind").kind == "remove"
    assert parse("changed my mind, i want to cancel").kind == "cancel_which"


@pytest.mark.parametrize(
    ("line", "fields"),
    [
        (
            "i moved, new address is 77 Market St apt 12 San Francisco CA 94105",
            ("77 Market St", "apt 12", "San Francisco", "CA", "94105"),
        ),
        (
            "change it to 14 Elm Road, Austin, Texas 78704, please",
            ("14 Elm Road", "", "Austin", "TX", "78704"),
        ),
        (
            "it should go to 9 Ocean Drive, Miami FL 33139, order W2417020",
            ("9 Ocean Drive", "", "Miami", "FL", "33139"),
        ),
        (
            "send it to my office: 350 5th Ave, New York NY 10118",
            ("350 5th Ave", "", "New York", "NY", "10118"),
        ),
        (
            "address for order W9121070 → 45 Lake Dr, Fort Worth, TX 76102",
            ("45 Lake Dr", "", "Fort Worth", "TX", "76102"),
        ),
    ],
)
def test_addresses_as_people_write_them(line: str, fields: tuple[str, ...]) -> None:
    address = parse_address(line)
    assert address is not None
    keys = ("address1", "address2", "city", "state", "zip")
    assert tuple(address[k] for k in keys) == fields


def test_where_an_address_goes_decides_whose_it_is() -> None:
    assert parse("we just relocated: 8 Birch Way, Denver CO 80202").kind == "user_address"
    changed = parse("my address changed, it is now 4 Main St, Dallas, TX 75201")
    assert changed.kind == "user_address" and changed.params["address"]["city"] == "Dallas"
    moved = parse("please have W3614011 delivered to 1 Main St, Austin TX 78701")
    assert moved.kind == "order_address" and moved.params["order_id"] == "#W3614011"
    assert parse("can i change where my order goes?").kind == "change_which"


def test_the_method_left_is_not_the_one_asked_for() -> None:
    assert payment_hint("paid by paypal instead of the gift card") == {"source": "paypal"}
    assert payment_hint("the gift card rather than paypal") == {"source": "gift_card"}
    assert payment_hint("i paid it with the gift card but want paypal") == {"source": "paypal"}
    assert payment_hint("can it be paid by paypal") == {"source": "paypal"}


@pytest.mark.parametrize(
    "line",
    ["change payment method", "i want to change the card i paid with"],
)
def test_a_payment_change_with_no_order_asks_which_order(line: str) -> None:
    intent = parse(line)
    assert intent.kind == "change_which" and intent.params["kind"] == "order_payment"
    assert intent.params["method"] is None


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("cancel the order with the grill in it", ["grill"]),
        ("cancel whichever order has the tablet", ["tablet"]),
        ("cancel the order that has shipped", []),
        ("my laptop order be paid by paypal", ["laptop"]),
        ("the one with the perfume", ["perfume"]),
        ("the laptop one", ["laptop"]),
        ("cancel my last order", []),
        ("the pending one", []),
    ],
)
def test_an_order_named_by_an_item_in_it(text: str, words: list[str]) -> None:
    assert item_words(text) == words


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("i ordered a bicycle ages ago, where is it", ["bicycle"]),
        ("wheres my blender", ["blender"]),
        ("where is the skateboard i ordered", ["skateboard"]),
        ("my laptop still hasnt arrived", ["laptop"]),
        ("where is my order", []),
        ("i ordered a bicycle", []),
    ],
)
def test_an_order_asked_after_by_its_item(text: str, words: list[str]) -> None:
    assert asked_after(text) == words


@pytest.mark.parametrize(
    ("line", "old", "new"),
    [
        (
            "could the tea kettle in W2818151 be the 2 litre ceramic one for gas hobs instead",
            ["tea", "kettle"],
            ["2", "liter", "ceramic", "gas", "hobs"],
        ),
        (
            "for #W4862767 make the white wood bookshelf 4 ft instead of 5 ft",
            ["5", "ft"],
            ["white", "wood", "bookshelf", "4", "ft"],
        ),
    ],
)
def test_a_swap_said_as_a_wish(line: str, old: list[str], new: list[str]) -> None:
    intent = parse(line)
    assert intent.kind == "order_swap"
    assert (intent.params["old"], intent.params["new"]) == (old, new)


def test_the_item_of_an_exchange_may_come_before_its_verb() -> None:
    line = "the keyboard in W8032761 is too loud, can i exchange it for the tactile one"
    intent = parse(line)
    assert intent.kind == "order_swap" and "keyboard" in intent.params["old"]


@pytest.mark.parametrize(
    ("line", "query"),
    [
        ("something to carry my laptop around in, under 220", "backpack"),
        ("need something i can lug my books around in", "backpack"),
        ("something to boil water in", "kettle"),
    ],
)
def test_a_product_named_by_its_use_on_another_thing(line: str, query: str) -> None:
    intent = parse(line)
    assert intent.kind == "search" and intent.params["query"] == query


def test_both_of_an_orders_items_are_each_of_them() -> None:
    assert parse("I'd like to return both laptops from #W7766102").params["every"]
    assert not parse("return the laptop from #W7766102").params["every"]
