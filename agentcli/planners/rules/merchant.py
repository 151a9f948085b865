"""The rules planner at protocol merchants: search, basket, checkout, cancel, order lookup.

Read only in runs that have protocol merchants (`Conversation.merchants`): "find tulips",
"show me roses", "add 2 of the first one", "I'll take two of those", "checkout", "buy it",
"place the order", "nevermind, cancel the checkout", "where is my order". Products are picked
from the last search's answers only; every fact a reply repeats comes from an observation.
"""

from __future__ import annotations

import re
from typing import Any

from agentcli.conversation import Observation
from agentcli.conversation.answers import is_no, is_yes, normalise
from agentcli.conversation.explain import failure_message
from agentcli.conversation.wording import money, shown
from agentcli.planners.base import PlannerOutput, PlanningContext
from agentcli.planners.rules.outputs import ask, do, say
from agentcli.planners.rules.phrases import ORDER_ID, Intent, ordinal
from agentcli.planners.rules.reading import NUMBERS, ORDINALS
from agentcli.planners.rules.reading import quantity as how_many
from agentcli.planners.rules.search_words import STOP_WORDS

Record = dict[str, Any]
KINDS = frozenset({"m_search", "m_add", "m_checkout", "m_cancel", "m_order"})
ACTIONS = frozenset(
    {
        "search_merchants",
        "add_to_basket",
        "checkout_basket",
        "cancel_checkout",
        "get_merchant_order",
    }
)
CANCEL = re.compile(
    r"^(never ?mind|forget it)\b|\b(cancel|abort|drop|stop)\b.*\b(checkout|check-out|purchase|"
    r"order|basket|it|that)\b|^cancel$"
)
CHECKOUT = re.compile(
    r"\b(check ?out|buy (it|them|that|those|this|these|now|the basket)|place (the|my|an|this) "
    r"order|pay( now| for (it|them))?$|pay (with|using|by|on)|"
    r"complete (the |my )?(purchase|order|checkout)|purchase (it|them)|order (it|them))\b"
)
ADD = re.compile(
    r"^(add|put|i'?ll take|i will take|i'?ll have|get me|i'?d like|give me|take)\b|\badd\b"
)
SEARCH = re.compile(
    r"\b(find|search( for)?|look(ing)? for|show me|do you (have|sell)|i want|i need|got any)\b"
)
CARD_BRAND = re.compile(
    r"\b(visa|master ?card|mc|amex|american express|discover|diners( club)?|jcb|union ?pay)\b"
)
CARD_DIGITS = re.compile(r"\b(card|ending|last (four|4))\b.*\b\d{4}\b")
ORDER = re.compile(r"\b(my order|order status|where is (my|the) order|track (my|the) order)\b")
PRONOUNS = re.compile(r"\b(it|them|those|that|these|this)\b")
EXTRA_STOP = {
    "add",
    "take",
    "basket",
    "those",
    "these",
    "them",
    "of",
    "ll",
    "i'll",
    "please",
    "from",
    "at",
}


