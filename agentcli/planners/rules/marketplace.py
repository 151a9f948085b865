"""The rules planner across marketplaces: bazaar offers in searches, carts and checkouts.

Search results, products and cart lines from the bazaar carry their SKU as `item_id`, so the
planner's picking logic works unchanged; `retarget` turns the actions it proposes for them into
the SKU form. Replies name the marketplace, the seller and its rating for bazaar offers.
"""

from __future__ import annotations

import re
from typing import Any

from agentcli.catalog.normalise import marketplace_of
from agentcli.conversation import Observation
from agentcli.conversation.answers import normalise
from agentcli.conversation.wording import describe_options, money
from agentcli.planners.base import PlannerOutput, PlanningContext
from agentcli.planners.rules import replies
from agentcli.planners.rules.outputs import say
from agentcli.planners.rules.phrases import Intent, cancel_reason

Record = dict[str, Any]
BAZAAR_ORDER = re.compile(r"\bBZO-\d{6}\b", re.IGNORECASE)
PROMO = re.compile(r"\b(?:code|coupon|voucher)\s*:?\s*([A-Za-z0-9]{3,20})\b", re.IGNORECASE)


def _looks_like_code(token: str) -> bool:
    """FIVEOFF or welcome10, but not 'should' in "which code should I use"."""
    return token.isupper() or any(ch.isdigit() for ch in token)


def parse(line: str, awaiting: str | None = None) -> Intent | None:
    """A bazaar order (look it up, cancel it) or a promotion code; None for anything else."""
    code = PROMO.search(line)
    if (
        code
        and _looks_like_code(code.group(1))
        and re.search(r"\b(use|apply|have|add|redeem|with)\b", line, re.IGNORECASE)
    ):
        return Intent("promo_code", {"code": code.group(1).upper()})
    found = BAZAAR_ORDER.search(line)
    if found is None:
        return None
    text, order_id = normalise(line), found.group(0).upper()
    if re.search(r"\bcancel", text):
        return Intent("cancel", {"order_id": order_id, "reason": cancel_reason(text)})
    return Intent("order_status", {"order_id": order_id})


def retarget(output: PlannerOutput, memory: Record) -> PlannerOutput:
    """Point proposals for bazaar items at their SKU (the shop's stay as they are)."""
    for proposal in output.proposals:
        if not isinstance(proposal, dict):
            continue
        name = proposal.get("action")
        item = proposal.get("item_id")
        if (
            name in ("add_to_cart", "remove_from_cart")
            and isinstance(item, str)
            and marketplace_of(item) == "bazaar"
        ):
            proposal["sku"] = proposal.pop("item_id")
        product = proposal.get("product_id")
        if name == "get_product" and isinstance(product, str) and product.startswith("BZF-"):
            proposal.pop("product_id")
            proposal["sku"] = memory.get("focus_item")
    return output


def seller_note(offer: Record) -> str:
    seller = offer.get("seller") or {}
    rating = seller.get("rating")
    rated = f", rated {rating}/5" if rating is not None else ""
    return f" [bazaar, sold by {seller.get('name') or seller.get('id')}{rated}]"


def offer_line(n: int | None, offer: Record) -> str:
    line = replies.variant_line(n, offer)
    return line + (seller_note(offer) if offer.get("marketplace") == "bazaar" else "")


def search_reply(obs: Observation) -> str:
    data = obs.data
    results = data.get("results", [])
    down = ", ".join(sorted(data.get("unavailable") or {}))
    note = (
        f"\n(The {down} did not answer properly just now, so its offers are missing.)"
        if down
        else ""
    )
    if not results:
        return "I found nothing matching that. Try other words, or a wider price range." + note
    total = data.get("total", len(results))
    counts = data.get("by_marketplace") or {}
    head = f"I found {total} matching item{'s' if total != 1 else ''}"
    if len([n for n in counts.values() if n]) > 1:
        head += " (" + ", ".join(f"{n} at {m}" for m, n in counts.items() if n) + ")"
    if total > len(results):
        head += f"; here are the first {len(results)}"
    lines = [offer_line(i, offer) for i, offer in enumerate(results, 1)]
    hint = 'Say "show me the second one" or "add the first one".'
    return head + ":\n" + "\n".join(lines) + "\n" + hint + note


def product_reply(product: Record, focus: str | None) -> str:
    text = replies.product_reply(product, focus)
    seller = product.get("seller") or {}
    lines = [
        text,
        f"Sold on the bazaar by {seller.get('name')} (rated {seller.get('rating')}/5"
        f" from {seller.get('rating_count')} reviews).",
    ]
    promos = [
        p["label"] + (f" (code {p['code']})" if p.get("code") else "")
        for p in product.get("promotions", [])
    ]
    if promos:
        lines.append("Promotions: " + "; ".join(promos) + ".")
    return "\n".join(lines)


def cart_reply(cart: Record, prefix: str = "") -> str:
    """Both carts, each line with its marketplace; discounts and problems per marketplace."""
    items = cart.get("items", [])
    if not items:
        return prefix + "Your cart is empty."
    lines = []
    for marketplace in ("shop", "bazaar"):
        mine = [i for i in items if i.get("marketplace", "shop") == marketplace]
        if not mine:
            continue
        lines.append(f"  at {marketplace}:")
        for i in mine:
            options = f" ({describe_options(i['options'])})" if i.get("options") else ""
            lines.append(f"    - {i['quantity']} x {i['name']}{options} at {money(i['price'])}")
    bazaar = (cart.get("by_marketplace") or {}).get("bazaar") or {}
    for promo in bazaar.get("promotions", []):
        lines.append(f"  {promo['label']}: -{money(promo['amount_minor'] / 100)}")
    for problem in bazaar.get("problems", []):
        if problem["code"] == "INSUFFICIENT_STOCK":
            lines.append(f"  Note: the bazaar now has only {problem['stock']} of {problem['sku']}.")
    return prefix + "Your cart:\n" + "\n".join(lines) + f"\nTotal {money(cart.get('total', 0.0))}."


