"""A canonical offer: one product variant on one marketplace, in one shape for every vendor."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any

from agentcli.catalog.normalise import attribute_key, canonical_id, type_key
from connectors.errors import ErrorCode, VendorError

MARKETPLACES = ("shop", "bazaar")
SHOP_SELLER = {"id": "shop", "name": "shop", "rating": None}
"""The shop sells its own stock and publishes no seller rating."""

_TITLE_DETAILS = re.compile(r"\s*\(.*\)\s*$")


@contextmanager
def vendor_data(vendor: str, what: str) -> Iterator[None]:
    """Turn a vendor answer that lacks a field or has the wrong type into a PROTOCOL error."""
    try:
        yield
    except (KeyError, IndexError, TypeError, ValueError, AttributeError) as exc:
        raise VendorError(
            ErrorCode.PROTOCOL,
            f"{vendor} sent {what} that cannot be read ({type(exc).__name__}: {exc})"[:500],
            vendor=vendor,
        ) from exc


@dataclass(frozen=True)
class Offer:
    """What every search result and cart line says, whichever marketplace it comes from.

    `item_id` is the marketplace's own id for the variant (the shop's item id, the bazaar's
    SKU), kept beside `sku` so older callers that know only `item_id` keep working.
    """

    marketplace: str
    canonical_id: str
    product_type: str
    sku: str
    item_id: str
    product_id: str
    name: str
    options: dict[str, str]
    price_minor: int
    currency: str
    available: bool
    stock: int | None
    seller: dict[str, Any] = field(default_factory=dict)

    @property
    def price(self) -> float:
        return self.price_minor / 100

    @property
    def seller_rating(self) -> float | None:
        rating = self.seller.get("rating")
        return float(rating) if isinstance(rating, int | float) else None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["price"] = self.price
        data["seller_rating"] = self.seller_rating
        return data


def shop_offer(hit: dict[str, Any], price_minor: int) -> Offer:
    """A shop search hit (or variant with its product's name and id)."""
    options = {str(k): str(v) for k, v in hit["options"].items()}
    return Offer(
        marketplace="shop",
        canonical_id=canonical_id(hit["name"], dict(options)),
        product_type=type_key(hit["name"]),
        sku=hit["item_id"],
        item_id=hit["item_id"],
        product_id=hit["product_id"],
        name=hit["name"],
        options=options,
        price_minor=price_minor,
        currency="USD",
        available=bool(hit["available"]),
        stock=None,
        seller=dict(SHOP_SELLER),
    )


def bazaar_offer(listing: dict[str, Any]) -> Offer:
    """A bazaar listing: its category names the type, its attributes the variant."""
    attributes = dict(listing["attributes"])
    seller = listing.get("seller") or {}
    return Offer(
        marketplace="bazaar",
        canonical_id=canonical_id(listing["category_name"], attributes),
        product_type=type_key(listing["category_name"]),
        sku=listing["sku"],
        item_id=listing["sku"],
        product_id=listing["family"],
        name=_TITLE_DETAILS.sub("", listing["title"]),
        options={attribute_key(k): str(v) for k, v in attributes.items()},
        price_minor=int(listing["price_minor"]),
        currency=str(listing["currency"]),
        available=bool(listing["in_stock"]),
        stock=int(listing["stock"]),
        seller={"id": seller.get("id"), "name": seller.get("name"), "rating": seller.get("rating")},
    )
