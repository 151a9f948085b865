"""Plain-English wording of vendor facts, shared by previews and the rules planner.

Every vendor string goes through `shown`: one line, control characters escaped, so what a
vendor wrote cannot start a line of its own or move the cursor in a confirmation.
"""

from __future__ import annotations

from typing import Any

from agentcli.safe_text import terminal_line as shown

__all__ = ["describe_address", "describe_method", "describe_options", "money", "shown"]


def money(amount: float) -> str:
    return f"${amount:,.2f}"


def describe_method(method: dict[str, Any]) -> str:
    """'gift card gift_card_123 (balance $10.00)', 'visa credit card ending 1234', 'PayPal'."""
    source = method.get("source")
    if source == "gift_card":
        return (
            f"gift card {shown(method['id'])} (balance {money(float(method.get('balance', 0.0)))})"
        )
    if source == "credit_card":
        return (
            f"{shown(method.get('brand', 'credit'))} card ending "
            f"{shown(method.get('last_four', '????'))}"
        )
    if source == "paypal":
        return f"PayPal ({shown(method['id'])})"
    return shown(method.get("id", "an unknown payment method"))


def describe_options(options: dict[str, str]) -> str:
    return shown(", ".join(f"{k} {v}" for k, v in options.items()))


def describe_address(address: dict[str, Any]) -> str:
    """'1 Main St, Austin, TX 78701' on one line."""
    return shown(f"{address['address1']}, {address['city']}, {address['state']} {address['zip']}")
