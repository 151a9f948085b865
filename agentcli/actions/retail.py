"""Retail actions served by the `shop` marketplace (and `pay` for money)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import Field, StringConstraints, model_validator

from agentcli.actions.base import ActionBase, Effect, Offer
from agentcli.actions.marketplace import (
    AnyOrderId,
    CanonicalId,
    Marketplace,
    VendorSku,
    one_target,
)

ProductId = Field(pattern=r"^\d{10}$", description="10 digits")
ItemId = Field(pattern=r"^\d{10}$", description="a variant's id: 10 digits")
OrderId = Field(pattern=r"^#?W\d{7}$", description="e.g. #W5918442")


class FindUser(ActionBase):
    """Authenticate the customer by email, or by first name, last name and zip code."""

    action: Literal["find_user"]
    email: str | None = Field(default=None, min_length=3, max_length=320)
    first_name: str | None = Field(default=None, min_length=1, max_length=100)
    last_name: str | None = Field(default=None, min_length=1, max_length=100)
    zip: str | None = Field(default=None, pattern=r"^\d{5}$")
    vendor = "shop"
    offered = Offer.START

    @model_validator(mode="after")
    def _one_way_to_identify(self) -> FindUser:
        by_name = (self.first_name, self.last_name, self.zip)
        if self.email is None and not all(by_name):
            raise ValueError("give either email, or first_name, last_name and zip")
        if self.email is not None and any(by_name):
            raise ValueError("give email alone, or first_name, last_name and zip without email")
        return self


class GetUser(ActionBase):
    """Read the authenticated customer's profile: address, payment methods, order ids."""

    action: Literal["get_user"]
    vendor = "shop"


class SearchProducts(ActionBase):
    """Search the catalog by words, option values and price range."""

    action: Literal["search_products"]
    query: str | None = Field(default=None, max_length=200)
    min_price: float | None = Field(default=None, ge=0)
    max_price: float | None = Field(default=None, ge=0)
    options: dict[str, str] = Field(default_factory=dict)
    available_only: bool = True
    limit: int = Field(default=10, ge=1, le=50)
    marketplaces: list[Marketplace] | None = Field(
        default=None, description="search only these marketplaces (all of them when absent)"
    )
    vendor = "shop"

    @model_validator(mode="after")
    def _range_in_order(self) -> SearchProducts:
        low, high = self.min_price, self.max_price
        if low is not None and high is not None and low > high:
            raise ValueError("min_price is above max_price")
        return self


class GetProduct(ActionBase):
    """Read one product with all its variants (options, price, availability)."""

    action: Literal["get_product"]
    product_id: str | None = Field(default=None, pattern=r"^\d{10}$", description="10 digits")
    sku: str | None = VendorSku
    vendor = "shop"

    @model_validator(mode="before")
    @classmethod
    def _one_product(cls, data: Any) -> Any:
        return one_target(data, ("product_id", "sku"), None)


class ViewCart(ActionBase):
    """Read the customer's cart."""

    action: Literal["view_cart"]
    vendor = "shop"


class AddToCart(ActionBase):
    """Put units of one variant into the customer's cart."""

    action: Literal["add_to_cart"]
    item_id: str | None = Field(
        default=None, pattern=r"^\d{10}$", description="a shop variant's id: 10 digits"
    )
    sku: str | None = VendorSku
    canonical_id: str | None = CanonicalId
    quantity: int = Field(default=1, ge=1, le=20)
    expected_unit_price: float | None = Field(
        default=None,
        ge=0,
        description="the unit price told to the customer; the vendor's current price wins",
    )
    effect = Effect.WRITE
    vendor = "shop"
    offered = Offer.CART

    @model_validator(mode="before")
    @classmethod
    def _one_item(cls, data: Any) -> Any:
        return one_target(data, ("item_id", "sku", "canonical_id"), "item_id")


class RemoveFromCart(ActionBase):
    """Take units of one variant out of the cart (all of them when no quantity is given)."""

    action: Literal["remove_from_cart"]
    item_id: str | None = Field(
        default=None, pattern=r"^\d{10}$", description="a shop variant's id: 10 digits"
    )
    sku: str | None = VendorSku
    quantity: int | None = Field(default=None, ge=1, le=20)
    effect = Effect.WRITE
    vendor = "shop"
    offered = Offer.CART

    @model_validator(mode="before")
    @classmethod
    def _one_item(cls, data: Any) -> Any:
        return one_target(data, ("item_id", "sku"), "item_id")


