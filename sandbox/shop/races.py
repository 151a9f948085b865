"""The shop's side of a stock race: another buyer takes the last units a request asks for."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sandbox.shop.errors import ShopError
from sandbox.shop.store import ShopStore, ShopTx


def requested_items(tx: ShopTx, body: Any) -> list[str]:
    """The item ids a cart, order or item-change request would need in stock."""
    if not isinstance(body, dict):
        return []
    wanted: list[Any] = [body.get("item_id")]
    wanted += [line.get("item_id") for line in body.get("items") or [] if isinstance(line, dict)]
    wanted += list(body.get("new_item_ids") or [])
    if body.get("from_cart") and isinstance(body.get("user_id"), str) and not body.get("items"):
        wanted += [item_id for item_id, _ in tx.cart_lines(body["user_id"])]
    return [item for item in wanted if isinstance(item, str)]


def stock_race(path: Path, body: Any) -> None:
    """Mark every variant the request asks for as unavailable, as if just sold out."""
    with ShopStore(path).write() as tx:
        for item_id in requested_items(tx, body):
            try:
                product = tx.product_of_item(item_id)
            except ShopError:
                continue
            product["variants"][item_id]["available"] = False
            tx.put_product(product)
