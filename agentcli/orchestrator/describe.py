"""Plain-English wording of vendor facts, shared by previews and the rules planner."""

from __future__ import annotations

from typing import Any


def money(amount: float) -> str:
    return f"${amount:,.2f}"


def describe_method(method: dict[str, Any]) -> str:
    """'gift card gift_card_123 (balance $10.00)', 'visa credit card ending 1234', 'PayPal'."""
    source = method.get("source")
    if source == "gift_card":
        return f"gift card {method['id']} (balance {money(method.get('balance', 0.0))})"
    if source == "credit_card":
        return f"{method.get('brand', 'credit')} card ending {method.get('last_four', '????')}"
    if source == "paypal":
        return f"PayPal ({method['id']})"
    return str(method.get("id", "an unknown payment method"))


def describe_options(options: dict[str, str]) -> str:
    return ", ".join(f"{k} {v}" for k, v in options.items())
