"""The retail sagas: place an order, cancel an order (with its refund).

place_order: authorise → create the order → re-check stock → capture. A failure compensates
in reverse: the order is cancelled (its items go back to the cart) and the hold is released,
so nothing is charged. The stock re-check right before the capture turns a stock race into a
clean compensation instead of a charge for an item that is gone.
"""

from __future__ import annotations

from typing import Any

from agentcli.workflows import payments
from agentcli.workflows.saga import SagaDefinition, Step, StepContext
from connectors.errors import ErrorCode, VendorError
from connectors.shop import ShopConnector

CANCEL_REASON = "ordered by mistake"


def _shop(ctx: StepContext) -> ShopConnector:
    shop: ShopConnector = ctx.services.shop
    return shop


def _intent(ctx: StepContext) -> str:
    return str(ctx.outputs["authorize_payment"]["intent_id"])


async def _authorize(ctx: StepContext) -> dict[str, Any]:
    return await payments.authorize(
        ctx, ctx.input["amount"], ctx.input["payment_method_id"], ctx.input["user_id"], "shop order"
    )


async def _release(ctx: StepContext) -> dict[str, Any]:
    return await payments.release(ctx, _intent(ctx))


async def _create_order(ctx: StepContext) -> dict[str, Any]:
    order = await _shop(ctx).create_order(
        ctx.input["user_id"],
        [{"item_id": i["item_id"], "quantity": i["quantity"]} for i in ctx.input["items"]],
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


async def cancel_order_tolerantly(ctx: StepContext, order_id: str) -> str:
    """Cancel a pending order; one that is cancelled already or does not exist is fine."""
    shop = _shop(ctx)
    try:
        order = await shop.cancel_order(order_id, CANCEL_REASON, idempotency_key=ctx.key("cancel"))
        return str(order["status"])
    except VendorError as error:
        if error.code is ErrorCode.NOT_FOUND:
            return "not found"
        if error.code is not ErrorCode.INVALID_STATE:
            raise
    order = await shop.get_order(order_id)
    if order["status"] != "cancelled":
        raise VendorError(
            ErrorCode.INVALID_STATE,
            f"order {order_id} is {order['status']} and can no longer be cancelled",
            vendor="shop",
        )
    return "cancelled"


async def _restore_cart(ctx: StepContext) -> list[str]:
    """Put the ordered items back in the cart; an item that is gone stays out."""
    restored = []
    for line in ctx.input["items"]:
        try:
            await _shop(ctx).add_to_cart(
                ctx.input["user_id"],
                line["item_id"],
                line["quantity"],
                idempotency_key=ctx.key(f"cart:{line['item_id']}"),
            )
        except VendorError as error:
            if error.code not in (ErrorCode.OUT_OF_STOCK, ErrorCode.NOT_FOUND):
                raise
            continue
        restored.append(line["item_id"])
    return restored


async def _cancel_created_order(ctx: StepContext) -> dict[str, Any]:
    order_id = ctx.outputs["create_order"]["order_id"]
    status = await cancel_order_tolerantly(ctx, order_id)
    restored = await _restore_cart(ctx) if status == "cancelled" else []
    return {"order_id": order_id, "status": status, "restored_to_cart": restored}


async def _check_stock(ctx: StepContext) -> dict[str, Any]:
    """Read every ordered item again right before the money is taken."""
    gone = []
    for line in ctx.input["items"]:
        item = await _shop(ctx).get_item(line["item_id"])
        if not item.get("available", False):
            gone.append(line.get("name") or line["item_id"])
    if gone:
        raise VendorError(
            ErrorCode.OUT_OF_STOCK,
            f"{' and '.join(gone)} sold out just before payment",
            vendor="shop",
        )
    return {"in_stock": [line["item_id"] for line in ctx.input["items"]]}


async def _capture(ctx: StepContext) -> dict[str, Any]:
    return await payments.capture(ctx, _intent(ctx))


def _cancelled_note(result: dict[str, Any]) -> str:
    if result.get("status") != "cancelled":
        return ""
    return f"cancelled order {result['order_id']}"


PLACE_ORDER = SagaDefinition(
    "place_order",
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
            "create_order",
            _create_order,
            _cancel_created_order,
            title="create the order with the shop",
            events=lambda c, r: [("order.created", r)],
            undo_events=lambda c, r: [("order.cancelled", r)] if r["status"] == "cancelled" else [],
            undo_note=_cancelled_note,
        ),
        Step("check_stock", _check_stock, title="confirm the items are still in stock"),
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
    title="place the order",
)


async def _cancel_order(ctx: StepContext) -> dict[str, Any]:
    order = await _shop(ctx).cancel_order(
        ctx.input["order_id"], ctx.input["reason"], idempotency_key=ctx.idempotency_key
    )
    refunds = [p for p in order["payment_history"] if p["transaction_type"] == "refund"]
    return {"order_id": order["order_id"], "status": order["status"], "refunds": refunds}


async def _refund_payment(ctx: StepContext) -> dict[str, Any]:
    intent_id = ctx.input.get("payment_intent_id")
    if not intent_id:
        return {"skipped": "the order was not paid through pay"}
    if ctx.input.get("refund_cents") is not None:  # one payment paid other orders too
        from agentcli.workflows.marketplace import refund_part

        return await refund_part(ctx, intent_id, int(ctx.input["refund_cents"]))
    return await payments.release(ctx, intent_id)


CANCEL_ORDER = SagaDefinition(
    "cancel_order",
    (
        Step(
            "cancel_order",
            _cancel_order,
            irreversible=True,
            title="cancel the order",
            events=lambda c, r: [("order.cancelled", r)],
        ),
        Step(
            "refund_payment",
            _refund_payment,
            irreversible=True,
            title="refund the payment",
            events=lambda c, r: payments.release_events(c, r) if "action" in r else [],
        ),
    ),
    title="cancel the order",
)
