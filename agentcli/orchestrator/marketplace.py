"""Marketplace actions over the canonical catalog: federated search, cart, cross-market checkout.

The carts stay at the marketplaces (see `agentcli.catalog.federation`); this desk reads them as
one, adds and removes lines where they belong, and turns a checkout that spans both into the
`cross_marketplace_order` saga. A cart with shop items only keeps the shop's own checkout.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from agentcli.actions import ActionBase
from agentcli.actions.marketplace import ApplyPromoCode
from agentcli.actions.retail import (
    AddToCart,
    GetProduct,
    PlaceOrder,
    RemoveFromCart,
    SearchProducts,
    ViewCart,
)
from agentcli.catalog.federation import OUTAGES, Catalog
from agentcli.catalog.model import bazaar_offer, vendor_data
from agentcli.catalog.normalise import marketplace_of
from agentcli.conversation import Conversation
from agentcli.conversation.wording import money, shown
from agentcli.orchestrator.checkout import cross_marketplace_checkout, shop_checkout
from agentcli.orchestrator.desk import (
    ActionRefused,
    Desk,
    DeskContext,
    Preview,
    customer,
    options_text,
    price_checks,
)
from agentcli.orchestrator.figures import amount
from agentcli.workflows.marketplace import CROSS_MARKETPLACE_ORDER
from agentcli.workflows.retail import PLACE_ORDER
from agentcli.workflows.saga import idempotency_key
from connectors.bazaar import BazaarConnector
from connectors.errors import ErrorCode, VendorError

Record = dict[str, Any]


class BazaarDown(Exception):
    """The bazaar cannot say what its cart holds; a checkout can only cover the shop."""

    def __init__(self, error: VendorError) -> None:
        super().__init__(error.message)
        self.error = error


class MarketplaceDesk(Desk):
    """Search, products, the cart and checkout over both marketplaces."""

    def __init__(self, context: DeskContext) -> None:
        super().__init__(context)
        self.catalog = Catalog(context.services.shop, context.services.bazaar)

    def _bazaar(self) -> BazaarConnector:
        if self.services.bazaar is None:
            raise ActionRefused("UNAVAILABLE", "the bazaar is not part of this run")
        return self.services.bazaar

    # -- execution ------------------------------------------------------------------------------

    async def execute(
        self, action: ActionBase, conv: Conversation, saga_id: str, preview: Preview | None
    ) -> Any:
        key = idempotency_key(saga_id, action.name)
        match action:
            case PlaceOrder():
                checkout = preview or await self.preview(action, conv)
                saga = (
                    CROSS_MARKETPLACE_ORDER
                    if checkout.saga_input.get("saga") == CROSS_MARKETPLACE_ORDER.name
                    else PLACE_ORDER
                )
                return await self.engine.run(saga, saga_id, checkout.saga_input)
            case SearchProducts():
                marketplaces = tuple(action.marketplaces) if action.marketplaces else None
                return await self.catalog.search(
                    action.query,
                    min_price=action.min_price,
                    max_price=action.max_price,
                    options=action.options or None,
                    available_only=action.available_only,
                    limit=action.limit,
                    marketplaces=marketplaces,
                )
            case GetProduct() if action.sku is not None:
                return await self._product(action.sku)
            case GetProduct():
                return await self.services.shop.get_product(str(action.product_id))
            case ViewCart():
                return await self.catalog.cart(customer(conv))
            case ApplyPromoCode():
                user = customer(conv)
                await self._bazaar().apply_promo(user, action.code, idempotency_key=key)
                return await self.catalog.cart(user)
            case AddToCart():
                return await self._add(action, conv, key)
            case RemoveFromCart():
                user = customer(conv)
                if action.item_id is not None:
                    await self.services.shop.remove_from_cart(
                        user, action.item_id, action.quantity, idempotency_key=key
                    )
                else:
                    assert action.sku is not None
                    await self._bazaar().remove_from_cart(
                        user, action.sku, action.quantity, idempotency_key=key
                    )
                return await self.catalog.cart(user)
        return await super().execute(action, conv, saga_id, preview)

    async def _target(self, action: AddToCart) -> tuple[str, str]:
        """(marketplace, vendor SKU) the action means; a canonical id takes the best offer."""
        if action.item_id is not None:
            return "shop", action.item_id
        if action.sku is not None:
            return marketplace_of(action.sku) or "shop", action.sku
        assert action.canonical_id is not None
        offers = [o for o in await self.catalog.offers_of(action.canonical_id) if o.available]
        if not offers:
            raise ActionRefused(
                "OUT_OF_STOCK", f"no marketplace has {action.canonical_id} in stock"
            )
        return offers[0].marketplace, offers[0].sku

    async def _add(self, action: AddToCart, conv: Conversation, key: str) -> Record:
        user = customer(conv)
        marketplace, sku = await self._target(action)
        if marketplace == "shop":
            await self.services.shop.add_to_cart(user, sku, action.quantity, idempotency_key=key)
        else:
            await self._bazaar().add_to_cart(user, sku, action.quantity, idempotency_key=key)
        cart = await self.catalog.cart(user)
        cart["added"] = {"marketplace": marketplace, "sku": sku, "quantity": action.quantity}
        return cart

    async def _product(self, sku: str) -> Record:
        """A bazaar listing and its family's other variants, shaped like a shop product."""
        if marketplace_of(sku) != "bazaar":
            raise ActionRefused(
                "INVALID_REQUEST",
                "get_product takes a bazaar SKU; a shop product needs its product_id",
            )
        bazaar = self._bazaar()
        listing = await bazaar.get_listing(sku)
        family = [
            item
            for item in await bazaar.search_all(
                category=listing["category"], seller=listing["seller"]["id"]
            )
            if item["family"] == listing["family"]
        ] or [listing]
        with vendor_data("bazaar", "a listing"):
            offers = [bazaar_offer(item).to_dict() for item in family]
            first = bazaar_offer(listing)
        return {
            "marketplace": "bazaar",
            "product_id": listing["family"],
            "name": first.name,
            "seller": listing["seller"],
            "promotions": listing.get("promotions", []),
            "variants": {o["sku"]: o for o in offers},
        }

    async def _preview_code(self, action: ApplyPromoCode, conv: Conversation) -> Preview:
        customer(conv)
        known = {
            str(p["code"]).upper(): p for p in await self._bazaar().promotions() if p.get("code")
        }
        promotion = known.get(action.code.upper())
        if promotion is None:
            raise ActionRefused("NOT_FOUND", f"the bazaar has no promotion code {action.code}")
        return Preview(
            f"apply promotion code {shown(promotion['code'])} to your bazaar cart: "
            f"{shown(promotion['label'])}.",
            None,
            None,
            [{"code": promotion["code"], "label": promotion["label"]}],
        )

    # -- previews -------------------------------------------------------------------------------

    async def preview(self, action: ActionBase, conv: Conversation) -> Preview:
        """What a checkout, a cart change or a promotion code would do."""
        if isinstance(action, PlaceOrder):
            return await self._preview_checkout(action, conv)
        if isinstance(action, ApplyPromoCode):
            return await self._preview_code(action, conv)
        if isinstance(action, RemoveFromCart):
            if action.sku is not None:
                return Preview(f"remove {action.sku} from your bazaar cart")
            return Preview(f"remove item {shown(action.item_id)} from your cart")
        if isinstance(action, AddToCart):
            if action.item_id is not None:
                return await self._preview_shop_add(action)
            return await self._preview_add(action)
        return await super().preview(action, conv)

    async def _preview_shop_add(self, action: AddToCart) -> Preview:
        """Price and availability re-read from the vendor; a claimed price never counts."""
        try:
            item = await self.services.shop.get_item(str(action.item_id))
        except VendorError as error:
            if error.code is ErrorCode.NOT_FOUND:
                raise ActionRefused("NOT_FOUND", f"there is no item {action.item_id}") from error
            raise
        if not item.get("available", True):
            raise ActionRefused("OUT_OF_STOCK", f"item {action.item_id} is not available")
        with vendor_data("shop", "an item"):
            price = amount(item["price"])
        lines = [
            f"add {action.quantity} x item {shown(action.item_id)} "
            f"({shown(options_text(item['options']))}) at {money(price)} each to your cart."
        ]
        checks = price_checks("unit price", action.expected_unit_price, price)
        lines += [c["note"] for c in checks]
        return Preview(
            "\n".join(lines),
            None,
            None,
            [
                {
                    "item_id": action.item_id,
                    "options": item["options"],
                    "quantity": action.quantity,
                    "price": price,
                    "seller": "shop",
                }
            ],
            checks=checks,
        )

    async def _preview_add(self, action: AddToCart) -> Preview:
        """An add by bazaar SKU or canonical id: the offer it lands on, priced by its seller."""
        marketplace, sku = await self._target(action)
        if marketplace == "shop":
            return Preview(f"add {action.quantity} x item {sku} to your shop cart")
        try:
            offer = bazaar_offer(await self._bazaar().get_listing(sku))
        except VendorError as error:
            if error.code is ErrorCode.NOT_FOUND:
                raise ActionRefused("NOT_FOUND", f"the bazaar has no {sku}") from error
            raise
        if offer.stock is not None and offer.stock < action.quantity:
            raise ActionRefused("OUT_OF_STOCK", f"the bazaar has {offer.stock} of {sku}")
        return Preview(
            f"add {action.quantity} x {shown(offer.name)} ({shown(sku)}) at "
            f"{money(offer.price)} each to your bazaar cart",
            None,
            None,
            [
                {
                    "sku": sku,
                    "quantity": action.quantity,
                    "price": offer.price,
                    "seller": offer.seller,
                }
            ],
        )

    async def _preview_checkout(self, action: PlaceOrder, conv: Conversation) -> Preview:
        """Across both marketplaces when the bazaar cart has lines, else the shop's own."""
        try:
            across = await self._preview_cross_checkout(action, conv)
        except BazaarDown:
            shop_only = await shop_checkout(self.context, action, conv)
            note = (
                "The bazaar is not answering, so anything in your bazaar cart stays there "
                "for a later checkout."
            )
            return replace(shop_only, summary=f"{shop_only.summary}\n{note}")
        return across or await shop_checkout(self.context, action, conv)

    async def _preview_cross_checkout(
        self, action: PlaceOrder, conv: Conversation
    ) -> Preview | None:
        """The cross-marketplace checkout, or None when the bazaar cart is empty."""
        if self.services.bazaar is None:
            return None
        user_id = customer(conv)
        try:
            bazaar_cart = await self.services.bazaar.get_cart(user_id)
        except VendorError as error:
            if error.code in OUTAGES:
                raise BazaarDown(error) from error
            raise
        if not bazaar_cart["lines"]:
            return None
        user = await self.services.shop.get_user(user_id)
        conv.user = user
        method = user["payment_methods"].get(action.payment_method_id)
        if method is None:
            raise ActionRefused("NOT_FOUND", "that payment method is not on your account")
        if method["source"] == "gift_card":
            raise ActionRefused(
                "INVALID_REQUEST",
                "a gift card is shop store credit and cannot pay for bazaar "
                "items; check out with a card or PayPal",
            )
        problems = bazaar_cart["problems"]
        if problems:
            raise ActionRefused(_problem_code(problems[0]), _problem_text(problems))
        shop_cart = await self.services.shop.get_cart(user_id)
        with vendor_data("shop or bazaar", "a cart"):
            return cross_marketplace_checkout(
                user, method, action.payment_method_id, shop_cart, bazaar_cart
            )


def _problem_code(problem: Record) -> str:
    return "OUT_OF_STOCK" if problem["code"] == "INSUFFICIENT_STOCK" else "INVALID_STATE"


def _problem_text(problems: list[Record]) -> str:
    texts = []
    for problem in problems:
        if problem["code"] == "INSUFFICIENT_STOCK":
            texts.append(
                f"the bazaar has only {problem['stock']} of {problem['sku']} "
                f"(your cart wants {problem['wanted']})"
            )
        else:
            texts.append(
                "your bazaar promotion code no longer applies: "
                + "; ".join(problem.get("reasons", []))
            )
    return "; ".join(texts)
