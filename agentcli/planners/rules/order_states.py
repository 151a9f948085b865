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
    return [o for o in orders if known.get(o) == state]


def listing(memory: Memory, orders: list[str]) -> str:
    """The orders numbered, each with its state where it is known."""
    known = memory.get("order_states", {})
    return "".join(
        f"\n{n}. {o}" + (f" ({known[o]})" if o in known else "") for n, o in enumerate(orders, 1)
    )
