"""The merchants a run buys from over an open protocol, and the buyer it buys for.

Read from the connectors config for a live run, or from a recording for its replay (the
recording keeps each merchant's address and product feed, and the buyer with personal
values as the cassette's tokens and no payment token). A protocol registers how to connect
to its merchants in `CONNECT`; the rest of the agent sees only the merchant checkout port.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

import httpx

from connectors.acp.merchant import acp_merchant
from connectors.config import ConnectorsConfig, PaymentCredential
from connectors.merchant import Buyer, MerchantCheckout, MerchantProduct
from connectors.ucp.feed import read_feed
from connectors.ucp.merchant import ucp_merchant

PERSONAL_BUYER_FIELDS = (
    "first_name",
    "last_name",
    "full_name",
    "email",
    "phone",
    "street_address",
    "extended_address",
    "city",
    "postal_code",
)
"""The buyer's fields a recording keeps only as the cassette's tokens."""
UNRECORDED_TOKEN = "[FILTERED]"
"""A replayed payment credential's token: it never leaves the recording machine."""

Connect = Callable[..., MerchantCheckout]
CONNECT: dict[str, Connect] = {"ucp": ucp_merchant, "acp": acp_merchant}
"""Protocol → (name, client, *, feed, **connector options) → a merchant checkout."""


@dataclass(frozen=True)
class MerchantSpec:
    """One merchant: what the config calls it, its protocol, where it is, its product feed."""

    name: str
    protocol: str
    base_url: str
    feed: tuple[MerchantProduct, ...] | None = None


@dataclass(frozen=True)
class ProtocolMerchants:
    """Every protocol merchant of a run, the buyer, and the payment instruments."""

    specs: tuple[MerchantSpec, ...]
    buyer: Buyer | None
    payment: tuple[PaymentCredential, ...]

    @classmethod
    def from_config(cls, config: ConnectorsConfig) -> ProtocolMerchants:
        """The config's protocol merchants (a feed is read now: a bad one is a config error)."""
        specs = tuple(
            MerchantSpec(
                name,
                endpoint.kind,
                endpoint.base_url,
                read_feed(endpoint.catalog, name) if endpoint.catalog is not None else None,
            )
            for name, endpoint in config.vendors.items()
            if endpoint.kind in CONNECT
        )
        profile = config.profile
        buyer = Buyer.of(profile) if profile is not None else None
        return cls(specs, buyer, tuple(profile.payment) if profile is not None else ())

    def connect(
        self, client_for: Callable[[MerchantSpec], httpx.AsyncClient], **options: Any
    ) -> tuple[dict[str, MerchantCheckout], dict[str, httpx.AsyncClient]]:
        """A connected merchant per spec, and the clients made for them by merchant name."""
        merchants: dict[str, MerchantCheckout] = {}
        clients: dict[str, httpx.AsyncClient] = {}
        for spec in self.specs:
            client = clients[spec.name] = client_for(spec)
            merchants[spec.name] = CONNECT[spec.protocol](
                spec.name, client, feed=spec.feed, **options
            )
        return merchants, clients

    def to_record(self, token: Callable[[str], str]) -> dict[str, Any]:
        """What a recording keeps: personal values as `token(value)`, no payment token."""
        buyer = None
        if self.buyer is not None:
            buyer = self.buyer.to_record()
            for name in PERSONAL_BUYER_FIELDS:
                if buyer[name] is not None:
                    buyer[name] = token(buyer[name])
        return {
            "merchants": [
                {
                    **asdict(spec),
                    "feed": None if spec.feed is None else [asdict(p) for p in spec.feed],
                }
                for spec in self.specs
            ],
            "buyer": buyer,
            "payment": [
                {**credential.model_dump(), "token": UNRECORDED_TOKEN}
                for credential in self.payment
            ],
        }

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> ProtocolMerchants:
        specs = tuple(
            MerchantSpec(
                m["name"],
                m["protocol"],
                m["base_url"],
                None if m["feed"] is None else tuple(MerchantProduct(**p) for p in m["feed"]),
            )
            for m in record.get("merchants", [])
        )
        buyer = Buyer.from_record(record["buyer"]) if record.get("buyer") else None
        payment = tuple(PaymentCredential.model_validate(p) for p in record.get("payment", []))
        return cls(specs, buyer, payment)
