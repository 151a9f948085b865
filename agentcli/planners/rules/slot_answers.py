"""Reads a line as the answer to the question the agent just asked, when it is one."""

from __future__ import annotations

import re

from agentcli.planners.rules.order_finder import item_words
from agentcli.planners.rules.order_states import state_named
from agentcli.planners.rules.phrases import ORDER_ID, Intent, cancel_reason, payment_hint
from agentcli.planners.rules.reading import bare_position, position, quantity
from agentcli.planners.rules.search_words import descriptor_words


def slot_answer(line: str, raw: str, text: str, awaiting: str | None) -> Intent | None:
    """The line read as the answer to the agent's question, when it is one."""
    bare = bare_position(text)
    picked = position(text) or bare
    if awaiting == "payment_method":
        hint = payment_hint(text)
        last4 = re.search(r"\b(\d{4})\b", text)
        if (hint or picked or last4) and "checkout" not in text:
            return Intent(
                "checkout",
                {"method": hint, "pick": picked, "last_four": last4.group(1) if last4 else None},
            )
    if awaiting == "cancel_reason":
        reason = cancel_reason(raw) or {1: "no longer needed", 2: "ordered by mistake"}.get(
            picked or 0
        )
        if reason is None and re.fullmatch(
            r"(?:it'?s |it is |the )?(no longer needed|mistake)", text
        ):
            reason = "no longer needed" if "needed" in text else "ordered by mistake"
        if reason:
            return Intent("cancel_reason", {"reason": reason})
        held = item_words(text)
        if held:  # 'the laptop one': which order, said before why
            return Intent(
                "cancel",
                {"order_id": None, "pick": None, "state": None, "reason": None, "order_item": held},
            )
    if awaiting == "cancel_order_id":
        order = ORDER_ID.search(line)
        state = None if order or picked else state_named(text)
        held = [] if order or picked or state else item_words(text)
        if order or picked or state or held:
            return Intent(
                "cancel",
                {
                    "order_id": f"#W{order.group(1)}" if order else None,
                    "pick": None if order else picked,
                    "state": state,
                    "reason": cancel_reason(text),
                    "order_item": held,
                },
            )
    if awaiting == "variant":
        other = re.search(
            r"\b(find|search|looking|cancel|order|checkout|check out|show me|remove|return|"
            r"any|do you (?:have|sell|do)|got any|under \d+|below \d+|take (?:\w+ )?out|"
            r"get rid|cheaper than|pricier than|compare|difference|my orders?|my account)\b",
            text,
        )  # a new request, not the answer: 'any cans under 200', 'take them out
        paying = payment_hint(text)  # 'put it on my mastercard': a checkout, not a pick
        if (picked or descriptor_words(text)) and not other and not paying:
            return Intent(
                "add",
                {
                    "quantity": None if bare else quantity(text),
                    "ordinal": picked,
                    "words": descriptor_words(text),
                },
            )
    return None
