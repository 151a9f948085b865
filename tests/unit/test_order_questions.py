"""Questions about an order are reads answered from it; a payment clause beside an exchange
names the exchange's method; a pending order's payment changed when the order is named by its
item; a cancellation's reason said as 'don't want … anymore'."""

from __future__ import annotations

from typing import Any

import pytest

from agentcli.planners.rules.intents import parse
from agentcli.planners.rules.order_questions import answer
from agentcli.planners.rules.phrases import cancel_reason
from agentcli.planners.rules.price_difference import settled_by


@pytest.mark.parametrize(
    ("line", "asked", "item"),
    [
        ("how much did I pay for the office chair?", "paid", ["office", "chair"]),
        ("what did the garden hose cost me", "paid", ["garden", "hose"]),
        ("what card did the headphones go on", "method", ["headphones"]),
        (
            "did i pay for my hiking boots with the gift card or paypal",
            "method",
            ["hiking", "boots"],
        ),
        (
            "I got an email saying my tablet order was cancelled?? is that true",
            "cancelled",
            ["tablet"],
        ),
        ("did you guys cancel my lamp order?", "cancelled", ["lamp"]),
        ("was I refunded for the bookshelf order I cancelled?", "refunded", ["bookshelf"]),
        ("which card got charged for the bookshelf", "method", ["bookshelf"]),
        ("did the lamp go on my visa or my gift card", "method", ["lamp"]),
        ("how much was the blender i ordered", "paid", ["blender"]),
        ("what did i end up paying for the blender", "paid", ["blender"]),
        ("hold on, my headphones order says cancelled, what happened", "cancelled", ["headphones"]),
    ],
)
def test_a_question_about_an_order_named_by_its_item_is_a_read(
    line: str, asked: str, item: list[str]
) -> None:
    intent = parse(line)
    assert intent.kind == "order_status"
    assert intent.params["asked"] == asked
    assert intent.params["order_item"] == item


@pytest.mark.parametrize(
    ("line", "asked"),
    [
        ("did I pay for #W6397299 with paypal or with my card?", "method"),
        ("hey, was W5254379 put on my card or on paypal?", "method"),
        ("which payment method did I use for W1234567", "method"),
        ("how much did I pay for W5232476?", "paid"),
    ],
)
def test_a_question_about_an_order_named_by_its_id_is_a_read(line: str, asked: str) -> None:
    intent = parse(line)
    assert intent.kind == "order_status"
    assert intent.params["asked"] == asked


def test_the_total_of_an_order_named_by_its_item_is_no_price_of_that_item() -> None:
    intent = parse("what was the total on my laptop order")
    assert (intent.params["asked"], intent.params["asked_item"]) == ("paid", [])
    assert intent.params["order_item"] == ["laptop"]


@pytest.mark.parametrize(
    "line",
    [
        "W8461477 was paid with my gift card, can you switch it to paypal",
        "can my laptop order be paid by paypal instead of the gift card?",
        "how much does the office chair cost",
        "what was the price of the red one",
    ],
)
def test_a_wish_or_a_products_price_is_no_order_question(line: str) -> None:
    assert parse(line).params.get("asked") is None


ORDER: dict[str, Any] = {
    "order_id": "#W1",
    "status": "cancelled",
    "items": [
        {"name": "Office Chair", "options": {"color": "black"}, "price": 488.81},
        {"name": "Wall Clock", "options": {"style": "modern"}, "price": 60.0},
    ],
    "payment_history": [
        {"transaction_type": "payment", "amount": 548.81, "payment_method_id": "credit_card_1"},
        {"transaction_type": "refund", "amount": 548.81, "payment_method_id": "credit_card_1"},
    ],
}
METHODS = {"credit_card_1": {"source": "credit_card", "brand": "visa", "last_four": "3194"}}


@pytest.mark.parametrize(
    ("asked", "said"),
    [
        ({"asked": "paid", "item": ["office", "chair"]}, "You paid $488.81 for the Office Chair"),
        ({"asked": "paid", "item": []}, "You paid $548.81 for order #W1"),
        ({"asked": "method"}, "Order #W1 was paid with visa card ending 3194"),
        ({"asked": "cancelled"}, "Yes: order #W1 is cancelled; $548.81 was refunded"),
        ({"asked": "refunded"}, "Yes: $548.81 of order #W1 was refunded to credit_card_1"),
    ],
)
def test_the_answer_leads_with_what_was_asked(asked: dict[str, Any], said: str) -> None:
    assert answer(ORDER, asked, METHODS).startswith(said)


def test_an_order_not_cancelled_is_said_to_be_so() -> None:
    told = answer({**ORDER, "status": "pending", "payment_history": []}, {"asked": "cancelled"}, {})
    assert told.startswith("No: order #W1 is not cancelled")


@pytest.mark.parametrize(
    ("line", "source"),
    [
        (
            "exchange the keyboard for the clicky one, and charge any difference to my gift card",
            "gift_card",
        ),
        ("swap my e-reader for the wifi + cellular version. paypal for the difference", "paypal"),
        ("swap the lamp for the white one, if it costs more, charge my visa", "credit_card"),
        (
            "exchange the helmet for a white one. whatever is left over can go on my gift card",
            "gift_card",
        ),
    ],
)
def test_a_price_difference_clause_names_the_exchanges_method(line: str, source: str) -> None:
    settled = settled_by(line)
    assert settled is not None
    rest, method = settled
    assert method["source"] == source
    assert "difference" not in rest and "visa" not in rest and "gift" not in rest
    intent = parse(line)
    assert intent.params.get("kind", intent.kind) == "order_swap"
    assert intent.params["method"]["source"] == source


def test_a_question_of_the_difference_between_two_is_no_payment() -> None:
    assert settled_by("whats the difference between the first and the second one") is None


def test_still_the_same_options_are_no_new_words_of_an_exchange() -> None:
    intent = parse(
        "exchange the tea kettle for the 1.5 litre one, still stainless steel for induction"
    )
    assert intent.params["new"] == ["1.5", "liter"]


@pytest.mark.parametrize(
    ("line", "item", "source"),
    [
        (
            "can I pay for the t-shirt order with my gift card instead of the mastercard?",
            ["t-shirt"],
            "gift_card",
        ),
        (
            "could i pay for my headphones order with paypal rather than the visa",
            ["headphones"],
            "paypal",
        ),
        ("please put the grill order on my gift card instead", ["grill"], "gift_card"),
    ],
)
def test_an_order_named_by_its_item_paid_another_way_is_a_payment_change(
    line: str, item: list[str], source: str
) -> None:
    intent = parse(line)
    assert (intent.kind, intent.params["kind"]) == ("change_which", "order_payment")
    assert intent.params["order_item"] == item
    assert intent.params["method"]["source"] == source


@pytest.mark.parametrize(
    "line",
    [
        "i dont want W5815923 anymore, cancel it",
        "cancel W5815923, we don't need the lamp any longer",
        "please cancel it i really do not want those headphones anymore",
        "we're not going to need W1234567 anymore, cancel",
    ],
)
def test_not_wanting_something_anymore_is_no_longer_needed(line: str) -> None:
    assert cancel_reason(line.lower()) == "no longer needed"
