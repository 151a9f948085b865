"""The shapes of the bazaar's and trips' records, checked before anyone reads them.

Like `connectors.shapes` for the shop and pay: a missing field or a wrong type is a PROTOCOL
error naming the field; extra fields are fine; the answer is returned untouched.
"""

from __future__ import annotations

import functools
from typing import Any, NotRequired

from pydantic import TypeAdapter, ValidationError
from typing_extensions import TypedDict

from connectors.errors import ErrorCode, VendorError


class SellerRef(TypedDict):
    id: str
    name: str
    rating: float | int
    rating_count: int


class Listing(TypedDict):
    sku: str
    family: str
    title: str
    category: str
    category_name: str
    attributes: dict[str, str]
    price_minor: int
    currency: str
    stock: int
    in_stock: bool
    seller: SellerRef


class Seller(TypedDict):
    seller_id: str
    name: str
    rating: float | int
    rating_count: int


class Promotion(TypedDict):
    promotion_id: str
    code: str | None
    label: str
    amount_minor: int


class BazaarLine(TypedDict):
    sku: str
    title: str
    seller_id: str
    qty: int
    unit_price_minor: int
    subtotal_minor: int
    discount_minor: int
    total_minor: int


class BazaarCart(TypedDict):
    buyer_id: str
    lines: list[BazaarLine]
    promo_code: str | None
    promotions: list[Promotion]
    subtotal_minor: int
    discount_minor: int
    total_minor: int
    currency: str
    problems: list[dict[str, Any]]


class OrderLine(BazaarLine):
    status: str


class BazaarRefund(TypedDict):
    refund_id: str
    amount_minor: int
    payment_ref: str


class BazaarOrder(TypedDict):
    order_id: str
    buyer_id: str
    status: str
    lines: list[OrderLine]
    subtotal_minor: int
    discount_minor: int
    total_minor: int
    currency: str
    payment_ref: str
    refunded_minor: int
    refund: NotRequired[BazaarRefund]


class Money(TypedDict):
    amount: str
    currency: str


class Terms(TypedDict):
    free_until: str
    fee: Money


class TripOffer(TypedDict):
    offer_id: str
    kind: str
    travellers: int
    description: str
    total: Money
    cancellation: Terms
    available: NotRequired[int]
    fare_per_traveller: NotRequired[Money]


class Hold(TypedDict):
    hold_id: str
    offer_id: str
    kind: str
    travellers: int
    status: str
    price: Money
    expires_at: str


class BookingItem(TypedDict):
    item_id: str
    kind: str
    offer_id: str
    description: str
    travellers: int
    price: Money
    status: str


class Cancellation(TypedDict):
    fee: Money
    refund: Money


class Booking(TypedDict):
    booking_id: str
    customer: str
    status: str
    items: list[BookingItem]
    total: Money
    payment_reference: str
    cancellation: Cancellation | None


@functools.cache
def _adapter(shape: type) -> TypeAdapter[Any]:
    return TypeAdapter(shape)


def checked(answer: Any, shape: type, vendor: str) -> Any:
    """`answer` itself once it has `shape`; else a PROTOCOL error naming the first bad field."""
    try:
        _adapter(shape).validate_python(answer, strict=True)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "the answer"
        raise VendorError(
            ErrorCode.PROTOCOL,
            f"{vendor} answered a malformed {shape.__name__.lower()}: {where}: {first['msg']}",
            vendor=vendor,
            raw=answer,
        ) from None
    return answer
