"""The audit finds every shop order written since the pristine data, however it was written,
whether the shop file logs its changes or was made before it did (every order compared)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from sandbox.shop.pristine import pristine_orders
from sandbox.vendor_state import changed_shop_orders

CANCELLED = "#W8073958"
UNTOUCHED = "#W3134391"
NEW_ORDER = "#W9999999"


def _write(path: Path, *statements: tuple[str, tuple[object, ...]]) -> None:
    db = sqlite3.connect(path)
    try:
        with db:
            for sql, params in statements:
                db.execute(sql, params)
    finally:
        db.close()


def _without_change_log(path: Path) -> None:
    """The shop file as a version before the change log made it."""
    _write(
        path,
        ("DROP TRIGGER order_inserted", ()),
        ("DROP TRIGGER order_updated", ()),
        ("DROP TABLE changed_orders", ()),
    )


@pytest.mark.parametrize("logged", [True, False], ids=["change log", "made before the log"])
def test_orders_written_by_any_path_are_found_and_pristine_text_is_not(
    shop_path: Path, logged: bool
) -> None:
    if not logged:
        _without_change_log(shop_path)
    assert changed_shop_orders(shop_path) == []
    cancelled = json.loads(pristine_orders()[CANCELLED])
    cancelled["status"] = "cancelled"
    new = {**json.loads(pristine_orders()[UNTOUCHED]), "order_id": NEW_ORDER}
    _write(
        shop_path,
        # raw SQL, past the shop's code: the log is SQLite's, not the shop's
        ("UPDATE orders SET doc = ? WHERE order_id = ?", (json.dumps(cancelled), CANCELLED)),
        # written, but back to its pristine text: not a change
        ("UPDATE orders SET doc = doc WHERE order_id = ?", (UNTOUCHED,)),
        (
            "INSERT INTO orders (order_id, doc, canon) VALUES (?, ?, '{}')",
            (NEW_ORDER, json.dumps(new)),
        ),
        ("INSERT INTO order_payment_refs VALUES (?, 'pi_1')", (NEW_ORDER,)),
    )
    found = changed_shop_orders(shop_path)
    assert [(order["order_id"], pristine) for order, pristine in found] == [
        (CANCELLED, True),
        (NEW_ORDER, False),
    ]
    assert found[0][0]["status"] == "cancelled"
    assert found[1][0]["payment_reference"] == "pi_1"


def test_the_pristine_orders_are_the_texts_a_fresh_shop_file_holds(shop_path: Path) -> None:
    """The audit's pristine orders, made straight from db.json, are what a new world stores."""
    db = sqlite3.connect(shop_path)
    try:
        stored = dict(db.execute("SELECT order_id, doc FROM orders").fetchall())
    finally:
        db.close()
    assert pristine_orders() == stored
