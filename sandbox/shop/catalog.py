"""Catalog search: variants matched by words, price range, options and availability."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

Record = dict[str, Any]

_WORD_PARTS = re.compile(r"[^0-9a-z]+")


@dataclass(frozen=True)
class SearchQuery:
    """What `GET /search` asks for; every field narrows the result."""

    words: tuple[str, ...] = ()
    min_price: float | None = None
    max_price: float | None = None
    options: Mapping[str, str] = field(default_factory=dict)
    available_only: bool = False
    limit: int = 20


def singular(word: str) -> str:
    """A crude singular so that "keyboards" finds "Keyboard" and "batteries" finds "battery"."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us")):
        return word[:-1]
    return word


def _vocabulary(texts: Iterable[str]) -> set[str]:
    """Every whole word and every alphanumeric part of the texts, lowercased and singular."""
    words: set[str] = set()
    for text in texts:
        words.update(_text_vocabulary(text))
    return words


@functools.lru_cache(maxsize=8192)
def _text_vocabulary(text: str) -> frozenset[str]:
    """One text's vocabulary; the catalog's names and option values repeat, so it is cached."""
    words: set[str] = set()
    for chunk in text.lower().split():
        words.add(singular(chunk))
        words.update(singular(part) for part in _WORD_PARTS.split(chunk) if part)
    return frozenset(words)


def _matches(product: Record, variant: Record, query: SearchQuery) -> bool:
    price = variant["price"]
    if query.min_price is not None and price < query.min_price:
        return False
    if query.max_price is not None and price > query.max_price:
        return False
    if query.available_only and not variant["available"]:
        return False
    options = {key.lower(): str(value).lower() for key, value in variant["options"].items()}
    for key, value in query.options.items():
        if options.get(key.lower()) != value.lower():
            return False
    if query.words:
        texts = (product["name"], *options.values())
        return all(
            any(singular(word.lower()) in _text_vocabulary(text) for text in texts)
            for word in query.words
        )
    return True


def _named(name: str, query: SearchQuery) -> bool:
    """Does the product's own name carry one of the query words (not just an option value)?"""
    vocabulary = _vocabulary([name])
    return any(singular(word.lower()) in vocabulary for word in query.words)


def search(products: Iterable[Record], query: SearchQuery) -> dict[str, Any]:
    """Matching variants, products named by the query first, then by name and price.

    "laptop" lists laptops before backpacks whose compartment option says "laptop".
    """
    hits = [
        {
            "product_id": product["product_id"],
            "name": product["name"],
            "item_id": variant["item_id"],
            "options": variant["options"],
            "price": variant["price"],
            "available": variant["available"],
        }
        for product in products
        for variant in product["variants"].values()
        if _matches(product, variant, query)
    ]
    named = {hit["name"]: _named(hit["name"], query) for hit in hits}
    hits.sort(
        key=lambda hit: (not named[hit["name"]], hit["name"].lower(), hit["price"], hit["item_id"])
    )
    return {"results": hits[: query.limit], "total": len(hits)}
