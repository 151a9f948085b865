"""A product feed: the products of a UCP merchant that has no catalog capability, from a CSV.

The columns are those of the UCP samples' `products.csv`: `id`, `title`, `price` (in minor
units) and optionally `currency` (USD when absent).
"""

from __future__ import annotations

import csv
import functools
import re
from pathlib import Path

from connectors.errors import ErrorCode, VendorError
from connectors.merchant import MerchantProduct
from connectors.yamlfile import ConfigFileError

REQUIRED = ("id", "title", "price")


@functools.cache
def read_feed(path: Path, merchant: str) -> tuple[MerchantProduct, ...]:
    """Every product of the feed at `path`; a bad file raises ConfigFileError with its line."""
    try:
        with path.open(newline="", encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
            columns = set(rows[0]) if rows else set()
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise ConfigFileError(str(path), None, f"cannot read the product feed: {exc}") from None
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise ConfigFileError(str(path), 1, f"the product feed has no {', '.join(missing)} column")
    products = []
    for line, row in enumerate(rows, start=2):
        price = (row.get("price") or "").strip()
        if not price.isdigit() or not (row.get("id") or "").strip():
            raise ConfigFileError(
                str(path), line, "each product needs an id and a price in minor units (cents)"
            )
        products.append(
            MerchantProduct(
                merchant,
                row["id"].strip(),
                (row.get("title") or row["id"]).strip(),
                int(price),
                (row.get("currency") or "USD").strip().upper(),
            )
        )
    return tuple(products)


def search_feed(
    products: tuple[MerchantProduct, ...], query: str, limit: int
) -> list[MerchantProduct]:
    """The products whose id or title holds every word of `query` (a plural's singular too)."""
    words = [_stem(w) for w in re.findall(r"[a-z0-9]+", query.lower())]
    found = [
        p
        for p in products
        if all(w in f"{p.product_id} {p.title}".lower().replace("_", " ") for w in words)
    ]
    return found[:limit]


def search_configured_feed(
    merchant: str,
    feed: tuple[MerchantProduct, ...] | None,
    query: str,
    limit: int,
    *,
    lacking: str,
) -> list[MerchantProduct]:
    """`search_feed` over the feed the connectors config gives `merchant`; without one, an
    INVALID_REQUEST saying what the merchant lacks (`lacking`) and how to give it a feed."""
    if feed is None:
        raise VendorError(
            ErrorCode.INVALID_REQUEST,
            f"{lacking}; give {merchant} its product feed (catalog: FILE) in the connectors config",
            vendor=merchant,
        )
    return search_feed(feed, query, limit)


def _stem(word: str) -> str:
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word
