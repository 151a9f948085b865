"""The shapes of the records the shop and pay answer with, checked before anyone reads them.

A missing field or a value of the wrong type in a vendor's answer becomes a `PROTOCOL` error
naming the field, instead of a KeyError deep inside the orchestrator. Extra fields are fine
(vendors add fields); the answer itself is returned untouched.
"""

from __future__ import annotations

from typing import Any, NotRequired

from pydantic import TypeAdapter, ValidationError
from typing_extensions import TypedDict

from connectors.errors import ErrorCode, VendorError


class Address(TypedDict):
    address1: str
    address2: str
    city: str
    state: str
    country: str
    zip: str


class OrderItem(TypedDict):
    name: str
    product_id: str
    item_id: str
    price: float
    options: dict[str, str]


class Transaction(TypedDict):
    transaction_type: str
    amount: float
    payment_method_id: str


class Order(TypedDict):
    order_id: str
    user_id: str
    address: Address
    items: list[OrderItem]
    status: str
    fulfillments: list[dict[str, Any]]
    payment_history: list[Transaction]


class PaymentMethod(TypedDict):
    source: str
    id: str
    balance: NotRequired[float]
    brand: NotRequired[str]
    last_four: NotRequired[str]


class Name(TypedDict):
    first_name: str
    last_name: str


class User(TypedDict):
    user_id: str
    name: Name
    address: Address
    email: str
    payment_methods: dict[str, PaymentMethod]
    orders: list[str]


class Variant(TypedDict):
    item_id: str
    options: dict[str, str]
    available: bool
    price: float


class Product(TypedDict):
    name: str
    product_id: str
    variants: dict[str, Variant]


class CartLine(TypedDict):
    item_id: str
    product_id: str
    name: str
    options: dict[str, str]
    price: float
    quantity: int


class Cart(TypedDict):
    user_id: str
    items: list[CartLine]
    total: float


class SearchHit(TypedDict):
    product_id: str
    name: str
    item_id: str
    options: dict[str, str]
    price: float
    available: bool


class SearchPage(TypedDict):
    results: list[SearchHit]
    total: int


class Intent(TypedDict):
    id: str
    amount: int
    currency: str
    payment_method: str
    customer: str
    status: str
    amount_capturable: int
    amount_received: int
    amount_refunded: int


class Refund(TypedDict):
    id: str
    amount: int
    payment_intent: str
    status: str


SHAPES: dict[type, TypeAdapter[Any]] = {
    shape: TypeAdapter(shape)
    for shape in (Order, User, Variant, Product, Cart, SearchPage, Intent, Refund)
}


def checked(answer: Any, shape: type, vendor: str) -> Any:
    """`answer` itself once it has `shape`; else a PROTOCOL error naming the first bad field."""
    try:
        SHAPES[shape].validate_python(answer, strict=True)
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
