"""A purchase at a protocol merchant, and the cancellation of its checkout session.

session created → updated (buyer, address, fulfilment option) → completed. The session was
opened for the preview with the same idempotency keys, so the first two steps get the very
session the customer saw; the update refuses a total other than the one agreed to. Completing
is the point of no return: a lost answer is retried with the same key and settled by reading
the session back. Before that, cancelling the session undoes the purchase.
"""

from __future__ import annotations

from typing import Any

from agentcli.orchestrator.shop_buyer import buyer_of, cards_of
from agentcli.workflows.saga import SagaDefinition, Step, StepContext, is_ambiguous
from connectors.config import PaymentCredential
from connectors.errors import ErrorCode, VendorError
from connectors.merchant import BasketLine, Buyer, CheckoutSession, MerchantCheckout, WriteKeys


def _merchant(ctx: StepContext) -> MerchantCheckout:
    name = ctx.input["merchant"]
    merchant: MerchantCheckout | None = ctx.services.merchants.get(name)
    if merchant is None:
        raise VendorError(
            ErrorCode.UNAVAILABLE, f"{name} is not in this run's connectors config", vendor=name
        )
    return merchant


async def _customer(ctx: StepContext) -> dict[str, Any] | None:
    """The shop's record of the signed-in customer the purchase is for (None: the profile's)."""
    customer = ctx.input.get("customer")
    if not customer:
        return None
    user: dict[str, Any] = await ctx.services.shop.get_user(customer)
    return user


async def _buyer(ctx: StepContext) -> Buyer:
    user = await _customer(ctx)
    if user is not None:
        return buyer_of(user)
    buyer: Buyer | None = ctx.services.buyer
    if buyer is None:
        raise VendorError(
            ErrorCode.INVALID_REQUEST,
            "the connectors config has no buyer profile",
            vendor=ctx.input["merchant"],
        )
    return buyer


async def _payment(ctx: StepContext) -> PaymentCredential:
    chosen = ctx.input["payment"]
    user = await _customer(ctx)
    held = cards_of(user) if user is not None else ctx.services.payment
    for credential in held:
        if (credential.handler, credential.last_digits) == (
            chosen["handler"],
            chosen["last_digits"],
        ):
            found: PaymentCredential = credential
            return found
    raise VendorError(
        ErrorCode.INVALID_REQUEST,
        f"the buyer profile no longer holds the {chosen['brand']} ending in "
        f"{chosen['last_digits']}",
        vendor=ctx.input["merchant"],
    )


def _session_id(ctx: StepContext) -> str:
    return str(ctx.input["session_id"])


async def _create(ctx: StepContext) -> dict[str, Any]:
    lines = [BasketLine(**line) for line in ctx.input["lines"]]
    keys = WriteKeys(ctx.input["keys"]["create"])
    session = await _merchant(ctx).create_session(
        lines, await _buyer(ctx), ctx.input["currency"], keys
    )
    if session.session_id != _session_id(ctx):
        raise VendorError(
            ErrorCode.PROTOCOL,
            f"{session.merchant} answered a repeated create (same Idempotency-Key) with another "
            "checkout session",
            vendor=session.merchant,
        )
    return {"session_id": session.session_id, "status": session.status}


async def _update(ctx: StepContext) -> dict[str, Any]:
    keys = WriteKeys(ctx.input["keys"]["update"])
    codes = tuple(ctx.input.get("discount_codes") or ())
    session = await _merchant(ctx).update_session(_session_id(ctx), await _buyer(ctx), keys, codes)
    agreed = ctx.input["expected_total_minor"]
    if session.total_minor != agreed:
        raise VendorError(
            ErrorCode.CONFLICT,
            f"{session.merchant} now asks {session.total_minor / 100:.2f}, not the "
            f"{agreed / 100:.2f} agreed to; nothing was charged",
            vendor=session.merchant,
        )
    if session.status != "ready":
        raise VendorError(
            ErrorCode.INVALID_STATE,
            f"{session.merchant} says the checkout is not ready: {'; '.join(session.messages)}",
            vendor=session.merchant,
        )
    return {"session_id": session.session_id, "total_minor": session.total_minor}


async def _complete(ctx: StepContext) -> dict[str, Any]:
    merchant, session_id = _merchant(ctx), _session_id(ctx)
    try:
        session = await merchant.complete_session(
            session_id, await _payment(ctx), WriteKeys(ctx.idempotency_key)
        )
    except VendorError as error:
        if not is_ambiguous(error):
            raise
        session = await _settled(merchant, session_id, error)
    if session.status != "completed" or session.order_id is None:
        raise VendorError(
            ErrorCode.PROTOCOL,
            f"{merchant.name} answered the completion with a {session.status} session and no order",
            vendor=merchant.name,
        )
    return {
        "merchant": merchant.name,
        "session_id": session.session_id,
        "order_id": session.order_id,
        "total_minor": session.total_minor,
        "amount": session.total_minor / 100,
        "currency": session.currency,
    }


async def _settled(
    merchant: MerchantCheckout, session_id: str, error: VendorError
) -> CheckoutSession:
    """The session read back after a completion whose answer was lost: completed or not."""
    session = await merchant.get_session(session_id)
    if session.status != "completed":
        raise error  # not completed: the step may be retried with the same key
    return session


async def _cancel(ctx: StepContext) -> dict[str, Any]:
    """Cancel the session; one already cancelled is fine, one completed is not undone here."""
    merchant, session_id = _merchant(ctx), _session_id(ctx)
    try:
        session = await merchant.cancel_session(session_id, WriteKeys(ctx.key("cancel")))
    except VendorError as error:
        if error.code not in (ErrorCode.INVALID_STATE, ErrorCode.CONFLICT):
            raise
        session = await merchant.get_session(session_id)
        if session.status == "completed":
            raise VendorError(
                ErrorCode.CONFLICT,
                f"checkout {session_id} at {merchant.name} is completed and cannot be cancelled",
                vendor=merchant.name,
            ) from error
        if session.status != "canceled":
            raise
    return {"session_id": session_id, "status": session.status}


MERCHANT_CHECKOUT = SagaDefinition(
    "merchant_checkout",
    (
        Step(
            "create_session",
            _create,
            compensate=_cancel,
            title="open the checkout session",
            undo_note=lambda _: "cancelled the checkout session at the merchant",
            undo_without_result=True,
        ),
        Step("update_session", _update, title="give the merchant the buyer and the shipping"),
        Step(
            "complete_session",
            _complete,
            irreversible=True,
            charges=True,
            title="complete the checkout (the merchant charges the payment instrument)",
        ),
    ),
    title="buy the basket",
)

CANCEL_MERCHANT_CHECKOUT = SagaDefinition(
    "cancel_merchant_checkout",
    (Step("cancel_session", _cancel, title="cancel the checkout session"),),
    title="cancel the checkout",
)
