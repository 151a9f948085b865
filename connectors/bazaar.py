"""The bazaar vendor's connector: the second marketplace, with its `ok` envelope.

The bazaar answers some refusals with HTTP 200 and `{"ok": false, "error": {...}}`; this
connector treats the envelope, not the status, as the truth, and maps its codes to canonical
ones. Money stays in integer minor units here, exactly as the bazaar sends it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any
from urllib.parse import quote

import httpx

from connectors import market_shapes as shapes
from connectors.base import Connector
from connectors.errors import ErrorCode, VendorError

BAZAAR_ERRORS: dict[str, ErrorCode] = {
    "BAD_REQUEST": ErrorCode.INVALID_REQUEST,
    "NOT_FOUND": ErrorCode.NOT_FOUND,
    "SKU_NOT_FOUND": ErrorCode.NOT_FOUND,
    "PROMOTION_NOT_FOUND": ErrorCode.NOT_FOUND,
    "VALIDATION_FAILED": ErrorCode.INVALID_REQUEST,
    "INSUFFICIENT_STOCK": ErrorCode.OUT_OF_STOCK,
    "CART_EMPTY": ErrorCode.INVALID_STATE,
    "PROMOTION_NOT_APPLICABLE": ErrorCode.INVALID_STATE,
    "PRICE_CHANGED": ErrorCode.INVALID_STATE,
    "ORDER_NOT_CANCELLABLE": ErrorCode.INVALID_STATE,
    "PAYMENT_REF_ALREADY_USED": ErrorCode.CONFLICT,
    "IDEMPOTENCY_KEY_REUSED": ErrorCode.CONFLICT,
    "RATE_LIMITED": ErrorCode.RATE_LIMITED,
    "INTERNAL": ErrorCode.UNAVAILABLE,
}
"""Envelope `error.code` → canonical code, whatever the HTTP status was."""

CANCEL_REASONS = ("buyer_request", "checkout_failed", "payment_failed", "other")
PAGE_SIZE = 50
MAX_PAGES = 40

Record = dict[str, Any]


def _segment(value: str) -> str:
    return quote(value, safe="")


def _buyer(buyer_id: str) -> str:
    return f"/v2/buyers/{_segment(buyer_id)}"


class BazaarConnector(Connector):
    """Listings, carts, promotions and orders on the bazaar."""

    vendor = "bazaar"

    def error_from(self, response: httpx.Response, body: Any) -> VendorError | None:
        status = response.status_code
        if response.request.url.path.startswith("/_"):  # sandbox control routes: plain JSON
            return super().error_from(response, body)
        envelope = body if isinstance(body, dict) else None
        if envelope is not None and envelope.get("ok") is False and status < 500:
            return self._refusal(response, envelope)
        if status >= 400:
            return super().error_from(response, body)
        if envelope is None or envelope.get("ok") is not True or "data" not in envelope:
            return self._protocol("bazaar answered without its ok/data envelope", body, status)
        return None

    def _refusal(self, response: httpx.Response, envelope: Record) -> VendorError:
        error = envelope.get("error")
        code = error.get("code") if isinstance(error, dict) else None
        canonical = BAZAAR_ERRORS.get(code) if isinstance(code, str) else None
        status = response.status_code
        if canonical is None:
            if status < 400:  # a refusal we cannot classify must not pass as a success
                return self._protocol(
                    f"bazaar refused with an unknown code {code!r}", envelope, status
                )
            fallback = super().error_from(response, envelope)
            assert fallback is not None
            return fallback
        assert isinstance(error, dict)
        detail = error.get("detail")
        base = super().error_from(response, envelope) if status >= 400 else None
        return VendorError(
            canonical,
            detail if isinstance(detail, str) else f"bazaar refused: {code}",
            vendor=self.vendor,
            status=status,
            raw=envelope,
            retry_after=base.retry_after if base else None,
        )

    async def _data(self, method: str, path: str, **kwargs: Any) -> Any:
        return (await self.request(method, path, **kwargs))["data"]

    async def _object(self, method: str, path: str, shape: type, **kwargs: Any) -> Record:
        """The envelope's `data`, once it has the record's shape."""
        data: Record = shapes.checked(await self._data(method, path, **kwargs), shape, self.vendor)
        return data

    # -- catalog --------------------------------------------------------------------------------

    async def search(
        self,
        q: str | None = None,
        *,
        category: str | None = None,
        seller: str | None = None,
        min_price_minor: int | None = None,
        max_price_minor: int | None = None,
        attributes: Mapping[str, str] | None = None,
        in_stock: bool = False,
        limit: int = 20,
        cursor: str | None = None,
    ) -> Record:
        """One page: `{"data": [listing…], "page": {"next_cursor", "total", "limit"}}`."""
        query = {
            "q": q,
            "category": category,
            "seller": seller,
            "min_price_minor": min_price_minor,
            "max_price_minor": max_price_minor,
            "attr": [f"{k}:{v}" for k, v in (attributes or {}).items()] or None,
            "in_stock": "true" if in_stock else None,
            "limit": limit,
            "cursor": cursor,
        }
        answer = await self.request("GET", "/v2/catalog/search", params=query)
        return self._page(answer, "/v2/catalog/search", shapes.Listing)

    async def search_all(self, q: str | None = None, **filters: Any) -> list[Record]:
        """Every matching listing, following the cursor page by page."""
        found: list[Record] = []
        cursor = None
        for _ in range(MAX_PAGES):
            page = await self.search(q, limit=PAGE_SIZE, cursor=cursor, **filters)
            found.extend(page["data"])
            cursor = page["page"].get("next_cursor")
            if not cursor:
                return found
        raise self._protocol("bazaar search did not end after many pages", None)

    async def get_listing(self, sku: str) -> Record:
        return await self._object("GET", f"/v2/catalog/listings/{_segment(sku)}", shapes.Listing)

    async def categories(self) -> list[Record]:
        data = await self._data("GET", "/v2/catalog/categories")
        return self._list(data, "/v2/catalog/categories")

    async def get_seller(self, seller_id: str) -> Record:
        return await self._object("GET", f"/v2/sellers/{_segment(seller_id)}", shapes.Seller)

    async def promotions(self) -> list[Record]:
        return self._list(await self._data("GET", "/v2/promotions"), "/v2/promotions")

    # -- carts ----------------------------------------------------------------------------------

    async def get_cart(self, buyer_id: str) -> Record:
        return await self._object("GET", f"{_buyer(buyer_id)}/cart", shapes.BazaarCart)

    async def add_to_cart(
        self, buyer_id: str, sku: str, qty: int = 1, idempotency_key: str | None = None
    ) -> Record:
        return await self._object(
            "POST",
            f"{_buyer(buyer_id)}/cart/lines",
            shapes.BazaarCart,
            json_body={"sku": sku, "qty": qty},
            idempotency_key=idempotency_key,
        )

    async def remove_from_cart(
        self, buyer_id: str, sku: str, qty: int | None = None, idempotency_key: str | None = None
    ) -> Record:
        """Take `qty` units (all when None) of the SKU out of the cart."""
        return await self._object(
            "DELETE",
            f"{_buyer(buyer_id)}/cart/lines/{_segment(sku)}",
            shapes.BazaarCart,
            params={"qty": qty},
            idempotency_key=idempotency_key,
        )

    async def apply_promo(
        self, buyer_id: str, code: str, idempotency_key: str | None = None
    ) -> Record:
        return await self._object(
            "PUT",
            f"{_buyer(buyer_id)}/cart/promo",
            shapes.BazaarCart,
            json_body={"code": code},
            idempotency_key=idempotency_key,
        )

    async def clear_promo(self, buyer_id: str, idempotency_key: str | None = None) -> Record:
        return await self._object(
            "DELETE",
            f"{_buyer(buyer_id)}/cart/promo",
            shapes.BazaarCart,
            idempotency_key=idempotency_key,
        )

    # -- orders ---------------------------------------------------------------------------------

    async def create_order(
        self,
        buyer_id: str,
        payment_ref: str,
        *,
        lines: Sequence[tuple[str, int]] | None = None,
        from_cart: bool = False,
        promo_code: str | None = None,
        ship_to: Mapping[str, str] | None = None,
        expected_total_minor: int | None = None,
        idempotency_key: str | None = None,
    ) -> Record:
        """Place an order paid by `payment_ref`; refused if the total is not the expected one."""
        body: Record = {"buyer_id": buyer_id, "payment_ref": payment_ref, "from_cart": from_cart}
        if lines is not None:
            body["lines"] = [{"sku": sku, "qty": qty} for sku, qty in lines]
        for name, value in (
            ("promo_code", promo_code),
            ("expected_total_minor", expected_total_minor),
        ):
            if value is not None:
                body[name] = value
        if ship_to is not None:
            body["ship_to"] = dict(ship_to)
        return await self._object(
            "POST",
            "/v2/orders",
            shapes.BazaarOrder,
            json_body=body,
            idempotency_key=idempotency_key,
        )

    async def get_order(self, order_id: str) -> Record:
        return await self._object("GET", f"/v2/orders/{_segment(order_id)}", shapes.BazaarOrder)

    async def list_orders(self, buyer_id: str) -> list[Record]:
        """All of a buyer's orders, newest first, following the cursor."""
        found: list[Record] = []
        cursor = None
        for _ in range(MAX_PAGES):
            answer = await self.request(
                "GET", f"{_buyer(buyer_id)}/orders", params={"limit": PAGE_SIZE, "cursor": cursor}
            )
            page = self._page(answer, "orders", shapes.BazaarOrder)
            found.extend(page["data"])
            cursor = page["page"].get("next_cursor")
            if not cursor:
                return found
        raise self._protocol("bazaar order list did not end after many pages", None)

    async def cancel_order(
        self,
        order_id: str,
        reason: str = "buyer_request",
        skus: Sequence[str] | None = None,
        idempotency_key: str | None = None,
    ) -> Record:
        """Cancel the order (or only `skus`); the answer carries the `refund` now owed."""
        body: Record = {"reason": reason}
        if skus is not None:
            body["skus"] = list(skus)
        order = await self._object(
            "POST",
            f"/v2/orders/{_segment(order_id)}/cancel",
            shapes.BazaarOrder,
            json_body=body,
            idempotency_key=idempotency_key,
        )
        if "refund" not in order:
            raise self._protocol("bazaar cancelled without saying what is owed", order)
        return order

    # -- state ----------------------------------------------------------------------------------

    async def state(self) -> Record:
        answer = await self.request("GET", "/_state")
        if not isinstance(answer, dict) or "orders" not in answer:
            raise self._protocol("/_state is not the bazaar's state document", answer)
        return answer

    async def state_hash(self) -> str:
        answer = await self.request("GET", "/_state/hash")
        if not isinstance(answer, dict) or not isinstance(answer.get("hash"), str):
            raise self._protocol("the state hash answer has no hash", answer)
        return str(answer["hash"])

    # -- helpers --------------------------------------------------------------------------------

    def _page(self, answer: Any, where: str, shape: type) -> Record:
        data, page = answer.get("data"), answer.get("page")
        if not isinstance(page, dict):
            raise self._protocol(f"{where} answered without a page object", answer)
        items = self._list(data, where)
        for item in items:
            shapes.checked(item, shape, self.vendor)
        return {"data": items, "page": page}

    def _list(self, data: Any, where: str) -> list[Record]:
        if not isinstance(data, list) or not all(isinstance(i, dict) for i in data):
            raise self._protocol(f"{where} answered without a list of objects", data)
        return data

    def _protocol(self, message: str, raw: Any, status: int | None = None) -> VendorError:
        if isinstance(raw, str):
            raw = raw[:2000]
        return VendorError(ErrorCode.PROTOCOL, message, vendor=self.vendor, status=status, raw=raw)
