"""The orchestrator: turns validated actions into connector calls (reads) and sagas (writes)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from agentcli.actions import ActionBase
from agentcli.actions.retail import (
    AddToCart,
    CancelOrder,
    FindUser,
    GetOrder,
    GetProduct,
    GetUser,
    PlaceOrder,
    RemoveFromCart,
    SearchProducts,
    ViewCart,
)
from agentcli.catalog.model import vendor_data
from agentcli.conversation import Conversation, Observation
from agentcli.conversation.wording import describe_address, describe_method, money, shown
from agentcli.orchestrator.figures import Figures, ItemFigures, amount
from agentcli.orchestrator.services import Services
from agentcli.workflows.engine import LocalSagaEngine, SagaResult
from agentcli.workflows.journal import Journal
from agentcli.workflows.retail import CANCEL_ORDER, PLACE_ORDER
from agentcli.workflows.saga import idempotency_key
from connectors.errors import ErrorCode, VendorError

NEEDS_NO_LOGIN = {"find_user", "search_products", "get_product", "get_item",
                  "list_product_types"}


class ActionRefused(Exception):
    """The orchestrator will not run this action; `code` and message go to the planner."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Preview:
    """What a WRITE would do, read from the vendors just before asking the user."""

    summary: str
    amount: float | None = None
    region: str | None = None
    evidence: list[dict[str, Any]] = field(default_factory=list)
    saga_input: dict[str, Any] = field(default_factory=dict)
    #: guardrail findings, e.g. a price the planner claimed that the vendor contradicts
    checks: list[dict[str, Any]] = field(default_factory=list)
    #: the typed figures the summary states (items, total), recorded beside what was shown
    figures: Figures | None = None
    #: the shipping address's country (`region` is its state), for the blocked regions
    country: str | None = None