class PlaceOrder(ActionBase):
    """Check the cart out: authorise the payment, create the order, capture the payment."""

    action: Literal["place_order"]
    payment_method_id: str = Field(pattern=r"^(credit_card|gift_card|paypal)_\d+$")
    expected_total: float | None = Field(
        default=None,
        ge=0,
        description="the total told to the customer; the vendor's current total wins",
    )
    effect = Effect.WRITE
    moves_money = True
    vendor = "shop"
    offered = Offer.CART


class GetOrder(ActionBase):
    """Read one of the customer's orders: items, status, fulfilments, payments."""

    action: Literal["get_order"]
    order_id: str = AnyOrderId
    vendor = "shop"


class CancelOrder(ActionBase):
    """Cancel a pending order; the payment is refunded to where it came from."""

    action: Literal["cancel_order"]
    order_id: str = AnyOrderId
    reason: Literal["no longer needed", "ordered by mistake"]
    effect = Effect.WRITE
    moves_money = True
    vendor = "shop"
    offered = Offer.ORDERS_KNOWN


# -- the rest of the τ² retail order semantics (docs/tau2-retail.md §3) ----------------------

PaymentMethodId = Field(
    pattern=r"^(credit_card|gift_card|paypal)_\d+$",
    description="e.g. gift_card_0000000",
)
ItemIdText = Annotated[str, StringConstraints(pattern=r"^\d{10}$")]
ItemIds = Field(min_length=1, max_length=20, description="variant ids: 10 digits each")


class AddressFields(ActionBase):
    """The six address fields of τ² retail."""

    address1: str = Field(min_length=1, max_length=200, description="street and number")
    address2: str = Field(default="", max_length=200, description="suite, apartment (or empty)")
    city: str = Field(min_length=1, max_length=100)
    state: str = Field(min_length=2, max_length=100, description="state or region, e.g. CA")
    country: str = Field(default="USA", min_length=2, max_length=100)
    zip: str = Field(pattern=r"^[0-9A-Za-z -]{3,10}$")


class _ItemChange(ActionBase):
    """Items of an order, each paired with the variant that replaces it."""

    order_id: str = OrderId
    item_ids: list[ItemIdText] = ItemIds
    new_item_ids: list[ItemIdText] = ItemIds
    payment_method_id: str = Field(
        pattern=r"^(credit_card|gift_card|paypal)_\d+$",
        description="pays a price difference, or receives it back",
    )

    @model_validator(mode="after")
    def _pairs(self) -> _ItemChange:
        if len(self.item_ids) != len(self.new_item_ids):
            raise ValueError("item_ids and new_item_ids must have the same length")
        return self


class ReturnItems(ActionBase):
    """Request a return of delivered items; refunded to the original method or a gift card."""

    action: Literal["return_items"]
    order_id: str = OrderId
    item_ids: list[ItemIdText] = ItemIds
    payment_method_id: str = PaymentMethodId
    effect = Effect.WRITE
    moves_money = True
    vendor = "shop"
    offered = Offer.ORDERS_KNOWN


class ExchangeItems(_ItemChange):
    """Request an exchange of delivered items for other variants of the same products."""

    action: Literal["exchange_items"]
    effect = Effect.WRITE
    moves_money = True
    vendor = "shop"
    offered = Offer.ORDERS_KNOWN


class ModifyOrderItems(_ItemChange):
    """Swap items of a pending order for other variants of the same products (only once)."""

    action: Literal["modify_order_items"]
    effect = Effect.WRITE
    moves_money = True
    vendor = "shop"
    offered = Offer.ORDERS_KNOWN


class ModifyOrderAddress(AddressFields):
    """Change the shipping address of a pending order."""

    action: Literal["modify_order_address"]
    order_id: str = OrderId
    effect = Effect.WRITE
    vendor = "shop"
    offered = Offer.ORDERS_KNOWN


class ModifyOrderPayment(ActionBase):
    """Pay a pending order with another of the customer's payment methods."""

    action: Literal["modify_order_payment"]
    order_id: str = OrderId
    payment_method_id: str = PaymentMethodId
    effect = Effect.WRITE
    moves_money = True
    vendor = "shop"
    offered = Offer.ORDERS_KNOWN


class ModifyUserAddress(AddressFields):
    """Change the customer's default address (existing orders keep theirs)."""

    action: Literal["modify_user_address"]
    effect = Effect.WRITE
    vendor = "shop"


class GetItem(ActionBase):
    """Read one variant by its item id: product, options, price, availability."""

    action: Literal["get_item"]
    item_id: str = ItemId
    vendor = "shop"


class ListProductTypes(ActionBase):
    """List every product type the shop sells, with its product id."""

    action: Literal["list_product_types"]
    vendor = "shop"
