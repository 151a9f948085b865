"""Buying at a merchant that speaks an open protocol (UCP): search, basket, checkout, orders.

The basket is the agent's own until checkout; `checkout_basket` opens the merchant's checkout
session, shows its totals and, on the customer's yes, completes it (the merchant charges the
buyer's payment instrument). Nothing here names a protocol: any merchant behind the merchant
checkout port is bought from alike.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from agentcli.actions.base import ActionBase, Effect, Offer

MerchantName = Field(
    default=None,
    pattern=r"^[A-Za-z0-9_-]{1,40}$",
    description="a configured merchant's name; optional when there is one",
)
ProductId = Field(
    pattern=r"^[A-Za-z0-9_.:/-]{1,120}$", description="a product id from search_merchants"
)


class SearchMerchants(ActionBase):
    """Search the protocol merchants' catalogues (or product feeds) for products."""

    action: Literal["search_merchants"]
    query: str = Field(min_length=1, max_length=200)
    merchant: str | None = MerchantName
    vendor = "merchant"
    offered = Offer.MERCHANTS


class AddToBasket(ActionBase):
    """Put a product found by search_merchants in the basket for that merchant's checkout."""

    action: Literal["add_to_basket"]
    product_id: str = ProductId
    quantity: int = Field(default=1, ge=1, le=99)
    merchant: str | None = MerchantName
    vendor = "merchant"
    offered = Offer.MERCHANTS


class CheckoutBasket(ActionBase):
    """Buy the basket at its merchant: opens a checkout session, completes it on the yes."""

    action: Literal["checkout_basket"]
    merchant: str | None = MerchantName
    last_digits: str | None = Field(
        default=None,
        pattern=r"^\d{4}$",
        description="the last four digits of the payment card the customer named, if any",
    )
    card_brand: str | None = Field(
        default=None,
        pattern=r"^[A-Za-z][A-Za-z ]{1,29}$",
        description="the brand of the payment card the customer named (visa, mastercard, "
        "amex...), if any",
    )
    discount_codes: list[Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{2,40}$")]] | None = Field(
        default=None, max_length=5, description="discount codes the customer gave, if any"
    )
    effect = Effect.WRITE
    moves_money = True
    vendor = "merchant"
    offered = Offer.MERCHANTS


class CancelCheckout(ActionBase):
    """Cancel the merchant's open checkout session before it is completed (nothing is charged)."""

    action: Literal["cancel_checkout"]
    merchant: str | None = MerchantName
    effect = Effect.WRITE
    vendor = "merchant"
    offered = Offer.MERCHANTS


class GetMerchantOrder(ActionBase):
    """Look up an order placed at a protocol merchant."""

    action: Literal["get_merchant_order"]
    order_id: str = Field(pattern=r"^[A-Za-z0-9_.:-]{1,120}$")
    merchant: str | None = MerchantName
    vendor = "merchant"
    offered = Offer.MERCHANTS
