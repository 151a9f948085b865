"""Checks on a model's output that no wording can talk around: identity and quoted figures.

A model may sign in only the customer whose email (or name and zip) the customer typed, and
every money figure it tells the customer must be one a vendor returned (or the customer said).
"""

from __future__ import annotations

import re
from typing import Any

from agentcli.actions.retail import FindUser
from agentcli.conversation import Conversation

_MONEY = re.compile(r"(?:US\$|\$|USD\s?)\s?(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?", re.IGNORECASE)
_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")


def _cents(value: float) -> int:
    return round(value * 100)


def _amount(match: re.Match[str]) -> int:
    """The cents of a `$12.50`-style match."""
    whole, fraction = match.group(1).replace(",", ""), match.group(2) or "0"
    return int(whole) * 100 + int(fraction.ljust(2, "0")[:2])


MONEY_KEYS = ("price", "amount", "balance", "cost", "fee", "refund", "cents", "threshold")


class FigureLedger:
    """Every money figure the vendors (or the customer) have put into the conversation, in cents.

    Vendor data counts as money when it is a decimal number, a whole number under a money-named
    key (`price`, `amount`, `*_cents`, …: both as dollars and as cents), or a `$` amount inside
    text; counts and ids are not money. The customer's own words count whole.
    """

    def __init__(self) -> None:
        self.cents: set[int] = set()

    def add_data(self, value: Any, key: str = "") -> None:
        """The money figures inside vendor data (nested dicts and lists)."""
        stack: list[tuple[str, Any]] = [(key, value)]
        while stack:
            name, item = stack.pop()
            if isinstance(item, bool) or item is None:
                continue
            if isinstance(item, float):
                self.cents.add(_cents(item))
            elif isinstance(item, int):
                lowered = name.lower()
                if any(word in lowered for word in MONEY_KEYS):
                    self.cents.add(item)  # cents, as the pay vendor counts
                    if "cents" not in lowered:
                        self.cents.add(item * 100)
            elif isinstance(item, str):
                for match in _MONEY.finditer(item):
                    self.cents.add(_amount(match))
            elif isinstance(item, dict):
                stack.extend((str(k), v) for k, v in item.items())
            elif isinstance(item, list | tuple):
                stack.extend((name, v) for v in item)

    def add_text(self, text: str) -> None:
        """Every number in the customer's own words ("under 300" allows $300)."""
        for match in _NUMBER.finditer(text):
            self.cents.add(_cents(float(match.group(0).replace(",", ""))))

    def unverified(self, text: str) -> list[str]:
        """Money figures in `text` that match nothing in the ledger, as written."""
        return [
            match.group(0).strip()
            for match in _MONEY.finditer(text)
            if _amount(match) not in self.cents
        ]


def hide_money(text: str) -> str:
    """`text` with its money figures as `$…`: a draft shown before the checks above have read
    the whole answer (a streaming reply) must not show a figure they might refuse."""
    return _MONEY.sub("$…", text)


def _said_by_user(conversation: Conversation) -> str:
    return "\n".join(
        str(entry.get("content", ""))
        for entry in conversation.history
        if entry.get("role") == "user"
    ).casefold()


def identity_problem(action: FindUser, conversation: Conversation) -> str | None:
    """Why signing this customer in is refused, or None: the identifiers must be typed."""
    typed = _said_by_user(conversation)
    if action.email is not None:
        if action.email.strip().casefold() in typed:
            return None
        return (
            "I can only sign in with an email you typed in this conversation; "
            "please tell me your email"
        )
    parts = (action.first_name or "", action.last_name or "", action.zip or "")
    if all(part.strip().casefold() in typed for part in parts):
        return None
    return (
        "I can only sign in with the name and zip code you typed in this conversation; "
        "please tell me them"
    )
