"""Orders named by their state ("the pending one", "the one that hasn't shipped", "the one
that arrived"): which state a line names, the states already read, and the reads still needed.
"""

from __future__ import annotations

import re
from typing import Any

from agentcli.conversation import Observation

Memory = dict[str, Any]

#: the order states of the shop, each with the everyday words for it
STATE_WORDS = (
    (
        "pending",
        r"pending|open|unshipped|not (?:yet )?(?:been )?(?:shipped|sent|dispatched)(?: yet)?|"
        r"(?:hasn'?t|has not|haven'?t|didn'?t|did not)(?: been)? (?:shipped|sent|dispatched|"
        r"gone out|left)|still processing|(?:being )?processing|not out yet|waiting to ship",
    ),
    (
        "undelivered",
        r"undelivered|not (?:yet )?(?:been )?(?:delivered|received|here)(?: yet)?|"
        r"(?:hasn'?t|has not|haven'?t|have not|didn'?t|did not|never|still (?:haven'?t|hasn'?t))"
        r"(?: yet)?(?: been)? (?:arrived|received|got(?:ten)?|come|came|delivered|shown up|"
        r"turned up|showed up|gotten)|yet to (?:arrive|come|be delivered|get|receive)|"
        r"still waiting (?:for|on)|still (?:to come|to arrive|outstanding)|"
        r"(?:that'?s|that is|which is|still) (?:coming|arriving|incoming|en route)",
    ),
    (
        "processed",
        r"processed|shipped|on (?:its|the) way|in transit|sent out|dispatched|out for delivery",
    ),
    (
        "delivered",
        r"delivered|arrived|already (?:got|received|came)|(?:got|received) (?:it |them )?already|"
        r"(?:one|order) (?:i|we) (?:got|received)|came",
    ),
    ("cancelled", r"cancell?ed"),
)


#: the states a wider word covers: an order not delivered yet is pending or on its way
COVERS = {"undelivered": ("pending", "processed")}


def matches(status: str | None, state: str) -> bool:
    """Whether an order's status is the state named ('undelivered' is pending or processed)."""
    return status == state or status in COVERS.get(state, ())


def state_named(text: str) -> str | None:
    """The order state a line names ('the pending one' → 'pending'), or None."""
    for state, words in STATE_WORDS:  # the negated forms come first: 'not shipped' is pending
        if re.search(rf"\b(?:{words})\b", text):
            return state
    return None


def remember(memory: Memory, obs: Observation) -> None:
    """Keep the state of every order read, so a later 'the pending one' needs no read."""
    if obs.ok and obs.action == "get_order" and isinstance(obs.data, dict):
        order_id, status = obs.data.get("order_id"), obs.data.get("status")
        if isinstance(order_id, str) and isinstance(status, str):
            memory.setdefault("order_states", {})[order_id] = status


def unknown(memory: Memory, orders: list[str]) -> list[str]:
    """The orders whose state has not been read yet."""
    known = memory.get("order_states", {})
    return [o for o in orders if o not in known]


def in_state(memory: Memory, orders: list[str], state: str) -> list[str]:
    """The orders known to be in `state`."""
    known = memory.get("order_states", {})
    return [o for o in orders if matches(known.get(o), state)]


def listing(memory: Memory, orders: list[str]) -> str:
    """The orders numbered, each with its state where it is known."""
    known = memory.get("order_states", {})
    return "".join(
        f"\n{n}. {o}" + (f" ({known[o]})" if o in known else "") for n, o in enumerate(orders, 1)
    )
