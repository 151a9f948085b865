"""Hooks the orchestrator calls first: the marketplace and travel desks take their actions.

Kept apart from `dispatch` so the shop's own actions there stay as they are; the desks are made
once per orchestrator, on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from agentcli.actions import ActionBase
from agentcli.actions.retail import PlaceOrder
from agentcli.actions.travel import TRAVEL_ACTIONS
from agentcli.orchestrator.conversation import Conversation
from agentcli.orchestrator.marketplace import MarketplaceDesk
from agentcli.orchestrator.travel import TravelDesk
from agentcli.workflows.marketplace import CROSS_MARKETPLACE_ORDER
from agentcli.workflows.saga import idempotency_key

if TYPE_CHECKING:
    from agentcli.orchestrator.dispatch import Orchestrator, Preview


def _desks(orchestrator: Orchestrator) -> tuple[MarketplaceDesk, TravelDesk]:
    found = getattr(orchestrator, "_desks", None)
    if found is None:
        found = (MarketplaceDesk(orchestrator.services),
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
        return await marketplace.preview_order(action, conv)
    return await marketplace.preview(action, conv)


async def execute(orchestrator: Orchestrator, action: ActionBase, conv: Conversation,
                  saga_id: str, given: Preview | None) -> tuple[bool, Any]:
    """(True, result) when a desk performed the action; (False, None) leaves it to the shop."""
    marketplace, travel = _desks(orchestrator)
    if isinstance(action, TRAVEL_ACTIONS):
        return True, await travel.dispatch(action, conv, saga_id, given)
    if marketplace.owns(action):
        return True, await marketplace.dispatch(action, conv,
                                                idempotency_key(saga_id, action.name))
    if isinstance(action, PlaceOrder):
        checkout = given or await orchestrator.preview(action, conv)
        if checkout.saga_input.get("saga") == CROSS_MARKETPLACE_ORDER.name:
            return True, await orchestrator.engine.run(CROSS_MARKETPLACE_ORDER, saga_id,
                                                       checkout.saga_input)
    return False, None
