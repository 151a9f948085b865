"""The planner's dialogue state: the question it asked (a pending slot) and the list it refers to.

Every question the agent asks sets `awaiting` (what kind of answer) and keeps the list the
answer picks from; the next line is read as that answer first, and anything else closes the
slot, so a question never outlives the next unrelated turn.
"""

from __future__ import annotations

from typing import Any

Memory = dict[str, Any]

#: what a pending slot keeps besides `awaiting`; all of it goes when the slot closes
SLOT_KEYS = (
    "awaiting",
    "choices",
    "pending_quantity",
    "cancel_order",
    "change_choices",
    "address_change",
    "order_change",
    "method_choices",
    "cancel_pending",
    "cancel_state",
    "order_pending",
    "trip_draft",
)
#: the intents that answer each kind of question
ANSWERS: dict[str, frozenset[str]] = {
    "variant": frozenset({"add"}),
    "payment_method": frozenset({"checkout"}),
    "cancel_reason": frozenset({"cancel_reason", "cancel"}),
    "cancel_order_id": frozenset({"cancel"}),
    "change_choice": frozenset({"change_pick"}),
    "change_address": frozenset({"change_address_given"}),
    "change_order_id": frozenset({"change_order_given"}),
    "change_item": frozenset({"change_item_pick"}),
    "trip_details": frozenset({"trip_details"}),
    "change_what": frozenset(
        {"order_address", "order_payment", "order_swap", "order_return", "cancel_which"}
    ),
}


def settle(memory: Memory, intent_kind: str) -> None:
    """Close the pending slot unless this line answers it (the answer's handler reads it)."""
    awaiting = memory.get("awaiting")
    if intent_kind == "empty":
        return
    if awaiting is not None and intent_kind in ANSWERS.get(awaiting, frozenset()):
        memory.pop("awaiting", None)
        return
    for key in SLOT_KEYS:
        memory.pop(key, None)


def show(memory: Memory, kind: str) -> None:
    """Remember which list the customer saw last: "the first one" refers to it."""
    memory["last_list"] = kind


def ask_pick(memory: Memory, awaiting: str, key: str, items: list[Any]) -> None:
    """Open a slot whose answer picks one of `items` (by number, ordinal, id or words)."""
    memory["awaiting"] = awaiting
    memory[key] = items
    show(memory, key)


def nth(items: list[Any], n: int) -> Any | None:
    """The item a number picks from a list shown (-1 for 'the last one'), or None when the
    list has no such place: an empty list has no last item."""
    if n == -1:
        return items[-1] if items else None
    return items[n - 1] if 1 <= n <= len(items) else None
