"""Payment steps every saga shares: authorise, capture, and release (void or refund) a hold.

`release` converges whatever state the intent is in (held, captured, already released, never
created) to "the customer pays nothing", so it can compensate an authorisation and a capture
alike, run twice, or run after a crash without harm.
"""

from __future__ import annotations

from typing import Any

from agentcli.workflows.saga import StepContext
from connectors.errors import ErrorCode, VendorError
from connectors.pay import PayConnector, from_cents, to_cents


async def authorize(
    ctx: StepContext,
    amount: float,
    payment_method_id: str,
    customer: str,
    description: str,
    *,
    order_id: str | None = None,
) -> dict[str, Any]:
    """Hold `amount`; the intent names its saga (and the order it pays for, when one exists)."""
    pay: PayConnector = ctx.services.pay
    metadata = {"saga_id": ctx.saga_id, **({"order_id": order_id} if order_id else {})}
    intent = await pay.authorize(
        to_cents(amount),
        ctx.input.get("currency", "usd"),
        payment_method_id,
        customer,
        description=description,
        metadata=metadata,
        idempotency_key=ctx.idempotency_key,
    )
    return {
        "intent_id": intent["id"],
        "status": intent["status"],
        "amount": intent["amount"],
        "payment_method_id": payment_method_id,
    }


async def capture(ctx: StepContext, intent_id: str) -> dict[str, Any]:
    pay: PayConnector = ctx.services.pay
    intent = await pay.capture(intent_id, idempotency_key=ctx.idempotency_key)
    return {
        "intent_id": intent_id,
        "status": intent["status"],
        "amount_received": intent["amount_received"],
    }


async def release(ctx: StepContext, intent_id: str) -> dict[str, Any]:
    """Void the hold, or refund what was captured; `action` says which (or `none`)."""
    pay: PayConnector = ctx.services.pay
    for _ in range(3):  # a capture racing the void changes the state once at most
        try:
            intent = await pay.get_intent(intent_id)
        except VendorError as error:
            if error.code is ErrorCode.NOT_FOUND:
                return {"intent_id": intent_id, "action": "none", "amount": 0}
            raise
        if intent["status"] == "requires_capture":
            try:
                await pay.void(intent_id, idempotency_key=ctx.key("void"))
            except VendorError as error:
                if error.code is ErrorCode.INVALID_STATE:
                    continue  # captured or voided meanwhile: read it again
                raise
            return {"intent_id": intent_id, "action": "voided", "amount": intent["amount"]}
        if intent["status"] == "succeeded":
            refundable = intent["amount_received"] - intent["amount_refunded"]
            if refundable <= 0:  # refunded already (an answer we never heard, or earlier)
                return {
                    "intent_id": intent_id,
                    "action": "refunded",
                    "amount": intent["amount_refunded"],
                    "already": True,
                }
            try:
                refund = await pay.refund(intent_id, idempotency_key=ctx.key("refund"))
            except VendorError as error:
                if error.code in (ErrorCode.INVALID_REQUEST, ErrorCode.INVALID_STATE):
                    continue  # refunded meanwhile: read it again
                raise
            return {
                "intent_id": intent_id,
                "action": "refunded",
                "amount": refund["amount"],
                "refund_id": refund["id"],
            }
        if intent["status"] == "canceled":  # voided already
            return {
                "intent_id": intent_id,
                "action": "voided",
                "amount": intent["amount"],
                "already": True,
            }
        return {"intent_id": intent_id, "action": "none", "amount": 0}
    raise VendorError(ErrorCode.CONFLICT, f"payment {intent_id} keeps changing state", vendor="pay")


def money(cents: int) -> str:
    return f"${from_cents(cents):,.2f}"


def release_note(result: dict[str, Any]) -> str:
    """What a release did, for the customer; nothing when an earlier undo step already did it
    (a failed capture's undo and the authorisation's both release the same hold)."""
    if result.get("already"):
        return ""
    amount = money(int(result.get("amount") or 0))
    if result.get("action") == "voided":
        return f"released the {amount} hold on your payment method"
    if result.get("action") == "refunded":
        return f"refunded the {amount} charge"
    return ""


def release_events(ctx: StepContext, result: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    kind = {"voided": "payment.voided", "refunded": "payment.refunded"}.get(result["action"])
    return [(kind, result)] if kind else []
