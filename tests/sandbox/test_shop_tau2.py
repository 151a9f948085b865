"""The pure τ² semantics on hand-made records: arithmetic, the quirk flag, no partial writes."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from sandbox.shop import generic_tools, tau2
from sandbox.shop.catalog import singular
from sandbox.shop.errors import ShopError

Record = dict[str, Any]


def records() -> tuple[Record, Record, dict[str, Record]]:
    """(order, owner, products): a pending order of two shirts, paid by gift card."""
    shirt = {
        "name": "Shirt",
        "product_id": "p1",
        "variants": {
            "a": {"item_id": "a", "options": {"color": "red"}, "available": True, "price": 10.1},
            "b": {"item_id": "b", "options": {"color": "blue"}, "available": True, "price": 20.2},
            "c": {"item_id": "c", "options": {"color": "green"}, "available": True, "price": 30.3},
            "x": {"item_id": "x", "options": {"color": "gray"}, "available": False, "price": 1.0},
        },
    }
    item = {"name": "Shirt", "product_id": "p1", "price": 10.1}
    order = tau2.canonical_order(
        {
            "order_id": "#W1",
            "user_id": "u1",
            "address": {},
            "items": [
                {**item, "item_id": "a", "options": {"color": "red"}},
                {**item, "item_id": "a", "options": {"color": "red"}},
            ],
            "status": "pending",
            "fulfillments": [],
            "payment_history": [
                {"transaction_type": "payment", "amount": 20.2, "payment_method_id": "gc"}
            ],
        }
    )
    owner = {
        "user_id": "u1",
        "payment_methods": {
            "gc": {"source": "gift_card", "id": "gc", "balance": 15.0},
            "cc": {"source": "credit_card", "id": "cc", "brand": "visa", "last_four": "1"},
        },
    }
    return order, owner, {"p1": shirt}


@pytest.mark.parametrize("reproduce_quirk", [True, False])
def test_multi_pair_modify_and_the_quirk_flag(reproduce_quirk: bool) -> None:
    order, owner, products = records()
    owner["payment_methods"]["gc"]["balance"] = 100.0
    tau2.modify_pending_order_items(
        order, owner, products, ["a", "a"], ["b", "c"], "gc", reproduce_quirk=reproduce_quirk
    )
    assert [item["item_id"] for item in order["items"]] == ["b", "c"]
    prices = [item["price"] for item in order["items"]]
    colors = [item["options"]["color"] for item in order["items"]]
    if reproduce_quirk:
        assert (prices, colors) == ([30.3, 30.3], ["green", "green"])
    else:
        assert (prices, colors) == ([20.2, 30.3], ["blue", "green"])
    diff = 0 + (20.2 - 10.1) + (30.3 - 10.1)
    assert order["payment_history"][-1] == {
        "transaction_type": "payment",
        "amount": diff,
        "payment_method_id": "gc",
    }
    assert owner["payment_methods"]["gc"]["balance"] == round(100.0 - diff, 2)
    assert order["status"] == "pending (item modified)"


def test_an_empty_modify_records_a_zero_float_refund() -> None:
    order, owner, products = records()
    tau2.modify_pending_order_items(order, owner, products, [], [], "cc")
    entry = order["payment_history"][-1]
    assert (entry["transaction_type"], entry["amount"]) == ("refund", 0.0)
    assert isinstance(entry["amount"], float)


def test_exchange_rounds_the_difference_and_keeps_items() -> None:
    order, owner, products = records()
    order["status"] = "delivered"
    items = copy.deepcopy(order["items"])
    tau2.exchange_delivered_order_items(order, owner, products, ["a", "a"], ["b", "a"], "cc")
    assert order["exchange_price_difference"] == round(0 + (20.2 - 10.1) + (10.1 - 10.1), 2)
    assert order["exchange_new_items"] == ["a", "b"]
    assert order["items"] == items


def test_cancel_checks_every_method_before_crediting_any() -> None:
    order, owner, _ = records()
    order["payment_history"].append(
        {"transaction_type": "payment", "amount": 1.0, "payment_method_id": "gone"}
    )
    before = copy.deepcopy((order, owner))
    with pytest.raises(ShopError) as caught:
        tau2.cancel_pending_order(order, owner, "no longer needed")
    assert caught.value.code == "not_found"
    assert (order, owner) == before


FAILING_CALLS: list[tuple[str, Callable[[Record, Record, dict[str, Record]], Any]]] = [
    ("invalid_request", lambda o, u, p: tau2.cancel_pending_order(o, u, "bored")),
    (
        "insufficient_funds",
        lambda o, u, p: tau2.modify_pending_order_items(o, u, p, ["a"], ["c"], "gc"),
    ),
    ("out_of_stock", lambda o, u, p: tau2.modify_pending_order_items(o, u, p, ["a"], ["x"], "cc")),
    (
        "not_found",
        lambda o, u, p: tau2.modify_pending_order_items(o, u, p, ["a", "a", "a"], ["b"] * 3, "cc"),
    ),
    (
        "invalid_request",
        lambda o, u, p: tau2.modify_pending_order_items(o, u, p, ["a"], ["a"], "cc"),
    ),
    ("not_found", lambda o, u, p: tau2.modify_pending_order_items(o, u, p, ["a"], ["zz"], "cc")),
    ("invalid_request", lambda o, u, p: tau2.modify_pending_order_payment(o, u, "gc")),
    ("invalid_state", lambda o, u, p: tau2.return_delivered_order_items(o, u, ["a"], "gc")),
    (
        "invalid_state",
        lambda o, u, p: tau2.exchange_delivered_order_items(o, u, p, ["a"], ["b"], "gc"),
    ),
]


@pytest.mark.parametrize(("code", "call"), FAILING_CALLS)
def test_a_refused_call_changes_nothing(
    code: str, call: Callable[[Record, Record, dict[str, Record]], Any]
) -> None:
    order, owner, products = records()
    before = copy.deepcopy((order, owner, products))
    with pytest.raises(ShopError) as caught:
        call(order, owner, products)
    assert caught.value.code == code
    assert (order, owner, products) == before


def test_calculate() -> None:
    assert generic_tools.calculate("2 + 2") == "4.0"
    assert generic_tools.calculate("(10.1 + 20.2) * 3 / 7") == str(round((10.1 + 20.2) * 3 / 7, 2))
    for bad in ("2 + x", "1 / 0", "2 +", "__import__('os')"):
        with pytest.raises(ShopError):
            generic_tools.calculate(bad)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("keyboards", "keyboard"),
        ("batteries", "battery"),
        ("watches", "watch"),
        ("glasses", "glass"),
        ("wireless", "wireless"),
        ("shoes", "shoe"),
        ("lbs", "lbs"),
    ],
)
def test_singular(word: str, expected: str) -> None:
    assert singular(word) == expected
