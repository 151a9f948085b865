"""The rules planner answers questions about one product from its variants, reads a cancel said
without 'cancel', and reads the variant an exchange wants as a value, a need or a comparison."""

from __future__ import annotations

from typing import Any

import pytest

from agentcli.planners.rules.change_params import swap_params
from agentcli.planners.rules.intents import parse
from agentcli.planners.rules.option_steps import rank, step
from agentcli.planners.rules.order_items import matches_words
from agentcli.planners.rules.product_answers import answer


def _variant(item_id: str, available: bool = True, price: float = 10.0, **options: str) -> Any:
    return {"item_id": item_id, "options": options, "available": available, "price": price}


MAT = {
    "product_id": "1",
    "name": "Yoga Mat",
    "variants": {
        v["item_id"]: v
        for v in (
            _variant("a", thickness="4mm", color="blue", price=92.5),
            _variant("b", thickness="6mm", color="green", price=105.0),
            _variant("c", False, thickness="6mm", color="pink"),
        )
    },
}


@pytest.mark.parametrize(
    "line",
    [
        "what colours does the yoga mat come in",
        "which sizes do the hiking boots come in?",
        "does the water bottle come in red?",
        "is the bluetooth speaker available in green",
        "do you have the office chair in black",
        "is the first one in stock in size 10?",
        "how much is the yoga mat in pink",
        "what's the difference between the variants of the desk lamp",
    ],
)
def test_a_question_about_one_product_is_read_as_one(line: str) -> None:
    assert parse(line).kind == "product_question"


@pytest.mark.parametrize(
    "line", ["do u guys sell yoga mats", "got any yoga mats in stock?", "find me a desk lamp"]
)
def test_a_wish_to_shop_stays_a_search(line: str) -> None:
    assert parse(line).kind == "search"


def test_the_values_of_the_option_asked_are_listed_with_their_stock() -> None:
    said = answer(MAT, ["colours", "yoga", "mat"], price=False)
    assert "color: blue, green, pink (out of stock)" in said
    assert "thickness" not in said  # only the option asked


def test_a_value_asked_is_answered_with_the_variants_that_have_it() -> None:
    said = answer(MAT, ["yoga", "mat", "green"], price=False)
    assert said.startswith("Yes, Yoga Mat with color green is in stock")
    assert "$105.00" in said
    assert "out of stock" in answer(MAT, ["pink"], price=False).splitlines()[0]
    assert answer(MAT, ["red"], price=False).startswith("Yoga Mat does not come in red.")


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("stop my order W3295833 from shipping, I don't need it any more", "no longer needed"),
        ("please halt order W4386313, I changed my mind", "no longer needed"),
        ("call off W4386313 - ordered it by mistake", "ordered by mistake"),
        ("can you call order W6731310 off? bought it by accident", "ordered by mistake"),
        ("don't send W4386313, found it cheaper elsewhere", "no longer needed"),
        ("I no longer need order W4386313", "no longer needed"),
    ],
)
def test_a_cancel_said_in_other_words_cancels(line: str, reason: str) -> None:
    intent = parse(line)
    assert intent.kind == "cancel"
    assert intent.params["reason"] == reason


@pytest.mark.parametrize(
    "line",
    [
        "don't send the kettle in W4386313 back, I'll keep it",
        "where is order W4386313",
        "scrap it",  # no order named: a pronoun is no order
    ],
)
def test_other_lines_with_those_verbs_do_not_cancel(line: str) -> None:
    assert parse(line).kind not in ("cancel", "cancel_which")


def test_the_need_beside_what_came_is_the_new_variant() -> None:
    params = swap_params(
        "the hiking boots (w1713682) are a size 7 but i need a 9, can you exchange them?", ""
    )
    assert params["new"] == ["9"]
    assert {"hiking", "boots"} <= set(params["old"])


def test_a_number_matches_only_whole() -> None:
    assert matches_words("size 9 material leather", ["9"])
    assert not matches_words("size 19 material leather", ["9"])


BOOT = {"options": {"size": "7", "material": "leather"}}


def test_a_comparison_steps_to_the_next_value_in_stock() -> None:
    variants = [
        _variant("8", size="8", material="leather"),
        _variant("9", size="9", material="leather"),
        _variant("6", size="6", material="leather"),
    ]
    up, left = step(BOOT, variants, ["bigger"])
    assert [v["item_id"] for v in up] == ["8"] and left == []
    down, _ = step(BOOT, variants, ["smaller"])
    assert [v["item_id"] for v in down] == ["6"]
    assert step(BOOT, variants, ["black"]) == (variants, ["black"])


def test_values_rank_across_units_and_words() -> None:
    assert rank("750ml") < rank("1.5L") < rank("2L")  # type: ignore[operator]
    assert rank("512GB SSD") < rank("1TB SSD")  # type: ignore[operator]
    assert rank("S") < rank("M") < rank("XL")  # type: ignore[operator]
    assert rank("A5") < rank("A4")  # type: ignore[operator]


def test_an_exchange_never_changes_the_colour_unasked() -> None:
    from agentcli.planners.rules.order_swaps import _changes_unasked

    brush = {"options": {"color": "blue", "battery": "AA"}}
    white = {"options": {"color": "white", "battery": "rechargeable"}}
    blue = {"options": {"color": "blue", "battery": "rechargeable"}}
    assert _changes_unasked(brush, white, ["rechargeable"])
    assert not _changes_unasked(brush, blue, ["rechargeable"])
    assert not _changes_unasked(brush, white, ["white", "rechargeable"])
