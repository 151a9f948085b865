"""Authoritative money: line totals from the catalogue, shipping options, discount codes.

Amounts are minor units (cents). Percentage discounts take their share of what the items
still cost after the codes before them, rounded down; discounts never touch shipping.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from sandbox.ucp.errors import bad_request

Doc = dict[str, Any]


def price_lines(conn: sqlite3.Connection, requested: Any) -> list[Doc]:
    """Line items as the merchant prices them (titles and prices from its catalogue)."""
    if not isinstance(requested, list) or not requested:
        raise bad_request("line_items must be a non-empty list", "invalid_line_items")
    lines: list[Doc] = []
    for index, line in enumerate(requested, start=1):
        item = line.get("item") if isinstance(line, dict) else None
        item_id = item.get("id") if isinstance(item, dict) else None
        quantity = line.get("quantity") if isinstance(line, dict) else None
        if not isinstance(item_id, str) or not item_id:
            raise bad_request(f"line_items[{index - 1}].item.id is required", "invalid_line_items")
        if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
            raise bad_request(
                f"line_items[{index - 1}].quantity must be a whole number of at least 1",
                "invalid_line_items",
            )
        product = conn.execute(
            "SELECT title, price, image_url FROM products WHERE id = ?", (item_id,)
        ).fetchone()
        if product is None:
            raise bad_request(f"Product {item_id} not found", "product_not_found")
        stock = conn.execute(
            "SELECT quantity FROM inventory WHERE product_id = ?", (item_id,)
        ).fetchone()
        if stock is None or stock[0] < quantity:
            raise bad_request(f"Insufficient stock for item {item_id}", "out_of_stock")
        shown = {"id": item_id, "title": product[0], "price": product[1]}
        if product[2]:
            shown["image_url"] = product[2]
        amount = product[1] * quantity
        line_id = line.get("id") if isinstance(line.get("id"), str) and line["id"] else None
        lines.append(
            {
                "id": line_id or f"li_{index}",
                "item": shown,
                "quantity": quantity,
                "totals": [
                    {"type": "subtotal", "amount": amount},
                    {"type": "total", "amount": amount},
                ],
            }
        )
    ids = [line["id"] for line in lines]
    if len(set(ids)) != len(ids):
        raise bad_request("line item ids must be unique", "invalid_line_items")
    return lines


def items_subtotal(lines: list[Doc]) -> int:
    return sum(line["item"]["price"] * line["quantity"] for line in lines)


def shipping_options(conn: sqlite3.Connection, country: str, lines: list[Doc]) -> list[Doc]:
    """The rates for `country` (its own service levels, else the default ones), with free
    standard shipping where a promotion covers the order."""
    rates = conn.execute(
        "SELECT id, country_code, service_level, price, title FROM shipping_rates ORDER BY rowid"
    ).fetchall()
    own = {rate[2] for rate in rates if rate[1] == country}
    chosen = [r for r in rates if r[1] == country or (r[1] == "default" and r[2] not in own)]
    free = _free_shipping(conn, lines)
    options = []
    for rate_id, _, level, price, title in chosen:
        amount, shown = price, title
        if free and level == "standard":
            amount, shown = 0, f"Free {title}"
        options.append(
            {
                "id": rate_id,
                "title": shown,
                "totals": [
                    {"type": "subtotal", "amount": amount},
                    {"type": "total", "amount": amount},
                ],
            }
        )
    return options


def _free_shipping(conn: sqlite3.Connection, lines: list[Doc]) -> bool:
    subtotal = items_subtotal(lines)
    items = {line["item"]["id"] for line in lines}
    for minimum, eligible in conn.execute(
        "SELECT min_subtotal, eligible_item_ids FROM promotions WHERE type = 'free_shipping'"
    ):
        listed = set(json.loads(eligible))
        if minimum is not None and subtotal < minimum:
            continue
        if listed and not items <= listed:
            continue
        return True
    return False


def apply_discounts(conn: sqlite3.Connection, codes: list[str], subtotal: int) -> list[Doc]:
    """The codes the merchant knows, applied in order; unknown codes are left out."""
    applied: list[Doc] = []
    remaining = subtotal
    for code in dict.fromkeys(codes):
        row = conn.execute(
            "SELECT type, value, description FROM discounts WHERE code = ?", (code,)
        ).fetchone()
        if row is None or remaining <= 0:
            continue
        kind, value, description = row
        amount = remaining * value // 100 if kind == "percentage" else min(value, remaining)
        if amount <= 0:
            continue
        remaining -= amount
        applied.append(
            {
                "code": code,
                "title": description,
                "amount": amount,
                "method": "across",
                "allocations": [{"path": "$.totals[?(@.type=='subtotal')]", "amount": amount}],
            }
        )
    return applied


def totals(subtotal: int, shipping: int | None, discount: int) -> list[Doc]:
    shown = [{"type": "subtotal", "amount": subtotal}]
    if discount:
        shown.append({"type": "discount", "amount": discount})
    if shipping is not None:
        shown.append({"type": "fulfillment", "amount": shipping})
    shown.append({"type": "total", "amount": subtotal - discount + (shipping or 0)})
    return shown
