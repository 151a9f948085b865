"""An order's payment changed by naming the item bought and the method it replaces."""

from __future__ import annotations

import pytest

from agentcli.planners.rules.intents import parse
from agentcli.planners.rules.method_swaps import paid_item
from agentcli.planners.rules.phrases import payment_hint


@pytest.mark.parametrize(
    ("line", "source"),
    [
        ("i'd rather pay with my visa ending 9135 than with paypal", "credit_card"),
        ("swap paypal for my visa", "credit_card"),
        ("trade the gift card for paypal", "paypal"),
        ("switching out the mastercard for my gift card", "gift_card"),
        ("i'd prefer my gift card over paypal", "gift_card"),
    ],
)
def test_the_new_method_is_the_one_not_replaced(line: str, source: str) -> None:
    assert (payment_hint(line) or {}).get("source") == source


@pytest.mark.parametrize(
    ("line", "item"),
    [
        (
            "i'd rather pay for the skateboard with my visa ending 9135 than with paypal",
            "skateboard",
        ),
        ("put the lamp on my mastercard instead of paypal", "lamp"),
        ("swap paypal for my visa on the kettle", "kettle"),
        ("the desk lamp should go on my gift card, not paypal", "desk lamp"),
        ("charge the hiking boots to the gift card rather than the credit card", "hiking boots"),
        ("switch the smartphone from my mastercard to the gift card", "smartphone"),
        ("not the mastercard but the gift card for my smart watch please", "smart watch"),
        ("for the office chair i'd prefer my gift card over paypal", "office chair"),
        ("i want the headphones charged to my visa, not paypal", "headphones"),
        ("the lamp, can it go on my visa instead of paypal", "lamp"),
    ],
)
def test_the_item_paid_for_names_the_order(line: str, item: str) -> None:
    assert " ".join(paid_item(line)) == item


@pytest.mark.parametrize(
    "line",
    [
        "buy the lamp with visa instead of paypal",  # a new purchase
        "pay with my visa instead of paypal",  # no item named
        "pay for the lamp with my visa",  # no method replaced
        "use my visa for this one, not the mastercard",  # the cart's, 'one' is no item
    ],
)
def test_no_item_without_a_method_replaced_or_with_a_purchase(line: str) -> None:
    assert paid_item(line) == []


def test_a_method_replaced_for_an_item_asks_which_order_holds_it() -> None:
    intent = parse("I'd rather pay for the skateboard with my visa ending 9135 than with paypal")
    assert intent.kind == "change_which"
    assert intent.params["kind"] == "order_payment"
    assert intent.params["order_item"] == ["skateboard"]
    assert intent.params["method"]["last_four"] == "9135"
