"""Checks on a model's output that no wording can talk around: identity and quoted figures.

A model may sign in only the customer whose email (or name and zip) the customer typed, and
every money figure it tells the customer must be one a vendor returned (or the customer said).
"""

from __future__ import annotations

import re
from typing import Any

from agentcli.actions.retail import FindUser
from agentcli.orchestrator.conversation import Conversation

_MONEY = re.compile(r"(?:US\$|\$|USD\s?)\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?",
                    re.IGNORECASE)
_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")


def _cents(value: float) -> int:
    return round(value * 100)


class FigureLedger:
    """Every number the vendors (or the customer) have put into the conversation, in cents."""

    def __init__(self) -> None:
        self.cents: set[int] = set()

    def add_data(self, value: Any) -> None:
        """Every number inside vendor data (nested dicts and lists, numeric strings too)."""
        stack = [value]
        while stack:
            item = stack.pop()
            if isinstance(item, bool) or item is None:
                continue
            if isinstance(item, int | float):
                self.cents.add(_cents(float(item)))
            elif isinstance(item, str):
                self.add_text(item)
            elif isinstance(item, dict):
                stack.extend(item.values())
            elif isinstance(item, list | tuple):
                stack.extend(item)

    def add_text(self, text: str) -> None:
        for match in _NUMBER.finditer(text):
            try:
                self.cents.add(_cents(float(match.group(0).replace(",", ""))))
            except ValueError:  # pragma: no cover - the pattern only matches numbers
                continue

    def unverified(self, text: str) -> list[str]:
        """Money figures in `text` that match nothing in the ledger, as written."""
        found = []
        for match in _MONEY.finditer(text):
            whole, fraction = match.group(1).replace(",", ""), match.group(2) or "0"
            amount = int(whole) * 100 + int(fraction.ljust(2, "0"))
            if amount not in self.cents:
                found.append(match.group(0).strip())
        return found


def _said_by_user(conversation: Conversation) -> str:
    return "\n".join(str(entry.get("content", "")) for entry in conversation.history
                     if entry.get("role") == "user").casefold()


def identity_problem(action: FindUser, conversation: Conversation) -> str | None:
    """Why signing this customer in is refused, or None: the identifiers must be typed."""
    typed = _said_by_user(conversation)
    if action.email is not None:
        if action.email.strip().casefold() in typed:
            return None
        return ("I can only sign in with an email you typed in this conversation; "
                "please tell me your email")
    parts = (action.first_name or "", action.last_name or "", action.zip or "")
    if all(part.strip().casefold() in typed for part in parts):
        return None
    return ("I can only sign in with the name and zip code you typed in this conversation; "
            "please tell me them")
