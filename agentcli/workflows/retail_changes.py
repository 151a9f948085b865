"""Sagas for changing orders and addresses: returns, exchanges, item, address and payment changes.

Most are one shop call. Where money moves through pay (an order that was paid through a pay
intent), the shop's change is the point of no return: the money is held first (compensated by
releasing the hold if the shop refuses), then the shop changes the order (irreversible), then
the money is taken and the old charge refunded; a failure after the shop's change needs an
operator, never a backwards compensation. Orders from the τ² data carry no pay intent: for them
the shop's own ledger (payment history, gift card balances) is the whole story.
"""

from __future__ import annotations

from typing import Any

from agentcli.workflows import payments
from agentcli.workflows.saga import SagaDefinition, Step, StepContext
from connectors.pay import PayConnector, to_cents
from connectors.shop import ShopConnector

NO_INTENT = {"skipped": "the order was not paid through pay"}


def _shop(ctx: StepContext) -> ShopConnector:
    shop: ShopConnector = ctx.services.shop
    return shop


def _summary(order: dict[str, Any]) -> dict[str, Any]:
    return {"order_id": order["order_id"], "status": order["status"]}


# -- one shop call ------------------------------------------------------------------------------


async def _return(ctx: StepContext) -> dict[str, Any]:
    order = await _shop(ctx).return_items(
        ctx.input["order_id"],
        ctx.input["item_ids"],
        ctx.input["payment_method_id"],
        idempotency_key=ctx.idempotency_key,
    )
    return {
        **_summary(order),
        "return_items": order.get("return_items"),
        "return_payment_method_id": order.get("return_payment_method_id"),
    }


async def _exchange(ctx: StepContext) -> dict[str, Any]:
    order = await _shop(ctx).exchange_items(
        ctx.input["order_id"],
        ctx.input["item_ids"],
        ctx.input["new_item_ids"],
        ctx.input["payment_method_id"],
        idempotency_key=ctx.idempotency_key,
    )
    return {
        **_summary(order),
        "exchange_items": order.get("exchange_items"),
        "exchange_new_items": order.get("exchange_new_items"),
        "exchange_price_difference": order.get("exchange_price_difference"),
    }


async def _order_address(ctx: StepContext) -> dict[str, Any]:
    order = await _shop(ctx).modify_order_address(
        ctx.input["order_id"], **ctx.input["address"], idempotency_key=ctx.idempotency_key
    )
    return {**_summary(order), "address": order["address"]}


async def _user_address(ctx: StepContext) -> dict[str, Any]:
    user = await _shop(ctx).modify_user_address(
        ctx.input["user_id"], **ctx.input["address"], idempotency_key=ctx.idempotency_key
    )
    return {"user_id": user["user_id"], "address": user["address"]}


RETURN_ITEMS = SagaDefinition(
    "return_items",
    (
        Step(
            "request_return",
            _return,
            irreversible=True,
            title="ask the shop for the return",
            events=lambda c, r: [("order.return_requested", r)],
        ),
    ),
    title="request the return",
)

EXCHANGE_ITEMS = SagaDefinition(
    "exchange_items",
    (
        Step(
            "request_exchange",
            _exchange,
            irreversible=True,
            title="ask the shop for the exchange",
            events=lambda c, r: [("order.exchange_requested", r)],
        ),
    ),
    title="request the exchange",
)

MODIFY_ORDER_ADDRESS = SagaDefinition(
    "modify_order_address",
    (
        Step(
            "change_address",
            _order_address,
            irreversible=True,
            title="change the order's shipping address",
            events=lambda c, r: [("order.address_changed", r)],
        ),
    ),
    title="change the shipping address",
)

MODIFY_USER_ADDRESS = SagaDefinition(
    "modify_user_address",
    (
        Step(
            "change_address",
            _user_address,
            irreversible=True,
            title="change your default address",
            events=lambda c, r: [("user.address_changed", r)],
        ),
    ),
    title="change your address",
)


# -- payment method change --------------------------------------------------------------------


def _new_intent(ctx: StepContext) -> str | None:
    intent = ctx.outputs.get("authorize_payment", {}).get("intent_id")
    return str(intent) if intent else None


async def _authorize_new(ctx: StepContext) -> dict[str, Any]:
    if not ctx.input.get("previous_intent_id"):
        return NO_INTENT
    return await payments.authorize(
        ctx,
        ctx.input["amount"],
        ctx.input["payment_method_id"],
        ctx.input["user_id"],
        f"order {ctx.input['order_id']}",
        order_id=ctx.input["order_id"],
    )


