"""What to tell the customer when a saga did not complete: why, what was undone, what it cost.

Composed only from the saga's result (`SagaResult.report()`), never from a planner's guess:
"I could not place the order: Notebook sold out just before payment. So I cancelled order
#W1234567 and released the $28.59 hold on your payment method; nothing was charged."
"""

from __future__ import annotations

from typing import Any

RETRY_LATER = {"UNAVAILABLE", "TIMEOUT", "PROTOCOL"}


def _join(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def reason(report: dict[str, Any]) -> str:
    """Why the saga stopped, in the customer's terms."""
    code = report.get("code")
    message = (report.get("message") or "").rstrip(".")
    vendor = report.get("vendor") or "the vendor"
    what = report.get("failed_title") or "finish a step"
    if code == "PAYMENT_DECLINED":
        return "your payment method was declined"
    if code in ("OUT_OF_STOCK", "INSUFFICIENT_FUNDS") and message:
        return message
    if code in RETRY_LATER:
        return f"{vendor} is not answering right now, so I could not {what}"
    if code == "RATE_LIMITED":
        return f"{vendor} is too busy right now, so I could not {what}"
    if code == "KILL_SWITCH":
        return f"the kill switch was turned on before I could {what}"
    if code == "ROLLED_BACK":
        return "it was interrupted and rolled back"
    return (
        f"{vendor} would not let me {what} ({message})"
        if message
        else f"{vendor} would not let me {what}"
    )


def failure_message(report: dict[str, Any], saga_id: str | None = None) -> str:
    """One short paragraph for a saga that ended compensated or needing an operator."""
    title = report.get("saga_title") or "do that"
    undone = list(report.get("undone") or [])
    why = reason(report)
    charged = bool(report.get("charged"))
    reference = f" Reference: {saga_id}." if saga_id else ""
    if report.get("saga_status") == "compensated":
        text = f"I could not {title}: {why}."
        if undone:
            text += f" So I {_join(undone)}"
            text += "." if charged else "; nothing was charged."
        elif not charged:
            text += " Nothing was charged."
        return text
    if report.get("stuck") == "forward":
        return (
            f"I could not finish: {why}. What is done cannot be undone, so a human "
            f"operator has been alerted and will complete it.{reference}"
        )
    done = f" I {_join(undone)}, but" if undone else ""
    return (
        f"I could not {title}: {why}.{done} I could not undo every step yet; a human "
        f"operator has been alerted and will finish it.{reference}"
    )
