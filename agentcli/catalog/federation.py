"""Federated reads over every marketplace: search, offers by SKU or canonical id, the cart.

Carts live at each marketplace (the vendor keeps them between sessions, checks stock and
prices, applies its own promotions, and checks its own cart out); this module only assembles
the canonical view of them. A marketplace that does not answer is left out of a search and
named in `unavailable`, so one vendor's outage does not hide the other's products.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Mapping
from typing import Any

from agentcli.catalog.model import (
    MARKETPLACES,
    Offer,
    bazaar_offer,
    shop_offer,
    vendor_data,
)
from agentcli.catalog.normalise import (
    CANONICAL_ID,
    attribute_value,
    canonical_attributes,
    marketplace_of,
    singular,
    type_key,
)
from connectors.bazaar import BazaarConnector
from connectors.errors import ErrorCode, VendorError
from connectors.pay import to_cents
from connectors.shop import ShopConnector

RESOLVE_LIMIT = 50
OUTAGES = frozenset(
    {
        ErrorCode.UNAVAILABLE,
        ErrorCode.TIMEOUT,
        ErrorCode.RATE_LIMITED,
        ErrorCode.PROTOCOL,
        ErrorCode.UNAUTHORIZED,
    }
)
"""Failures that say the vendor is unwell, not that the request was wrong."""


class Catalog:
    """The marketplaces a run can shop at, read as one catalog."""

    def __init__(self, shop: ShopConnector, bazaar: BazaarConnector | None) -> None:
        self.shop = shop
        self.bazaar = bazaar

    @property
    def marketplaces(self) -> tuple[str, ...]:
        return MARKETPLACES if self.bazaar is not None else ("shop",)

    def _bazaar(self) -> BazaarConnector:
        if self.bazaar is None:
            raise VendorError(
                ErrorCode.UNAVAILABLE, "the bazaar is not configured for this run", vendor="bazaar"
            )
        return self.bazaar

    # -- search ---------------------------------------------------------------------------------

    async def search(
        self,
        query: str | None,
        *,
        min_price: float | None = None,
        max_price: float | None = None,
        options: Mapping[str, str] | None = None,
        available_only: bool = True,
        limit: int = 10,
        marketplaces: tuple[str, ...] | None = None,
    ) -> dict[str, Any]:
        """The best `limit` offers from every marketplace asked, as canonical offers."""
        wanted = [m for m in (marketplaces or self.marketplaces) if m in self.marketplaces]
        calls: dict[str, Awaitable[tuple[list[Offer], int]]] = {}
        if "shop" in wanted:
            calls["shop"] = self._search_shop(
                query, min_price, max_price, options, available_only, limit
            )
        if "bazaar" in wanted:
            calls["bazaar"] = self._search_bazaar(
                query, min_price, max_price, options, available_only, limit
            )
        answers = await asyncio.gather(*calls.values(), return_exceptions=True)
        offers: list[Offer] = []
        totals: dict[str, int] = {}
        unavailable: dict[str, dict[str, Any]] = {}
        for marketplace, answer in zip(calls, answers, strict=True):
            if isinstance(answer, VendorError):
                unavailable[marketplace] = answer.to_dict()
                continue
            if isinstance(answer, BaseException):
                raise answer
            found, total = answer
            offers += found
            totals[marketplace] = total
        if calls and len(unavailable) == len(calls):
            first = next(iter(answers))
            assert isinstance(first, VendorError)
            raise first
        ranked = rank(offers, query)[:limit]
        return {
            "results": [offer.to_dict() for offer in ranked],
            "total": sum(totals.values()),
            "by_marketplace": totals,
            "unavailable": unavailable,
        }

    async def _search_shop(
        self,
        query: str | None,
        min_price: float | None,
        max_price: float | None,
        options: Mapping[str, str] | None,
        available_only: bool,
        limit: int,
    ) -> tuple[list[Offer], int]:
        answer = await self.shop.search(
            q=query,
            min_price=min_price,
            max_price=max_price,
            options=options or None,
            available_only=available_only,
            limit=limit,
        )
        with vendor_data("shop", "a search result"):
            found = [shop_offer(hit, to_cents(hit["price"])) for hit in answer["results"]]
            return found, int(answer["total"])

    async def _search_bazaar(
        self,
        query: str | None,
        min_price: float | None,
        max_price: float | None,
        options: Mapping[str, str] | None,
        available_only: bool,
        limit: int,
    ) -> tuple[list[Offer], int]:
        bazaar = self._bazaar()
        filters: dict[str, Any] = {
            "min_price_minor": None if min_price is None else to_cents(min_price),
            "max_price_minor": None if max_price is None else to_cents(max_price),
            "in_stock": available_only,
        }
        if options:  # attribute spellings differ, so options are matched here, normalised
            listings = await bazaar.search_all(query, **filters)
            wanted = canonical_attributes(dict(options))
            with vendor_data("bazaar", "a listing"):
                found = [offer for offer in map(bazaar_offer, listings) if _has(offer, wanted)]
            return found[:limit], len(found)
        page = await bazaar.search(query, limit=limit, **filters)
        with vendor_data("bazaar", "a listing"):
            return ([bazaar_offer(listing) for listing in page["data"]], int(page["page"]["total"]))

    # -- single offers --------------------------------------------------------------------------

    async def listing(self, sku: str) -> Offer:
        """The bazaar offer a bazaar SKU names."""
        if marketplace_of(sku) != "bazaar":
            raise VendorError(ErrorCode.NOT_FOUND, f"{sku} is not a bazaar SKU", vendor="agentcli")
        listing = await self._bazaar().get_listing(sku)
        with vendor_data("bazaar", "a listing"):
            return bazaar_offer(listing)

    async def offers_of(self, canonical: str) -> list[Offer]:
        """Every marketplace's offers of one canonical product, cheapest available first."""
        if not CANONICAL_ID.fullmatch(canonical):
            raise VendorError(
                ErrorCode.INVALID_REQUEST, f"{canonical} is not a canonical id", vendor="agentcli"
            )
        words = canonical[3:].rsplit("-", 1)[0].replace("-", " ")
        found = await self.search(words, available_only=False, limit=RESOLVE_LIMIT)
        offers = [r for r in found["results"] if r["canonical_id"] == canonical]
        offers.sort(key=lambda r: (not r["available"], r["price_minor"], r["marketplace"]))
        return [_offer(r) for r in offers]

    # -- the cart -------------------------------------------------------------------------------

    async def cart(self, user_id: str) -> dict[str, Any]:
        """Both marketplaces' carts as one: canonical lines, per-marketplace totals."""
        shop_cart = await self.shop.get_cart(user_id)
        bazaar_cart, unavailable = None, {}
        if self.bazaar is not None:
            try:
                bazaar_cart = await self.bazaar.get_cart(user_id)
            except VendorError as error:
                if error.code not in OUTAGES:
                    raise
                unavailable["bazaar"] = error.to_dict()
        with vendor_data("shop or bazaar", "a cart"):
            return {**merge_carts(user_id, shop_cart, bazaar_cart), "unavailable": unavailable}


