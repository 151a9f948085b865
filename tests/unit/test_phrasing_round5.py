"""Families read this round: an unsold product told plainly, a cancel naming the unwanted item,
order lists in new words, complaints about staff handed over, payment said as settling, and a
sign-in with a request in the same line."""

from __future__ import annotations

import pytest

from agentcli.planners.rules.intents import parse
from agentcli.planners.rules.order_finder import unwanted
from agentcli.planners.rules.unsold import modifier_only, nearest, unnamed_write


@pytest.mark.parametrize(
    ("line", "kept", "dropped", "expected"),
    [
        ("mouse pad", ["mouse"], ["pad"], True),
        ("any laptop stands?", ["laptop"], ["stands"], True),
        (
            "I'm after a kettle I can use on an induction hob",
            ["kettle"],
            ["induction", "hob"],
            False,
        ),
        ("men's perfume, woody", ["perfume"], ["men's", "woody"], False),
    ],
)
def test_fewer_words_that_only_qualify_another_thing_are_not_that_thing(
    line: str, kept: list[str], dropped: list[str], expected: bool
) -> None:
    assert modifier_only(line, kept, dropped) is expected


def test_the_nearest_types_share_a_word_with_what_was_asked() -> None:
    names = ["gaming mouse", "electric kettle", "desk lamp"]
    assert nearest("mouse pad", names) == ["gaming mouse"]


@pytest.mark.parametrize("line", ["book it", "go ahead and order it", "ok book it"])
def test_a_bare_write_verb_asks_what_to_act_on(line: str) -> None:
    assert unnamed_write(line) is not None
    assert parse(line).kind == "stray_yes_no"


def test_a_plain_yes_names_no_write() -> None:
    assert unnamed_write("yes please") is None


@pytest.mark.parametrize(
    ("line", "item"),
    [
        ("I dont need the headphones anymore pls cancel", ["headphones"]),
        ("no longer want my kettle cancel it", ["kettle"]),
        ("changed my mind about the desk lamp, cancel", ["desk", "lamp"]),
        ("cancel, i dont need it anymore", []),
    ],
)
def test_a_cancel_names_its_order_by_the_unwanted_item(line: str, item: list[str]) -> None:
    assert unwanted(line) == item
    if item:
        assert parse(line).params["order_item"] == item


@pytest.mark.parametrize(
    "line",
    [
        "what all have i ordered from you guys so far?",
        "show me everything i ever bought here",
        "what else have we purchased",
    ],
)
def test_order_lists_in_new_words(line: str) -> None:
    assert parse(line).kind == "my_orders"


def test_what_is_in_the_cart_is_no_order_list() -> None:
    assert parse("what have i got in my cart").kind == "view_cart"


@pytest.mark.parametrize(
    "line",
    [
        "I want to make a complaint about your delivery driver",
        "the courier who dropped off my parcel was really rude",
        "i want to report your support agent",
    ],
)
def test_a_complaint_about_staff_goes_to_a_person(line: str) -> None:
    assert parse(line).kind == "human"


@pytest.mark.parametrize(
    "line", ["i have a complaint about my order", "a gaming mouse for an employee"]
)
def test_no_person_blamed_is_no_hand_off(line: str) -> None:
    assert parse(line).kind != "human"


@pytest.mark.parametrize(
    "line",
    [
        "Could I settle order W3414433 with my PayPal rather than the gift card?",
        "can order W3414433 be covered by my visa",
    ],
)
def test_settling_an_order_another_way_changes_its_payment(line: str) -> None:
    intent = parse(line)
    assert intent.kind == "order_payment"
    assert intent.params["order_id"] == "#W3414433"


def test_a_sign_in_carries_the_request_said_after_it() -> None:
    intent = parse("hi im lei li zip 85033 and i want to know where my laptop is")
    assert intent.kind == "login_name"
    then = intent.params["then"]
    assert then.kind == "order_status"
    assert then.params["order_item"] == ["laptop"]


def test_a_sign_in_alone_carries_nothing() -> None:
    assert parse("I'm lei.li8350@example.com").params["then"] is None
