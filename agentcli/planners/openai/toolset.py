"""Which tools a request offers: only those the conversation can use now, in a stable order.

Each action declares when it is offered (`ActionBase.offered`): talking and signing in from the
start, the rest once a customer is signed in, order changes while an order is in play, travel
while travel is, the cart while shopping is (read from the latest few turns, or only the
latest when the context is tight). Fewer tools make a prompt that small models and 4,096-token
contexts hold; the registry's order keeps the prefix stable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from agentcli.actions import ACTION_TYPES
from agentcli.actions.base import Offer
from agentcli.actions.tools import ToolSchema, tool_definitions

#: what the customer says when travel is in play
TRAVEL_WORDS = re.compile(
    r"\b(hotels?|flights?|fly|flying|trips?|travel\w*|bookings?|booked|stays?|nights?|"
    r"airport|airlines?|BK\d+)\b",
    re.IGNORECASE,
)
#: what the customer says when an existing order is in play
ORDER_WORDS = re.compile(
    r"#?W\d{5,}|\bBZO-\d+|\b(orders?|cancel\w*|return\w*|exchang\w*|refund\w*|"
    r"deliver\w*|shipp\w*|swap)\b",
    re.IGNORECASE,
)
#: what the customer says when shopping (the default topic) comes back after orders or travel
SHOP_WORDS = re.compile(
    r"\b(add|cart|buy|checkout|check out|purchase|promo|coupon|code|pay|take it|remove)\b",
    re.IGNORECASE,
)
#: how many of the customer's latest messages decide what is in play
RECENT_TURNS = 3


def _recent(messages: list[dict[str, Any]], turns: int) -> list[dict[str, Any]]:
    users = [i for i, m in enumerate(messages) if m.get("role") == "user"]
    return messages[users[-turns] :] if len(users) >= turns else messages


def _said(messages: list[dict[str, Any]]) -> str:
    return "\n".join(
        m["content"]
        for m in messages
        if m.get("role") == "user" and isinstance(m.get("content"), str)
    )


def _called(messages: list[dict[str, Any]]) -> set[Offer]:
    stages = set()
    for message in messages:
        for call in message.get("tool_calls") or []:
            action = ACTION_TYPES.get(call.get("function", {}).get("name"))
            if action is not None:
                stages.add(action.offered)
                if "order_id" in action.model_fields:  # an order was looked up or named
                    stages.add(Offer.ORDERS_KNOWN)
    return stages


def stages(
    messages: list[dict[str, Any]],
    *,
    signed_in: bool,
    merchants: bool = False,
    turns: int = RECENT_TURNS,
) -> set[Offer]:
    """The stages in play: from the start, once signed in, and what the latest `turns` of the
    customer's (their words, the calls made) are about; protocol merchants whenever the run has
    them (the platform holds their buyer, so they need no sign-in)."""
    start = {Offer.START, Offer.MERCHANTS} if merchants else {Offer.START}
    if not signed_in:
        return start
    recent = _recent(messages, turns)
    reached = start | {Offer.SIGNED_IN} | _called(recent)
    said = _said(recent)
    if ORDER_WORDS.search(said):
        reached.add(Offer.ORDERS_KNOWN)
    if TRAVEL_WORDS.search(said):
        reached.add(Offer.TRAVEL)
    if not reached & {Offer.ORDERS_KNOWN, Offer.TRAVEL} or SHOP_WORDS.search(said):
        reached.add(Offer.CART)
    return reached


@dataclass
class ToolSet:
    """The tool definitions of one schema style, offered by stage, at most `max_tools` of them."""

    schema: ToolSchema = "strict"
    max_tools: int | None = None
    staged: bool = True

    def __post_init__(self) -> None:
        self.definitions = tool_definitions(self.schema)

    def offered(
        self,
        messages: list[dict[str, Any]],
        *,
        signed_in: bool,
        merchants: bool = False,
        turns: int = RECENT_TURNS,
    ) -> list[dict[str, Any]]:
        """The tools for a request carrying `messages`, in the registry's order; `turns`: how
        many of the customer's latest turns decide the stages (fewer when the context is tight)."""
        if not self.staged:
            chosen = list(self.definitions)
        else:
            reached = stages(messages, signed_in=signed_in, merchants=merchants, turns=turns)
            chosen = [
                tool
                for tool in self.definitions
                if ACTION_TYPES[tool["function"]["name"]].offered in reached
            ]
        if self.max_tools is not None and len(chosen) > self.max_tools:
            # talking and signing in first: without them the model cannot answer at all
            first = [
                t for t in chosen if ACTION_TYPES[t["function"]["name"]].offered is Offer.START
            ]
            rest = [t for t in chosen if t not in first]
            keep = {id(t) for t in (first + rest)[: max(self.max_tools, len(first))]}
            chosen = [t for t in chosen if id(t) in keep]
        return chosen