def _has(offer: Offer, wanted: dict[str, str]) -> bool:
    mine = canonical_attributes(dict(offer.options))
    return all(mine.get(key) == attribute_value(value) for key, value in wanted.items())


def _offer(data: dict[str, Any]) -> Offer:
    fields = {k: v for k, v in data.items() if k not in ("price", "seller_rating")}
    return Offer(**fields)


def rank(offers: list[Offer], query: str | None) -> list[Offer]:
    """Types named by the query first; within a type the shop first, then by price."""
    wanted = {singular(w) for w in (query or "").lower().split()}

    def named(offer: Offer) -> bool:
        return bool(wanted & set(offer.product_type.split("-")))

    order = {name: n for n, name in enumerate(MARKETPLACES)}
    return sorted(
        offers,
        key=lambda o: (
            not named(o),
            o.product_type,
            order.get(o.marketplace, 9),
            o.price_minor,
            o.sku,
        ),
    )


def merge_carts(
    user_id: str, shop_cart: dict[str, Any], bazaar_cart: dict[str, Any] | None
) -> dict[str, Any]:
    """One canonical cart; each line says its marketplace and vendor SKU."""
    items: list[dict[str, Any]] = []
    for line in shop_cart["items"]:
        price_minor = to_cents(line["price"])
        items.append(
            {
                **line,
                "marketplace": "shop",
                "sku": line["item_id"],
                "price_minor": price_minor,
                "line_total_minor": price_minor * line["quantity"],
                "available": line.get("available", True),
                "seller": {"id": "shop", "name": "shop", "rating": None},
            }
        )
    shop_total = sum(i["line_total_minor"] for i in items)
    by_marketplace: dict[str, Any] = {"shop": {"items": len(items), "total_minor": shop_total}}
    if bazaar_cart is not None:
        for line in bazaar_cart["lines"]:
            items.append(
                {
                    "marketplace": "bazaar",
                    "sku": line["sku"],
                    "item_id": line["sku"],
                    "product_id": line["sku"].rsplit("-", 1)[0],
                    "name": line["title"],
                    "options": {},
                    "quantity": line["qty"],
                    "price": line["unit_price_minor"] / 100,
                    "price_minor": line["unit_price_minor"],
                    "line_total_minor": line["total_minor"],
                    "discount_minor": line["discount_minor"],
                    "available": line.get("in_stock", True),
                    "seller": {"id": line.get("seller_id")},
                }
            )
        by_marketplace["bazaar"] = {
            "items": len(bazaar_cart["lines"]),
            "subtotal_minor": bazaar_cart["subtotal_minor"],
            "discount_minor": bazaar_cart["discount_minor"],
            "total_minor": bazaar_cart["total_minor"],
            "promotions": bazaar_cart["promotions"],
            "promo_code": bazaar_cart.get("promo_code"),
            "problems": bazaar_cart["problems"],
        }
    total_minor = sum(m["total_minor"] for m in by_marketplace.values())
    return {
        "user_id": user_id,
        "items": items,
        "total": total_minor / 100,
        "total_minor": total_minor,
        "currency": "USD",
        "by_marketplace": by_marketplace,
    }


__all__ = ["Catalog", "merge_carts", "rank", "type_key"]
