"""The shop vendor's connector: τ² retail users, catalog, carts and orders over HTTP.

Method arguments are named like the τ² tool arguments (`order_id`, `item_ids`, `zip`, …), so a
τ² tool call maps onto a method with `**arguments`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, TypedDict
from urllib.parse import quote

import httpx

from connectors.base import Connector
from connectors.errors import ErrorCode, VendorError
from connectors.shapes import Cart, Order, Product, SearchPage, User, Variant, checked

SHOP_ERRORS: dict[str, ErrorCode] = {
    "not_found": ErrorCode.NOT_FOUND,
    "invalid_request": ErrorCode.INVALID_REQUEST,
    "bad_request": ErrorCode.INVALID_REQUEST,
    "invalid_state": ErrorCode.INVALID_STATE,
    "out_of_stock": ErrorCode.OUT_OF_STOCK,
    "insufficient_funds": ErrorCode.INSUFFICIENT_FUNDS,
    "idempotency_conflict": ErrorCode.CONFLICT,
}
"""Shop envelope `code` → canonical code."""

Record = dict[str, Any]
RECORD_SHAPES: dict[str, type] = {
    "user_id": User,
    "order_id": Order,
    "product_id": Product,
    "item_id": Variant,
}
"""The id field a record answer carries → the shape the whole answer must have."""


class OrderLine(TypedDict):
    item_id: str
    quantity: int


def _segment(value: str) -> str:
    """One URL path segment, with '#', '/' and friends percent-encoded."""
    return quote(value, safe="")


def _order(order_id: str) -> str:
    return f"/orders/{_segment(order_id)}"


def _address(
    address1: str, address2: str, city: str, state: str, country: str, zip: str
) -> dict[str, str]:
    return {
        "address1": address1,
        "address2": address2,
        "city": city,
        "state": state,
        "country": country,
        "zip": zip,
    }


def _item_change(
    item_ids: Sequence[str], new_item_ids: Sequence[str], payment_method_id: str
) -> dict[str, Any]:
    return {
        "item_ids": list(item_ids),
        "new_item_ids": list(new_item_ids),
        "payment_method_id": payment_method_id,
    }


def _shop_code(body: Any) -> ErrorCode | None:
    envelope = body.get("error") if isinstance(body, dict) else None
    code = envelope.get("code") if isinstance(envelope, dict) else None
    return SHOP_ERRORS.get(code) if isinstance(code, str) else None


class ShopConnector(Connector):
    """The retail marketplace: look people and products up, fill carts, place and change orders."""

    vendor = "shop"

    def error_from(self, response: httpx.Response, body: Any) -> VendorError | None:
        error = super().error_from(response, body)
        if response.status_code < 400:
            if error is None and not isinstance(body, dict):
                message = "shop answered with something that is not a JSON object"
                return self._protocol(message, body, status=response.status_code)
            return error
        code = _shop_code(body) if response.status_code < 500 else None
        if error is None or code is None:
            return error
        return VendorError(
            code,
            error.message,
            vendor=self.vendor,
            status=error.status,
            raw=body,
            retry_after=error.retry_after,
        )

    # -- users ----------------------------------------------------------------------------

    async def find_user_by_email(self, email: str) -> str:
        answer = await self.request("GET", "/users/by-email", params={"email": email})
        return self._string(answer, "user_id")

    async def find_user_by_name_zip(self, first_name: str, last_name: str, zip: str) -> str:
        query = {"first_name": first_name, "last_name": last_name, "zip": zip}
        answer = await self.request("GET", "/users/by-name-zip", params=query)
        return self._string(answer, "user_id")

    async def get_user(self, user_id: str) -> Record:
        return self._record(await self.request("GET", f"/users/{_segment(user_id)}"), "user_id")

    async def modify_user_address(
        self,
        user_id: str,
        address1: str,
        address2: str,
        city: str,
        state: str,
        country: str,
        zip: str,
        idempotency_key: str | None = None,
    ) -> Record:
        answer = await self.request(
            "PUT",
            f"/users/{_segment(user_id)}/address",
            json_body=_address(address1, address2, city, state, country, zip),
            idempotency_key=idempotency_key,
        )
        return self._record(answer, "user_id")

    # -- catalog --------------------------------------------------------------------------

    async def list_product_types(self) -> dict[str, str]:
        """Product name → product id, for every product."""
        answer = await self.request("GET", "/products")
        if not all(isinstance(k, str) and isinstance(v, str) for k, v in answer.items()):
            raise self._protocol("/products did not map names to ids", answer)
        return dict(answer)

    async def get_product(self, product_id: str) -> Record:
        answer = await self.request("GET", f"/products/{_segment(product_id)}")
        return self._record(answer, "product_id")

    async def get_item(self, item_id: str) -> Record:
        return self._record(await self.request("GET", f"/items/{_segment(item_id)}"), "item_id")

    async def search(
        self,
        q: str | None = None,
        min_price: float | None = None,
        max_price: float | None = None,
        options: Mapping[str, str] | None = None,
        available_only: bool = False,
        limit: int = 20,
    ) -> Record:
        """Variants matching all the filters: `{"results": [...], "total": n}`."""
        query: dict[str, Any] = {
            "q": q,
            "min_price": min_price,
            "max_price": max_price,
            "option": [f"{key}:{value}" for key, value in (options or {}).items()] or None,
            "available": "true" if available_only else None,
            "limit": limit,
        }
        answer = await self.request("GET", "/search", params=query)
        if not isinstance(answer.get("results"), list) or not isinstance(answer.get("total"), int):
            raise self._protocol("/search answered without results and total", answer)
        page: Record = checked(answer, SearchPage, self.vendor)
        return page

    # -- carts ----------------------------------------------------------------------------

    async def get_cart(self, user_id: str) -> Record:
        return self._cart(await self.request("GET", f"/carts/{_segment(user_id)}"))

    async def add_to_cart(
        self, user_id: str, item_id: str, quantity: int = 1, idempotency_key: str | None = None
    ) -> Record:
        answer = await self.request(
            "POST",
            f"/carts/{_segment(user_id)}/items",
            json_body={"item_id": item_id, "quantity": quantity},
            idempotency_key=idempotency_key,
        )
        return self._cart(answer)

    async def remove_from_cart(
        self,
        user_id: str,
        item_id: str,
        quantity: int | None = None,
        idempotency_key: str | None = None,
    ) -> Record:
        """Take `quantity` units (all when None) of the item out of the cart."""
        answer = await self.request(
            "DELETE",
            f"/carts/{_segment(user_id)}/items/{_segment(item_id)}",
            params={"quantity": quantity},
            idempotency_key=idempotency_key,
        )
        return self._cart(answer)

    # -- orders ---------------------------------------------------------------------------

    async def create_order(
        self,
        user_id: str,
        items: Sequence[OrderLine],
        payment_method_id: str,
        payment_reference: str | None,
        from_cart: bool = False,
        address: Mapping[str, str] | None = None,
        idempotency_key: str | None = None,
    ) -> Record:
        """Place a pending order; `payment_reference` is the pay vendor's intent id."""
        body: dict[str, Any] = {
            "user_id": user_id,
            "items": [dict(line) for line in items],
            "payment_method_id": payment_method_id,
            "payment_reference": payment_reference,
            "from_cart": from_cart,
        }
        if address is not None:
            body["address"] = dict(address)
        answer = await self.request(
            "POST", "/orders", json_body=body, idempotency_key=idempotency_key
        )
        return self._record(answer, "order_id")

    async def get_order(self, order_id: str) -> Record:
        return self._record(await self.request("GET", _order(order_id)), "order_id")

    async def cancel_order(
        self, order_id: str, reason: str, idempotency_key: str | None = None
    ) -> Record:
        return await self._change(order_id, "cancel", {"reason": reason}, idempotency_key)

    async def modify_order_address(
        self,
        order_id: str,
        address1: str,
        address2: str,
        city: str,
        state: str,
        country: str,
        zip: str,
        idempotency_key: str | None = None,
    ) -> Record:
        body = _address(address1, address2, city, state, country, zip)
        return await self._change(order_id, "address", body, idempotency_key)

    async def modify_order_payment(
        self,
        order_id: str,
        payment_method_id: str,
        idempotency_key: str | None = None,
        payment_reference: str | None = None,
    ) -> Record:
        """Pay with another method; `payment_reference` names the pay intent that now pays."""
        body: Record = {"payment_method_id": payment_method_id}
        if payment_reference is not None:
            body["payment_reference"] = payment_reference
        return await self._change(order_id, "payment", body, idempotency_key)

    async def modify_order_items(
        self,
        order_id: str,
        item_ids: Sequence[str],
        new_item_ids: Sequence[str],
        payment_method_id: str,
        idempotency_key: str | None = None,
    ) -> Record:
        """Swap items of a pending order for other variants of the same products."""
        body = _item_change(item_ids, new_item_ids, payment_method_id)
        return await self._change(order_id, "items", body, idempotency_key)

    async def exchange_items(
        self,
        order_id: str,
        item_ids: Sequence[str],
        new_item_ids: Sequence[str],
        payment_method_id: str,
        idempotency_key: str | None = None,
    ) -> Record:
        """Ask to exchange items of a delivered order for other variants."""
        body = _item_change(item_ids, new_item_ids, payment_method_id)
        return await self._change(order_id, "exchange", body, idempotency_key)

    async def return_items(
        self,
        order_id: str,
        item_ids: Sequence[str],
        payment_method_id: str,
        idempotency_key: str | None = None,
    ) -> Record:
        """Ask to return items of a delivered order."""
        body = {"item_ids": list(item_ids), "payment_method_id": payment_method_id}
        return await self._change(order_id, "return", body, idempotency_key)

    # -- state ----------------------------------------------------------------------------

    async def state(self) -> Record:
        """The τ² canonical state document (products, users, orders)."""
        answer = await self.request("GET", "/_state")
        for key in ("products", "users", "orders"):
            if not isinstance(answer.get(key), dict):
                raise self._protocol(f"/_state has no {key} map", answer)
        return answer

    async def state_hash(self) -> str:
        return self._string(await self.request("GET", "/_state/hash"), "hash")

    # -- helpers --------------------------------------------------------------------------

    async def _change(
        self, order_id: str, action: str, body: Record, idempotency_key: str | None
    ) -> Record:
        answer = await self.request(
            "POST", f"{_order(order_id)}/{action}", json_body=body, idempotency_key=idempotency_key
        )
        return self._record(answer, "order_id")

    def _record(self, answer: Record, id_field: str) -> Record:
        """The answer, once it carries a string `id_field` and has the record's whole shape."""
        self._string(answer, id_field)
        record: Record = checked(answer, RECORD_SHAPES[id_field], self.vendor)
        return record

    def _string(self, answer: Record, field: str) -> str:
        value = answer.get(field)
        if not isinstance(value, str):
            raise self._protocol(f"shop answered without a {field}", answer)
        return value

    def _cart(self, answer: Record) -> Record:
        if not isinstance(answer.get("items"), list):
            raise self._protocol("shop answered without cart items", answer)
        cart: Record = checked(answer, Cart, self.vendor)
        return cart

    def _protocol(self, message: str, raw: Any, status: int | None = None) -> VendorError:
        if isinstance(raw, str):
            raw = raw[:2000]
        return VendorError(ErrorCode.PROTOCOL, message, vendor=self.vendor, status=status, raw=raw)
