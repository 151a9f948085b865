"""Writes the shop would refuse are not proposed: the order's state and the cart are read first.

A clerk who can see that an order is delivered says it can no longer be cancelled instead of
trying; one who can see an empty cart says there is nothing to order. A write on an order whose
state is unknown waits in memory (`guarded`) while the order is read, and a checkout waits
while the cart is read; the shop still checks everything itself.
"""

from __future__ import annotations

from typing import Any

from agentcli.conversation import Observation
from agentcli.planners.base import PlannerOutput
from agentcli.planners.rules.outputs import do, say

Memory = dict[str, Any]

#: the order states each write on an order is allowed in, and what to say otherwise
ALLOWED: dict[str, tuple[frozenset[str], str]] = {
    "cancel_order": (
        frozenset({"pending"}),
        "so it can no longer be cancelled: only pending orders can be.",
    ),
    "modify_order_address": (
        frozenset({"pending"}),
        "so its address cannot be changed: the address can be changed only for pending orders.",
    ),
    "modify_order_payment": (
        frozenset({"pending"}),
        "so its payment cannot be changed: payment can be changed only for pending orders.",
    ),
    "modify_order_items": (
        frozenset({"pending"}),
        "so its items cannot be changed: items can be changed only for pending orders.",
    ),
    "return_items": (
        frozenset({"delivered"}),
        "so nothing in it can be returned yet: items can be returned only for delivered orders.",
    ),
    "exchange_items": (
        frozenset({"delivered"}),
        "so nothing in it can be exchanged: items can be exchanged only for delivered orders.",
    ),
}
EMPTY_CART = "Your cart is empty, so there is nothing to order yet. Shall I find you something?"


def guard(memory: Memory, output: PlannerOutput) -> PlannerOutput:
    """The output, or a read the write needs first, or what a clerk says instead of it."""
    if len(output.proposals) != 1 or not isinstance(output.proposals[0], dict):
        return output
    proposal = output.proposals[0]
    name = proposal.get("action")
    if name == "place_order":
        cart = memory.get("cart_items")
        if cart is None:
            memory["guarded"] = {"proposal": proposal, "rationale": output.rationale}
            return do({"action": "view_cart"}, "see the cart before checking it out")
        if not cart:
            return say(EMPTY_CART, "the cart is empty")
        return output
    order_id = proposal.get("order_id")
    if name not in ALLOWED or not isinstance(order_id, str) or not order_id.startswith("#W"):
        return output
    state = memory.get("order_states", {}).get(order_id)
    if state is None:
        memory["guarded"] = {"proposal": proposal, "rationale": output.rationale}
        return do({"action": "get_order", "order_id": order_id}, "read the order's state first")
    if state in ALLOWED[name][0]:
        return output
    return say(refusal(name, {"order_id": order_id, "status": state}), f"{name} not possible")


def refusal(name: str, order: dict[str, Any]) -> str:
    """What a clerk says of a write the order's state does not allow."""
    order_id, state = order["order_id"], order["status"]
    why = ALLOWED[name][1]
    if name == "cancel_order":
        why += (
            " You can return or exchange its items instead."
            if state == "delivered"
            else " Its items can be returned or exchanged once it is delivered."
        )
    elif name in ("return_items", "exchange_items") and state == "pending":
        why += " While it is pending I can cancel it, or change its items."
    return f"Order {order_id} is {state}, {why}"


def after(memory: Memory, obs: Observation) -> PlannerOutput | None:
    """The guarded write once its read is back (or what to say instead); None: not ours."""
    guarded = memory.get("guarded")
    if guarded is None or obs.action not in ("get_order", "view_cart"):
        return None
    proposal = guarded["proposal"]
    if obs.action == "get_order" and obs.arguments.get("order_id") != proposal.get("order_id"):
        return None
    memory.pop("guarded")
    if not obs.ok:
        return None  # the read's failure is told as any other
    return guard(memory, PlannerOutput([proposal], rationale=guarded["rationale"]))


def forget(memory: Memory, obs: Observation) -> None:
    """A write that ran changes what is known: an order's state, the cart after a checkout."""
    if not obs.ok:
        return
    if obs.action == "place_order":
        memory["cart_items"] = []
    order_id = obs.arguments.get("order_id")
    if obs.action in ALLOWED and isinstance(order_id, str):
        memory.get("order_states", {}).pop(order_id, None)
