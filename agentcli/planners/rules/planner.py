"""The offline `rules` planner: a deterministic intent parser and a small dialogue state machine.

It proposes actions as raw JSON exactly like a model would, so its output goes through the same
validation, policy gate and orchestrator. Every fact it repeats comes from an observation.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from agentcli.conversation import Observation
from agentcli.conversation.wording import describe_method
from agentcli.planners.base import PlannerOutput, PlanningContext
from agentcli.planners.rules import (
    dialogue,
    merchant,
    order_changes,
    order_finder,
    order_states,
    replies,
    shop_turns,
    spelling,
    write_guard,
)
from agentcli.planners.rules.intents import parse
from agentcli.planners.rules.marketplace import after as after_marketplace
from agentcli.planners.rules.marketplace import parse as parse_bazaar_order
from agentcli.planners.rules.marketplace import retarget
from agentcli.planners.rules.marketplace import start as start_marketplace
from agentcli.planners.rules.phrases import Intent
from agentcli.planners.rules.reading import CHEAPEST, DEAREST
from agentcli.planners.rules.travel import KINDS as TRAVEL_KINDS
from agentcli.planners.rules.travel import after as after_travel
from agentcli.planners.rules.travel import parse as parse_travel
from agentcli.planners.rules.travel import start as start_travel
from agentcli.safe_text import terminal_value

#: memory that lives only while one turn's reads run
TURN_KEYS = ("guarded", "respell", "respelling", "emptying")


def _say(message: str, why: str) -> PlannerOutput:
    return PlannerOutput([{"action": "reply", "message": message}], rationale=why)


def _ask(question: str, why: str) -> PlannerOutput:
    return PlannerOutput([{"action": "ask_clarification", "question": question}], rationale=why)


def _do(action: dict[str, Any], why: str) -> PlannerOutput:
    return PlannerOutput([action], rationale=why)


class RulesPlanner:
    name = "rules"
    model: str | None = None

    async def plan(self, ctx: PlanningContext) -> PlannerOutput:
        memory = ctx.conversation.memory
        if ctx.observations:
            last = _one_line_facts(ctx.observations[-1])
            _remember(memory, last)
            write_guard.forget(memory, last)
            if last.action == "search_products":  # the shop's list is the one shown now
                memory.pop("m_list_current", None)
            again = spelling.after(memory, ctx.user_line, last)
            if isinstance(again, Observation):  # the catalog's words changed nothing
                last, again = again, None
            after = write_guard.after(memory, last) or again or self._after(ctx, last)
            return spelling.told(memory, write_guard.guard(memory, retarget(after, memory)))
        for key in TURN_KEYS:  # what one turn's reads carried never reaches the next turn
            memory.pop(key, None)
        intent = (
            merchant.parse(ctx)
            or parse_travel(
                ctx.user_line,
                memory.get("awaiting"),
                memory.get("last_list"),
                memory.get("last_booking"),
            )
            or parse_bazaar_order(ctx.user_line, memory.get("awaiting"))
            or parse(ctx.user_line, memory.get("awaiting"))
        )
        memory["intent"] = {"kind": intent.kind, "params": intent.params}
        dialogue.settle(memory, intent.kind)
        output = write_guard.guard(memory, retarget(self._start(ctx, intent), memory))
        output.request = {"user_line": ctx.user_line, "intent": intent.kind}
        return output

    # -- the first step of a turn --------------------------------------------------------------

    def _start(self, ctx: PlanningContext, intent: Intent) -> PlannerOutput:
        memory = ctx.conversation.memory
        p = intent.params
        if p.get("order_item") and not p.get("order_id") and ctx.conversation.user is not None:
            found = order_finder.find(memory, shop_turns.order_ids(ctx), intent)
            return found if isinstance(found, PlannerOutput) else self._start(ctx, found)
        if intent.kind in merchant.KINDS:
            return merchant.start(ctx, intent)
        if intent.kind in order_changes.KINDS:
            return order_changes.start(ctx, intent)
        if intent.kind in TRAVEL_KINDS:
            return start_travel(ctx, intent)
        if intent.kind == "promo_code":
            return start_marketplace(ctx, intent) or _say("Done.", "no code")
        match intent.kind:
            case "empty":
                return _ask("I didn't catch that. What would you like to do?", "empty line")
            case "login_email":
                return _do({"action": "find_user", "email": p["email"]}, "customer gave an email")
            case "login_name":
                return _do(
                    {
                        "action": "find_user",
                        "first_name": p["first_name"],
                        "last_name": p["last_name"],
                        "zip": p["zip"],
                    },
                    "customer gave name and zip",
                )
            case "search":
                return self._search(memory, p)
            case "show":
                item = _pick(memory.get("results", []), p["ordinal"])
                if item is None:
                    return _ask(
                        'Which one? Search first, then say "show me the second one".',
                        "no list to pick from",
                    )
                memory["focus_item"] = item["item_id"]
                return _do(
                    {"action": "get_product", "product_id": item["product_id"]},
                    f"show result {p['ordinal']}",
                )
            case "add" | "remove":
                if p.get("bare") and memory.get("last_list") not in (
                    "results",
                    "product",
                    "choices",
                ):
                    return _ask(replies.UNCLEAR, "a position, but no product list is showing")
                return self._cart_change(ctx, intent)
            case "view_cart":
                return _do({"action": "view_cart"}, "customer asks for the cart")
            case "empty_cart":
                return shop_turns.empty_cart(memory)
            case "checkout":
                picked = self._picked_method(ctx, p.get("pick"), p.get("last_four"))
                return picked or self._checkout(ctx, p.get("method"))
            case "order_status" if p.get("order_id") is None:  # no one order holds the item
                if ctx.conversation.user is None:
                    return _ask(
                        "I need to know who you are first: what is your email, or your name "
                        "and zip code?",
                        "not signed in",
                    )
                memory["listing_orders"] = []
                return _do({"action": "get_user"}, "list the orders to pick from")
            case "order_status":
                memory["focus_order"] = p["order_id"]
                if ctx.conversation.user is None:  # the shop shows orders to their owner only
                    return _ask(
                        "I need to know who you are first: what is your email, or your name "
                        f"and zip code? Then I can look up order {p['order_id']}.",
                        "not signed in",
                    )
                return _do({"action": "get_order", "order_id": p["order_id"]}, "order lookup")
            case "name_only":
                return _ask(
                    f"Thanks, {p['first_name']}. To find your account I need your email, or "
                    "your full name and zip code.",
                    "a first name alone finds no account",
                )
            case "order_trouble":
                orders = shop_turns.order_ids(ctx)
                listed = "".join(f"\n{n}. {o}" for n, o in enumerate(orders, 1))
                return _ask(
                    "Sorry to hear that. Which order is it, and what is wrong: should I look "
                    f"it up, cancel it, return or exchange something?{listed}",
                    "a problem with an order, not yet said which or what",
                )
            case "cancel" | "cancel_reason" | "cancel_which":
                return shop_turns.cancel(ctx, intent)
            case "my_orders":
                memory["listing_orders"] = []
                return _do({"action": "get_user"}, "customer asks for their orders")
            case "compare":
                return shop_turns.compare(memory, p["positions"], p["words"])
            case "human":
                return _do(
                    {
                        "action": "escalate_to_human",
                        "summary": f"Customer asked for a person: {ctx.user_line[:200]}",
                    },
                    "customer asked for a human",
                )
            case "help":
                return _say(replies.HELP, "help")
            case "thanks":
                return _say("You're welcome! Anything else?", "thanks")
            case "hello":
                return _say("Hello! " + replies.HELP, "greeting")
            case "stray_yes_no":
                return _say(
                    "There is nothing waiting for your confirmation right now.",
                    "yes/no with nothing pending",
                )
        return _ask(replies.UNCLEAR, "unclear request")

    def _search(self, memory: dict[str, Any], p: dict[str, Any]) -> PlannerOutput:
        action = {"action": "search_products", "query": p["query"]}
        if p["min_price"] is not None:
            action["min_price"] = p["min_price"]
        if p["max_price"] is not None:
            action["max_price"] = p["max_price"]
        memory["search"] = {k: p[k] for k in ("query", "min_price", "max_price")}
        return _do(action, "customer is looking for products")

    def _cart_change(self, ctx: PlanningContext, intent: Intent) -> PlannerOutput:
        memory = ctx.conversation.memory
        p = intent.params
        removing = intent.kind == "remove"
        shown = memory.get("choices") or _candidates(memory)
        fits = any(_in_name(w, v) or _matches(v, [w]) for w in p.get("words", []) for v in shown)
        if p.get("search") and not removing and not fits:  # 'buy a grey pet bed': none shown
            dialogue.settle(memory, "search")
            return self._search(memory, p["search"])
        choices = memory.pop("choices", None)
        pool = memory.get("cart_items", []) if removing else (choices or _candidates(memory))
        chosen, question, listed = _resolve(
            pool,
            p.get("ordinal"),
            p.get("words", []),
            memory.get("focus_item") if not removing else None,
        )
        if chosen is None:
            if not removing and listed:
                dialogue.ask_pick(memory, "variant", "choices", listed)
                memory["pending_quantity"] = p.get("quantity") or 1
            return _ask(question, "item is ambiguous")
        quantity = p.get("quantity") or memory.pop("pending_quantity", None) or 1
        memory["focus_item"] = chosen["item_id"]
        if removing:
            action: dict[str, Any] = {"action": "remove_from_cart", "item_id": chosen["item_id"]}
            if p.get("quantity"):
                action["quantity"] = p["quantity"]
            return _do(action, "remove from cart")
        return _do(
            {"action": "add_to_cart", "item_id": chosen["item_id"], "quantity": quantity},
            "add the chosen variant to the cart",
        )

    def _picked_method(
        self, ctx: PlanningContext, pick: int | None, last_four: str | None
    ) -> PlannerOutput | None:
        """Checkout with the method picked from the ones offered: by number or last four."""
        conv = ctx.conversation
        offered = conv.memory.get("method_choices")
        if conv.user is None or (pick is None and last_four is None):
            return None
        by_id = {m["id"]: m for m in conv.user.get("payment_methods", {}).values()}
        picked = [by_id[i] for i in (offered or by_id) if i in by_id]
        if last_four is not None:
            picked = [m for m in picked if m.get("last_four") == last_four]
        elif pick is not None:
            picked = picked[pick - 1 : pick] if pick > 0 else picked[-1:]
        if len(picked) != 1:
            return None
        conv.memory.pop("method_choices", None)
        return _do(
            {"action": "place_order", "payment_method_id": picked[0]["id"]},
            f"check out with {picked[0]['id']}",
        )

    def _checkout(self, ctx: PlanningContext, hint: dict[str, str] | None) -> PlannerOutput:
        conv = ctx.conversation
        if conv.user is None:
            return _ask(
                "Before checking out I need to know who you are: what is your email?",
                "not signed in",
            )
        methods = list(conv.user.get("payment_methods", {}).values())
        matching = [
            m
            for m in methods
            if hint is None
            or (
                m["source"] == hint["source"]
                and all(m.get(k) == v for k, v in hint.items() if k != "source")
            )
        ]
        if len(matching) == 1:
            return _do(
                {"action": "place_order", "payment_method_id": matching[0]["id"]},
                f"check out with {matching[0]['id']}",
            )
        listing = matching or methods
        conv.memory["awaiting"] = "payment_method"
        conv.memory["method_choices"] = [m["id"] for m in listing]
        listed = "; ".join(f"{n}. {describe_method(m)}" for n, m in enumerate(listing, 1))
        if not matching:
            return _ask(
                f"You don't have that kind of payment method. You have: {listed}. "
                "Which one should I use?",
                "no matching payment method",
            )
        return _ask(f"Which payment method should I use: {listed}?", "several payment methods")

    # -- after an action ran -------------------------------------------------------------------

    def _after(self, ctx: PlanningContext, obs: Observation) -> PlannerOutput:
        memory = ctx.conversation.memory
        found = order_finder.after(memory, obs)  # an order named by an item in it
        if found is not None:
            return found if isinstance(found, PlannerOutput) else self._start(ctx, found)
        ours = merchant.after(ctx, obs) or shop_turns.after(ctx, obs)
        if ours is not None:
            return ours
        mine = after_marketplace(ctx, obs) or after_travel(ctx, obs)
        if mine is not None:
            return mine
        followed = order_changes.after(ctx, obs)
        if followed is not None:
            return followed
        if not obs.ok:
            return _say(replies.failure_reply(obs), f"{obs.action} failed")
        match obs.action:
            case "find_user":
                return _say(replies.user_reply(obs.data), "signed in")
            case "get_user":
                return _say(replies.orders_reply(obs.data), "listed orders")
            case "search_products":
                return _say(replies.search_reply(obs), "search results")
            case "get_product":
                return _say(
                    replies.product_reply(obs.data, memory.get("focus_item")), "product details"
                )
            case "view_cart":
                return _say(replies.cart_reply(obs.data), "cart")
            case "add_to_cart":
                return _say(replies.cart_reply(obs.data, "Added. "), "added to cart")
            case "remove_from_cart":
                return _say(replies.cart_reply(obs.data, "Removed. "), "removed from cart")
            case "get_order":
                return _say(replies.order_reply(obs.data), "order details")
            case "place_order":
                return _say(replies.order_placed_reply(obs), "order placed")
            case "cancel_order":
                return _say(replies.cancelled_reply(obs), "order cancelled")
        return _say("Done.", f"{obs.action} finished")


def _remember(memory: dict[str, Any], obs: Observation) -> None:
    """Keep what later lines may refer to: results, the product shown, the cart."""
    if not obs.ok:
        return
    order_states.remember(memory, obs)
    order_finder.remember(memory, obs)
    if obs.action == "search_products":
        memory["results"] = [
            {
                **{k: r[k] for k in ("item_id", "product_id", "name", "options", "price")},
                "available": r["available"],
                "canonical_id": r.get("canonical_id"),
            }
            for r in obs.data.get("results", [])
        ]
        memory.pop("product", None)
        memory.pop("focus_item", None)
        dialogue.show(memory, "results")
    elif obs.action == "get_product":
        memory["product"] = {
            "product_id": obs.data["product_id"],
            "name": obs.data["name"],
            "variants": [
                {**v, "product_id": obs.data["product_id"], "name": obs.data["name"]}
                for v in obs.data["variants"].values()
            ],
        }
        dialogue.show(memory, "product")
    elif obs.action == "get_item" and isinstance(obs.data, dict) and "item_id" in obs.data:
        item = {"name": "", "product_id": None, **obs.data}  # 'add that one' after its look-up
        memory["product"] = {"product_id": item["product_id"], "name": "", "variants": [item]}
        memory["focus_item"] = item["item_id"]
        dialogue.show(memory, "product")
    elif obs.action in ("view_cart", "add_to_cart", "remove_from_cart"):
        memory["cart_items"] = obs.data.get("items", [])
        if obs.action == "view_cart":
            dialogue.show(memory, "cart_items")


def _candidates(memory: dict[str, Any]) -> list[dict[str, Any]]:
    product = memory.get("product")
    if memory.get("last_list") == "results" and memory.get("results"):
        return list(memory["results"])
    if product:
        return list(product["variants"])
    return list(memory.get("results", []))


def _pick(pool: list[dict[str, Any]], n: int | None) -> dict[str, Any] | None:
    if n is None or not pool:
        return None
    if n == -1:
        return pool[-1]
    if n in (CHEAPEST, DEAREST):
        shown = pool[:10]
        return (min if n == CHEAPEST else max)(shown, key=lambda v: v.get("price", 0.0))
    return pool[n - 1] if 1 <= n <= len(pool) else None


def _in_name(word: str, item: dict[str, Any]) -> bool:
    name = item["name"].lower()
    return word in name or (word.endswith("s") and word[:-1] in name)


def _matches(variant: dict[str, Any], words: list[str]) -> bool:
    values = " ".join(str(v).lower() for v in variant["options"].values())
    return all(word in values for word in words)


Choice = tuple[dict[str, Any] | None, str, list[dict[str, Any]]]


def _resolve(
    pool: list[dict[str, Any]], n: int | None, words: list[str], focus: str | None
) -> Choice:
    """The one variant meant, or a question and the numbered list it offers to pick from."""
    if not pool:
        return None, 'Which product? Search for one first, e.g. "find a blue t-shirt".', []
    ids = [v for v in pool if v["item_id"] in words]
    if len(ids) == 1:
        return ids[0], "", []
    prices = {float(w.strip("$")) for w in words if re.fullmatch(r"\$?\d+\.\d\d", w)}
    priced = [v for v in pool if v.get("price") in prices]
    if len(priced) == 1:  # 'the one for 47.76': the price the list showed
        return priced[0], "", []
    known = [w for w in words if any(_in_name(w, v) or _matches(v, [w]) for v in pool)]
    words = known or words  # words that fit no item are noise once others fit one
    named = [w for w in words if any(_in_name(w, v) for v in pool)]
    if named and n is None:
        narrowed = [v for v in pool if all(_in_name(w, v) for w in named)]
        pool = narrowed or pool
    if n is not None:
        chosen = _pick(pool, n)
        if chosen:
            return chosen, "", []
        missing = f"There is no number {n} in the list." if n > 0 else "Which one do you mean?"
        return None, missing + _listing(pool), pool[:10]
    described = [w for w in words if w not in named]
    if described:
        matching = [v for v in pool if _matches(v, described)]
        in_stock = [v for v in matching if v.get("available", True)]
        if len(in_stock) == 1:
            return in_stock[0], "", []
        if not matching:
            return None, f"None of them is {' '.join(described)}." + _listing(pool), pool[:10]
        if not in_stock:
            return None, "That one is out of stock." + _listing(pool), pool[:10]
        return None, "Several match:" + _listing(in_stock), in_stock[:10]
    if focus:
        for v in pool:
            if v["item_id"] == focus:
                return v, "", []
    if len(pool) == 1:
        return pool[0], "", []
    same = {v.get("canonical_id") for v in pool}
    if len(same) == 1 and None not in same:  # one product at several marketplaces: the cheaper
        offers = [v for v in pool if v.get("available", True)] or pool
        return min(offers, key=lambda v: v.get("price", 0.0)), "", []
    return None, "Which one do you mean?" + _listing(pool), pool[:10]


def _listing(pool: list[dict[str, Any]]) -> str:
    lines = [replies.variant_line(i, v) for i, v in enumerate(pool[:10], 1)]
    return "\n" + "\n".join(lines) + '\nSay the number, or describe it ("the blue one").'


def _one_line_facts(observation: Observation) -> Observation:
    """The observation with every vendor string on one line, control characters escaped: the
    replies quote names and addresses, and a vendor's newline must not start a line of them."""
    return replace(
        observation,
        data=terminal_value(observation.data, multiline=False),
        error=terminal_value(observation.error, multiline=False),
    )
