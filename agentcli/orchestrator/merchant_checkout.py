"""Buying at protocol merchants: search, the agent's basket, checkout previews, orders.

The preview of a checkout opens the merchant's checkout session (create, then update with the
buyer and the cheapest fulfilment option) so the customer is shown the merchant's own totals
and the payment instrument; the saga repeats those writes with the same idempotency keys and
completes the session on the customer's yes.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from agentcli.actions import ActionBase
from agentcli.actions.merchant_checkout import (
    AddToBasket,
    CancelCheckout,
    CheckoutBasket,
    GetMerchantOrder,
    SearchMerchants,
)
from agentcli.conversation import Conversation
from agentcli.conversation.wording import money, shown
from agentcli.orchestrator.desk import ActionRefused, Desk, DeskContext, Preview
from agentcli.orchestrator.figures import Figures, ItemFigures
from agentcli.orchestrator.shop_buyer import buyer_of, cards_of
from agentcli.workflows.merchant_checkout import CANCEL_MERCHANT_CHECKOUT, MERCHANT_CHECKOUT
from agentcli.workflows.saga import idempotency_key
from connectors.config import PaymentCredential
from connectors.merchant import (
    BasketLine,
    CheckoutSession,
    MerchantCheckout,
    MerchantOrder,
    MerchantProduct,
    SessionTotal,
    WriteKeys,
    chosen_instruments,
    instrument,
)

Record = dict[str, Any]
DISCOUNTS = ("discount", "items_discount")
"""The kinds of a merchant's totals that are taken off."""


