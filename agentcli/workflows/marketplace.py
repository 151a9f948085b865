"""The cross-marketplace checkout: one payment, one order per marketplace.

authorise the whole total → create the shop order → create the bazaar order → re-check the
shop's stock → capture. The capture comes only once every order exists. A failure compensates
in reverse: the orders that were created are cancelled (their items go back to the carts) and
the authorisation is voided, so nothing is charged. The bazaar order carries the total the
customer agreed to (`expected_total_minor`), so it is never placed for another amount.
"""

from __future__ import annotations

from typing import Any

from agentcli.workflows import payments
from agentcli.workflows.retail import cancel_order_tolerantly
from agentcli.workflows.saga import SagaDefinition, Step, StepContext
from connectors.bazaar import BazaarConnector
from connectors.errors import ErrorCode, VendorError
from connectors.pay import PayConnector
from connectors.shop import ShopConnector

NOTHING = {"nothing_to_undo": True}


def _shop(ctx: StepContext) -> ShopConnector:
    shop: ShopConnector = ctx.services.shop
    return shop


def _bazaar(ctx: StepContext) -> BazaarConnector:
    bazaar: BazaarConnector | None = ctx.services.bazaar
    if bazaar is None:
        raise VendorError(
            ErrorCode.UNAVAILABLE, "the bazaar is not configured for this run", vendor="bazaar"
        )
    return bazaar


def _intent(ctx: StepContext) -> str:
    return str(ctx.outputs["authorize_payment"]["intent_id"])


async def _authorize(ctx: StepContext) -> dict[str, Any]:
    return await payments.authorize(
        ctx,
        ctx.input["amount_minor"] / 100,
        ctx.input["payment_method_id"],
        ctx.input["user_id"],
        "marketplace order",
    )


async def _release(ctx: StepContext) -> dict[str, Any]:
    return await payments.release(ctx, _intent(ctx))


async def _create_shop_order(ctx: StepContext) -> dict[str, Any]:
    part = ctx.input.get("shop")
    if not part:
        return {"skipped": "no shop items"}
    order = await _shop(ctx).create_order(
        ctx.input["user_id"],
        [{"item_id": i["item_id"], "quantity": i["quantity"]} for i in part["items"]],
        ctx.input["payment_method_id"],
        _intent(ctx),
        from_cart=True,
        idempotency_key=ctx.idempotency_key,
    )
    return {
        "order_id": order["order_id"],
        "status": order["status"],
        "amount": order["payment_history"][0]["amount"],
    }


async def _restore(ctx: StepContext, marketplace: str, lines: list[tuple[str, int]]) -> list[str]:
    """Put ordered items back in that marketplace's cart; one that is gone stays out."""
    restored = []
    for sku, quantity in lines:
        key = ctx.key(f"cart:{marketplace}:{sku}")
        try:
            if marketplace == "shop":
                await _shop(ctx).add_to_cart(
                    ctx.input["user_id"], sku, quantity, idempotency_key=key
                )
            else:
                await _bazaar(ctx).add_to_cart(
                    ctx.input["user_id"], sku, quantity, idempotency_key=key
                )
        except VendorError as error:
            if error.code not in (
                ErrorCode.OUT_OF_STOCK,
                ErrorCode.NOT_FOUND,
                ErrorCode.INVALID_REQUEST,
            ):
                raise
            continue
        restored.append(sku)
    return restored


async def _cancel_shop_order(ctx: StepContext) -> dict[str, Any]:
    created = ctx.outputs.get("create_shop_order") or {}
    if "order_id" not in created:
        return dict(NOTHING)
    status = await cancel_order_tolerantly(ctx, created["order_id"])
    lines = [(i["item_id"], i["quantity"]) for i in ctx.input["shop"]["items"]]
    restored = await _restore(ctx, "shop", lines) if status == "cancelled" else []
    return {"order_id": created["order_id"], "status": status, "restored_to_cart": restored}


async def _create_bazaar_order(ctx: StepContext) -> dict[str, Any]:
    part = ctx.input.get("bazaar")
    if not part:
        return {"skipped": "no bazaar items"}
    order = await _bazaar(ctx).create_order(
        ctx.input["user_id"],
        _intent(ctx),
        from_cart=True,
        ship_to=ctx.input.get("ship_to"),
        expected_total_minor=part["total_minor"],
        idempotency_key=ctx.idempotency_key,
    )
    return {
        "order_id": order["order_id"],
        "status": order["status"],
        "total_minor": order["total_minor"],
        "discount_minor": order["discount_minor"],
    }


async def _cancel_bazaar_order(ctx: StepContext) -> dict[str, Any]:
    created = ctx.outputs.get("create_bazaar_order") or {}
    if "order_id" not in created:
        return dict(NOTHING)
    order_id = created["order_id"]
    bazaar = _bazaar(ctx)
    try:
        order = await bazaar.cancel_order(
            order_id, "checkout_failed", idempotency_key=ctx.key("cancel")
        )
        status = str(order["status"])
    except VendorError as error:
        if error.code is ErrorCode.NOT_FOUND:
            return {"order_id": order_id, "status": "not found"}
        if error.code is not ErrorCode.INVALID_STATE:
            raise
        status = str((await bazaar.get_order(order_id))["status"])
        if status != "cancelled":
            raise VendorError(
                ErrorCode.INVALID_STATE,
                f"bazaar order {order_id} is {status} and cannot be cancelled",
                vendor="bazaar",
            ) from error
    lines = [(line["sku"], line["qty"]) for line in ctx.input["bazaar"]["lines"]]
    restored = await _restore(ctx, "bazaar", lines)
    return {"order_id": order_id, "status": status, "restored_to_cart": restored}


