"""Buyers' carts: lines by SKU, an optional promotion code, and a live price quote."""

from __future__ import annotations

import re
import sqlite3
from typing import Any

from sandbox.bazaar import promotions
from sandbox.bazaar.errors import BazaarError
from sandbox.bazaar.listings import listing_or_refusal
from sandbox.bazaar.promotions import Line, Quote

Record = dict[str, Any]

BUYER_ID = re.compile(r"[A-Za-z0-9_.-]{1,64}")
MAX_QTY = 20


def check_buyer(buyer_id: str) -> str:
    if not BUYER_ID.fullmatch(buyer_id):
        raise BazaarError("BAD_REQUEST", f"malformed buyer id {buyer_id!r}")
    return buyer_id


def cart_lines(conn: sqlite3.Connection, buyer_id: str) -> list[tuple[str, int]]:
    rows = conn.execute(
        "SELECT sku, qty FROM cart_lines WHERE buyer_id = ? ORDER BY seq", (buyer_id,)
    )
    return [(sku, qty) for sku, qty in rows]


def cart_code(conn: sqlite3.Connection, buyer_id: str) -> str | None:
    row = conn.execute("SELECT code FROM cart_promos WHERE buyer_id = ?", (buyer_id,)).fetchone()
    return None if row is None else str(row[0])


def priced_lines(
    conn: sqlite3.Connection, wanted: list[tuple[str, int]]
) -> tuple[list[Line], dict[str, int]]:
    """Lines at today's prices, and each SKU's stock."""
    lines, stock = [], {}
    for sku, qty in wanted:
        listing = listing_or_refusal(conn, sku)
        stock[sku] = listing["stock"]
        lines.append(
            Line(
                sku,
                listing["title"],
                listing["category"],
                listing["seller"]["id"],
                qty,
                listing["price_minor"],
            )
        )
    return lines, stock


def line_view(line: Line) -> Record:
    return {
        "sku": line.sku,
        "title": line.title,
        "seller_id": line.seller_id,
        "qty": line.qty,
        "unit_price_minor": line.unit_price_minor,
        "subtotal_minor": line.subtotal_minor,
        "discount_minor": line.discount_minor,
        "total_minor": line.total_minor,
    }


def quote_view(quote: Quote) -> Record:
    return {
        "lines": [line_view(line) for line in quote.lines],
        "promotions": quote.applied,
        "subtotal_minor": quote.subtotal_minor,
        "discount_minor": quote.discount_minor,
        "total_minor": quote.total_minor,
        "currency": "USD",
    }


def cart_view(conn: sqlite3.Connection, buyer_id: str, now: float) -> Record:
    """The cart priced now; stock shortfalls and a code that no longer applies are `problems`."""
    check_buyer(buyer_id)
    lines, stock = priced_lines(conn, cart_lines(conn, buyer_id))
    code = cart_code(conn, buyer_id)
    quote = promotions.quote(conn, buyer_id, lines, code, now, strict=False)
    view = {"buyer_id": buyer_id, "promo_code": code, **quote_view(quote)}
    for line in view["lines"]:
        line["stock"] = stock[line["sku"]]
        line["in_stock"] = stock[line["sku"]] >= line["qty"]
    problems = list(quote.problems)
    problems += [
        {
            "code": "INSUFFICIENT_STOCK",
            "sku": line["sku"],
            "stock": line["stock"],
            "wanted": line["qty"],
        }
        for line in view["lines"]
        if not line["in_stock"]
    ]
    view["problems"] = problems
    return view


def add_line(conn: sqlite3.Connection, buyer_id: str, sku: str, qty: int, now: float) -> Record:
    check_buyer(buyer_id)
    listing = listing_or_refusal(conn, sku)
    in_cart = dict(cart_lines(conn, buyer_id)).get(sku, 0)
    if in_cart + qty > MAX_QTY:
        raise BazaarError(
            "VALIDATION_FAILED", f"at most {MAX_QTY} of one SKU per cart ({in_cart} already there)"
        )
    if listing["stock"] < in_cart + qty:
        raise BazaarError(
            "INSUFFICIENT_STOCK",
            f"only {listing['stock']} of {sku} in stock",
            skus=[sku],
            stock={sku: listing["stock"]},
        )
    conn.execute(
        "INSERT INTO cart_lines (buyer_id, sku, qty) VALUES (?, ?, ?) "
        "ON CONFLICT (buyer_id, sku) DO UPDATE SET qty = excluded.qty",
        (buyer_id, sku, in_cart + qty),
    )
    return cart_view(conn, buyer_id, now)


def set_quantity(conn: sqlite3.Connection, buyer_id: str, sku: str, qty: int) -> None:
    if qty <= 0:
        conn.execute("DELETE FROM cart_lines WHERE buyer_id = ? AND sku = ?", (buyer_id, sku))
    else:
        conn.execute(
            "UPDATE cart_lines SET qty = ? WHERE buyer_id = ? AND sku = ?", (qty, buyer_id, sku)
        )


def remove_line(
    conn: sqlite3.Connection, buyer_id: str, sku: str, qty: int | None, now: float
) -> Record:
    """Take `qty` units (all when None) of a SKU out of the cart."""
    check_buyer(buyer_id)
    in_cart = dict(cart_lines(conn, buyer_id)).get(sku, 0)
    if in_cart == 0:
        raise BazaarError("SKU_NOT_FOUND", f"{sku} is not in the cart", sku=sku)
    set_quantity(conn, buyer_id, sku, 0 if qty is None else in_cart - qty)
    return cart_view(conn, buyer_id, now)


def set_code(conn: sqlite3.Connection, buyer_id: str, code: str, now: float) -> Record:
    """Attach a promotion code; one that does not apply to this cart is refused."""
    check_buyer(buyer_id)
    lines, _ = priced_lines(conn, cart_lines(conn, buyer_id))
    promotion = promotions.by_code(conn, code)
    promotions.quote(conn, buyer_id, lines, promotion["code"], now, strict=True)
    conn.execute(
        "INSERT INTO cart_promos (buyer_id, code) VALUES (?, ?) "
        "ON CONFLICT (buyer_id) DO UPDATE SET code = excluded.code",
        (buyer_id, promotion["code"]),
    )
    return cart_view(conn, buyer_id, now)


def clear_code(conn: sqlite3.Connection, buyer_id: str, now: float) -> Record:
    check_buyer(buyer_id)
    conn.execute("DELETE FROM cart_promos WHERE buyer_id = ?", (buyer_id,))
    return cart_view(conn, buyer_id, now)
