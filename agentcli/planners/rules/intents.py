"""Reads one English line into an intent: what the customer wants, with its details."""

from __future__ import annotations

import re

from agentcli.conversation.answers import is_no, is_yes, normalise
from agentcli.planners.rules.order_change_intents import parse_change
from agentcli.planners.rules.phrases import ORDINALS, Intent, cancel_reason, ordinal, payment_hint

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
ORDER_ID = re.compile(r"#?\s*\b[wW]\s?(\d{7})\b")
NAME_ZIP = re.compile(
    r"(?:i'm|i am|my name is|this is|name:?)\s+([a-z][a-z'-]*)\s+([a-z][a-z'-]*)\b.*?\b(\d{5})\b"
)
NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "a pair of": 2,
    "a couple of": 2,
}
STOP_WORDS = frozenset(
    """
    a an the me my i i'm im want wanted would like to for find search show looking look
    get some any please can you could do have has there is are of one ones that this it
    with in and or buy need something cheap price priced costing cost dollars usd $ under
    below less than over above more between around about who what which shop store catalog
    see browse give list all items item products product thing things new
    """.split()
)


def _price_range(text: str) -> tuple[float | None, float | None, str]:
    """Pull 'under 300', 'over $50', 'between 100 and 200' out of the text."""
    lo = hi = None
    num = r"\$?\s?(\d+(?:[.,]\d+)?)"
    m = re.search(rf"between\s+{num}\s+(?:and|-|to)\s+{num}", text)
    if m:
        lo, hi = float(m.group(1).replace(",", "")), float(m.group(2).replace(",", ""))
        text = text.replace(m.group(0), " ")
    for pattern, which in (
        (rf"(?:under|below|less than|cheaper than|up to|at most|max(?:imum)?|<)\s*{num}", "hi"),
        (rf"(?:over|above|more than|at least|min(?:imum)?|>)\s*{num}", "lo"),
    ):
        m = re.search(pattern, text)
        if m:
            value = float(m.group(1).replace(",", ""))
            if which == "hi":
                hi = value
            else:
                lo = value
            text = text.replace(m.group(0), " ")
    return lo, hi, text


def _quantity(text: str) -> int:
    m = re.search(r"\b(\d{1,2})\s*(?:x\b|of\b|units?\b|pieces?\b|pcs\b)?", text)
    if m and not re.search(r"\b\d{1,2}\s*(?:%|inch|gb|tb|mm|ml|ft|l\b|lbs|mp|k\b)", text):
        return int(m.group(1))
    for word, n in NUMBER_WORDS.items():
        if re.search(rf"\b{word}\b", text) and not re.search(rf"\b{word} one\b", text):
            return n
    return 1


def descriptor_words(text: str) -> list[str]:
    """The words that describe a variant ('the blue one' → ['blue'])."""
    words = re.findall(r"[a-z0-9%.'-]+", text)
    skip = STOP_WORDS | {
        "add",
        "put",
        "cart",
        "take",
        "remove",
        "delete",
        "x",
        "units",
        "unit",
        "pieces",
        "piece",
        "of",
        "into",
        "too",
        "also",
        "them",
        "those",
        "these",
    }
    skip |= set(NUMBER_WORDS) | set(ORDINALS)
    return [w for w in words if w not in skip and not w.isdigit()]


def parse(line: str, awaiting: str | None = None) -> Intent:
    """The customer's intent for this line; `awaiting` is what the agent just asked for."""
    text = normalise(line)
    if not text:
        return Intent("empty")
    if awaiting == "payment_method" and payment_hint(text) and "checkout" not in text:
        return Intent("checkout", {"method": payment_hint(text)})
    if awaiting == "cancel_reason" and cancel_reason(text):
        return Intent("cancel_reason", {"reason": cancel_reason(text)})
    change = parse_change(line, text, awaiting)
    if change is not None:
        return change
    picking = ordinal(text) is not None or descriptor_words(text)
    other_request = re.search(r"\b(find|search|looking|cancel|order|cart|checkout)\b", text)
    if awaiting == "variant" and picking and not other_request:
        return Intent(
            "add", {"quantity": None, "ordinal": ordinal(text), "words": descriptor_words(text)}
        )
    email = EMAIL.search(line)
    if email:
        return Intent("login_email", {"email": email.group(0)})
    m = NAME_ZIP.search(text)
    if m:
        return Intent(
            "login_name",
            {"first_name": m.group(1).title(), "last_name": m.group(2).title(), "zip": m.group(3)},
        )
    order = ORDER_ID.search(line)
    if re.search(r"\bcancel", text):
        if order:
            return Intent(
                "cancel", {"order_id": f"#W{order.group(1)}", "reason": cancel_reason(text)}
            )
        return Intent("cancel_which")
    if order:
        return Intent("order_status", {"order_id": f"#W{order.group(1)}"})
    if is_yes(text) or is_no(text):
        return Intent("stray_yes_no")
    if re.search(r"\b(human|person|representative|real agent|someone real|supervisor)\b", text):
        return Intent("human")
    if re.search(r"\b(my orders|order history|orders do i have|past orders|list .*orders)\b", text):
        return Intent("my_orders")
    if re.search(
        r"\b(check ?out|place (the |my )?order|pay for|complete (the |my )?"
        r"(order|purchase)|buy (it|them|everything) now)\b",
        text,
    ):
        return Intent("checkout", {"method": payment_hint(text)})
    if re.search(r"\b(remove|delete|take out|drop)\b", text):
        return Intent(
            "remove",
            {
                "ordinal": ordinal(text),
                "words": descriptor_words(text),
                "quantity": _quantity(text) if re.search(r"\d", text) else None,
            },
        )
    if re.search(r"\bcart\b", text) and not re.search(r"\b(add|put)\b", text):
        return Intent("view_cart")
    if re.search(r"^(add|put|i'?ll take|i will take|get me|i'?d like)\b|\badd\b", text):
        return Intent(
            "add",
            {
                "quantity": _quantity(text),
                "ordinal": ordinal(text),
                "words": descriptor_words(text),
            },
        )
    if ordinal(text) is not None and re.search(
        r"\b(show|tell|details?|more|about|open|see|look|view|what)\b", text
    ):
        return Intent("show", {"ordinal": ordinal(text)})
    if re.search(r"^(help|\?|what can you do)", text):
        return Intent("help")
    if re.search(r"^(thanks|thank you|thx|cheers|bye|goodbye)\b", text):
        return Intent("thanks")
    if re.search(r"^(hi|hello|hey|good (morning|afternoon|evening))\b", text):
        return Intent("hello")
    lo, hi, rest = _price_range(text)
    words = [w for w in re.findall(r"[a-z0-9%.'-]+", rest) if w not in STOP_WORDS]
    searching = re.search(
        r"\b(find|search|looking for|look for|show me|do you (have|sell)|i want|i need|"
        r"any|browse)\b",
        text,
    )
    if words and (searching or lo is not None or hi is not None):
        return Intent("search", {"query": " ".join(words), "min_price": lo, "max_price": hi})
    if searching and (lo is not None or hi is not None):
        return Intent("search", {"query": None, "min_price": lo, "max_price": hi})
    return Intent("unclear")
