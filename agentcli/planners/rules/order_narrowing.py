"""Orders a change may apply to, known by their state before anything is asked.

A new address or payment method for "my order" ("wrong address on my order, it should be …",
"charge my order to my mastercard instead") goes to the one order whose state still allows it,
and a change said of an order by its state ("change the address on my pending order to …",
"return the thing from the delivered one") to the one order in that state; the states of the
customer's orders are read first, and with none or several fitting the customer is asked
which. Other vague changes ("refund please", "pay my order with a different card") are asked.
"""

from __future__ import annotations

from typing import Any

from agentcli.conversation import Observation
from agentcli.planners.base import PlannerOutput, PlanningContext
from agentcli.planners.rules import order_states
from agentcli.planners.rules.outputs import do

#: the states each change is allowed in (the shop's own rule, as the write guard knows it)
ALLOWED = {
    "order_address": frozenset({"pending"}),
    "order_payment": frozenset({"pending"}),
    "order_return": frozenset({"delivered"}),
    "order_swap": frozenset({"delivered", "pending"}),
}
#: the most orders read in one turn to find it, leaving room for the reads and write after
READS = {"order_address": 5, "order_payment": 5, "order_return": 4, "order_swap": 3}


def orders_of(ctx: PlanningContext) -> list[str]:
    user = ctx.conversation.user or {}
    return [o for o in user.get("orders", []) if isinstance(o, str)]


def _state_implied(params: dict[str, Any]) -> bool:
    """Whether the change itself says which state its order is in: a new address, or a new
    payment method named as one ('my mastercard ending 2340', 'paypal'); a change of method
    that names none ('a different card') is asked about its order first."""
    if params.get("kind") == "order_address":
        return True
    method = params.get("method") if params.get("kind") == "order_payment" else None
    if not isinstance(method, dict):
        return False
    return bool(method.get("last_four") or method.get("brand")) or method.get("source") in (
        "paypal",
        "gift_card",
    )


def narrow(ctx: PlanningContext, params: dict[str, Any]) -> PlannerOutput | str | None:
    """The one order the change fits by state, the read still needed to know, or None."""
    memory, kind = ctx.conversation.memory, params.get("kind")
    allowed = ALLOWED.get(str(kind))
    if allowed is None or (not _state_implied(params) and not params.get("state")):
        return None
    if params.get("state"):  # 'my pending order': the state said
        allowed = order_states.STATUSES.get(params["state"], frozenset({params["state"]}))
    orders = orders_of(ctx)
    unread = order_states.unknown(memory, orders)
    if unread and not params.get("narrowed") and len(unread) <= READS[str(kind)]:
        memory["narrowing"] = {"params": {**params, "narrowed": True}, "queue": unread}
        return do({"action": "get_order", "order_id": unread[0]}, "read the order's state")
    fitting = [o for o in orders if memory.get("order_states", {}).get(o) in allowed]
    return fitting[0] if len(fitting) == 1 else None


def after(ctx: PlanningContext, obs: Observation) -> dict[str, Any] | PlannerOutput | None:
    """The next read, or the change's params to go on with once the states are read; None:
    not ours."""
    memory = ctx.conversation.memory
    pending = memory.get("narrowing")
    if pending is None or obs.action != "get_order":
        return None
    queue = pending["queue"]
    if not queue or obs.arguments.get("order_id") != queue[0]:
        return None
    queue.pop(0)
    if queue and obs.ok:
        return do({"action": "get_order", "order_id": queue[0]}, "read the order's state")
    memory.pop("narrowing")
    return dict(pending["params"])
