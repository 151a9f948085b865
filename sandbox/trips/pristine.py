"""The trips vendor's pristine state: no holds, no bookings (the inventory is static data)."""

from __future__ import annotations

import functools
from pathlib import Path

from sandbox.kit import idempotency
from sandbox.kit.state import build_image, install_image

SCHEMA = (
    """
CREATE TABLE holds (
    seq INTEGER PRIMARY KEY, hold_id TEXT NOT NULL UNIQUE, offer_id TEXT NOT NULL,
    kind TEXT NOT NULL, travellers INTEGER NOT NULL, price_minor INTEGER NOT NULL,
    status TEXT NOT NULL, created_at REAL NOT NULL, expires_at REAL NOT NULL,
    booking_id TEXT
);
CREATE TABLE claims (hold_id TEXT NOT NULL, unit TEXT NOT NULL, need INTEGER NOT NULL);
CREATE INDEX claims_by_unit ON claims (unit);
CREATE TABLE bookings (
    seq INTEGER PRIMARY KEY, booking_id TEXT NOT NULL UNIQUE, customer TEXT NOT NULL,
    doc TEXT NOT NULL
);
CREATE INDEX bookings_by_customer ON bookings (customer, seq);
CREATE TABLE payment_refs (payment_reference TEXT PRIMARY KEY, booking_id TEXT NOT NULL);
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
    + idempotency.SCHEMA
)


@functools.lru_cache(maxsize=1)
def pristine_image() -> bytes:
    return build_image(SCHEMA, {"meta": [("schema_version", "1")]})


def init_db(path: Path) -> None:
    """Create (or overwrite) the trips vendor's pristine state at `path`."""
    install_image(Path(path), pristine_image())
