"""The retail sagas: place an order, cancel an order (with its refund)."""

from __future__ import annotations

from typing import Any

from agentcli.workflows.saga import SagaDefinition, Step, StepContext
from connectors.pay import to_cents


async def _authorize(ctx: StepContext) -> dict[str, Any]:
    intent = await ctx.services.pay.authorize(
        to_cents(ctx.input["amount"]),
        ctx.input.get("currency", "usd"),
        ctx.input["payment_method_id"],
        ctx.input["user_id"],
        description="shop order",
        metadata={"saga_id": ctx.saga_id},
        idempotency_key=ctx.idempotency_key,
    )
    return {"intent_id": intent["id"], "status": intent["status"], "amount": intent["amount"]}


async def _void(ctx: StepContext) -> dict[str, Any]:
    intent_id = ctx.outputs["authorize_payment"]["intent_id"]
    intent = await ctx.services.pay.void(intent_id, idempotency_key=ctx.idempotency_key)
    return {"intent_id": intent_id, "status": intent["status"]}


async def _create_order(ctx: StepContext) -> dict[str, Any]:
    order = await ctx.services.shop.create_order(
        ctx.input["user_id"],
        [{"item_id": i["item_id"], "quantity": i["quantity"]} for i in ctx.input["items"]],
        ctx.input["payment_method_id"],
        ctx.outputs["authorize_payment"]["intent_id"],
        from_cart=True,
        idempotency_key=ctx.idempotency_key,
    )
    return {"order_id": order["order_id"], "status": order["status"],
            "amount": order["payment_history"][0]["amount"]}


async def _cancel_created_order(ctx: StepContext) -> dict[str, Any]:
    order_id = ctx.outputs["create_order"]["order_id"]
    order = await ctx.services.shop.cancel_order(
        order_id, "ordered by mistake", idempotency_key=ctx.idempotency_key
    )
    return {"order_id": order_id, "status": order["status"]}


async def _capture(ctx: StepContext) -> dict[str, Any]:
    intent_id = ctx.outputs["authorize_payment"]["intent_id"]
    intent = await ctx.services.pay.capture(intent_id, idempotency_key=ctx.idempotency_key)
    return {"intent_id": intent_id, "status": intent["status"],
            "amount_received": intent["amount_received"]}


async def _refund_capture(ctx: StepContext) -> dict[str, Any]:
    intent_id = ctx.outputs["authorize_payment"]["intent_id"]
    refund = await ctx.services.pay.refund(intent_id, idempotency_key=ctx.idempotency_key)
    return {"intent_id": intent_id, "refund_id": refund["id"], "status": refund["status"]}


PLACE_ORDER = SagaDefinition(
    "place_order",
    (
        Step("authorize_payment", _authorize, _void,
             events=lambda c, r: [("payment.authorized", r)]),
        Step("create_order", _create_order, _cancel_created_order,
             events=lambda c, r: [("order.created", r)]),
        Step("capture_payment", _capture, _refund_capture, irreversible=True,
             events=lambda c, r: [("payment.captured", r)]),
    ),
)


async def _cancel_order(ctx: StepContext) -> dict[str, Any]:
    order = await ctx.services.shop.cancel_order(
        ctx.input["order_id"], ctx.input["reason"], idempotency_key=ctx.idempotency_key
    )
    refunds = [p for p in order["payment_history"] if p["transaction_type"] == "refund"]
    return {"order_id": order["order_id"], "status": order["status"], "refunds": refunds}


async def _refund_payment(ctx: StepContext) -> dict[str, Any]:
    intent_id = ctx.input.get("payment_intent_id")
    if not intent_id:
        return {"skipped": "the order was not paid through pay"}
    refund = await ctx.services.pay.refund(intent_id, idempotency_key=ctx.idempotency_key)
    return {"intent_id": intent_id, "refund_id": refund["id"], "amount": refund["amount"]}


CANCEL_ORDER = SagaDefinition(
    "cancel_order",
    (
        Step("cancel_order", _cancel_order, irreversible=True,
             events=lambda c, r: [("order.cancelled", r)]),
        Step("refund_payment", _refund_payment, irreversible=True,
             events=lambda c, r: [] if "skipped" in r else [("payment.refunded", r)]),
    ),
)
