"""Orders the customer already placed, at the shop or the bazaar: look one up, cancel it.

Only the signed-in customer's orders qualify; another customer's order is "not found". A shop
order paid together with a bazaar order (one payment intent) refunds only its own part.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from agentcli.actions import ActionBase
from agentcli.actions.retail import CancelOrder, GetOrder
from agentcli.conversation import Conversation
from agentcli.conversation.wording import describe_method, money, shown
from agentcli.orchestrator.desk import ActionRefused, Desk, Preview, customer
from agentcli.orchestrator.figures import amount
from agentcli.orchestrator.services import Services
from agentcli.workflows.journal import Journal
from agentcli.workflows.marketplace import CANCEL_BAZAAR_ORDER
from agentcli.workflows.retail import CANCEL_ORDER
from connectors.bazaar import BazaarConnector
from connectors.errors import ErrorCode, VendorError
from connectors.pay import to_cents

Record = dict[str, Any]
BAZAAR_ORDER_PREFIX = "BZO-"


def is_bazaar_order(order_id: str) -> bool:
    return order_id.startswith(BAZAAR_ORDER_PREFIX)


async def own_order(services: Services, order_id: str, conv: Conversation) -> Record:
    """The shop order, if it belongs to the authenticated customer; another's is 'not found'."""
    try:
        order: Record = await services.shop.get_order(order_id)
    except VendorError as error:
        if error.code is ErrorCode.NOT_FOUND:
            raise ActionRefused("NOT_FOUND", f"I cannot find order {order_id}") from error
        raise
    if order["user_id"] != conv.user_id:
        raise ActionRefused("NOT_FOUND", f"I cannot find order {order_id} on your account")
    return order


def intent_for(journal: Journal, order_id: str) -> str | None:
    """The payment intent the journal says paid for a shop order this agent placed."""
    outputs = journal.find_output("place_order", "create_order", "order_id", order_id)
    if outputs and "authorize_payment" in outputs:
        return str(outputs["authorize_payment"]["intent_id"])
    return None


class OrderDesk(Desk):
    """`get_order` and `cancel_order`, at whichever marketplace the order id belongs to."""

    async def preview(self, action: ActionBase, conv: Conversation) -> Preview:
        if not isinstance(action, CancelOrder):
            return await super().preview(action, conv)
        if is_bazaar_order(action.order_id):
            return await self._preview_bazaar_cancel(action, conv)
        return await self._preview_shop_cancel(action, conv)

    async def execute(
        self, action: ActionBase, conv: Conversation, saga_id: str, preview: Preview | None
    ) -> Any:
        match action:
            case GetOrder() if is_bazaar_order(action.order_id):
                return await self._own_bazaar_order(action.order_id, conv)
            case GetOrder():
                return await own_order(self.services, action.order_id, conv)
            case CancelOrder():
                terms = preview or await self.preview(action, conv)
                saga = CANCEL_BAZAAR_ORDER if is_bazaar_order(action.order_id) else CANCEL_ORDER
                return await self.engine.run(saga, saga_id, terms.saga_input)
        return await super().execute(action, conv, saga_id, preview)

    # -- the shop's orders ------------------------------------------------------------------

    async def _preview_shop_cancel(self, action: CancelOrder, conv: Conversation) -> Preview:
        order = await own_order(self.services, action.order_id, conv)
        if order["status"] != "pending":
            raise ActionRefused(
                "INVALID_STATE",
                f"order {order['order_id']} is {order['status']}; only pending orders can be "
                "cancelled",
            )
        user = conv.user or await self.services.shop.get_user(customer(conv))
        payments = [p for p in order["payment_history"] if p["transaction_type"] == "payment"]
        refunds = []
        for p in payments:
            unknown = {"source": "unknown", "id": p["payment_method_id"]}
            method = user["payment_methods"].get(p["payment_method_id"], unknown)
            refunds.append(
                f"{money(amount(p['amount'], 'refund'))} back to {describe_method(method)}"
            )
        items = shown(", ".join(i["name"] for i in order["items"]))
        summary = (
            f"cancel order {shown(order['order_id'])} ({items}) because it was "
            f"{shown(action.reason)}; "
            f"refund {'; '.join(refunds) or 'nothing (no payment on it)'}."
        )
        intent = order.get("payment_reference") or intent_for(
            self.context.journal, order["order_id"]
        )
        checkout = Preview(
            summary,
            None,
            None,
            [{"order_id": order["order_id"], "status": order["status"], "items": items}],
            {
                "order_id": order["order_id"],
                "reason": action.reason,
                "payment_intent_id": intent,
                "user_id": conv.user_id,
            },
        )
        return await self._own_part_of_shared_payment(action, checkout)

    async def _own_part_of_shared_payment(self, action: CancelOrder, checkout: Preview) -> Preview:
        """A shop order paid together with a bazaar order refunds only its own part."""
        intent_id = checkout.saga_input.get("payment_intent_id")
        if not intent_id:
            return checkout
        order = await self.services.shop.get_order(action.order_id)
        paid = to_cents(
            round(
                sum(
                    p["amount"]
                    for p in order["payment_history"]
                    if p["transaction_type"] == "payment"
                ),
                2,
            )
        )
        intent = await self.services.pay.get_intent(intent_id)
        if intent["amount"] <= paid:
            return checkout
        return replace(checkout, saga_input={**checkout.saga_input, "refund_cents": paid})

    # -- the bazaar's orders ----------------------------------------------------------------

    def _bazaar(self) -> BazaarConnector:
        if self.services.bazaar is None:
            raise ActionRefused("UNAVAILABLE", "the bazaar is not part of this run")
        return self.services.bazaar

    async def _own_bazaar_order(self, order_id: str, conv: Conversation) -> Record:
        """The bazaar order, if it is the signed-in customer's; another's is 'not found'."""
        user_id = customer(conv)
        try:
            order: Record = await self._bazaar().get_order(order_id)
        except VendorError as error:
            if error.code is ErrorCode.NOT_FOUND:
                raise ActionRefused("NOT_FOUND", f"I cannot find order {order_id}") from error
            raise
        if order["buyer_id"] != user_id:
            raise ActionRefused("NOT_FOUND", f"I cannot find order {order_id} on your account")
        return {**order, "marketplace": "bazaar"}

    async def _preview_bazaar_cancel(self, action: CancelOrder, conv: Conversation) -> Preview:
        order = await self._own_bazaar_order(action.order_id, conv)
        live = [line for line in order["lines"] if line["status"] == "active"]
        if order["status"] == "shipped" or not live:
            raise ActionRefused(
                "INVALID_STATE",
                f"order {action.order_id} is {order['status']}; it can no longer be cancelled",
            )
        owed = sum(line["total_minor"] for line in live)
        titles = shown(", ".join(f"{line['qty']} x {line['title']}" for line in live))
        summary = (
            f"cancel bazaar order {action.order_id} ({titles}) because it was "
            f"{action.reason}; refund {money(owed / 100)} to the payment that paid it."
        )
        return Preview(
            summary,
            None,
            None,
            [
                {
                    "order_id": action.order_id,
                    "status": order["status"],
                    "items": titles,
                    "refund": owed / 100,
                }
            ],
            {
                "order_id": action.order_id,
                "reason": action.reason,
                "expected_refund_minor": owed,
                "user_id": order["buyer_id"],
            },
        )
