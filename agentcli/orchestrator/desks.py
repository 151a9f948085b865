"""Hooks the orchestrator calls first: the marketplace and travel desks take their actions.

Kept apart from `dispatch` so the shop's own actions there stay as they are; the desks are made
once per orchestrator, on first use.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from agentcli.actions import ActionBase
from agentcli.actions.retail import CancelOrder, PlaceOrder
from agentcli.actions.travel import TRAVEL_ACTIONS
from agentcli.conversation import Conversation
from agentcli.orchestrator.marketplace import BazaarDown, MarketplaceDesk
from agentcli.orchestrator.travel import TravelDesk
from agentcli.workflows.marketplace import CROSS_MARKETPLACE_ORDER
from agentcli.workflows.retail import CANCEL_ORDER
from agentcli.workflows.saga import idempotency_key
from connectors.pay import to_cents

if TYPE_CHECKING:
    from agentcli.orchestrator.dispatch import Orchestrator, Preview


def _desks(orchestrator: Orchestrator) -> tuple[MarketplaceDesk, TravelDesk]:
    found = getattr(orchestrator, "_desks", None)
    if found is None:
        found = (MarketplaceDesk(orchestrator.services, orchestrator.engine),
                 TravelDesk(orchestrator.services, orchestrator.engine))
        orchestrator._desks = found  # type: ignore[attr-defined]
    return found


async def preview(orchestrator: Orchestrator, action: ActionBase,
                  conv: Conversation) -> Preview | None:
    """The desk's preview of a write, or None when the shop's own preview applies."""
    marketplace, travel = _desks(orchestrator)
    if isinstance(action, TRAVEL_ACTIONS):
        return await travel.preview(action, conv)
    if isinstance(action, PlaceOrder):
        try:
            return await marketplace.preview_order(action, conv)
        except BazaarDown:
            shop_only = await orchestrator._preview_order(action, conv)
            note = ("The bazaar is not answering, so anything in your bazaar cart stays there "
                    "for a later checkout.")
            return replace(shop_only, summary=f"{shop_only.summary}\n{note}")
    if isinstance(action, CancelOrder) and not action.order_id.startswith("BZO-"):
        return await shared_payment_cancel(orchestrator, action, conv)
    return await marketplace.preview(action, conv)


async def shared_payment_cancel(orchestrator: Orchestrator, action: CancelOrder,
                                conv: Conversation) -> Preview | None:
    """A shop order paid together with a bazaar order refunds only its own part."""
    checkout = await orchestrator._preview_cancel(action, conv)
    intent_id = checkout.saga_input.get("payment_intent_id")
    if not intent_id:
        return checkout
    order = await orchestrator.services.shop.get_order(action.order_id)
    paid = to_cents(round(sum(p["amount"] for p in order["payment_history"]
                              if p["transaction_type"] == "payment"), 2))
    intent = await orchestrator.services.pay.get_intent(intent_id)
    if intent["amount"] <= paid:
        return checkout
    return replace(checkout, saga_input={**checkout.saga_input, "refund_cents": paid})


async def execute(orchestrator: Orchestrator, action: ActionBase, conv: Conversation,
                  saga_id: str, given: Preview | None) -> tuple[bool, Any]:
    """(True, result) when a desk performed the action; (False, None) leaves it to the shop."""
    marketplace, travel = _desks(orchestrator)
    if isinstance(action, TRAVEL_ACTIONS):
        return True, await travel.dispatch(action, conv, saga_id, given)
    if marketplace.owns(action):
        return True, await marketplace.dispatch(action, conv,
                                                idempotency_key(saga_id, action.name),
                                                saga_id, given)
    if isinstance(action, CancelOrder) and given is None:  # the refund part needs the preview
        terms = await orchestrator.preview(action, conv)
        return True, await orchestrator.engine.run(CANCEL_ORDER, saga_id, terms.saga_input)
    if isinstance(action, PlaceOrder):
        checkout = given or await orchestrator.preview(action, conv)
        if checkout.saga_input.get("saga") == CROSS_MARKETPLACE_ORDER.name:
            return True, await orchestrator.engine.run(CROSS_MARKETPLACE_ORDER, saga_id,
                                                       checkout.saga_input)
    return False, None
