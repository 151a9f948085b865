"""An ACP merchant behind the merchant checkout port, over `AcpConnector`'s five operations.

Search reads the product feed the platform holds for the merchant (ACP merchants push feeds
to platforms; the protocol has no search call). ACP has no order endpoint either: an order is
what a completed session states, so `get_order` answers from the completed sessions read.
"""

from __future__ import annotations

from typing import Any

import httpx

from connectors.acp.connector import AcpConnector
from connectors.config import PaymentCredential
from connectors.errors import ErrorCode, VendorError
from connectors.merchant import (
    BasketLine,
    Buyer,
    CheckoutSession,
    MerchantOrder,
    MerchantProduct,
    OrderLine,
    SessionLine,
    SessionStatus,
    SessionTotal,
    WriteKeys,
)
from connectors.ucp.feed import search_configured_feed

STATUSES: dict[str, SessionStatus] = {
    "not_ready_for_payment": "open",
    "authentication_required": "open",
    "complete_in_progress": "open",
    "ready_for_payment": "ready",
    "completed": "completed",
    "canceled": "canceled",
}


class AcpMerchant:
    """One ACP merchant (`name` is how the connectors config calls it)."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        *,
        name: str = "acp",
        feed: tuple[MerchantProduct, ...] | None = None,
        **options: Any,
    ) -> None:
        self.acp = AcpConnector(client, name=name, **options)
        self.feed = feed
        #: the raw sessions last read, by id (their handlers, fulfilment and order)
        self._sessions: dict[str, dict[str, Any]] = {}

    @property
    def name(self) -> str:
        return self.acp.vendor

    @property
    def protocol(self) -> str:
        return "acp"

    async def search(self, query: str, limit: int = 10) -> list[MerchantProduct]:
        return search_configured_feed(
            self.name, self.feed, query, limit, lacking="ACP has no search call"
        )

    async def payment_handlers(self) -> frozenset[str]:
        return frozenset(h["id"] for s in self._sessions.values() for h in _handlers(s))

    async def create_session(
        self, lines: list[BasketLine], buyer: Buyer, currency: str, keys: WriteKeys
    ) -> CheckoutSession:
        body = {
            "currency": currency.lower(),
            "line_items": [{"id": line.product_id} for line in lines for _ in range(line.quantity)],
            "buyer": _buyer(buyer),
            "fulfillment_details": _fulfilment(buyer),
            "capabilities": {"interventions": {"supported": []}},
        }
        return self._read(await self.acp.create_session(body, keys.key))

    async def update_session(
        self,
        session_id: str,
        buyer: Buyer,
        keys: WriteKeys,
        discount_codes: tuple[str, ...] = (),
    ) -> CheckoutSession:
        """The buyer and the address given and the cheapest shipping chosen, in one keyed update
        (ACP sessions take discount codes only through an extension, not offered here)."""
        raw = await self.acp.get_session(session_id)
        body: dict[str, Any] = {"buyer": _buyer(buyer), "fulfillment_details": _fulfilment(buyer)}
        options = [o for o in raw.get("fulfillment_options", []) if o.get("type") == "shipping"]
        if options:
            cheapest = min(options, key=_option_cost)
            items = [line["item"]["id"] for line in raw.get("line_items", [])]
            body["selected_fulfillment_options"] = [
                {"type": "shipping", "option_id": cheapest["id"], "item_ids": items}
            ]
        return self._read(await self.acp.update_session(session_id, body, keys.key))

    async def get_session(self, session_id: str) -> CheckoutSession:
        return self._read(await self.acp.get_session(session_id))

    async def complete_session(
        self, session_id: str, payment: PaymentCredential, keys: WriteKeys
    ) -> CheckoutSession:
        raw = self._sessions.get(session_id) or await self.acp.get_session(session_id)
        body = {
            "payment_data": {
                "handler_id": _handler_for(raw, payment),
                "instrument": {
                    "type": "card",
                    "credential": {"type": "spt", "token": payment.token},
                },
            },
        }
        return self._read(await self.acp.complete_session(session_id, body, keys.key))

    async def cancel_session(self, session_id: str, keys: WriteKeys) -> CheckoutSession:
        return self._read(await self.acp.cancel_session(session_id, {}, keys.key))

    async def get_order(self, order_id: str) -> MerchantOrder:
        for raw in self._sessions.values():
            if _order_id(raw) == order_id:
                session = self._read(raw)
                lines = tuple(
                    OrderLine(line.product_id, line.title, line.quantity, line.total_minor)
                    for line in session.lines
                )
                return MerchantOrder(
                    self.name,
                    order_id,
                    raw["id"],
                    lines,
                    session.total_minor,
                    session.currency,
                    "confirmed",
                )
        raise VendorError(
            ErrorCode.NOT_FOUND,
            f"{self.name}: no completed checkout session read here states order {order_id} "
            "(ACP has no order lookup)",
            vendor=self.name,
        )

    def _read(self, raw: dict[str, Any]) -> CheckoutSession:
        """The port's view of an ACP session (every figure the merchant's own)."""
        self._sessions[raw["id"]] = raw
        totals = tuple(
            SessionTotal(t["type"], t.get("display_text", t["type"]), int(t["amount"]))
            for t in raw.get("totals", [])
        )
        total = next((t.amount_minor for t in totals if t.kind == "total"), 0)
        chosen = {o.get("option_id") for o in raw.get("selected_fulfillment_options", [])}
        fulfilment = next(
            (o.get("title") for o in raw.get("fulfillment_options", []) if o.get("id") in chosen),
            None,
        )
        return CheckoutSession(
            merchant=self.name,
            session_id=raw["id"],
            status=STATUSES.get(raw["status"], "open"),
            currency=raw["currency"].upper(),
            lines=tuple(_line(line) for line in raw.get("line_items", [])),
            totals=totals,
            total_minor=total,
            fulfilment=fulfilment,
            order_id=_order_id(raw),
            messages=tuple(
                m["content"]
                for m in raw.get("messages", [])
                if m.get("type") in ("error", "warning") and "content" in m
            ),
        )


def _order_id(raw: dict[str, Any]) -> str | None:
    """The order of a completed session: its `order` (complete's answer); a session read back
    carries none in ACP, so a merchant's note of it in the metadata is read."""
    if raw.get("status") != "completed":
        return None
    found = (raw.get("order") or {}).get("id") or (raw.get("metadata") or {}).get("order_id")
    return str(found) if found else None


def _line(line: dict[str, Any]) -> SessionLine:
    total = next((t["amount"] for t in line.get("totals", []) if t["type"] == "subtotal"), None)
    quantity = int(line.get("quantity", 1))
    unit = int(line.get("unit_amount", 0))
    return SessionLine(
        line["item"]["id"],
        line.get("name") or line["item"]["id"],
        quantity,
        unit,
        int(total) if total is not None else unit * quantity,
    )


def _option_cost(option: dict[str, Any]) -> int:
    return int(next((t["amount"] for t in option.get("totals", []) if t["type"] == "total"), 0))


def _handlers(raw: dict[str, Any]) -> list[dict[str, Any]]:
    return list(raw.get("capabilities", {}).get("payment", {}).get("handlers", []))


def _handler_for(raw: dict[str, Any], payment: PaymentCredential) -> str:
    """The credential's handler when the session offers it, else the session's delegated card
    handler (a card token the platform holds is what delegated payment charges)."""
    handlers = _handlers(raw)
    if any(h["id"] == payment.handler for h in handlers):
        return payment.handler
    delegated = [h["id"] for h in handlers if h.get("requires_delegate_payment")]
    return delegated[0] if delegated else payment.handler


def _buyer(buyer: Buyer) -> dict[str, Any]:
    fields = {"first_name": buyer.first_name, "last_name": buyer.last_name, "email": buyer.email}
    return {**fields, **({"phone_number": buyer.phone} if buyer.phone else {})}


def _fulfilment(buyer: Buyer) -> dict[str, Any]:
    address: dict[str, Any] = {
        "name": buyer.full_name,
        "line_one": buyer.street_address,
        "city": buyer.city,
        "state": buyer.region or "",
        "country": buyer.country,
        "postal_code": buyer.postal_code,
    }
    if buyer.extended_address:
        address["line_two"] = buyer.extended_address
    details: dict[str, Any] = {"name": buyer.full_name, "email": buyer.email, "address": address}
    if buyer.phone:
        details["phone_number"] = buyer.phone
    return details


def acp_merchant(name: str, client: httpx.AsyncClient, **options: Any) -> AcpMerchant:
    """A checkout port for the ACP merchant the connectors config calls `name`."""
    return AcpMerchant(client, name=name, **options)
