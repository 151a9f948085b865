"""Which tools a request offers: only those the conversation can use now, in a stable order.

Each action declares when it is offered (`ActionBase.offered`): talking and signing in from the
start, the rest once a customer is signed in, order changes once the conversation has seen an
order, travel once travel is in play. Fewer tools make a prompt small models and 4,096-token
contexts can hold; the registry's order keeps the prefix the same from one request to the next.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from agentcli.actions import ACTION_TYPES
from agentcli.actions.base import Offer
from agentcli.actions.tools import ToolSchema, tool_definitions

TRAVEL_WORDS = re.compile(
    r"\b(hotels?|flights?|fly|flying|trips?|travel\w*|bookings?|stays?|nights?|airport|"
    r"check[- ]?in|BK\d+)\b",
    re.IGNORECASE,
)
ORDER_MENTION = re.compile(r"#W\d{5,}|\bBZO-\d+|\"orders\"|\border_id\b", re.IGNORECASE)


def _texts(messages: list[dict[str, Any]], roles: set[str]) -> str:
    parts = []
    for message in messages:
        if message.get("role") not in roles:
            continue
        content = message.get("content")
        if isinstance(content, str):
            parts.append(content)
        for call in message.get("tool_calls") or []:
            parts.append(json.dumps(call.get("function", {})))
    return "\n".join(parts)


def stages(messages: list[dict[str, Any]], *, signed_in: bool) -> set[Offer]:
    """The stages the conversation has reached, read from its messages."""
    reached = {Offer.START}
    if signed_in:
        reached.add(Offer.SIGNED_IN)
    everything = _texts(messages, {"user", "assistant", "tool"})
    if signed_in and ORDER_MENTION.search(everything):
        reached.add(Offer.ORDERS_KNOWN)
    if signed_in and TRAVEL_WORDS.search(everything):
        reached.add(Offer.TRAVEL)
    return reached


@dataclass
class ToolSet:
    """The tool definitions of one schema style, offered by stage, at most `max_tools` of them."""

    schema: ToolSchema = "strict"
    max_tools: int | None = None
    staged: bool = True

    def __post_init__(self) -> None:
        self.definitions = tool_definitions(self.schema)

    def offered(self, messages: list[dict[str, Any]], *, signed_in: bool) -> list[dict[str, Any]]:
        """The tools for a request carrying `messages`, in the registry's order."""
        if not self.staged:
            chosen = list(self.definitions)
        else:
            reached = stages(messages, signed_in=signed_in)
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
