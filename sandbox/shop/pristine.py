"""The shop's pristine state: the bundled τ² db.json as a SQLite file, built once per process."""

from __future__ import annotations

import functools
import json
import os
import sqlite3
import tempfile
from pathlib import Path

from sandbox.shop.store import insert_record, lookup_indexes, stored_text
from sandbox.shop.tau2 import canonical_order

DB_JSON = Path(__file__).resolve().parent.parent / "data" / "tau2_retail" / "db.json"
SCHEMA_VERSION = "1"

SCHEMA = """
CREATE TABLE products (
    seq INTEGER PRIMARY KEY, product_id TEXT NOT NULL UNIQUE, doc TEXT NOT NULL, canon TEXT NOT NULL
);
CREATE TABLE variants (item_id TEXT PRIMARY KEY, product_id TEXT NOT NULL);
CREATE TABLE users (
    seq INTEGER PRIMARY KEY, user_id TEXT NOT NULL UNIQUE, doc TEXT NOT NULL, canon TEXT NOT NULL
);
CREATE TABLE orders (
    seq INTEGER PRIMARY KEY, order_id TEXT NOT NULL UNIQUE, doc TEXT NOT NULL, canon TEXT NOT NULL
);
CREATE TABLE order_payment_refs (order_id TEXT PRIMARY KEY, payment_reference TEXT);
CREATE TABLE cart_items (
    seq INTEGER PRIMARY KEY, user_id TEXT NOT NULL, item_id TEXT NOT NULL,
    quantity INTEGER NOT NULL, UNIQUE (user_id, item_id)
);
CREATE TABLE idempotency (
    key TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, status INTEGER NOT NULL, body TEXT NOT NULL
);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

CHANGE_LOG = """
CREATE TABLE changed_orders (order_id TEXT PRIMARY KEY);
CREATE TRIGGER order_inserted AFTER INSERT ON orders
    BEGIN INSERT OR IGNORE INTO changed_orders (order_id) VALUES (new.order_id); END;
CREATE TRIGGER order_updated AFTER UPDATE ON orders
    BEGIN INSERT OR IGNORE INTO changed_orders (order_id) VALUES (new.order_id); END;
"""
"""Which orders anything wrote since the pristine data went in (SQLite itself keeps it, on every
path that writes), so an audit reads those instead of comparing all 1,000 orders' text."""


@functools.lru_cache(maxsize=1)
def pristine_image() -> bytes:
    """The serialised SQLite image of the bundled db.json (built once per process)."""
    data = json.loads(DB_JSON.read_text(encoding="utf-8"))
    conn = sqlite3.connect(":memory:")
    try:
        conn.executescript(SCHEMA + lookup_indexes())
        for product in data["products"].values():
            insert_record(conn, "products", product)
            conn.executemany(
                "INSERT INTO variants (item_id, product_id) VALUES (?, ?)",
                [(item_id, product["product_id"]) for item_id in product["variants"]],
            )
        for user in data["users"].values():
            insert_record(conn, "users", user)
        for order in data["orders"].values():
            insert_record(conn, "orders", canonical_order(order))
        conn.executemany(
            "INSERT INTO meta (key, value) VALUES (?, ?)",
            [("schema_version", SCHEMA_VERSION), ("order_counter", "0")],
        )
        conn.executescript(CHANGE_LOG)  # after the pristine orders: they are not changes
        conn.commit()
        return conn.serialize()
    finally:
        conn.close()


@functools.lru_cache(maxsize=1)
def pristine_orders() -> dict[str, str]:
    """Every order of the pristine state: its id and the stored text an untouched order keeps.

    Made from db.json as `pristine_image` stores each order, without building the whole image
    (a third of its cost: an audit in a process that never builds a world needs only this).
    """
    data = json.loads(DB_JSON.read_text(encoding="utf-8"))
    return {
        order["order_id"]: stored_text(canonical_order(order)) for order in data["orders"].values()
    }


def init_db(path: Path) -> None:
    """Create (or overwrite) the shop's pristine state at `path`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".init")
    try:
        with os.fdopen(fd, "wb") as tmp:
            tmp.write(pristine_image())
        conn = sqlite3.connect(tmp_name)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.close()
        for suffix in ("-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
