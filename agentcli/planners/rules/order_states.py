"""Orders named by their state ("the pending one", "the one that hasn't shipped", "the one
that arrived", "anything that hasn't arrived yet"): which state a line names, the states
already read, and the reads still needed.
"""

from __future__ import annotations

import re
from typing import Any

from agentcli.conversation import Observation

Memory = dict[str, Any]

#: a state said by what has not happened yet ('hasn't arrived'): the order is pending or
#: processed, any one not delivered
UNDELIVERED = "undelivered"
#: the shop's states each said state stands for
STATUSES = {UNDELIVERED: frozenset({"pending", "processed"})}

#: the order states of the shop, each with the everyday words for it
STATE_WORDS = (
    (
        "pending",
        r"pending|open|unshipped|not (?:yet )?(?:been )?(?:shipped|sent|dispatched)(?: yet)?|"
        r"(?:hasn'?t|has not|haven'?t|didn'?t|did not)(?: been)? (?:shipped|sent|dispatched|"
        r"gone out|left)|still processing|(?:being )?processing|not out yet|waiting to ship",
    ),
    (  # what has not come yet is on its way or not sent: pending and processed both
        UNDELIVERED,
        r"undelivered|not (?:yet )?(?:been )?(?:delivered|received|here)(?: yet)?|"
        r"(?:hasn'?t|has not|haven'?t|have not|didn'?t|did not|never|still (?:haven'?t|hasn'?t))"
        r"(?: yet)?(?: been)? (?:arrived|received|got(?:ten)?|come|came|delivered|shown up|"
        r"turned up|showed up|gotten)|yet to (?:arrive|come|be delivered|get|receive)|"
        r"still waiting (?:for|on)|still (?:to come|to arrive|outstanding)|"
        r"(?:that'?s|that is|which is|still) (?:coming|arriving|incoming|en route)|"
        r"outstanding|(?:isn'?t|aren'?t|is not|are not|not) here yet|"
        r"(?:hasn'?t|has not|haven'?t|have not|didn'?t|did not|not|never|still not|yet to)"
        r"(?: yet| even)?(?: been)? (?:arrived?|come|delivered|received|got(?:ten)?|turned up|"
        r"shown up|reached (?:me|us))(?! back)|"
        r"(?:i'?m|am|i|we|we'?re|are) still (?:waiting|expecting)|(?:am i|are we) (?:still )?"
        r"waiting (?:for|on)|still (?:to (?:come|arrive)|coming)",
    ),
    (
        "processed",
        r"processed|shipped|on (?:its|the|their) way|in transit|sent out|dispatched|"
        r"out for delivery",
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


def fits(status: object, state: str) -> bool:
    """Whether an order's status is the state said ('undelivered' fits pending and
    processed)."""
    return status in STATUSES.get(state, frozenset({state}))


def heading(state: str) -> str:
    """How a list of the orders in a state is named: 'pending orders'."""
    return "orders not delivered yet" if state == UNDELIVERED else f"{state} orders"


def none_in(state: str) -> str:
    """What is said when no order is in the state asked about."""
    if state == UNDELIVERED:
        return "Every one of your orders has been delivered or cancelled."
    return f"None of your orders is {state}."


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
    return [o for o in orders if fits(known.get(o), state)]


def listing(memory: Memory, orders: list[str]) -> str:
    """The orders numbered, each with its state where it is known."""
    known = memory.get("order_states", {})
    return "".join(
        f"\n{n}. {o}" + (f" ({known[o]})" if o in known else "") for n, o in enumerate(orders, 1)
    )