async def _check_shop_stock(ctx: StepContext) -> dict[str, Any]:
    """The shop does not reserve stock, so its items are read again before the capture."""
    part = ctx.input.get("shop") or {"items": []}
    gone = []
    for line in part["items"]:
        item = await _shop(ctx).get_item(line["item_id"])
        if not item.get("available", False):
            gone.append(line.get("name") or line["item_id"])
    if gone:
        raise VendorError(
            ErrorCode.OUT_OF_STOCK,
            f"{' and '.join(gone)} sold out just before payment",
            vendor="shop",
        )
    return {"in_stock": [line["item_id"] for line in part["items"]]}


async def refund_part(ctx: StepContext, intent_id: str, amount: int) -> dict[str, Any]:
    """Refund `amount` of a payment that paid for several orders (never more than is left).

    The refund is asked for with the amount owed and its own key before anything is read, so
    a retry after a lost answer is a replay (the state read afterwards would already show the
    refund). A payment never captured is released whole, as nothing of it was taken.
    """
    pay: PayConnector = ctx.services.pay
    intent = await pay.get_intent(intent_id)
    if intent["status"] != "succeeded":
        return await payments.release(ctx, intent_id)
    try:
        refund = await pay.refund(intent_id, amount, idempotency_key=ctx.key(f"refund:{amount}"))
    except VendorError as error:
        if error.code is not ErrorCode.INVALID_REQUEST:  # amount_too_large: less is left
            raise
        intent = await pay.get_intent(intent_id)
        left = intent["amount_received"] - intent["amount_refunded"]
        if left <= 0:
            return {"intent_id": intent_id, "action": "none", "amount": 0}
        refund = await pay.refund(intent_id, left, idempotency_key=ctx.key(f"rest:{left}"))
    return {
        "intent_id": intent_id,
        "action": "refunded",
        "amount": refund["amount"],
        "refund_id": refund["id"],
    }


async def _capture(ctx: StepContext) -> dict[str, Any]:
    return await payments.capture(ctx, _intent(ctx))


def _cancelled_note(where: str) -> Any:
    def note(result: dict[str, Any]) -> str:
        if result.get("status") != "cancelled":
            return ""
        return f"cancelled {where} order {result['order_id']}"

    return note


def _created(kind: str) -> Any:
    return lambda c, r: [] if "skipped" in r else [(kind, r)]


def _undone(kind: str) -> Any:
    return lambda c, r: [(kind, r)] if r.get("status") == "cancelled" else []


CROSS_MARKETPLACE_ORDER = SagaDefinition(
    "cross_marketplace_order",
    (
        Step(
            "authorize_payment",
            _authorize,
            _release,
            title="authorise the payment",
            events=lambda c, r: [("payment.authorized", r)],
            undo_events=payments.release_events,
            undo_note=payments.release_note,
        ),
        Step(
            "create_shop_order",
            _create_shop_order,
            _cancel_shop_order,
            title="create the order with the shop",
            events=_created("order.created"),
            undo_events=_undone("order.cancelled"),
            undo_note=_cancelled_note("shop"),
        ),
        Step(
            "create_bazaar_order",
            _create_bazaar_order,
            _cancel_bazaar_order,
            title="create the order with the bazaar",
            events=_created("bazaar.order.created"),
            undo_events=_undone("bazaar.order.cancelled"),
            undo_note=_cancelled_note("bazaar"),
        ),
        Step("check_stock", _check_shop_stock, title="confirm the shop items are still in stock"),
        Step(
            "capture_payment",
            _capture,
            _release,
            title="take the payment",
            charges=True,
            undo_without_result=True,
            events=lambda c, r: [("payment.captured", r)],
            undo_events=payments.release_events,
            undo_note=payments.release_note,
        ),
    ),
    title="place the orders",
)


# -- cancelling a bazaar order -------------------------------------------------------------------


async def _cancel_at_bazaar(ctx: StepContext) -> dict[str, Any]:
    order = await _bazaar(ctx).cancel_order(
        ctx.input["order_id"], "buyer_request", idempotency_key=ctx.idempotency_key
    )
    refund = order["refund"]
    return {
        "order_id": order["order_id"],
        "status": order["status"],
        "refund_minor": refund["amount_minor"],
        "payment_ref": refund["payment_ref"],
    }


async def _refund_what_is_owed(ctx: StepContext) -> dict[str, Any]:
    """Refund exactly what the bazaar says is owed, from the payment that paid the order."""
    cancelled = ctx.outputs["cancel_order"]
    return await refund_part(ctx, cancelled["payment_ref"], int(cancelled["refund_minor"]))


CANCEL_BAZAAR_ORDER = SagaDefinition(
    "cancel_bazaar_order",
    (
        Step(
            "cancel_order",
            _cancel_at_bazaar,
            irreversible=True,
            title="cancel the order at the bazaar",
            events=lambda c, r: [("bazaar.order.cancelled", r)],
        ),
        Step(
            "refund_payment",
            _refund_what_is_owed,
            irreversible=True,
            title="refund the payment",
            events=lambda c, r: payments.release_events(c, r) if "action" in r else [],
        ),
    ),
    title="cancel the bazaar order",
)
