"""Reads asked for in any words: several orders at once, the account's payment methods and
their balances, a product by its id, and the customer's orders (or those in one state).
"""

from __future__ import annotations

import re

from agentcli.conversation import Observation
from agentcli.conversation.wording import money
from agentcli.planners.base import PlannerOutput, PlanningContext
from agentcli.planners.rules import replies
from agentcli.planners.rules.order_finder import asked_after, item_words
from agentcli.planners.rules.order_states import UNDELIVERED, state_named
from agentcli.planners.rules.outputs import ask, do, say
from agentcli.planners.rules.phrases import CHECKOUT, ORDER_ID, Intent, payment_hint

KINDS = ("orders_at_once", "payment_methods", "product_by_id")

#: the money the account holds or the ways it pays: 'gift card balance', 'my saved cards'
METHODS_ASKED = re.compile(
    r"\b(?:balance|credit left|left on (?:my|the) (?:gift ?card|card|account)|"
    r"(?:payment|paying) (?:methods?|options?)(?: (?:on file|saved|i have))?|"
    r"(?:saved|stored) (?:cards?|payment)|cards? (?:on file|i have saved)|"
    r"(?:cards?|payment methods?) (?:is |are |do (?:i|we) have |(?:i|we) have )?(?:on file|saved|"
    r"stored|on (?:my|the|our) account))\b"
)
#: a product by its number: 'tell me about product 6817146515', 'product id 123…'
PRODUCT_ID = re.compile(r"\bproducts? (?:id |number |no\.? |#)?#?(\d{10})\b")
#: the orders asked about without naming one: 'pull up my orders', 'anything on the way?'
ORDERS_ASKED = re.compile(
    r"\b(?:pull up|bring up|look up|show|list|see|check|view|get|give me|tell me about|"
    r"go through|find)\b.*\b(?:orders|purchases)\b|"
    r"\b(?:any|all|some|how many) (?:\w+ )?(?:orders|purchases)\b|"
    r"\b(?:orders|purchases) (?:on|in|under|for|of) (?:my|this|the) account\b|"
    r"\b(?:anything|something|stuff|what'?s|what is|deliveries|packages|parcels|shipments) "
    r"(?:\w+ )?(?:on (?:the|its) way|coming|"
    r"in transit|out for delivery|pending|arriving|shipping|shipped)\b|"
    r"\bmy (?:last|latest|most recent|newest|current|open|pending|recent) (?:order|purchase)s?\b"
)
#: what is asked of without naming it: 'anything that hasn't arrived', 'what am I still
#: waiting for', 'which ones aren't delivered'
UNNAMED = re.compile(
    r"\b(?:anything|something|everything|stuff|things|what|which|whatever|any|orders|purchases|"
    r"items|"
    r"packages|parcels|deliveries|shipments)\b"
)
#: every order asked after at once: 'has everything arrived?', 'are all my orders delivered'
ALL_ASKED = re.compile(
    r"\b(?:has|have|is|are|did) (?:everything|all (?:of )?(?:my |the |our )?(?:orders|stuff|"
    r"things|packages|parcels|purchases|deliveries))\b.{0,20}\b(?:arrived?|delivered|come|"
    r"shipped|turned up|shown up|here)\b"
)


#: what an order holds, asked: 'what's in the order I haven't received', 'remind me what I
#: ordered in my pending order', 'which items are in the undelivered one'
CONTENTS_ASKED = re.compile(
    r"\b(?:what'?s|what is|what was|what were|what are|what all is|(?:which|what) (?:items?|"
    r"products?|things?|stuff) (?:are|is|were|was)|"
    r"what (?:did|have) (?:i|we) (?:order|ordered|buy|bought|get|got|put)|"
    r"what (?:i|we)(?:'ve| have)? (?:ordered|bought|got|put)|contents? of|"
    r"(?:list|show(?: me)?|tell me|go through|read out)(?: all)? (?:the )?(?:stuff|items?|things|"
    r"products|contents)|"
    r"items? (?:in|on))\b.{0,30}\b(?:in|inside|on|of)?\s*"
    r"(?:my|the|that|this|our)\s+(?:\w+\s+)?(?:order|one|package|parcel|delivery)\b"
)


