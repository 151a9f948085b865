"""The merchant checkout port: what the agent needs of any merchant that speaks an open protocol.

Search, checkout sessions (create, update with the buyer and fulfilment, get, complete,
cancel) and orders, in protocol-neutral terms; `connectors.ucp` is its first implementation.
The agent's desk, saga and planner speak only these types, so a second protocol plugs in by
implementing `MerchantCheckout`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal, Protocol

from connectors.config import BuyerProfile, PaymentCredential

SessionStatus = Literal["open", "ready", "completed", "canceled"]


@dataclass(frozen=True)
class Buyer:
    """The buyer as merchants are told of them, field by field (the profile's name split)."""

    first_name: str
    last_name: str
    full_name: str
    email: str
    phone: str | None
    street_address: str
    extended_address: str | None
    city: str
    region: str | None
    postal_code: str
    country: str

    @classmethod
    def of(cls, profile: BuyerProfile) -> Buyer:
        first, _, last = profile.name.strip().partition(" ")
        address = profile.address
        return cls(
            first,
            last.strip() or first,
            profile.name,
            profile.email,
            profile.phone,
            address.street_address,
            address.extended_address,
            address.city,
            address.state,
            address.postal_code,
            address.country,
        )

    def to_record(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Buyer:
        return cls(**record)


@dataclass(frozen=True)
class MerchantProduct:
    """One product a merchant sells, as its catalogue or product feed states it."""

    merchant: str
    product_id: str
    title: str
    price_minor: int
    currency: str


@dataclass(frozen=True)
class BasketLine:
    """A product and how many of it the customer wants."""

    product_id: str
    title: str
    quantity: int


@dataclass(frozen=True)
class SessionLine:
    """A line of a checkout session, priced by the merchant."""

    product_id: str
    title: str
    quantity: int
    unit_minor: int
    total_minor: int


@dataclass(frozen=True)
class SessionTotal:
    """One of the merchant's totals: subtotal, fulfilment, discount, tax, total…"""

    kind: str
    label: str
    amount_minor: int


@dataclass(frozen=True)
class CheckoutSession:
    """A merchant's checkout session as the agent reads it; every figure is the merchant's."""

    merchant: str
    session_id: str
    status: SessionStatus
    currency: str
    lines: tuple[SessionLine, ...]
    totals: tuple[SessionTotal, ...]
    total_minor: int
    #: the fulfilment option the session has selected, e.g. "Standard Shipping"
    fulfilment: str | None = None
    order_id: str | None = None
    #: what the merchant says is still missing or wrong (its messages), one line each
    messages: tuple[str, ...] = field(default_factory=tuple)
    #: the discount codes the session holds, and those the merchant applied
    discount_codes: tuple[str, ...] = ()
    applied_codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class OrderLine:
    product_id: str
    title: str
    quantity: int
    total_minor: int


@dataclass(frozen=True)
class MerchantOrder:
    """An order a completed session became, as the merchant reports it."""

    merchant: str
    order_id: str
    session_id: str | None
    lines: tuple[OrderLine, ...]
    total_minor: int
    currency: str
    status: str


@dataclass(frozen=True)
class WriteKeys:
    """The idempotency keys of one session write; a retry or a resume sends the same ones."""

    key: str

    def part(self, name: str) -> str:
        """A key for one more call the same write makes (a second update of the fulfilment)."""
        return f"{self.key}-{name}"


class MerchantCheckout(Protocol):
    """A merchant the agent can buy from: its name, its protocol, and the calls of a purchase."""

    @property
    def name(self) -> str: ...

    @property
    def protocol(self) -> str: ...

    async def search(self, query: str, limit: int = 10) -> list[MerchantProduct]: ...

    async def payment_handlers(self) -> frozenset[str]:
        """The ids of the payment handlers the merchant advertises."""
        ...

    async def create_session(
        self, lines: list[BasketLine], buyer: Buyer, currency: str, keys: WriteKeys
    ) -> CheckoutSession: ...

    async def update_session(
        self,
        session_id: str,
        buyer: Buyer,
        keys: WriteKeys,
        discount_codes: tuple[str, ...] = (),
    ) -> CheckoutSession:
        """The buyer and the shipping address set, a fulfilment option chosen, and the
        customer's discount codes given (the session says which the merchant applied)."""
        ...

    async def get_session(self, session_id: str) -> CheckoutSession: ...

    async def complete_session(
        self, session_id: str, payment: PaymentCredential, keys: WriteKeys
    ) -> CheckoutSession: ...

    async def cancel_session(self, session_id: str, keys: WriteKeys) -> CheckoutSession: ...

    async def get_order(self, order_id: str) -> MerchantOrder: ...


def instrument(credential: PaymentCredential) -> str:
    """What the customer is shown of a payment instrument: 'Visa ending in 1234'."""
    return f"{credential.brand} ending in {credential.last_digits}"


BRANDS = {
    "amex": "americanexpress",
    "mc": "mastercard",
    "diners": "dinersclub",
}
"""What customers call a card brand, as the brand's own name (letters only, lower case)."""


def brand_key(brand: str) -> str:
    """A card brand as one comparable word: 'Amex', 'American Express' → 'americanexpress'."""
    letters = "".join(c for c in brand.lower() if c.isalpha())
    return BRANDS.get(letters, letters)


def chosen_instruments(
    held: tuple[PaymentCredential, ...], brand: str | None, last_digits: str | None
) -> list[PaymentCredential]:
    """The instruments that fit what the customer named: its brand, its last four digits."""
    return [
        c
        for c in held
        if (brand is None or brand_key(c.brand) == brand_key(brand))
        and (last_digits is None or c.last_digits == last_digits)
    ]