async def _release_new(ctx: StepContext) -> dict[str, Any]:
    intent = _new_intent(ctx)
    if intent is None:
        return {"intent_id": None, "action": "none", "amount": 0}
    return await payments.release(ctx, intent)


async def _switch_payment(ctx: StepContext) -> dict[str, Any]:
    order = await _shop(ctx).modify_order_payment(
        ctx.input["order_id"],
        ctx.input["payment_method_id"],
        idempotency_key=ctx.idempotency_key,
        payment_reference=_new_intent(ctx),
    )
    return {**_summary(order), "payment_history": order["payment_history"]}


async def _capture_new(ctx: StepContext) -> dict[str, Any]:
    intent = _new_intent(ctx)
    return NO_INTENT if intent is None else await payments.capture(ctx, intent)


async def _refund_previous(ctx: StepContext) -> dict[str, Any]:
    intent = ctx.input.get("previous_intent_id")
    return NO_INTENT if not intent else await payments.release(ctx, str(intent))


def _paid(events: str) -> Any:
    return lambda c, r: [] if "skipped" in r else [(events, r)]


MODIFY_ORDER_PAYMENT = SagaDefinition(
    "modify_order_payment",
    (
        Step(
            "authorize_payment",
            _authorize_new,
            _release_new,
            title="hold the amount on the new payment method",
            events=_paid("payment.authorized"),
            undo_events=payments.release_events,
            undo_note=payments.release_note,
        ),
        Step(
            "switch_payment",
            _switch_payment,
            irreversible=True,
            title="switch the order's payment at the shop",
            events=lambda c, r: [("order.payment_changed", r)],
        ),
        Step(
            "capture_payment",
            _capture_new,
            title="take the payment from the new method",
            charges=True,
            events=_paid("payment.captured"),
        ),
        Step(
            "refund_previous",
            _refund_previous,
            title="refund the previous payment",
            events=lambda c, r: [] if "skipped" in r else payments.release_events(c, r),
        ),
    ),
    title="change the payment method",
)


# -- item change of a pending order -----------------------------------------------------------


def _charge(ctx: StepContext) -> bool:
    return bool(ctx.input.get("intent_id")) and ctx.input["difference"] > 0


async def _authorize_difference(ctx: StepContext) -> dict[str, Any]:
    if not _charge(ctx):
        return {"skipped": "no difference to charge through pay"}
    return await payments.authorize(
        ctx,
        ctx.input["difference"],
        ctx.input["payment_method_id"],
        ctx.input["user_id"],
        f"item change of order {ctx.input['order_id']}",
        order_id=ctx.input["order_id"],
    )


async def _modify_items(ctx: StepContext) -> dict[str, Any]:
    order = await _shop(ctx).modify_order_items(
        ctx.input["order_id"],
        ctx.input["item_ids"],
        ctx.input["new_item_ids"],
        ctx.input["payment_method_id"],
        idempotency_key=ctx.idempotency_key,
    )
    return {**_summary(order), "payment_history": order["payment_history"]}


async def _capture_difference(ctx: StepContext) -> dict[str, Any]:
    intent = _new_intent(ctx)
    if intent is None:
        return {"skipped": "no difference to charge through pay"}
    return await payments.capture(ctx, intent)


async def _refund_difference(ctx: StepContext) -> dict[str, Any]:
    intent, difference = ctx.input.get("intent_id"), ctx.input["difference"]
    if not intent or difference >= 0:
        return {"skipped": "no difference to refund through pay"}
    pay: PayConnector = ctx.services.pay
    refund = await pay.refund(
        str(intent), to_cents(-difference), idempotency_key=ctx.idempotency_key
    )
    return {
        "intent_id": intent,
        "action": "refunded",
        "amount": refund["amount"],
        "refund_id": refund["id"],
    }


MODIFY_ORDER_ITEMS = SagaDefinition(
    "modify_order_items",
    (
        Step(
            "authorize_payment",
            _authorize_difference,
            _release_new,
            title="hold the price difference",
            events=_paid("payment.authorized"),
            undo_events=payments.release_events,
            undo_note=payments.release_note,
        ),
        Step(
            "modify_items",
            _modify_items,
            irreversible=True,
            title="change the order's items",
            events=lambda c, r: [("order.items_modified", r)],
        ),
        Step(
            "capture_difference",
            _capture_difference,
            title="take the price difference",
            charges=True,
            events=_paid("payment.captured"),
        ),
        Step(
            "refund_difference",
            _refund_difference,
            title="refund the price difference",
            events=_paid("payment.refunded"),
        ),
    ),
    title="change the order's items",
)
