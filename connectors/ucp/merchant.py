"""A UCP merchant behind the merchant checkout port, on the connector base.

Every call speaks the version the merchant's profile advertises (discovered once, on the
first call); every write carries an `Idempotency-Key`; every answer is checked against the
protocol's schemas before it is read. The UCP wire shapes stay in `connectors.ucp.wire`.
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from connectors.base import Connector, status_code_error
from connectors.config import PaymentCredential
from connectors.errors import ErrorCode, VendorError
from connectors.merchant import (
    BasketLine,
    Buyer,
    CheckoutSession,
    MerchantOrder,
    MerchantProduct,
    WriteKeys,
)
from connectors.ucp import wire
from connectors.ucp.discovery import WELL_KNOWN, MerchantProfile, read_profile
from connectors.ucp.feed import search_configured_feed
from connectors.ucp.shapes import CATALOG_SEARCH, CHECKOUT, ORDER, checked

ERROR_CODES = {
    "INSUFFICIENT_FUNDS": ErrorCode.INSUFFICIENT_FUNDS,
    "PAYMENT_FAILED": ErrorCode.PAYMENT_DECLINED,
    "PAYMENT_DECLINED": ErrorCode.PAYMENT_DECLINED,
    "FRAUD_DETECTED": ErrorCode.PAYMENT_DECLINED,
    "UNKNOWN_TOKEN": ErrorCode.PAYMENT_DECLINED,
    "OUT_OF_STOCK": ErrorCode.OUT_OF_STOCK,
    "CHECKOUT_NOT_MODIFIABLE": ErrorCode.INVALID_STATE,
    "IDEMPOTENCY_CONFLICT": ErrorCode.CONFLICT,
    "RESOURCE_NOT_FOUND": ErrorCode.NOT_FOUND,
    "NOT_FOUND": ErrorCode.NOT_FOUND,
    "VERSION_UNSUPPORTED": ErrorCode.PROTOCOL,
    "INVALID_REQUEST": ErrorCode.INVALID_REQUEST,
}
"""The error codes UCP merchants send, as canonical codes."""


class UcpMerchant(Connector):
    """One UCP merchant (`name` is how the connectors config calls it)."""

    vendor = "ucp"

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        name: str = "ucp",
        feed: tuple[MerchantProduct, ...] | None = None,
        **options: Any,
    ) -> None:
        super().__init__(client, **options)
        self.vendor = name
        #: the products of the configured product feed (None: the merchant has none)
        self.feed = feed
        self._profile: MerchantProfile | None = None

    @property
    def name(self) -> str:
        return self.vendor

    @property
    def protocol(self) -> str:
        return "ucp"

    # -- discovery and the protocol's headers ---------------------------------------------------

    async def profile(self) -> MerchantProfile:
        """The merchant's profile, read from `/.well-known/ucp` on first use."""
        if self._profile is None:
            self._profile = read_profile(await self.request("GET", WELL_KNOWN), self.vendor)
        return self._profile

    def protocol_headers(self) -> dict[str, str]:
        if self._profile is None:
            return {}
        headers = {
            "UCP-Agent": f'version="{self._profile.version}"',
            "Request-Id": str(uuid.uuid4()),
        }
        if self._profile.version == "2026-01-11":  # its REST binding requires the header
            headers["Request-Signature"] = "unsigned"
        return headers

    async def _call(
        self, method: str, path: str, body: Any = None, keys: str | None = None
    ) -> tuple[MerchantProfile, Any]:
        profile = await self.profile()
        answer = await self.request(
            method, f"{profile.endpoint}{path}", json_body=body, idempotency_key=keys
        )
        return profile, answer

    async def _session(
        self, method: str, path: str, body: Any = None, key: str | None = None
    ) -> CheckoutSession:
        profile, answer = await self._call(method, path, body, key)
        session = checked(answer, profile.version, CHECKOUT, vendor=self.vendor, what="a checkout")
        return wire.read_session(self.vendor, session)

    # -- the port -------------------------------------------------------------------------------

    async def search(self, query: str, limit: int = 10) -> list[MerchantProduct]:
        profile = await self.profile()
        if profile.has_catalog:
            _, answer = await self._call("POST", "/catalog/search", {"query": query})
            found = checked(
                answer,
                profile.version,
                CATALOG_SEARCH,
                vendor=self.vendor,
                what="a catalog search",
                pointer="/$defs/search_response",
            )
            return wire.read_products(self.vendor, found)[:limit]
        return search_configured_feed(
            self.vendor,
            self.feed,
            query,
            limit,
            lacking=f"{self.vendor} has no catalog capability",
        )

    async def payment_handlers(self) -> frozenset[str]:
        return (await self.profile()).payment_handlers

    async def create_session(
        self, lines: list[BasketLine], buyer: Buyer, currency: str, keys: WriteKeys
    ) -> CheckoutSession:
        profile = await self.profile()
        body = wire.create_body(profile.version, lines, buyer, currency)
        return await self._session("POST", "/checkout-sessions", body, keys.key)

    async def update_session(
        self,
        session_id: str,
        buyer: Buyer,
        keys: WriteKeys,
        discount_codes: tuple[str, ...] = (),
    ) -> CheckoutSession:
        """The buyer and the address set, the address selected, the cheapest option, then
        the discount codes: one keyed update per step the session still needs."""
        profile = await self.profile()
        raw = await self._raw_session(session_id)
        session = wire.read_session(self.vendor, raw)
        path = f"/checkout-sessions/{session_id}"
        for step in wire.UPDATE_STEPS:
            body = wire.session_update(profile.version, raw, buyer, step, discount_codes)
            if body is None:
                continue
            _, answer = await self._call("PUT", path, body, keys.part(step))
            raw = checked(answer, profile.version, CHECKOUT, vendor=self.vendor, what="a checkout")
            session = wire.read_session(self.vendor, raw)
        return session

    async def _raw_session(self, session_id: str) -> dict[str, Any]:
        profile, answer = await self._call("GET", f"/checkout-sessions/{session_id}")
        return checked(answer, profile.version, CHECKOUT, vendor=self.vendor, what="a checkout")

    async def get_session(self, session_id: str) -> CheckoutSession:
        return await self._session("GET", f"/checkout-sessions/{session_id}")

    async def complete_session(
        self, session_id: str, payment: PaymentCredential, keys: WriteKeys
    ) -> CheckoutSession:
        profile = await self.profile()
        body = wire.complete_body(profile.version, payment)
        return await self._session(
            "POST", f"/checkout-sessions/{session_id}/complete", body, keys.key
        )

    async def cancel_session(self, session_id: str, keys: WriteKeys) -> CheckoutSession:
        return await self._session("POST", f"/checkout-sessions/{session_id}/cancel", {}, keys.key)

    async def get_order(self, order_id: str) -> MerchantOrder:
        profile, answer = await self._call("GET", f"/orders/{order_id}")
        order = checked(answer, profile.version, ORDER, vendor=self.vendor, what="an order")
        return wire.read_order(self.vendor, order)

    # -- errors ---------------------------------------------------------------------------------

    def error_from(self, response: httpx.Response, body: Any) -> VendorError | None:
        if response.status_code < 400:
            return super().error_from(response, body)
        code, message = wire.error_detail(body)
        canonical = ERROR_CODES.get(code or "", status_code_error(response.status_code))
        return VendorError(
            canonical,
            f"{self.vendor}: {message or f'HTTP {response.status_code}'}",
            vendor=self.vendor,
            status=response.status_code,
            raw=body,
        )


def ucp_merchant(name: str, client: httpx.AsyncClient, **options: Any) -> UcpMerchant:
    """A connector for the UCP merchant the connectors config calls `name`."""
    return UcpMerchant(client, name=name, **options)
