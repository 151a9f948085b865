"""A pending order's item made another with the order named between ('can u make the red tee
in order W… a size L instead?'), and an option the customer accepts ('v-neck is fine') part of
the new one."""

from __future__ import annotations

from agentcli.planners.rules.swap_wishes import swap_wish


def test_an_item_made_another_in_a_named_order() -> None:
    said = "can u make the red tee in order w5432440 a size l instead? v-neck is fine"
    assert swap_wish(said) == (["red", "t-shirt"], ["size", "l", "v-neck"])


def test_an_accepted_option_joins_the_new_one() -> None:
    said = "pls make the fleece jacket from order #w9160732 an xs, full zip is ok"
    assert swap_wish(said) == (["fleece", "jacket"], ["xs", "full", "zip"])


def test_an_item_made_the_one_named_keeps_its_reading() -> None:
    assert swap_wish("make the lamp the white one") == (["lamp"], ["white"])
