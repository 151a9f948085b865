"""An exchange whose wish denies a feature ('size 8, same synthetic, not waterproof') keeps the
denial in the wish, and one that asks for money back ('any money back to my mastercard') is an
exchange, not a return."""

from __future__ import annotations

from agentcli.planners.rules.change_params import swap_params
from agentcli.planners.rules.intents import parse


def test_a_denied_feature_is_part_of_the_wish() -> None:
    swap = swap_params("hiking boots run small. exchange for size 8, not waterproof", "")
    assert swap["new"] == ["size", "8", "not", "waterproof"]
    assert "waterproof" not in swap["old"]


def test_a_value_said_after_not_is_still_what_the_item_is() -> None:
    swap = swap_params("exchange my boots for blue, not red", "")
    assert swap["new"] == ["blue"] and "red" in swap["old"]


def test_money_back_from_an_exchange_is_no_return() -> None:
    intent = parse("boots are too small, can I swap them for size 12? money back to my visa")
    assert intent.params["kind"] == "order_swap"
    assert intent.params["method"] == {"source": "credit_card", "brand": "visa"}


def test_a_return_with_its_refund_stays_a_return() -> None:
    intent = parse("i want to return the boots, refund to my visa")
    assert intent.params["kind"] == "order_return"


def test_an_item_too_small_with_another_wished_instead_is_an_exchange() -> None:
    intent = parse("the blue tee in medium is too small, could i get the black one in XL instead")
    assert intent.kind == "change_which" and intent.params["kind"] == "order_swap"
    assert intent.params["old"] == ["blue", "t-shirt", "medium"]


def test_a_shown_one_too_small_is_no_exchange() -> None:
    intent = parse("the blue one is too small, could i get the bigger one instead")
    assert intent.params.get("kind") != "order_swap"