class MerchantDesk(Desk):
    """Search, basket, checkout and orders at the run's protocol merchants."""

    def __init__(self, context: DeskContext) -> None:
        super().__init__(context)
        #: products the searches of this run have shown, by (merchant, product id)
        self.seen: dict[tuple[str, str], MerchantProduct] = {}
        #: the agent's basket per merchant, until its checkout completes
        self.baskets: dict[str, list[BasketLine]] = {}
        #: the checkout session a preview opened per merchant and not yet completed
        self.open_sessions: dict[str, CheckoutSession] = {}

    def _merchant(self, name: str | None) -> MerchantCheckout:
        merchants = self.services.merchants
        if not merchants:
            raise ActionRefused("UNAVAILABLE", "no protocol merchant is configured for this run")
        if name is None:
            if len(merchants) > 1:
                raise ActionRefused(
                    "INVALID_REQUEST", f"which merchant: {', '.join(sorted(merchants))}?"
                )
            return next(iter(merchants.values()))
        if name not in merchants:
            known = ", ".join(sorted(merchants))
            raise ActionRefused("NOT_FOUND", f"there is no merchant {name} (this run has {known})")
        return merchants[name]

    # -- reads and the basket -------------------------------------------------------------------

    async def execute(
        self, action: ActionBase, conv: Conversation, saga_id: str, preview: Preview | None
    ) -> Any:
        match action:
            case SearchMerchants():
                return await self._search(action)
            case AddToBasket():
                return self._add(action)
            case GetMerchantOrder():
                order = await self._merchant(action.merchant).get_order(action.order_id)
                return _order_record(order)
            case CheckoutBasket():
                checkout = preview or await self.preview(action, conv)
                result = await self.engine.run(MERCHANT_CHECKOUT, saga_id, checkout.saga_input)
                name = checkout.saga_input["merchant"]
                if result.ok:
                    self.baskets.pop(name, None)
                self.open_sessions.pop(name, None)
                return result
            case CancelCheckout():
                cancelling = preview or await self.preview(action, conv)
                result = await self.engine.run(
                    CANCEL_MERCHANT_CHECKOUT, saga_id, cancelling.saga_input
                )
                if result.ok:
                    self.open_sessions.pop(cancelling.saga_input["merchant"], None)
                return result
        return await super().execute(action, conv, saga_id, preview)

    async def _search(self, action: SearchMerchants) -> Record:
        names = [action.merchant] if action.merchant else sorted(self.services.merchants)
        results = []
        for name in names:
            for product in await self._merchant(name).search(action.query):
                self.seen[(product.merchant, product.product_id)] = product
                results.append(_product_record(product))
        return {"query": action.query, "results": results}

    def _add(self, action: AddToBasket) -> Record:
        merchant = self._merchant(action.merchant).name
        product = self.seen.get((merchant, action.product_id))
        if product is None:
            raise ActionRefused(
                "NOT_FOUND",
                f"{action.product_id} is not among the products found at {merchant}: search first",
            )
        basket = self.baskets.setdefault(merchant, [])
        for i, line in enumerate(basket):
            if line.product_id == product.product_id:
                basket[i] = BasketLine(line.product_id, line.title, line.quantity + action.quantity)
                break
        else:
            basket.append(BasketLine(product.product_id, product.title, action.quantity))
        return _basket_record(merchant, basket, self.seen)

    # -- previews -------------------------------------------------------------------------------

    async def preview(self, action: ActionBase, conv: Conversation) -> Preview:
        if isinstance(action, CheckoutBasket):
            return await self._preview_checkout(action, conv)
        if isinstance(action, CancelCheckout):
            return self._preview_cancel(action)
        return await super().preview(action, conv)

    async def _preview_checkout(self, action: CheckoutBasket, conv: Conversation) -> Preview:
        merchant = self._merchant(action.merchant)
        basket = self.baskets.get(merchant.name)
        if not basket:
            raise ActionRefused(
                "INVALID_STATE", f"your basket at {merchant.name} is empty: add a product first"
            )
        buyer, held = self.services.buyer, self.services.payment
        customer = None
        if buyer is None and conv.user is not None and conv.user_id is not None:
            customer, buyer, held = conv.user_id, buyer_of(conv.user), cards_of(conv.user)
        if buyer is None:
            raise ActionRefused(
                "INVALID_REQUEST",
                "the connectors config has no buyer profile (profile:) and no customer is "
                "signed in to check out with",
            )
        payment = await self._payment(merchant, held, action)
        currency = self.seen[(merchant.name, basket[0].product_id)].currency
        recorder = self.engine.recorder
        seed = f"{recorder.run_id}-{recorder.seq}"
        keys = {
            "create": idempotency_key(seed, "create_session"),
            "update": idempotency_key(seed, "update_session"),
        }
        session = await merchant.create_session(basket, buyer, currency, WriteKeys(keys["create"]))
        self.open_sessions[merchant.name] = session
        codes = tuple(action.discount_codes or ())
        session = await merchant.update_session(
            session.session_id, buyer, WriteKeys(keys["update"]), codes
        )
        self.open_sessions[merchant.name] = session
        if session.status != "ready":
            said = "; ".join(shown(m) for m in session.messages) or f"it is {session.status}"
            raise ActionRefused("INVALID_STATE", f"{merchant.name} cannot complete it yet: {said}")
        discounts = [(t.label, t.amount_minor / 100) for t in session.totals if t.kind in DISCOUNTS]
        figures = Figures.of(
            (
                ItemFigures.of(line.title, line.quantity, line.unit_minor / 100, merchant.name)
                for line in session.lines
            ),
            total=session.total_minor / 100,
            discounts=discounts,
            currency=session.currency.lower(),
        )
        unapplied = [c for c in codes if c not in session.applied_codes]
        summary = "\n".join(
            [
                f"complete the checkout at {shown(merchant.name)} for:",
                *[line.shown() for line in figures.items],
                *[_total_line(t, session) for t in session.totals if t.kind != "total"],
                *(
                    [f"  (the merchant did not apply {shown(', '.join(unapplied))})"]
                    if unapplied
                    else []
                ),
                f"{figures.total_shown()} ({session.currency}, the merchant's own figures), paid "
                f"with {shown(instrument(payment))}, shipped to the address in your profile "
                f"({shown(', '.join(p for p in (buyer.region, buyer.country) if p))}).",
            ]
        )
        evidence = [
            {
                "merchant": merchant.name,
                "session_id": session.session_id,
                "totals": {t.kind: t.amount_minor for t in session.totals},
                "payment": instrument(payment),
            }
        ]
        saga_input = {
            "merchant": merchant.name,
            "session_id": session.session_id,
            "lines": [asdict(line) for line in basket],
            "currency": currency,
            "keys": keys,
            "discount_codes": list(codes),
            "expected_total_minor": session.total_minor,
            "amount": session.total_minor / 100,
            "customer": customer,
            "payment": {
                "handler": payment.handler,
                "brand": payment.brand,
                "last_digits": payment.last_digits,
            },
        }
        return Preview(
            summary,
            session.total_minor / 100,
            buyer.region,
            evidence,
            saga_input,
            figures=figures,
            country=buyer.country,
        )

    async def _payment(
        self,
        merchant: MerchantCheckout,
        held: tuple[PaymentCredential, ...],
        action: CheckoutBasket,
    ) -> PaymentCredential:
        """The instrument the customer named (its brand, its last digits), else the first whose
        handler the merchant advertises; a name that fits none, or several, asks which."""
        if not held:
            raise ActionRefused("INVALID_REQUEST", "the buyer holds no payment instrument")
        brand, digits = action.card_brand, action.last_digits
        fitting = chosen_instruments(held, brand, digits)
        if brand is not None or digits is not None:
            if len(fitting) != 1:
                named = f"{brand or ''} card{f' ending in {digits}' if digits else ''}".strip()
                have = " or ".join(shown(instrument(c)) for c in held)
                said = "no" if not fitting else "more than one"
                raise ActionRefused(
                    "NOT_FOUND",
                    f"the buyer has {said} {shown(named)}; which card should pay: {have}?",
                )
            return fitting[0]
        advertised = await merchant.payment_handlers()
        return next((c for c in held if c.handler in advertised), held[0])

    def _preview_cancel(self, action: CancelCheckout) -> Preview:
        merchant = self._merchant(action.merchant)
        session = self.open_sessions.get(merchant.name)
        if session is None:
            raise ActionRefused(
                "INVALID_STATE", f"there is no open checkout at {merchant.name} to cancel"
            )
        items = ", ".join(f"{line.quantity} x {shown(line.title)}" for line in session.lines)
        summary = (
            f"cancel your checkout at {shown(merchant.name)} ({items}, "
            f"{money(session.total_minor / 100)}); nothing has been charged."
        )
        saga_input = {"merchant": merchant.name, "session_id": session.session_id}
        evidence = [{"merchant": merchant.name, "session_id": session.session_id}]
        return Preview(summary, None, None, evidence, saga_input)


