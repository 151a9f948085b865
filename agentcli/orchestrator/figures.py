"""The figures a customer confirms: typed values read from the vendors' structured data.

A confirmation's quantities, prices and total are numbers taken from the vendor's fields and
formatted by this code, one item per line; the vendor's names are shown on one line with any
control character escaped (`agentcli.safe_text`). So a product called "\\r Total $9.99" or one
with a newline and a fake total cannot change a character of the figures the customer answers,
and the trace records the figures next to the text that was shown.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from agentcli.conversation.wording import money
from agentcli.safe_text import terminal_line


def count(value: Any, what: str = "quantity") -> int:
    """A whole, positive number of units as the vendor sent it (not a string, not a bool)."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"the {what} {value!r} is not a whole number of units")
    return value


def cents(value: Any, what: str = "price") -> int:
    """A non-negative whole number of cents as the vendor sent it."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"the {what} {value!r} is not a whole number of cents")
    return value


def amount(value: Any, what: str = "price") -> float:
    """A finite, non-negative amount of money as the vendor sent it (a number, never text)."""
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or value < 0
    ):
        raise ValueError(f"the {what} {value!r} is not an amount of money")
    return float(value)


@dataclass(frozen=True)
class ItemFigures:
    """One line of a confirmation: what, how many, at what unit price, from whom."""

    name: str
    quantity: int
    unit_price: float
    seller: str
    #: the variant's options or SKU, as the vendor spells them
    detail: str = ""

    @classmethod
    def of(
        cls, name: Any, quantity: Any, unit_price: Any, seller: str, detail: str = ""
    ) -> ItemFigures:
        return cls(str(name), count(quantity), amount(unit_price), seller, detail)

    @property
    def line_total(self) -> float:
        return round(self.quantity * self.unit_price, 2)

    def shown(self, indent: str = "  ") -> str:
        """`  - 2 x Name (detail) at $10.00`: the name and detail can never start a line."""
        detail = f" ({terminal_line(self.detail)})" if self.detail else ""
        return (
            f"{indent}- {self.quantity} x {terminal_line(self.name)}{detail} at "
            f"{money(self.unit_price)}"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "quantity": self.quantity,
            "unit_price": self.unit_price,
            "line_total": self.line_total,
            "seller": self.seller,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class Figures:
    """Everything a confirmation states in numbers; `total` is what will be charged."""

    items: tuple[ItemFigures, ...]
    total: float
    currency: str = "usd"
    #: discounts already in `total` (a promotion's label and the amount taken off)
    discounts: tuple[tuple[str, float], ...] = ()

    @classmethod
    def of(
        cls,
        items: Iterable[ItemFigures],
        *,
        total: float | None = None,
        discounts: Iterable[tuple[str, float]] = (),
        currency: str = "usd",
    ) -> Figures:
        """The figures; the total is the items' sum less discounts unless the vendor's is given."""
        items, discounts = tuple(items), tuple(discounts)
        computed = round(sum(i.line_total for i in items) - sum(d for _, d in discounts), 2)
        return cls(
            items, computed if total is None else amount(total, "total"), currency, discounts
        )

    def total_shown(self) -> str:
        return f"Total {money(self.total)}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "items": [i.to_dict() for i in self.items],
            "total": self.total,
            "currency": self.currency,
            "discounts": [{"label": label, "amount": off} for label, off in self.discounts],
        }
