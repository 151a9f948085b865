"""The bazaar's pristine state: the shipped catalog.json as a SQLite file."""

from __future__ import annotations

import functools
import json
from pathlib import Path

from sandbox.kit import idempotency
from sandbox.kit.state import build_image, canonical_json, install_image

CATALOG = Path(__file__).resolve().parent / "catalog.json"

SCHEMA = (
    """
CREATE TABLE sellers (seller_id TEXT PRIMARY KEY, doc TEXT NOT NULL);
CREATE TABLE listings (
    seq INTEGER PRIMARY KEY, sku TEXT NOT NULL UNIQUE, doc TEXT NOT NULL, stock INTEGER NOT NULL
);
CREATE TABLE promotions (
    seq INTEGER PRIMARY KEY, promotion_id TEXT NOT NULL UNIQUE, code TEXT UNIQUE,
    doc TEXT NOT NULL
);
CREATE TABLE cart_lines (
    seq INTEGER PRIMARY KEY, buyer_id TEXT NOT NULL, sku TEXT NOT NULL, qty INTEGER NOT NULL,
    UNIQUE (buyer_id, sku)
);
CREATE TABLE cart_promos (buyer_id TEXT PRIMARY KEY, code TEXT NOT NULL);
CREATE TABLE orders (
    seq INTEGER PRIMARY KEY, order_id TEXT NOT NULL UNIQUE, buyer_id TEXT NOT NULL,
    doc TEXT NOT NULL
);
CREATE INDEX orders_by_buyer ON orders (buyer_id, seq);
CREATE TABLE promo_uses (
    buyer_id TEXT NOT NULL, promotion_id TEXT NOT NULL, order_id TEXT NOT NULL,
    PRIMARY KEY (buyer_id, promotion_id, order_id)
);
CREATE TABLE payment_refs (payment_ref TEXT PRIMARY KEY, order_id TEXT NOT NULL);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
    + idempotency.SCHEMA
)


@functools.lru_cache(maxsize=1)
def pristine_image() -> bytes:
    """The catalog as a serialised SQLite image (built once per process)."""
    catalog = json.loads(CATALOG.read_text(encoding="utf-8"))
    listings = []
    for seq, listing in enumerate(catalog["listings"], 1):
        static = {k: v for k, v in listing.items() if k != "stock"}
        listings.append((seq, listing["sku"], canonical_json(static), listing["stock"]))
    return build_image(
        SCHEMA,
        {
            "sellers": [(s["seller_id"], canonical_json(s)) for s in catalog["sellers"]],
            "listings": listings,
            "promotions": [
                (seq, p["promotion_id"], p["code"], canonical_json(p))
                for seq, p in enumerate(catalog["promotions"], 1)
            ],
            "meta": [
                ("schema_version", "1"),
                ("categories", canonical_json(catalog["categories"])),
            ],
        },
    )


def init_db(path: Path) -> None:
    """Create (or overwrite) the bazaar's pristine state at `path`."""
    install_image(Path(path), pristine_image())
