"""Cancels with formal reasons, returns with their reason said, and swaps said by the option that
changes ('plastic -> glass', 'robotic not canister', 'get it in 34 inch instead'): the rules
planner reads each as the change it is, with the new value and the item apart."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from agentcli.planners.rules.change_params import words
from agentcli.planners.rules.intents import parse
from agentcli.planners.rules.option_shifts import by_values, option_shift, yes_no_named

CATALOGUE = Path(__file__).parents[2] / "sandbox" / "data" / "tau2_retail" / "db.json"


def _variants(name: str) -> list[dict[str, Any]]:
    products = json.loads(CATALOGUE.read_text())["products"]
    [product] = [p for p in products.values() if p["name"] == name]
    return list(product["variants"].values())


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (
            "kindly cancel my order #W1890669 as the requirement is no longer there",
            "no longer needed",
        ),
        ("please cancel W2403263, our plan got dropped", "no longer needed"),
        ("cancel w1234567 please, we no more require it", "no longer needed"),
        ("do the needful and cancel W5995614, it got booked wrongly", "ordered by mistake"),
        (
            "scrap the tea kettle order please, I ordered it by mistake - it's W8991836",
            "ordered by mistake",
        ),
        (
            "ditch the camera and perfume order W2403263, the need for it is over",
            "no longer needed",
        ),
        ("please cancel the order W4860251 as I have purchased it elsewhere", "no longer needed"),
        ("I want to cancel W2403263 because I selected the wrong variant", "ordered by mistake"),
        ("kindly cancel W8732376, the function got postponed", "no longer needed"),
        ("please cancel W8732376 as I have changed my plan", "no longer needed"),
        ("cancel W4860251, I placed it inadvertently", "ordered by mistake"),
    ],
)
def test_cancels_with_their_reason(line: str, reason: str) -> None:
    intent = parse(line)
    assert intent.kind == "cancel"
    assert intent.params["reason"] == reason


def test_undoing_a_change_is_no_cancel() -> None:
    assert parse("undo the exchange on order #W1234567").kind != "cancel"


def test_a_return_whose_order_came_names_the_item_not_the_verb() -> None:
    intent = parse(
        "My order #W7895761 came but the tablet doesn't fit my needs. Please process a return, "
        "money back to paypal."
    )
    assert intent.kind == "order_return"
    assert [w for g in intent.params["groups"] for w in g if w.startswith("ca")] == []


@pytest.mark.parametrize(
    ("line", "old", "new"),
    [
        (
            "exchange water bottle in #W8668939: material plastic -> glass, pay via my mastercard",
            "bottle",
            ["glass"],
        ),
        (
            "wrong type on the vacuum cleaner i want robotic not canister. order #W7553978",
            "vacuum",
            ["robotic"],
        ),
        (
            "W1126085 - skateboard came in 28 inch, can I get it in 34 inch instead? use paypal",
            "skateboard",
            ["34", "inch"],
        ),
        (
            "modify #W8955613: smart watch should have the leather band instead of metal. "
            "my mastercard.",
            "watch",
            ["leather", "band"],
        ),
        (
            "the skateboard in W8495163 has the graphic design but I'd prefer the plain one, "
            "exchange it?",
            "skateboard",
            ["plain"],
        ),
        (
            "for the robot vacuum in W7109609 I'd rather have the bagged one than the bagless",
            "vacuum",
            ["bagged"],
        ),
        ("Can I exchange the helmet in W1129578 for blue instead of red? visa", "helmet", ["blue"]),
        ("W2015099: desk lamp, USB instead of battery please. paypal", "lamp", ["usb"]),
        (
            "W1129578: the helmet colour is wrong, it's red and I want blue. visa",
            "helmet",
            ["blue"],
        ),
        (
            "#W9336725 bookshelf height is 6 ft, need 5 ft instead. mastercard for any difference",
            "bookshelf",
            ["5", "ft"],
        ),
    ],
)
def test_a_swap_said_by_the_option_that_changes(line: str, old: str, new: list[str]) -> None:
    intent = parse(line)
    assert intent.kind == "order_swap"
    assert old in intent.params["old"]
    assert intent.params["new"] == new


@pytest.mark.parametrize(
    "line",
    [
        "for W1443906 i'd rather have the grill with a side burner instead",
        "W1234567: I want paypal not visa",
        "return the kettle from W1234567, I want glass not plastic",
        "W1234567 should go to 12 Oak St, Austin, TX 78701 instead of my old address",
        "order W1234567 should be here by now, not next week",
        "my order W1234567 is late, i wanted it by friday not monday",
        "the price of W1234567 is 50 but i wanted 40",
    ],
)
def test_no_option_shift_in_other_lines(line: str) -> None:
    assert option_shift(line) is None


def test_a_yes_or_no_option_named_is_its_yes() -> None:
    speakers = _variants("Bluetooth Speaker")
    assert yes_no_named(["water", "resistant"], speakers) == ["water", "resistance", "yes"]
    assert yes_no_named(["not", "waterproof"], speakers) == ["water", "resistance", "no"]
    assert yes_no_named(["blue"], speakers) == ["blue"]


def test_a_value_is_matched_before_an_options_name() -> None:
    vacuums = _variants("Vacuum Cleaner")
    kept = by_values(vacuums, ["bagged"])
    assert kept and all(v["options"]["bagged/bagless"] == "bagged" for v in kept)


def test_a_sentences_stop_is_no_part_of_a_word() -> None:
    assert words("i need usb. paypal") == ["usb", "paypal"]
    assert words("the 1.5 liter one") == ["1.5", "liter"]


def test_what_came_said_first_then_what_is_wanted() -> None:
    assert option_shift("W1129578 helmet: i ordered red but actually want blue. charge visa") == (
        ["helmet", "red"],
        ["blue"],
    )
    assert option_shift("the tablet i got in W1234567 is great but i want a case too") is None


def test_an_item_held_with_no_order_named_asks_which_order_holds_it() -> None:
    intent = parse(
        "the desk lamp I got is battery powered, I wanted USB not battery. paypal for the "
        "difference"
    )
    assert intent.kind == "change_which"
    assert intent.params["kind"] == "order_swap"
    assert intent.params["new"] == ["usb"]
    assert intent.params["order_item"][:2] == ["desk", "lamp"]
