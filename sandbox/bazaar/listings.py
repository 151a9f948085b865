"""Catalog reads: listings with their seller and stock, search with cursor pagination."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from sandbox.bazaar.errors import BazaarError

Record = dict[str, Any]

_PARTS = re.compile(r"[^0-9a-z]+")


def singular(word: str) -> str:
    """'cameras' → 'camera', 'batteries' → 'battery', 'glasses' stays a plural-less 'glass'."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us")):
        return word[:-1]
    return word


def words_of(*texts: str) -> set[str]:
    """Whole words and their alphanumeric parts, lowercased and singular."""
    found: set[str] = set()
    for text in texts:
        for chunk in text.lower().split():
            found.add(singular(chunk))
            found.update(singular(part) for part in _PARTS.split(chunk) if part)
    return found


def seller_view(conn: sqlite3.Connection, seller_id: str) -> Record:
    row = conn.execute("SELECT doc FROM sellers WHERE seller_id = ?", (seller_id,)).fetchone()
    if row is None:
        raise BazaarError("NOT_FOUND", f"no seller {seller_id}")
    seller: Record = json.loads(row[0])
    return seller


def _view(conn: sqlite3.Connection, doc: str, stock: int, sellers: dict[str, Record]) -> Record:
    listing: Record = json.loads(doc)
    seller_id = listing.pop("seller_id")
    if seller_id not in sellers:
        sellers[seller_id] = seller_view(conn, seller_id)
    seller = sellers[seller_id]
    listing["seller"] = {
        "id": seller_id,
        "name": seller["name"],
        "rating": seller["rating"],
        "rating_count": seller["rating_count"],
    }
    listing["stock"] = stock
    listing["in_stock"] = stock > 0
    return listing


def find_listing(conn: sqlite3.Connection, sku: str) -> Record | None:
    row = conn.execute("SELECT doc, stock FROM listings WHERE sku = ?", (sku,)).fetchone()
    return None if row is None else _view(conn, row[0], row[1], {})


def listing_or_refusal(conn: sqlite3.Connection, sku: str) -> Record:
    """The listing named in a request body; unknown is a business refusal (HTTP 200)."""
    listing = find_listing(conn, sku)
    if listing is None:
        raise BazaarError("SKU_NOT_FOUND", f"no listing with SKU {sku}", sku=sku)
    return listing


def listing_at_path(conn: sqlite3.Connection, sku: str) -> Record:
    """The listing named in the URL path; unknown is a 404."""
    listing = find_listing(conn, sku)
    if listing is None:
        raise BazaarError("NOT_FOUND", f"no listing with SKU {sku}")
    return listing


@dataclass(frozen=True)
class SearchQuery:
    words: tuple[str, ...] = ()
    category: str | None = None
    seller: str | None = None
    min_price_minor: int | None = None
    max_price_minor: int | None = None
    attributes: Mapping[str, str] = field(default_factory=dict)
    in_stock: bool = False
    limit: int = 20

    def digest(self) -> str:
        """Identifies the query, so a cursor cannot be replayed against another one."""
        data = [
            self.words,
            self.category,
            self.seller,
            self.min_price_minor,
            self.max_price_minor,
            sorted(self.attributes.items()),
            self.in_stock,
        ]
        return hashlib.sha256(json.dumps(data).encode()).hexdigest()[:16]


def _matches(listing: Record, query: SearchQuery) -> bool:
    price = listing["price_minor"]
    if query.min_price_minor is not None and price < query.min_price_minor:
        return False
    if query.max_price_minor is not None and price > query.max_price_minor:
        return False
    if query.in_stock and not listing["in_stock"]:
        return False
    if query.category and not (
        listing["category"] == query.category
        or listing["category"].startswith(query.category + ".")
    ):
        return False
    if query.seller and listing["seller"]["id"] != query.seller:
        return False
    attributes = {k.lower(): str(v).lower() for k, v in listing["attributes"].items()}
    for key, value in query.attributes.items():
        if attributes.get(key.lower()) != value.lower():
            return False
    if query.words:
        vocabulary = words_of(listing["title"], listing["category_name"], *attributes.values())
        return all(singular(word.lower()) in vocabulary for word in query.words)
    return True


def encode_cursor(offset: int, digest: str) -> str:
    raw = json.dumps({"o": offset, "q": digest}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, digest: str) -> int:
    """The offset a cursor points at; a foreign or garbled cursor is a bad request."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()))
        offset, owner = data["o"], data["q"]
    except (ValueError, KeyError, TypeError) as exc:
        raise BazaarError("BAD_REQUEST", "the cursor is not one this API issued") from exc
    if owner != digest or not isinstance(offset, int) or offset < 0:
        raise BazaarError("BAD_REQUEST", "the cursor belongs to a different query")
    return offset


def search(conn: sqlite3.Connection, query: SearchQuery, cursor: str | None) -> Record:
    """One page of matching listings: category named by the query first, then by price."""
    sellers: dict[str, Record] = {}
    rows = conn.execute("SELECT doc, stock FROM listings ORDER BY seq").fetchall()
    hits = [
        listing
        for listing in (_view(conn, doc, stock, sellers) for doc, stock in rows)
        if _matches(listing, query)
    ]
    wanted = {singular(w.lower()) for w in query.words}

    def named(listing: Record) -> bool:
        return bool(wanted & words_of(listing["category_name"]))

    hits.sort(
        key=lambda lst: (
            not named(lst),
            lst["category_name"].lower(),
            lst["price_minor"],
            lst["sku"],
        )
    )
    digest = query.digest()
    offset = decode_cursor(cursor, digest) if cursor else 0
    page = hits[offset : offset + query.limit]
    after = offset + len(page)
    next_cursor = encode_cursor(after, digest) if after < len(hits) else None
    return {
        "data": page,
        "page": {"next_cursor": next_cursor, "total": len(hits), "limit": query.limit},
    }
