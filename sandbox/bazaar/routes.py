"""The bazaar's routes: each parses its request, then reads or returns the write to perform."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request
from starlette.routing import Route

from sandbox.bazaar import carts, listings, orders, promotions
from sandbox.bazaar.errors import BazaarError
from sandbox.kit import params
from sandbox.kit.params import BadInput

Body = dict[str, Any]
Operation = Callable[[sqlite3.Connection, float], Any]
Reader = Callable[[Request, sqlite3.Connection, float], Any]
Writer = Callable[[Request, Body], Operation]

SKU = r"BZ-[A-Z]{4}-\d{4}-[A-Z0-9]{3}"
ADDRESS_FIELDS = ("name", "line1", "line2", "city", "region", "postal_code", "country")


@dataclass(frozen=True)
class Paged:
    """A list answer: `data` plus the `page` object beside it in the envelope."""

    data: list[Any]
    page: dict[str, Any]


def split(result: Any) -> tuple[Any, dict[str, Any]]:
    if isinstance(result, Paged):
        return result.data, {"page": result.page}
    return result, {}


# -- reads ---------------------------------------------------------------------------------------


def _attributes(request: Request) -> dict[str, str]:
    found = {}
    for raw in request.query_params.getlist("attr"):
        key, sep, value = raw.partition(":")
        if not sep or not key.strip() or not value.strip():
            raise BadInput(f"attr must look like key:value, not {raw!r}", "attr")
        found[key.strip()] = value.strip()
    return found


def _search(request: Request, conn: sqlite3.Connection, now: float) -> Paged:
    q = request.query_params
    query = listings.SearchQuery(
        words=tuple((q.get("q") or "").split()),
        category=q.get("category") or None,
        seller=q.get("seller") or None,
        min_price_minor=params.query_int(q, "min_price_minor", low=0, high=10**9),
        max_price_minor=params.query_int(q, "max_price_minor", low=0, high=10**9),
        attributes=_attributes(request),
        in_stock=params.query_flag(q, "in_stock"),
        limit=params.query_int(q, "limit", low=1, high=50, default=20) or 20,
    )
    found = listings.search(conn, query, q.get("cursor") or None)
    return Paged(found["data"], found["page"])


def _listing(request: Request, conn: sqlite3.Connection, now: float) -> Any:
    listing = listings.listing_at_path(conn, request.path_params["sku"])
    line = promotions.Line(
        listing["sku"],
        listing["title"],
        listing["category"],
        listing["seller"]["id"],
        1,
        listing["price_minor"],
    )
    listing["promotions"] = [
        {"promotion_id": p["promotion_id"], "code": p["code"], "label": p["label"]}
        for p in promotions.all_promotions(conn)
        if promotions.advertised(p, line, now)
    ]
    return listing


def _categories(request: Request, conn: sqlite3.Connection, now: float) -> Any:
    row = conn.execute("SELECT value FROM meta WHERE key = 'categories'").fetchone()
    counts = dict(
        conn.execute(
            "SELECT json_extract(doc, '$.category'), COUNT(*) FROM listings GROUP BY 1"
        ).fetchall()
    )
    return [{**c, "listings": counts.get(c["id"], 0)} for c in json.loads(row[0])]


def _promotions(request: Request, conn: sqlite3.Connection, now: float) -> Any:
    return promotions.all_promotions(conn)


def _orders_page(request: Request, conn: sqlite3.Connection, now: float) -> Paged:
    q = request.query_params
    limit = params.query_int(q, "limit", low=1, high=50, default=20) or 20
    found = orders.page(conn, request.path_params["buyer_id"], limit, q.get("cursor") or None)
    return Paged(found["data"], found["page"])


def _by(lookup: Callable[[sqlite3.Connection, str], Any], name: str) -> Reader:
    return lambda request, conn, now: lookup(conn, request.path_params[name])


# -- writes --------------------------------------------------------------------------------------


def _add_line(request: Request, body: Body) -> Operation:
    params.only(body, ("sku", "qty"))
    buyer, sku = request.path_params["buyer_id"], params.text(body, "sku", max_length=40)
    qty = params.integer(body, "qty", low=1, high=carts.MAX_QTY, default=1)
    return lambda conn, now: carts.add_line(conn, buyer, sku, qty, now)


def _remove_line(request: Request, body: Body) -> Operation:
    buyer, sku = request.path_params["buyer_id"], request.path_params["sku"]
    qty = params.query_int(request.query_params, "qty", low=1, high=carts.MAX_QTY)
    return lambda conn, now: carts.remove_line(conn, buyer, sku, qty, now)


def _set_code(request: Request, body: Body) -> Operation:
    params.only(body, ("code",))
    buyer, code = request.path_params["buyer_id"], params.text(body, "code", max_length=40)
    return lambda conn, now: carts.set_code(conn, buyer, code, now)


def _clear_code(request: Request, body: Body) -> Operation:
    buyer = request.path_params["buyer_id"]
    return lambda conn, now: carts.clear_code(conn, buyer, now)


def _order_lines(body: Body) -> list[tuple[str, int]] | None:
    raw = body.get("lines")
    if raw is None:
        return None
    if not isinstance(raw, list) or not raw or len(raw) > 50:
        raise BadInput("'lines' must be a list of 1 to 50 {sku, qty} objects", "lines")
    lines = []
    for entry in raw:
        if not isinstance(entry, dict):
            raise BadInput("each line must be an object with sku and qty", "lines")
        params.only(entry, ("sku", "qty"))
        lines.append(
            (
                params.text(entry, "sku", max_length=40),
                params.integer(entry, "qty", low=1, high=carts.MAX_QTY, default=1),
            )
        )
    return lines


def _ship_to(body: Body) -> dict[str, str] | None:
    raw = body.get("ship_to")
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise BadInput("'ship_to' must be an object", "ship_to")
    params.only(raw, ADDRESS_FIELDS)
    return {
        key: value
        for key in ADDRESS_FIELDS
        if (value := params.optional_text(raw, key)) is not None
    }


def _create_order(request: Request, body: Body) -> Operation:
    params.only(
        body,
        (
            "buyer_id",
            "payment_ref",
            "lines",
            "from_cart",
            "promo_code",
            "ship_to",
            "expected_total_minor",
        ),
    )
    expected = body.get("expected_total_minor")
    order_request = orders.OrderRequest(
        buyer_id=params.text(body, "buyer_id", max_length=64),
        payment_ref=params.text(body, "payment_ref", max_length=100),
        lines=_order_lines(body),
        from_cart=params.boolean(body, "from_cart", False),
        promo_code=params.optional_text(body, "promo_code", max_length=40),
        ship_to=_ship_to(body),
        expected_total_minor=None
        if expected is None
        else params.integer(body, "expected_total_minor", low=0, high=10**10),
    )
    if order_request.lines is None and not order_request.from_cart:
        raise BadInput("give 'lines', or 'from_cart': true", "lines")
    return lambda conn, now: orders.create(conn, order_request, now)


def _cancel_order(request: Request, body: Body) -> Operation:
    params.only(body, ("reason", "skus"))
    order_id = request.path_params["order_id"]
    reason = params.text(body, "reason", max_length=40)
    skus = None if body.get("skus") is None else params.string_list(body, "skus", max_items=50)
    return lambda conn, now: orders.cancel(conn, order_id, reason, skus, now)


def _ship_order(request: Request, body: Body) -> Operation:
    order_id = request.path_params["order_id"]
    return lambda conn, now: orders.ship(conn, order_id)


def _set_stock(request: Request, body: Body) -> Operation:
    params.only(body, ("stock",))
    sku, stock = request.path_params["sku"], params.integer(body, "stock", low=0, high=10**6)

    def operation(conn: sqlite3.Connection, now: float) -> Any:
        listings.listing_at_path(conn, sku)
        conn.execute("UPDATE listings SET stock = ? WHERE sku = ?", (stock, sku))
        return listings.listing_at_path(conn, sku)

    return operation


def table(read: Callable[[Reader], Any], write: Callable[..., Any]) -> list[Route]:
    buyer = "/v2/buyers/{buyer_id}"
    return [
        Route("/v2/catalog/search", read(_search)),
        Route("/v2/catalog/categories", read(_categories)),
        Route("/v2/catalog/listings/{sku}", read(_listing)),
        Route("/v2/sellers/{seller_id}", read(_by(listings.seller_view, "seller_id"))),
        Route("/v2/promotions", read(_promotions)),
        Route(
            f"{buyer}/cart",
            read(lambda r, c, now: carts.cart_view(c, r.path_params["buyer_id"], now)),
        ),
        Route(f"{buyer}/cart/lines", write(_add_line), methods=["POST"]),
        Route(f"{buyer}/cart/lines/{{sku}}", write(_remove_line), methods=["DELETE"]),
        Route(f"{buyer}/cart/promo", write(_set_code), methods=["PUT"]),
        Route(f"{buyer}/cart/promo", write(_clear_code), methods=["DELETE"]),
        Route(f"{buyer}/orders", read(_orders_page)),
        Route("/v2/orders", write(_create_order, 201), methods=["POST"]),
        Route("/v2/orders/{order_id}", read(_by(orders.load, "order_id"))),
        Route("/v2/orders/{order_id}/cancel", write(_cancel_order), methods=["POST"]),
        Route("/_admin/orders/{order_id}/ship", write(_ship_order), methods=["POST"]),
        Route("/_admin/listings/{sku}/stock", write(_set_stock), methods=["PUT"]),
    ]


__all__ = ["SKU", "BazaarError", "Paged", "table"]