def parse(ctx: PlanningContext) -> Intent | None:
    """The merchant intent of the line, or None (the general parser reads it then).

    In a run of protocol merchants only, shopping lines go to them. Beside the shop, a search
    goes to a merchant when the line names it ("find tulips at flowers"), and "add", "checkout"
    and "where is my order" follow the merchant while its list is the last one shown.
    """
    conv = ctx.conversation
    if not conv.merchants:
        return None
    text = normalise(ctx.user_line)
    memory = conv.memory
    if ORDER_ID.search(ctx.user_line):
        return None
    if CANCEL.search(text) and memory.get("m_open_checkout"):
        return Intent("m_cancel")
    if is_yes(text) or is_no(text):
        return None
    named = next(
        (m for m in conv.merchants if re.search(rf"\b{re.escape(m.lower())}\b", text)), None
    )
    ours = not conv.shop or named is not None or bool(memory.get("m_list_current"))
    digits = re.search(r"\b(\d{4})\b", text)
    brand = CARD_BRAND.search(text)
    # "use my amex", "with the card ending in 7159": naming a card is paying with it
    card_only = (brand or CARD_DIGITS.search(text)) and not (
        ADD.search(text) or SEARCH.search(text)
    )
    basket = memory.get("m_basket_merchant")
    if (CHECKOUT.search(text) or (card_only and basket)) and ours and (basket or not conv.shop):
        codes = re.findall(r"\bcodes?\s+([A-Za-z0-9_-]{2,40})\b", ctx.user_line, re.IGNORECASE)
        last = digits.group(1) if digits and digits.group(1) not in codes else None
        named = brand.group(0) if brand else None
        return Intent("m_checkout", {"last_digits": last, "brand": named, "codes": codes})
    if ORDER.search(text) and ours and (memory.get("m_last_order") or not conv.shop):
        return Intent("m_order")
    if ADD.search(text) and ours:
        return Intent(
            "m_add", {"quantity": quantity(text), "ordinal": ordinal(text), "words": words(text)}
        )
    if SEARCH.search(text) and (not conv.shop or named is not None):
        query = " ".join(w for w in words(text) if named is None or w != named.lower())
        if query:
            return Intent("m_search", {"query": query, "merchant": named})
    return None


def quantity(text: str) -> int:
    """'add 2 of the first one' → 2, 'two of those' → 2, else 1."""
    return how_many(text) or 1


def words(text: str) -> list[str]:
    skip = STOP_WORDS | EXTRA_STOP | set(NUMBERS) | set(ORDINALS)
    return [w for w in re.findall(r"[a-z0-9'-]+", text) if w not in skip and not w.isdigit()]


def start(ctx: PlanningContext, intent: Intent) -> PlannerOutput:
    memory = ctx.conversation.memory
    p = intent.params
    match intent.kind:
        case "m_search":
            action = {"action": "search_merchants", "query": p["query"]}
            if p.get("merchant"):
                action["merchant"] = p["merchant"]
            return do(action, "search the merchants")
        case "m_add":
            return _add(memory, p)
        case "m_checkout":
            merchant = memory.get("m_basket_merchant")
            if merchant is None:
                return ask(
                    'Your basket is empty: search, then say e.g. "add 2 of the first one".',
                    "nothing to check out",
                )
            memory["m_open_checkout"] = merchant  # its preview opens the merchant's session
            action = {"action": "checkout_basket", "merchant": merchant}
            if p.get("last_digits"):
                action["last_digits"] = p["last_digits"]
            if p.get("brand"):
                action["card_brand"] = p["brand"]
            if p.get("codes"):
                action["discount_codes"] = p["codes"]
            return do(action, "check out the basket")
        case "m_cancel":
            return do(
                {"action": "cancel_checkout", "merchant": memory["m_open_checkout"]},
                "cancel the open checkout",
            )
        case "m_order":
            order = memory.get("m_last_order")
            if order is None:
                return ask("Which order? I have not placed one in this session.", "no order")
            return do(
                {"action": "get_merchant_order", "order_id": order[1], "merchant": order[0]},
                "look up the order",
            )
    return ask("What would you like to do?", "unclear")


def _add(memory: Record, p: Record) -> PlannerOutput:
    pool: list[Record] = memory.get("m_results", [])
    if not pool:
        return ask('Which product? Search first, e.g. "find tulips".', "nothing found yet")
    chosen = None
    n = p.get("ordinal")
    if n is not None:
        if n == -1 or 1 <= n <= len(pool):
            chosen = pool[n - 1] if n != -1 else pool[-1]
        else:
            return ask(f"There is no number {n} in the list.\n{_listing(pool)}", "bad ordinal")
    elif p.get("words"):
        named = [r for r in pool if all(w.rstrip("s") in r["title"].lower() for w in p["words"])]
        if len(named) == 1:
            chosen = named[0]
    if chosen is None and len(pool) == 1:
        chosen = pool[0]
    if chosen is None:
        return ask(f"Which one do you mean?\n{_listing(pool)}", "product is ambiguous")
    return do(
        {
            "action": "add_to_basket",
            "merchant": chosen["merchant"],
            "product_id": chosen["product_id"],
            "quantity": p.get("quantity") or 1,
        },
        "add the chosen product to the basket",
    )