def _mixed(cart: Record) -> bool:
    return any(i.get("marketplace", "shop") != "shop" for i in cart.get("items", []))


def placed_reply(obs: Observation) -> str:
    outputs = obs.data["outputs"]
    orders = [
        f"{where} order {outputs[step]['order_id']}"
        for where, step in (("shop", "create_shop_order"), ("bazaar", "create_bazaar_order"))
        if "order_id" in outputs.get(step, {})
    ]
    charged = outputs["capture_payment"]["amount_received"] / 100
    return (
        f"Done: {' and '.join(orders)} {'are' if len(orders) > 1 else 'is'} placed, and "
        f'{money(charged)} was charged in one payment. Ask "show my cart" or "where is '
        f'order …" any time.'
    )


def failed_checkout_reply(obs: Observation) -> str:
    error = obs.error or {}
    outputs = (obs.data or {}).get("outputs", {})
    message = error.get("message") or "something went wrong"
    if error.get("saga_status") == "needs_attention":
        return (
            f"I could not complete that ({message}) and could not undo every step; a "
            "human operator has been alerted. Reference: "
            f"{(obs.data or {}).get('saga_id', 'unknown')}."
        )
    notes = [n for n in error.get("undone") or [] if n]
    if not notes:
        undone = set(error.get("compensated") or [])
        notes = [
            f"cancelled {where} order {outputs[step]['order_id']}"
            for where, step in (("shop", "create_shop_order"), ("bazaar", "create_bazaar_order"))
            if step in undone and "order_id" in outputs.get(step, {})
        ]
    tail = (
        (", so I " + " and ".join(notes) + "; nothing was charged")
        if notes
        else "; nothing was charged"
    )
    return f"I could not complete that: {message}{tail}. Your cart is as it was."


def bazaar_order_reply(order: Record) -> str:
    lines = "; ".join(
        f"{line['qty']} x {line['title']} {money(line['total_minor'] / 100)}"
        f"{' (cancelled)' if line['status'] == 'cancelled' else ''}"
        for line in order["lines"]
    )
    text = (
        f"Bazaar order {order['order_id']} is {order['status'].replace('_', ' ')}. Items: "
        f"{lines}. Paid {money(order['total_minor'] / 100)}"
    )
    if order.get("discount_minor"):
        text += f" after {money(order['discount_minor'] / 100)} of discounts"
    if order.get("refunded_minor"):
        text += f", refunded {money(order['refunded_minor'] / 100)}"
    return text + "."


def bazaar_cancelled_reply(obs: Observation) -> str:
    outputs = obs.data["outputs"]
    cancel, refund = outputs["cancel_order"], outputs.get("refund_payment") or {}
    refunded = refund.get("amount", 0) if refund.get("action") in ("refunded", "voided") else 0
    return (
        f"Bazaar order {cancel['order_id']} is cancelled. Refunded: "
        f"{money(refunded / 100)} to the payment that paid it."
    )


def start(ctx: PlanningContext, intent: Intent) -> PlannerOutput | None:
    """The first step for a promotion code; other intents are the shop planner's."""
    if intent.kind != "promo_code":
        return None
    if ctx.conversation.user is None:
        return PlannerOutput(
            [
                {
                    "action": "ask_clarification",
                    "question": "I need to know who you are first: what is your email?",
                }
            ],
            rationale="not signed in",
        )
    return PlannerOutput(
        [{"action": "apply_promo_code", "code": intent.params["code"]}],
        rationale="customer gave a promotion code",
    )


def after(ctx: PlanningContext, obs: Observation) -> PlannerOutput | None:
    """Replies for marketplace results; None leaves the shop's own replies in charge."""
    memory = ctx.conversation.memory
    outputs = obs.data.get("outputs") or {} if isinstance(obs.data, dict) else {}
    is_cross = obs.action == "place_order" and (
        (obs.error or {}).get("saga") == "cross_marketplace_order"
        or "create_bazaar_order" in outputs
    )
    if not obs.ok:
        return say(failed_checkout_reply(obs), "checkout failed") if is_cross else None
    if (
        obs.action == "cancel_order"
        and "cancel_order" in outputs
        and "refund_minor" in outputs["cancel_order"]
    ):
        return say(bazaar_cancelled_reply(obs), "bazaar order cancelled")
    match obs.action:
        case "get_order" if obs.data.get("marketplace") == "bazaar":
            return say(bazaar_order_reply(obs.data), "bazaar order")
        case "search_products":
            memory["results"] = [
                {**r, "product_id": r["product_id"]} for r in obs.data.get("results", [])
            ]
            return say(search_reply(obs), "search results")
        case "get_product" if obs.data.get("marketplace") == "bazaar":
            return say(product_reply(obs.data, memory.get("focus_item")), "bazaar product")
        case "view_cart" | "add_to_cart" | "remove_from_cart" | "apply_promo_code" if (
            _mixed(obs.data) or obs.data.get("unavailable") or obs.action == "apply_promo_code"
        ):
            prefix = {
                "add_to_cart": "Added. ",
                "remove_from_cart": "Removed. ",
                "apply_promo_code": f"Code {obs.arguments.get('code')} applied. ",
            }
            text = cart_reply(obs.data, prefix.get(obs.action, ""))
            if obs.data.get("unavailable"):
                text += "\n(The bazaar cart could not be read just now; it is not shown.)"
            return say(text, "cart")
        case "place_order" if is_cross:
            return say(placed_reply(obs), "orders placed")
    return None
