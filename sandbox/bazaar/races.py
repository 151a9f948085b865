"""Sandbox hooks: the bazaar's envelope for answers given on its behalf, and a stock race."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sandbox.bazaar import carts
from sandbox.kit.state import StateFile


def error_body(status: int, code: str, message: str) -> dict[str, Any]:
    """The bazaar's `ok: false` envelope for an error the sandbox answers (auth, faults)."""
    return {
        "ok": False,
        "error": {
            "code": code.upper(),
            "detail": message,
            "retryable": status == 429 or status >= 500,
        },
    }


def requested_skus(path: Path, body: Any) -> list[str]:
    """The SKUs a cart or order request would need in stock."""
    if not isinstance(body, dict):
        return []
    wanted: list[Any] = [body.get("sku")]
    wanted += [line.get("sku") for line in body.get("lines") or [] if isinstance(line, dict)]
    buyer = body.get("buyer_id")
    if body.get("from_cart") and isinstance(buyer, str) and not body.get("lines"):
        with StateFile(path).read() as conn:
            wanted += [sku for sku, _ in carts.cart_lines(conn, buyer)]
    return [sku for sku in wanted if isinstance(sku, str)]


def stock_race(path: Path, body: Any) -> None:
    """Another buyer takes every unit of the SKUs the request asks for, just before it lands."""
    skus = requested_skus(path, body)
    with StateFile(path).write() as conn:
        for sku in skus:
            conn.execute("UPDATE listings SET stock = 0 WHERE sku = ?", (sku,))
