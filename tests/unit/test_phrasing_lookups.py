"""Orders and the account asked about in any words: several orders at once, the payment
methods and their balances, a product by its id, the orders (or those in one state)."""

from __future__ import annotations

import pytest

from agentcli.conversation.answers import is_yes
from agentcli.planners.rules.intents import parse
from agentcli.planners.rules.lookups import method_alone, methods_reply, same_again


@pytest.mark.parametrize(
    ("line", "state"),
    [
        ("can you pull up all the orders on my account", None),
        ("would you bring up my purchases please", None),
        ("do I have any orders pending?", "pending"),
        ("how many orders are still pending", "pending"),
        ("has anything shipped yet?", "processed"),
    ],
)
def test_orders_asked_in_any_words_list_them(line: str, state: str | None) -> None:
    intent = parse(line)
    assert intent.kind == "my_orders"
    assert intent.params.get("state") == state


@pytest.mark.parametrize(
    "line",
    ["whats the status of W3698202 and W4646940", "W2768383, W9538924 - where are these?"],
)
def test_several_orders_named_are_all_looked_up(line: str) -> None:
    intent = parse(line)
    assert intent.kind == "orders_at_once"
    assert len(intent.params["order_ids"]) == 2


def test_several_orders_cancelled_are_no_lookup() -> None:
    assert parse("cancel W3698202 and W4646940").kind != "orders_at_once"


@pytest.mark.parametrize(
    "line",
    [
        "what's my gift card balance?",
        "how much is left on my gift card?",
        "what payment methods do I have saved",
    ],
)
def test_balance_and_saved_methods_read_the_account(line: str) -> None:
    assert parse(line).kind == "payment_methods"


@pytest.mark.parametrize(
    "line", ["pay with my gift card", "I'd like to pay using my gift card balance please"]
)
def test_paying_with_a_method_is_no_balance_question(line: str) -> None:
    assert parse(line).kind != "payment_methods"


@pytest.mark.parametrize(
    "line",
    ["take the notebook back out pls, keep the bottle", "remove the notebook but leave the bottle"],
)
def test_what_is_kept_is_not_what_is_taken_out(line: str) -> None:
    intent = parse(line)
    assert intent.kind == "remove"
    assert intent.params["words"] == ["notebook"]


def test_a_product_by_its_id_is_read() -> None:
    intent = parse("tell me about product 6817146515")
    assert intent.kind == "product_by_id"
    assert intent.params["product_id"] == "6817146515"


def test_a_complaint_to_a_manager_is_a_hand_off() -> None:
    assert parse("I want to make a complaint to a manager about my order W5918442").kind == (
        "human"
    )


def test_methods_reply_tells_the_gift_card_balance() -> None:
    text = methods_reply(
        {
            "gift_card_1": {"source": "gift_card", "id": "gift_card_1", "balance": 99.0},
            "credit_card_2": {"source": "credit_card", "brand": "visa", "last_four": "1234"},
        }
    )
    assert "$99.00" in text
    assert "visa credit card ending 1234" in text


@pytest.mark.parametrize("line", ["paypal please", "gift card pls", "my visa ending 1234"])
def test_a_method_named_alone_is_the_one_to_pay_with(line: str) -> None:
    assert method_alone(line) is not None


@pytest.mark.parametrize("line", ["gift card for my mom", "red card holder"])
def test_a_method_word_in_a_search_is_no_method(line: str) -> None:
    assert method_alone(line) is None


def test_charging_the_previewed_card_is_a_yes_and_another_method_is_not() -> None:
    by_card = "an order, paid with mastercard card ending 2992"
    assert is_yes("do it, charge the card", "place_order", by_card)
    assert is_yes("Yes go ahead and charge it", "place_order", "paid with PayPal")
    assert not is_yes("do it, charge the card", "place_order", "paid with PayPal")


def test_the_same_again_is_the_item_added_last() -> None:
    memory: dict[str, object] = {"last_added": "6777246137"}
    assert same_again(memory, ["same"]) == "6777246137"
    assert same_again(memory, ["same", "again"]) == "6777246137"
    assert same_again(memory, ["same", "mug"]) is None
    assert same_again({}, ["same"]) is None
