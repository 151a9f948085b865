"""Marketplace actions over the canonical catalog: federated search, cart, cross-market checkout.

The carts stay at the marketplaces (see `agentcli.catalog.federation`); this desk reads them as
one, adds and removes lines where they belong, and turns a checkout that spans both into the
`cross_marketplace_order` saga. A cart with shop items only keeps the shop's own checkout.
"""

from __future__ import annotations

from typing import Any

from agentcli.actions import ActionBase
from agentcli.actions.marketplace import ApplyPromoCode
from agentcli.actions.retail import (
    AddToCart,
    CancelOrder,
    GetOrder,
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
from agentcli.conversation.wording import describe_address, describe_method, money, shown
from agentcli.orchestrator.dispatch import ActionRefused, Preview, _customer
from agentcli.orchestrator.figures import Figures, ItemFigures, cents
from agentcli.orchestrator.services import Services
from agentcli.workflows.engine import LocalSagaEngine
from agentcli.workflows.marketplace import CANCEL_BAZAAR_ORDER, CROSS_MARKETPLACE_ORDER
from connectors.bazaar import BazaarConnector
from connectors.errors import ErrorCode, VendorError

Record = dict[str, Any]


class BazaarDown(Exception):
    """The bazaar cannot say what its cart holds; a checkout can only cover the shop."""

    def __init__(self, error: VendorError) -> None:
        super().__init__(error.message)
        self.error = error


def is_bazaar_order(action: ActionBase) -> bool:
    return isinstance(action, GetOrder | CancelOrder) and action.order_id.startswith("BZO-")


class MarketplaceDesk:
    def __init__(self, services: Services, engine: LocalSagaEngine) -> None:
        self.services = services
        self.engine = engine
        self.catalog = Catalog(services.shop, services.bazaar)

    def owns(self, action: ActionBase) -> bool:
        """The actions this desk performs (the shop's own checkout stays with the shop)."""
        if isinstance(action, GetProduct):
            return action.sku is not None
        return is_bazaar_order(action) or isinstance(
            action, SearchProducts | ViewCart | AddToCart | RemoveFromCart | ApplyPromoCode)

    def _bazaar(self) -> BazaarConnector:
        if self.services.bazaar is None:
            raise ActionRefused("UNAVAILABLE", "the bazaar is not part of this run")
        return self.services.bazaar

    # -- reads and cart changes -----------------------------------------------------------------

    async def dispatch(self, action: ActionBase, conv: Conversation, key: str,
                       saga_id: str = "", preview: Preview | None = None) -> Any:
        match action:
            case GetOrder():
                return await self._own_order(action.order_id, conv)
            case CancelOrder():
                preview = preview or await self._preview_cancel(action, conv)
                return await self.engine.run(CANCEL_BAZAAR_ORDER, saga_id, preview.saga_input)
            case SearchProducts():
                marketplaces = tuple(action.marketplaces) if action.marketplaces else None
                return await self.catalog.search(
                    action.query, min_price=action.min_price, max_price=action.max_price,
                    options=action.options or None, available_only=action.available_only,
                    limit=action.limit, marketplaces=marketplaces)
            case GetProduct():
                assert action.sku is not None
                return await self._product(action.sku)
            case ViewCart():
                return await self.catalog.cart(_customer(conv))
            case ApplyPromoCode():
                user = _customer(conv)
                await self._bazaar().apply_promo(user, action.code, idempotency_key=key)
                return await self.catalog.cart(user)
            case AddToCart():
                return await self._add(action, conv, key)
            case RemoveFromCart():
                user = _customer(conv)
                if action.item_id is not None:
                    await self.services.shop.remove_from_cart(user, action.item_id,
                                                              action.quantity,
                                                              idempotency_key=key)
                else:
                    assert action.sku is not None
                    await self._bazaar().remove_from_cart(user, action.sku, action.quantity,
                                                          idempotency_key=key)
                return await self.catalog.cart(user)
        raise ActionRefused("UNSUPPORTED", f"{action.name} is not a marketplace action")

    async def _target(self, action: AddToCart) -> tuple[str, str]:
        """(marketplace, vendor SKU) the action means; a canonical id takes the best offer."""
        if action.item_id is not None:
            return "shop", action.item_id
        if action.sku is not None:
            return marketplace_of(action.sku) or "shop", action.sku
        assert action.canonical_id is not None
        offers = [o for o in await self.catalog.offers_of(action.canonical_id) if o.available]
        if not offers:
            raise ActionRefused("OUT_OF_STOCK",
                                f"no marketplace has {action.canonical_id} in stock")
        return offers[0].marketplace, offers[0].sku

    async def _add(self, action: AddToCart, conv: Conversation, key: str) -> Record:
        user = _customer(conv)
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
            raise ActionRefused("INVALID_REQUEST",
                                "get_product takes a bazaar SKU; a shop product needs its "
                                "product_id")
        bazaar = self._bazaar()
        listing = await bazaar.get_listing(sku)
        family = [item for item in await bazaar.search_all(
            category=listing["category"], seller=listing["seller"]["id"])
            if item["family"] == listing["family"]] or [listing]
        with vendor_data("bazaar", "a listing"):
            offers = [bazaar_offer(item).to_dict() for item in family]
            first = bazaar_offer(listing)
        return {"marketplace": "bazaar", "product_id": listing["family"], "name": first.name,
                "seller": listing["seller"], "promotions": listing.get("promotions", []),
                "variants": {o["sku"]: o for o in offers}}

    async def _own_order(self, order_id: str, conv: Conversation) -> Record:
        """The bazaar order, if it is the signed-in customer's; another's is 'not found'."""
        user_id = _customer(conv)
        try:
            order: Record = await self._bazaar().get_order(order_id)
        except VendorError as error:
            if error.code is ErrorCode.NOT_FOUND:
                raise ActionRefused("NOT_FOUND", f"I cannot find order {order_id}") from error
            raise
        if order["buyer_id"] != user_id:
            raise ActionRefused("NOT_FOUND", f"I cannot find order {order_id} on your account")
        return {**order, "marketplace": "bazaar"}

    async def _preview_cancel(self, action: CancelOrder, conv: Conversation) -> Preview:
        order = await self._own_order(action.order_id, conv)
        live = [line for line in order["lines"] if line["status"] == "active"]
        if order["status"] == "shipped" or not live:
            raise ActionRefused("INVALID_STATE", f"order {action.order_id} is "
                                f"{order['status']}; it can no longer be cancelled")
        owed = sum(line["total_minor"] for line in live)
        titles = shown(", ".join(f"{line['qty']} x {line['title']}" for line in live))
        summary = (f"cancel bazaar order {action.order_id} ({titles}) because it was "
                   f"{action.reason}; refund {money(owed / 100)} to the payment that paid it.")
        return Preview(summary, None, None,
                       [{"order_id": action.order_id, "status": order["status"],
                         "items": titles, "refund": owed / 100}],
                       {"order_id": action.order_id, "reason": action.reason,
                        "expected_refund_minor": owed, "user_id": order["buyer_id"]})

    async def _preview_code(self, action: ApplyPromoCode, conv: Conversation) -> Preview:
        _customer(conv)
        known = {str(p["code"]).upper(): p for p in await self._bazaar().promotions()
                 if p.get("code")}
        promotion = known.get(action.code.upper())
        if promotion is None:
            raise ActionRefused("NOT_FOUND", f"the bazaar has no promotion code {action.code}")
        return Preview(f"apply promotion code {shown(promotion['code'])} to your bazaar cart: "
                       f"{shown(promotion['label'])}.", None, None,
                       [{"code": promotion["code"], "label": promotion["label"]}])

    # -- previews -------------------------------------------------------------------------------

    async def preview(self, action: ActionBase, conv: Conversation) -> Preview | None:
        """What an add or remove outside the shop would do (None: the shop's own preview)."""
        if isinstance(action, CancelOrder) and is_bazaar_order(action):
            return await self._preview_cancel(action, conv)
        if isinstance(action, ApplyPromoCode):
            return await self._preview_code(action, conv)
        if isinstance(action, RemoveFromCart) and action.sku is not None:
            return Preview(f"remove {action.sku} from your bazaar cart")
        if isinstance(action, AddToCart) and action.item_id is None:
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
            return Preview(f"add {action.quantity} x {shown(offer.name)} ({shown(sku)}) at "
                           f"{money(offer.price)} each to your bazaar cart", None, None,
                           [{"sku": sku, "quantity": action.quantity, "price": offer.price,
                             "seller": offer.seller}])
        return None

    async def preview_order(self, action: PlaceOrder, conv: Conversation) -> Preview | None:
        """The cross-marketplace checkout, or None when the bazaar cart is empty."""
        if self.services.bazaar is None:
            return None
        user_id = _customer(conv)
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
            raise ActionRefused("INVALID_REQUEST",
                                "a gift card is shop store credit and cannot pay for bazaar "
                                "items; check out with a card or PayPal")
        problems = bazaar_cart["problems"]
        if problems:
            raise ActionRefused(_problem_code(problems[0]), _problem_text(problems))
        shop_cart = await self.services.shop.get_cart(user_id)
        with vendor_data("shop or bazaar", "a cart"):
            return order_preview(user, method, action.payment_method_id, shop_cart,
                                 bazaar_cart)


def _problem_code(problem: Record) -> str:
    return "OUT_OF_STOCK" if problem["code"] == "INSUFFICIENT_STOCK" else "INVALID_STATE"


def _problem_text(problems: list[Record]) -> str:
    texts = []
    for problem in problems:
        if problem["code"] == "INSUFFICIENT_STOCK":
            texts.append(f"the bazaar has only {problem['stock']} of {problem['sku']} "
                         f"(your cart wants {problem['wanted']})")
        else:
            texts.append("your bazaar promotion code no longer applies: "
                         + "; ".join(problem.get("reasons", [])))
    return "; ".join(texts)


def order_preview(user: Record, method: Record, method_id: str, shop_cart: Record,
                  bazaar_cart: Record) -> Preview:
    """The confirmation text, evidence and saga input of a checkout across both marketplaces."""
    from connectors.pay import to_cents

    shop_items = shop_cart["items"]
    shop_lines = [ItemFigures.of(i["name"], i["quantity"], i["price"], "shop",
                                 ", ".join(f"{k}: {v}" for k, v in i["options"].items()))
                  for i in shop_items]
    bazaar_lines = [ItemFigures.of(line["title"], line["qty"],
                                   cents(line["unit_price_minor"]) / 100,
                                   f"bazaar:{line['seller_id']}", f"SKU {line['sku']}")
                    for line in bazaar_cart["lines"]]
    shop_minor = sum(to_cents(i.unit_price) * i.quantity for i in shop_lines)
    bazaar_minor = cents(bazaar_cart["total_minor"], "total")
    total_minor = shop_minor + bazaar_minor
    discounts = [(str(p["label"]), cents(p["amount_minor"], "discount") / 100)
                 for p in bazaar_cart["promotions"]]
    figures = Figures.of([*shop_lines, *bazaar_lines], total=total_minor / 100,
                         discounts=discounts)
    lines = ["place an order with shop and one with bazaar, paid in one payment:"
             if shop_items else "place an order with bazaar:"]
    if shop_items:
        lines.append("  shop:")
        lines += [line.shown("    ") for line in shop_lines]
    lines.append("  bazaar:")
    lines += [line.shown("    ") for line in bazaar_lines]
    lines += [f"    - {shown(label)}: -{money(off)}" for label, off in discounts]
    address = user["address"]
    parts = (f" ({money(shop_minor / 100)} at shop + {money(bazaar_minor / 100)} at bazaar)"
             if shop_items else "")
    lines.append(f"{figures.total_shown()}{parts}, paid with "
                 f"{describe_method(method)}, shipped to {describe_address(address)}.")
    evidence = [{"item": i["name"], "item_id": i["item_id"], "options": i["options"],
                 "quantity": i["quantity"], "price": i["price"], "seller": "shop",
                 "payment_method": describe_method(method)} for i in shop_items]
    evidence += [{"item": line["title"], "sku": line["sku"], "quantity": line["qty"],
                  "price": line["unit_price_minor"] / 100, "seller": f"bazaar:{line['seller_id']}",
                  "payment_method": describe_method(method)} for line in bazaar_cart["lines"]]
    name = user["name"]
    saga_input = {
        "saga": CROSS_MARKETPLACE_ORDER.name, "user_id": user["user_id"],
        "payment_method_id": method_id, "amount": total_minor / 100,
        "amount_minor": total_minor, "currency": "usd",
        "shop": {"items": [{"item_id": i["item_id"], "quantity": i["quantity"],
                            "price": i["price"], "name": i["name"]} for i in shop_items],
                 "amount_minor": shop_minor} if shop_items else None,
        "bazaar": {"lines": [{"sku": line["sku"], "qty": line["qty"]}
                             for line in bazaar_cart["lines"]],
                   "total_minor": bazaar_minor},
        "ship_to": {"name": f"{name['first_name']} {name['last_name']}",
                    "line1": address["address1"], "line2": address.get("address2") or None,
                    "city": address["city"], "region": address["state"],
                    "postal_code": address["zip"], "country": address["country"]},
    }
    saga_input["ship_to"] = {k: v for k, v in saga_input["ship_to"].items() if v}
    return Preview("\n".join(lines), total_minor / 100, address.get("state"), evidence,
                   saga_input, figures=figures, country=address.get("country"))
