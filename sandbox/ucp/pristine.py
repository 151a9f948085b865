"""The UCP merchant's pristine state: its catalogue in SQLite, no checkout or order yet.

The state remembers where its catalogue came from (`meta.data_dir`), so a reset of a merchant
serving the flower shop's CSVs gives the flower shop again, not the built-in catalogue.
"""

from __future__ import annotations

import functools
import sqlite3
from pathlib import Path

from sandbox.kit import idempotency
from sandbox.kit.state import build_image, install_image
from sandbox.ucp.catalogue import Catalogue, built_in, load_directory

SCHEMA = (
    """
CREATE TABLE products (id TEXT PRIMARY KEY, title TEXT NOT NULL, price INTEGER NOT NULL,
    image_url TEXT);
CREATE TABLE inventory (product_id TEXT PRIMARY KEY, quantity INTEGER NOT NULL);
CREATE TABLE discounts (code TEXT PRIMARY KEY, type TEXT NOT NULL, value INTEGER NOT NULL,
    description TEXT NOT NULL);
CREATE TABLE promotions (id TEXT PRIMARY KEY, type TEXT NOT NULL, min_subtotal INTEGER,
    eligible_item_ids TEXT NOT NULL, description TEXT NOT NULL);
CREATE TABLE shipping_rates (id TEXT PRIMARY KEY, country_code TEXT NOT NULL,
    service_level TEXT NOT NULL, price INTEGER NOT NULL, title TEXT NOT NULL);
CREATE TABLE customers (id TEXT PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL UNIQUE);
CREATE TABLE addresses (id TEXT PRIMARY KEY, customer_id TEXT NOT NULL,
    street_address TEXT, city TEXT, state TEXT, postal_code TEXT, country TEXT);
CREATE TABLE checkouts (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, doc TEXT NOT NULL,
    webhook_url TEXT);
CREATE TABLE orders (seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE,
    checkout_id TEXT NOT NULL, doc TEXT NOT NULL);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
    + idempotency.SCHEMA
)


def image(catalogue: Catalogue, data_dir: Path | None) -> bytes:
    meta = [("schema_version", "1")]
    if data_dir is not None:
        meta.append(("data_dir", str(data_dir)))
    return build_image(SCHEMA, {**catalogue.tables(), "meta": meta})


@functools.lru_cache(maxsize=1)
def built_in_image() -> bytes:
    return image(built_in(), None)


def recorded_data_dir(path: Path) -> Path | None:
    """The CSV directory the state at `path` was loaded from, if any (and if still there)."""
    if not Path(path).is_file():
        return None
    try:
        conn = sqlite3.connect(f"{Path(path).as_uri()}?mode=ro", uri=True)
        try:
            row = conn.execute("SELECT value FROM meta WHERE key = 'data_dir'").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return Path(row[0]) if row and Path(row[0]).is_dir() else None


def init_db(path: Path, data_dir: Path | None = None) -> None:
    """Create (or overwrite) the merchant's pristine state at `path`: the catalogue in
    `data_dir` (UCP sample CSVs), else the one the old state came from, else the built-in one."""
    source = Path(data_dir).resolve() if data_dir is not None else recorded_data_dir(path)
    data = image(load_directory(source), source) if source is not None else built_in_image()
    install_image(Path(path), data)
