"""A count put in the cart with no product named is an add of what is in view, not a search."""

from __future__ import annotations

import pytest

from agentcli.planners.rules.counted_adds import counted_add
from agentcli.planners.rules.intents import parse


@pytest.mark.parametrize(
    ("line", "count"),
    [
        ("put 2 in my basket", 2),
        ("chuck 3 in the cart", 3),
        ("I'll take 2", 2),
        ("throw 4 in my trolley", 4),
        ("i will take two please", 2),
        ("put two of the kettle in my basket", 2),
        ("i need 2", 2),
        ("we'll take 3", 3),
        ("sure, i'll have four", 4),
        ("just 2 thanks, add them", 2),
    ],
)
def test_a_count_into_the_cart_is_an_add(line: str, count: int) -> None:
    intent = parse(line)
    assert intent.kind == "add"
    assert intent.params["quantity"] == count
    assert set(intent.params["words"]) <= {"kettle"}  # 'in my basket' is no inch, thanks no item


@pytest.mark.parametrize(
    ("line", "counted"),
    [
        ("put 2 in my basket", True),
        ("ill take 3 of those", True),
        ("2 of the kettles", True),
        ("put 2 kettles in my basket", False),  # a product named: the usual reading
        ("take me to the cart", False),  # no count
    ],
)
def test_counted_add(line: str, counted: bool) -> None:
    assert counted_add(line) is counted
