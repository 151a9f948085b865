"""A pick for the cart said before why: the reason's words name no item and hide no place in
the list ('put 4 of the cheapest in my cart, they're for the kids' team')."""

from __future__ import annotations

import pytest

from agentcli.planners.rules.shop_intents import shop_intent


@pytest.mark.parametrize(
    ("line", "count"),
    [
        ("put 4 of the cheapest in my cart, they're for the kids' team", 4),
        ("throw 3 of the cheapest in my basket, my book club wants them", 3),
        ("put 6 of the cheapest in the cart - the whole house needs new ones", 6),
    ],
)
def test_a_pick_by_place_said_before_why_is_added(line: str, count: int) -> None:
    intent = shop_intent(line)
    assert intent is not None and intent.kind == "add", line
    assert intent.params["quantity"] == count and intent.params["ordinal"] == -2, line