def read(line: str, text: str) -> Intent | None:
    """The lookup a line asks for, or None: several order ids, the payment methods, a
    product id, or the orders without one named."""
    ids = list(dict.fromkeys(f"#W{m.group(1)}" for m in ORDER_ID.finditer(line)))
    if len(ids) > 1 and not re.search(r"\b(?:cancel|return|exchange|change|swap)\b", text):
        return Intent("orders_at_once", {"order_ids": ids})
    if ids:
        return None
    if (
        METHODS_ASKED.search(text)
        and not re.search(r"\b(?:use|using|pay|paying|charge|change|put (?:it|them) on)\b", text)
        and not CHECKOUT.search(text)  # 'checkout, my gift card balance should cover it'
    ):
        return Intent("payment_methods")
    product = PRODUCT_ID.search(text)
    if product:
        return Intent("product_by_id", {"product_id": product.group(1)})
    if ALL_ASKED.search(text):  # each order with its state
        return Intent("my_orders", {"state": None})
    state = state_named(text)
    if state and CONTENTS_ASKED.search(text):  # the items of the order in that state
        return Intent("my_orders", {"state": state, "contents": True})
    if ORDERS_ASKED.search(text) or _state_asked(text):
        return Intent("my_orders", {"state": state})
    return None


def _state_asked(text: str) -> bool:
    """Whether the line asks which orders are in a state other than delivered, naming none of
    their items: 'do I have anything that hasn't arrived yet?', 'what hasn't shipped', 'which
    packages are still on the way' (what 'came' may be a product's contents)."""
    return (
        state_named(text) in (UNDELIVERED, "pending", "processed", "cancelled")
        and bool(UNNAMED.search(text))
        and not asked_after(text)
        and not item_words(text)
    )


#: what may stand beside a payment method named alone: 'paypal please', 'my visa ending 1234'
_METHOD_ONLY = re.compile(
    r"(?:(?:please|pls|plz|thanks|use|with|by|via|on|my|the|a|i'?ll|go|let'?s|ending(?: in)?|"
    r"\d{4}|gift ?card|gift|pay ?pal|credit card|card|visa|mastercard|amex|discover|"
    r"for (?:this|that|it|them|these|those|the lot|everything|this one|that one|the order)|"
    r"cheers|ta|thx|thank you)"
    r"[ ,.!]*)+"
)


def method_alone(text: str) -> dict[str, str] | None:
    """The payment method a line names and nothing else ('paypal please'), or None: said with
    items in the cart, it is the method to check out with, not a search."""
    text = text.lower().strip()
    hint = payment_hint(text)
    return hint if hint is not None and _METHOD_ONLY.fullmatch(text) else None


#: words that name the item just added and nothing else: 'add 3 more of the same'
SAME = frozenset({"same", "one", "thing", "item", "again", "another"})


def same_again(memory: dict[str, object], words: list[str]) -> str | None:
    """The item added last when an add names it as 'the same' and nothing else, or None."""
    last = memory.get("last_added")
    if isinstance(last, str) and "same" in words and set(words) <= SAME:
        return last
    return None


def start(ctx: PlanningContext, intent: Intent) -> PlannerOutput:
    """The first read of the lookup."""
    memory, p = ctx.conversation.memory, intent.params
    if intent.kind == "product_by_id":
        return do({"action": "get_product", "product_id": p["product_id"]}, "a product by id")
    if ctx.conversation.user is None:
        return ask(replies.SIGN_IN_FIRST, "not signed in")
    if intent.kind == "payment_methods":
        memory["listing_methods"] = True
        return do({"action": "get_user"}, "read the account's payment methods")
    memory["orders_at_once"] = p["order_ids"]
    return PlannerOutput(
        [{"action": "get_order", "order_id": o} for o in p["order_ids"]],
        rationale="look up each order named",
    )


def after(ctx: PlanningContext, obs: Observation) -> PlannerOutput | None:
    """The reply once the reads are in; None: not ours."""
    memory = ctx.conversation.memory
    if obs.action == "get_user" and memory.pop("listing_methods", None) and obs.ok:
        return say(methods_reply(obs.data.get("payment_methods") or {}), "payment methods")
    asked = memory.get("orders_at_once")
    if obs.action == "get_order" and asked and obs.arguments.get("order_id") == asked[-1]:
        memory.pop("orders_at_once")
        read = {o.arguments.get("order_id"): o for o in ctx.observations}
        told = [
            replies.order_reply(read[o].data) if read[o].ok else replies.failure_reply(read[o])
            for o in asked
            if o in read
        ]
        return say("\n".join(told), "orders looked up")
    return None


def methods_reply(methods: dict[str, dict[str, object]]) -> str:
    """The payment methods on file, a gift card with its balance."""
    if not methods:
        return "There is no payment method saved on your account."
    lines = []
    for method in methods.values():
        source = str(method.get("source", "")).replace("_", " ")
        name = f"{method['brand']} {source}" if method.get("brand") else source
        if method.get("last_four"):
            name += f" ending {method['last_four']}"
        balance = method.get("balance")
        if isinstance(balance, int | float):
            name += f", balance {money(float(balance))}"
        lines.append(f"- {name}")
    return "Your payment methods:\n" + "\n".join(lines)