class Orchestrator:
    #: the policy's `[fulfilment] allow_partial`: order what is in stock, leave the rest
    allow_partial: bool = False

    def __init__(self, services: Services, engine: LocalSagaEngine, journal: Journal) -> None:
        self.services = services
        self.engine = engine
        self.journal = journal

    # -- previews of writes ------------------------------------------------------------------

    async def preview(self, action: ActionBase, conv: Conversation) -> Preview:
        """State exactly what the write will do, from vendor facts; refuse what cannot work."""
        self._require_login(action, conv)
        from agentcli.orchestrator import desks  # the marketplace and travel desks

        desk_preview = await desks.preview(self, action, conv)
        if desk_preview is not None:
            return desk_preview
        if isinstance(action, PlaceOrder):
            return await self._preview_order(action, conv)
        if isinstance(action, CancelOrder):
            return await self._preview_cancel(action, conv)
        if isinstance(action, AddToCart):
            return await self._preview_add(action)
        if isinstance(action, RemoveFromCart):
            return Preview(f"remove item {shown(action.item_id)} from your cart")
        from agentcli.orchestrator import order_changes

        if order_changes.handles(action):
            return await order_changes.preview(self, action, conv)
        raise ActionRefused("UNSUPPORTED", f"{action.name} is not a write this agent performs")

    async def _preview_add(self, action: AddToCart) -> Preview:
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
        lines = [f"add {action.quantity} x item {shown(action.item_id)} "
                 f"({shown(_options(item['options']))}) at {money(price)} each to your cart."]
        checks = price_checks("unit price", action.expected_unit_price, price)
        lines += [c["note"] for c in checks]
        return Preview("\n".join(lines), None, None,
                       [{"item_id": action.item_id, "options": item["options"],
                         "quantity": action.quantity, "price": price, "seller": "shop"}],
                       checks=checks)

    async def _preview_order(self, action: PlaceOrder, conv: Conversation) -> Preview:
        user = await self.services.shop.get_user(_customer(conv))
        conv.user = user
        method = user["payment_methods"].get(action.payment_method_id)
        if method is None:
            raise ActionRefused("NOT_FOUND", "that payment method is not on your account")
        cart = await self.services.shop.get_cart(_customer(conv))
        items = cart["items"]
        if not items:
            raise ActionRefused("INVALID_STATE", "your cart is empty, so there is nothing to order")
        items, left_out = await self._in_stock(items)
        with vendor_data("shop", "a cart"):
            figures = Figures.of(ItemFigures.of(i["name"], i["quantity"], i["price"], "shop",
                                                _options(i["options"])) for i in items)
        total = figures.total
        if method["source"] == "gift_card" and method["balance"] < total:
            raise ActionRefused(
                "INSUFFICIENT_FUNDS",
                f"your gift card has {money(method['balance'])}, less than the total "
                f"{money(total)}",
            )
        lines = [line.shown() for line in figures.items]
        address = user["address"]
        lines += [f"  ({shown(i['name'])} ({shown(_options(i['options']))}) is out of stock and "
                  "stays in your cart: the policy allows partial fulfilment)" for i in left_out]
        checks = price_checks("total", action.expected_total, total)
        summary = "\n".join(
            ["place an order with shop for:", *lines,
             f"{figures.total_shown()}, paid with {describe_method(method)}, shipped to "
             f"{describe_address(address)}.",
             *[c["note"] for c in checks]]
        )
        evidence = [
            {"item": i["name"], "item_id": i["item_id"], "options": i["options"],
             "quantity": i["quantity"], "price": i["price"], "seller": "shop",
             "payment_method": describe_method(method)}
            for i in items
        ]
        saga_input = {
            "user_id": conv.user_id, "payment_method_id": action.payment_method_id,
            "amount": total, "currency": "usd",
            "items": [{"item_id": i["item_id"], "quantity": i["quantity"], "price": i["price"],
                       "name": i["name"]} for i in items],
        }
        return Preview(summary, total, address.get("state"), evidence, saga_input, checks,
                       figures, country=address.get("country"))

    async def _in_stock(
        self, items: list[dict[str, Any]]
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """(cart lines in stock now, lines left out); a cart is all-or-nothing by default."""
        gone = []
        for line in items:
            if not (await self.services.shop.get_item(line["item_id"])).get("available", False):
                gone.append(line)
        if not gone:
            return items, []
        names = " and ".join(f"{i['name']} ({_options(i['options'])})" for i in gone)
        if len(gone) == len(items):
            raise ActionRefused("OUT_OF_STOCK", f"{names} is out of stock, so there is nothing "
                                "to order")
        if not self.allow_partial:
            raise ActionRefused("OUT_OF_STOCK", f"{names} is out of stock; a cart is ordered "
                                "all-or-nothing, so remove it to order the rest (or set "
                                "[fulfilment] allow_partial in the policy)")
        return [i for i in items if i not in gone], gone

    async def _preview_cancel(self, action: CancelOrder, conv: Conversation) -> Preview:
        order = await self._own_order(action.order_id, conv)
        if order["status"] != "pending":
            raise ActionRefused(
                "INVALID_STATE",
                f"order {order['order_id']} is {order['status']}; only pending orders can be "
                "cancelled",
            )
        user = conv.user or await self.services.shop.get_user(_customer(conv))
        payments = [p for p in order["payment_history"] if p["transaction_type"] == "payment"]
        refunds = []
        for p in payments:
            unknown = {"source": "unknown", "id": p["payment_method_id"]}
            method = user["payment_methods"].get(p["payment_method_id"], unknown)
            refunds.append(f"{money(amount(p['amount'], 'refund'))} back to "
                           f"{describe_method(method)}")
        items = shown(", ".join(i["name"] for i in order["items"]))
        summary = (
            f"cancel order {shown(order['order_id'])} ({items}) because it was "
            f"{shown(action.reason)}; "
            f"refund {'; '.join(refunds) or 'nothing (no payment on it)'}."
        )
        intent = order.get("payment_reference") or self._intent_for(order["order_id"])
        return Preview(
            summary, None, None,
            [{"order_id": order["order_id"], "status": order["status"], "items": items}],
            {"order_id": order["order_id"], "reason": action.reason,
             "payment_intent_id": intent, "user_id": conv.user_id},
        )

    # -- execution -----------------------------------------------------------------------------

    async def execute(
        self, action: ActionBase, conv: Conversation, *, saga_id: str,
        preview: Preview | None = None,
    ) -> Observation:
        """Run the action; vendor failures become an unsuccessful Observation, never a raise."""
        args = action.arguments()
        try:
            data = await self._dispatch(action, conv, saga_id, preview)
        except ActionRefused as refused:
            return Observation(action.name, args, False,
                               error={"code": refused.code, "message": refused.message})
        except VendorError as error:
            return Observation(action.name, args, False, error=error.to_dict())
        if isinstance(data, SagaResult):
            return _saga_observation(action, args, data)
        return Observation(action.name, args, True, data=data)

    async def _dispatch(
        self, action: ActionBase, conv: Conversation, saga_id: str, preview: Preview | None
    ) -> Any:
        from agentcli.orchestrator import desks  # the marketplace and travel desks

        handled, result = await desks.execute(self, action, conv, saga_id, preview)
        if handled:
            return result
        self._require_login(action, conv)
        shop = self.services.shop
        key = idempotency_key(saga_id, action.name)
        match action:
            case FindUser():
                if action.email is not None:
                    user_id = await shop.find_user_by_email(action.email)
                else:
                    user_id = await shop.find_user_by_name_zip(
                        action.first_name or "", action.last_name or "", action.zip or ""
                    )
                user = await shop.get_user(user_id)
                conv.user_id, conv.user = user["user_id"], user
                return user
            case GetUser():
                conv.user = await shop.get_user(_customer(conv))
                return conv.user
            case SearchProducts():
                return await shop.search(
                    q=action.query, min_price=action.min_price, max_price=action.max_price,
                    options=action.options or None, available_only=action.available_only,
                    limit=action.limit,
                )
            case GetProduct():
                return await shop.get_product(str(action.product_id))
            case ViewCart():
                return await shop.get_cart(_customer(conv))
            case AddToCart():
                return await shop.add_to_cart(
                    _customer(conv), str(action.item_id), action.quantity, idempotency_key=key
                )
            case RemoveFromCart():
                return await shop.remove_from_cart(
                    _customer(conv), str(action.item_id), action.quantity, idempotency_key=key
                )
            case GetOrder():
                return await self._own_order(action.order_id, conv)
            case PlaceOrder():
                preview = preview or await self._preview_order(action, conv)
                return await self.engine.run(PLACE_ORDER, saga_id, preview.saga_input)
            case CancelOrder():
                preview = preview or await self._preview_cancel(action, conv)
                return await self.engine.run(CANCEL_ORDER, saga_id, preview.saga_input)
        from agentcli.orchestrator import order_changes

        if order_changes.handles(action):
            return await order_changes.execute(self, action, conv, saga_id, preview)
        raise ActionRefused("UNSUPPORTED", f"{action.name} is not performed by the orchestrator")

    # -- guards --------------------------------------------------------------------------------

    def _require_login(self, action: ActionBase, conv: Conversation) -> None:
        if action.name not in NEEDS_NO_LOGIN:
            _customer(conv)

    async def _own_order(self, order_id: str, conv: Conversation) -> dict[str, Any]:
        """The order, if it belongs to the authenticated customer; another's is 'not found'."""
        try:
            order: dict[str, Any] = await self.services.shop.get_order(order_id)
        except VendorError as error:
            if error.code is ErrorCode.NOT_FOUND:
                raise ActionRefused("NOT_FOUND", f"I cannot find order {order_id}") from error
            raise
        if order["user_id"] != conv.user_id:
            raise ActionRefused("NOT_FOUND", f"I cannot find order {order_id} on your account")
        return order

    def _intent_for(self, order_id: str) -> str | None:
        outputs = self.journal.find_output("place_order", "create_order", "order_id", order_id)
        if outputs and "authorize_payment" in outputs:
            return str(outputs["authorize_payment"]["intent_id"])
        return None


def price_checks(what: str, claimed: float | None, vendor: float) -> list[dict[str, Any]]:
    """A finding when the planner claimed a figure the vendor contradicts (the vendor wins)."""
    if claimed is None or abs(claimed - vendor) < 0.005:
        return []
    note = (f"Note: the {what} from the vendor is {money(vendor)}, not {money(claimed)} as "
            f"stated before; the vendor's {money(vendor)} applies.")
    return [{"rule": "price_mismatch", "what": what, "claimed": claimed, "vendor": vendor,
             "outcome": "the vendor's figure is used", "note": note}]


def _customer(conv: Conversation) -> str:
    """The authenticated customer's id; refuses when nobody has signed in yet."""
    if conv.user_id is None:
        raise ActionRefused(
            "NOT_AUTHENTICATED",
            "I need to know who you are first: tell me your email, or your name and zip code",
        )
    return conv.user_id


def _options(options: dict[str, str]) -> str:
    return ", ".join(f"{k}: {v}" for k, v in options.items())


def _saga_observation(action: ActionBase, args: dict[str, Any], result: SagaResult) -> Observation:
    data = {"saga_id": result.saga_id, "status": result.status, "outputs": result.outputs,
            "compensated": list(result.compensated)}
    if result.ok:
        return Observation(action.name, args, True, data=data)
    error: dict[str, Any] = (
        result.error.to_dict() if result.error else {"code": "UNKNOWN", "message": ""}
    )
    error.update(result.report())
    error["saga_id"] = result.saga_id
    return Observation(action.name, args, False, data=data, error=error)