def _listing(pool: list[Record]) -> str:
    return "\n".join(
        f"{i}. {r['title']} - {money(r['price'])} at {r['merchant']}"
        for i, r in enumerate(pool[:10], 1)
    )


def after(ctx: PlanningContext, obs: Observation) -> PlannerOutput | None:
    """The reply to a merchant action's observation (None for other actions)."""
    if obs.action not in ACTIONS:
        return None
    memory = ctx.conversation.memory
    args = obs.arguments
    if obs.action == "checkout_basket" and not obs.data and _named_a_card(args, obs.error or {}):
        message = str((obs.error or {}).get("message", ""))
        return ask(message[:1].upper() + message[1:], "the named card fits none or several")
    if (
        obs.action == "checkout_basket"
        and obs.error
        and obs.error.get("code")
        in (
            "INVALID_STATE",
            "NOT_FOUND",
            "INVALID_REQUEST",
            "POLICY",
        )
        and not obs.data
    ):
        return say(f"I could not check out: {obs.error.get('message')}.", "checkout refused")
    if not obs.ok:
        return say(_failure(obs), f"{obs.action} failed")
    data = obs.data
    match obs.action:
        case "search_merchants":
            memory["m_results"] = data["results"][:10]
            memory["m_list_current"] = True  # "add the first one" means this list now
            if not data["results"]:
                return say(f"I found nothing for {shown(data['query'])}.", "no results")
            return say(
                f"I found {len(data['results'])}:\n{_listing(data['results'])}\n"
                'Say e.g. "add 2 of the first one".',
                "search results",
            )
        case "add_to_basket":
            memory["m_basket_merchant"] = data["merchant"]
            lines = "; ".join(
                f"{line['quantity']} x {line['title']} at {money(line['price'])}"
                for line in data["basket"]
            )
            return say(
                f'Added. Your basket at {data["merchant"]}: {lines}. Say "checkout" to buy it.',
                "added to basket",
            )
        case "checkout_basket":
            done = data["outputs"]["complete_session"]
            memory.pop("m_basket_merchant", None)
            memory.pop("m_open_checkout", None)
            memory["m_last_order"] = (done["merchant"], done["order_id"])
            return say(
                f"Done: order {shown(done['order_id'])} is placed at {shown(done['merchant'])}; "
                f"{money(done['amount'])} was charged.",
                "order placed",
            )
        case "cancel_checkout":
            memory.pop("m_open_checkout", None)
            return say(
                f"Cancelled your checkout at {args.get('merchant')}; nothing was charged. "
                "Your basket is still there.",
                "checkout cancelled",
            )
        case "get_merchant_order":
            lines = ", ".join(f"{li['quantity']} x {li['title']}" for li in data["lines"])
            return say(
                f"Order {shown(data['order_id'])} at {shown(data['merchant'])}: {lines}; total "
                f"{money(data['total'])}; status {shown(data['status'])}.",
                "order details",
            )
    return None


def _named_a_card(args: Record, error: Record) -> bool:
    """A checkout refused because the card the customer named fits none (or several)."""
    named = args.get("card_brand") or args.get("last_digits")
    return bool(named) and error.get("code") == "NOT_FOUND"


def _failure(obs: Observation) -> str:
    error = obs.error or {}
    if error.get("saga_status") in ("compensated", "needs_attention"):
        return failure_message(error, error.get("saga_id"))
    return f"I could not do that: {error.get('message') or 'something went wrong'}."