def _total_line(total: SessionTotal, session: CheckoutSession) -> str:
    """'  Shipping: $5.00 (Standard Shipping)', '  Discount: -$6.50'."""
    sign = "-" if total.kind in DISCOUNTS else ""
    line = f"  {shown(total.label)}: {sign}{money(total.amount_minor / 100)}"
    if total.kind == "fulfillment" and session.fulfilment:
        line += f" ({shown(session.fulfilment)})"
    return line


def _product_record(product: MerchantProduct) -> Record:
    return {
        "merchant": product.merchant,
        "product_id": product.product_id,
        "title": product.title,
        "price": product.price_minor / 100,
        "currency": product.currency,
    }


def _basket_record(
    merchant: str, basket: list[BasketLine], seen: dict[tuple[str, str], MerchantProduct]
) -> Record:
    lines = [
        {
            "product_id": line.product_id,
            "title": line.title,
            "quantity": line.quantity,
            "price": seen[(merchant, line.product_id)].price_minor / 100,
        }
        for line in basket
    ]
    return {"merchant": merchant, "basket": lines}


def _order_record(order: MerchantOrder) -> Record:
    return {
        "merchant": order.merchant,
        "order_id": order.order_id,
        "session_id": order.session_id,
        "status": order.status,
        "total": order.total_minor / 100,
        "currency": order.currency,
        "lines": [
            {"product_id": li.product_id, "title": li.title, "quantity": li.quantity}
            for li in order.lines
        ],
    }
