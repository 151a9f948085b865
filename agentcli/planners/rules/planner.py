"""The offline `rules` planner: a deterministic intent parser and a small dialogue state machine.

It proposes actions as raw JSON exactly like a model would, so its output goes through the same
validation, policy gate and orchestrator. Every fact it repeats comes from an observation.
"""

from __future__ import annotations

from dataclasses import replace

from agentcli.conversation import Observation
from agentcli.conversation.answers import normalise
from agentcli.planners.base import PlannerOutput, PlanningContext
from agentcli.planners.rules import (
    by_price,
    cart_edits,
    cart_turns,
    checkout_turns,
    dialogue,
    item_answers,
    lookups,
    merchant,
    option_compare,
    order_changes,
    order_finder,
    order_narrowing,
    order_questions,
    order_wishes,
    product_questions,
    replies,
    search_options,
    shop_turns,
    shown_items,
    shown_superlatives,
    spelling,
    unsold,
    wanted_picks,
    wished_features,
    write_guard,
)
from agentcli.planners.rules.intents import parse
from agentcli.planners.rules.marketplace import after as after_marketplace
from agentcli.planners.rules.marketplace import parse as parse_bazaar_order
from agentcli.planners.rules.marketplace import retarget
from agentcli.planners.rules.marketplace import start as start_marketplace
from agentcli.planners.rules.outputs import ask, do, say
from agentcli.planners.rules.phrases import Intent
from agentcli.planners.rules.travel import KINDS as TRAVEL_KINDS
from agentcli.planners.rules.travel import after as after_travel
from agentcli.planners.rules.travel import parse as parse_travel
from agentcli.planners.rules.travel import start as start_travel
from agentcli.safe_text import terminal_value

#: memory that lives only while one turn's reads run
TURN_KEYS = (
    *("guarded", "respell", "respelling", "emptying", "orders_read", "after_sign_in"),
    *("product_question", "cart_edit", "narrowing", "features", "features_lead"),
    "cancel_read",
    "order_asked",
    "then_cart",
    *("option_wish", "options_lead"),
    *("by_price", "by_price_pick", "by_price_lead", "add_found", "compare_sides"),
    "kinds_by_price",
)

#: the cart writes a look at the cart asked in the same line follows
CART_CHANGES = frozenset({"add_to_cart", "remove_from_cart"})


class RulesPlanner:
    name = "rules"
    model: str | None = None

    async def plan(self, ctx: PlanningContext) -> PlannerOutput:
        memory = ctx.conversation.memory
        if ctx.observations:
            last = _one_line_facts(ctx.observations[-1])
            filtered = search_options.after(memory, ctx.user_line, last)
            if isinstance(filtered, PlannerOutput):  # 'boots that are waterproof': filtered
                return filtered
            last = filtered or last
            last = wished_features.narrowed(memory, last)
            last = by_price.sorted_results(memory, last)  # 'the cheapest garden hose' first
            shown_items.remember(memory, last)
            by_price.focus(memory)
            write_guard.forget(memory, last)
            if last.action == "search_products":  # the shop's list is the one shown now
                memory.pop("m_list_current", None)
            again = spelling.after(memory, ctx.user_line, last)
            if isinstance(again, Observation):  # the catalog's words changed nothing
                last, again = again, None
            after = write_guard.after(memory, last) or again or self._after(ctx, last)
            told = spelling.told(memory, write_guard.guard(memory, retarget(after, memory)))
            told = by_price.told(memory, wished_features.told(memory, told))
            return search_options.told(memory, told)
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
        turn = ctx.conversation.turn  # 'the yoga mat' just after 'I'd like to return something'
        intent = (
            item_answers.as_item(ctx.user_line, intent, item_answers.asked(memory, turn)) or intent
        )
        item_answers.remember(memory, intent, turn)
        memory["previous_intent"] = (memory.get("intent") or {}).get("kind")
        memory["intent"] = {"kind": intent.kind, "params": intent.params}
        dialogue.settle(memory, intent.kind)
        output = write_guard.guard(memory, retarget(self._start(ctx, intent), memory))
        output.request = {"user_line": ctx.user_line, "intent": intent.kind}
        return output

    # -- the first step of a turn --------------------------------------------------------------

    def _start(self, ctx: PlanningContext, intent: Intent) -> PlannerOutput:
        memory = ctx.conversation.memory
        wished = order_wishes.as_swap(ctx, intent)  # 'id prefer the headphones in white'
        if wished is not None:
            return self._start(ctx, wished)
        wanted = wanted_picks.as_pick(memory, ctx.user_line, intent)  # 'i want the red one'
        if wanted is not None:
            memory["intent"] = {"kind": wanted.kind, "params": wanted.params}
            return self._start(ctx, wanted)
        bought = checkout_turns.right_after_adding(ctx, intent)  # 'buy it' once it is added
        if bought is not None:
            return bought
        superlative = shown_superlatives.asked(normalise(ctx.user_line))
        if superlative and intent.kind in ("search", "compare", "product_question", "unclear"):
            pool = shown_items.candidates(memory)  # 'which of those has the biggest capacity'
            answered = shown_superlatives.answer(pool, *superlative)
            if answered is not None:
                return answered
        p = intent.params
        if p.get("then_cart"):  # 'add it and show me my cart': read once the change is done
            memory["then_cart"] = True
        if p.get("order_item") and not p.get("order_id") and ctx.conversation.user is not None:
            found = order_finder.find(memory, shop_turns.order_ids(ctx), intent, ctx.user_line)
            return found if isinstance(found, PlannerOutput) else self._start(ctx, found)
        if intent.kind in merchant.KINDS:
            return merchant.start(ctx, intent)
        if intent.kind in lookups.KINDS:
            return lookups.start(ctx, intent)
        if intent.kind in product_questions.KINDS:
            return product_questions.start(ctx, intent)
        if intent.kind in order_changes.KINDS:
            return order_changes.start(ctx, intent)
        if intent.kind in TRAVEL_KINDS:
            return start_travel(ctx, intent)
        if intent.kind == "promo_code":
            return start_marketplace(ctx, intent) or say("Done.", "no code")
        match intent.kind:
            case "empty":
                return ask("I didn't catch that. What would you like to do?", "empty line")
            case "login_email" | "login_name" if p.get("then") is not None:
                memory["after_sign_in"] = p["then"]  # carried out once the customer is found
                return self._start(ctx, replace(intent, params={**p, "then": None}))
            case "login_email":
                return do({"action": "find_user", "email": p["email"]}, "customer gave an email")
            case "login_name":
                return do(
                    {
                        "action": "find_user",
                        "first_name": p["first_name"],
                        "last_name": p["last_name"],
                        "zip": p["zip"],
                    },
                    "customer gave name and zip",
                )
            case "search" if memory.get("cart_items") and lookups.method_alone(ctx.user_line):
                method = lookups.method_alone(ctx.user_line)  # 'paypal please' with a full cart
                return checkout_turns.checkout(ctx, method)
            case "search":
                return cart_turns.search(memory, p)
            case "show":
                item = shown_items.pick(memory.get("results", []), p["ordinal"])
                if p.get("pointed"):  # 'show me that one': the one in view, or the only one
                    item = shown_items.in_view(memory)
                if item is None:
                    return ask(
                        'Which one? Search first, then say "show me the second one".',
                        "no list to pick from",
                    )
                memory["focus_item"] = item["item_id"]
                return do(
                    {"action": "get_product", "product_id": item["product_id"]},
                    f"show result {p['ordinal']}",
                )
            case "add" if lookups.same_again(memory, p.get("words") or []):
                same = lookups.same_again(memory, p.get("words") or [])  # '3 more of the same'
                return cart_edits.add_by_id(memory, {"item_id": same, "quantity": p["quantity"]})
            case "add" if p.get("item_id"):
                return cart_edits.add_by_id(memory, p)
            case "remove" | "set_quantity" | "empty_cart":
                return cart_edits.edit(ctx, intent)
            case "add":
                if p.get("bare") and memory.get("last_list") not in (
                    "results",
                    "product",
                    "choices",
                ):
                    if p.get("search") and p["search"]["query"]:  # 'the blue ones': no list
                        return cart_turns.described_search(memory, p)
                    return ask(replies.UNCLEAR, "a position, but no product list is showing")
                return cart_turns.cart_change(ctx, intent)
            case "view_cart":
                return do({"action": "view_cart"}, "customer asks for the cart")
            case "checkout":
                picked = checkout_turns.picked_method(ctx, p.get("pick"), p.get("last_four"))
                return picked or checkout_turns.checkout(ctx, p.get("method"))
            case "order_status" if p.get("order_id") is None:  # no one order holds the item
                if ctx.conversation.user is None:
                    return ask(
                        "I need to know who you are first: what is your email, or your name "
                        "and zip code?",
                        "not signed in",
                    )
                memory["listing_orders"] = []
                return do({"action": "get_user"}, "list the orders to pick from")
            case "order_status":
                memory["focus_order"] = p["order_id"]
                if p.get("asked"):  # 'how much did I pay for it': answered once it is read
                    memory["order_asked"] = {"asked": p["asked"], "item": p.get("asked_item")}
                if ctx.conversation.user is None:  # the shop shows orders to their owner only
                    return ask(
                        "I need to know who you are first: what is your email, or your name "
                        f"and zip code? Then I can look up order {p['order_id']}.",
                        "not signed in",
                    )
                return do({"action": "get_order", "order_id": p["order_id"]}, "order lookup")
            case "name_only":
                return ask(
                    f"Thanks, {p['first_name']}. To find your account I need your email, or "
                    "your full name and zip code.",
                    "a first name alone finds no account",
                )
            case "order_trouble":
                orders = shop_turns.order_ids(ctx)
                listed = "".join(f"\n{n}. {o}" for n, o in enumerate(orders, 1))
                return ask(
                    "Sorry to hear that. Which order is it, and what is wrong: should I look "
                    f"it up, cancel it, return or exchange something?{listed}",
                    "a problem with an order, not yet said which or what",
                )
            case "cancel" | "cancel_reason" | "cancel_which":
                return shop_turns.cancel(ctx, intent)
            case "my_orders":
                memory["listing_orders"] = p.get("state")  # only those in it, when one is said
                memory["listing_contents"] = bool(p.get("contents"))  # and what each holds
                memory["listing_asked"] = p.get("asked")  # 'was it refunded': answered of one
                return do({"action": "get_user"}, "customer asks for their orders")
            case "compare" if len(p["positions"]) < 2 and p.get("by_price"):
                return shop_turns.compare_by_price(memory, *p["by_price"])
            case "compare" if len(p["positions"]) < 2 and p.get("sides"):
                pool = shown_items.candidates(memory)  # 'the A4 or the A5 notebook'
                return option_compare.compare(memory, p["sides"], pool)
            case "compare":
                return shop_turns.compare(memory, p["positions"], p["words"])
            case "human":
                return do(
                    {
                        "action": "escalate_to_human",
                        "summary": f"Customer asked for a person: {ctx.user_line[:200]}",
                    },
                    "customer asked for a human",
                )
            case "what_kind":
                return ask(replies.WHAT_KIND, "a wish to buy that names no product")
            case "help":
                return say(replies.HELP, "help")
            case "thanks" if p.get("bye"):  # a goodbye asks for nothing more
                return say("Thanks for stopping by. Goodbye!", "goodbye")
            case "thanks":
                return say("You're welcome! Anything else?", "thanks")
            case "hello":
                return say("Hello! " + replies.HELP, "greeting")
            case "stray_yes_no":
                question = unsold.unnamed_write(ctx.user_line)
                if question is not None:  # 'book it' with nothing pending: book what?
                    return ask(question, "a write verb with nothing pending")
                return say(
                    "There is nothing waiting for your confirmation right now.",
                    "yes/no with nothing pending",
                )
        return ask(replies.UNCLEAR, "unclear request")

    # -- after an action ran -------------------------------------------------------------------

    def _after(self, ctx: PlanningContext, obs: Observation) -> PlannerOutput:
        memory = ctx.conversation.memory
        if obs.ok and obs.action in CART_CHANGES and memory.pop("then_cart", None):
            return do({"action": "view_cart"}, "customer asked to see the cart after the change")
        found = order_finder.after(memory, obs, ctx.observations)  # an order named by an item
        if found is not None:
            return found if isinstance(found, PlannerOutput) else self._start(ctx, found)
        ours = (
            product_questions.after(ctx, obs)
            or cart_turns.after(ctx, obs)
            or option_compare.after(memory, obs)
            or lookups.after(ctx, obs)
            or merchant.after(ctx, obs)
            or shop_turns.after(ctx, obs)
            or cart_edits.after(ctx, obs)
        )
        if ours is not None:
            return ours
        mine = after_marketplace(ctx, obs) or after_travel(ctx, obs)
        if mine is not None:
            return mine
        narrowed = order_narrowing.after(ctx, obs)
        if isinstance(narrowed, PlannerOutput):
            return narrowed
        if narrowed is not None:
            return order_changes.start(ctx, Intent("change_which", narrowed))
        followed = order_changes.after(ctx, obs)
        if followed is not None:
            return followed
        if not obs.ok:
            return say(replies.failure_reply(obs), f"{obs.action} failed")
        match obs.action:
            case "find_user" if memory.get("after_sign_in") is not None:
                return self._start(ctx, memory.pop("after_sign_in"))
            case "find_user":
                return say(replies.user_reply(obs.data), "signed in")
            case "get_user":
                return say(replies.orders_reply(obs.data), "listed orders")
            case "search_products":
                return say(replies.search_reply(obs), "search results")
            case "get_product":
                return say(
                    replies.product_reply(obs.data, memory.get("focus_item")), "product details"
                )
            case "view_cart":
                return say(replies.cart_reply(obs.data), "cart")
            case "add_to_cart":
                return say(replies.cart_reply(obs.data, "Added. "), "added to cart")
            case "remove_from_cart":
                return say(replies.cart_reply(obs.data, "Removed. "), "removed from cart")
            case "get_order" if memory.get("order_asked"):
                methods = (ctx.conversation.user or {}).get("payment_methods") or {}
                asked = memory.pop("order_asked")
                told = order_questions.answer(obs.data, asked, methods)
                return say(f"{told} {replies.order_reply(obs.data)}", "order question answered")
            case "get_order":
                return say(replies.order_reply(obs.data), "order details")
            case "place_order":
                return say(replies.order_placed_reply(obs), "order placed")
            case "cancel_order":
                return say(replies.cancelled_reply(obs), "order cancelled")
        return say("Done.", f"{obs.action} finished")


def _one_line_facts(observation: Observation) -> Observation:
    """The observation with every vendor string on one line, control characters escaped: the
    replies quote names and addresses, and a vendor's newline must not start a line of them."""
    return replace(
        observation,
        data=terminal_value(observation.data, multiline=False),
        error=terminal_value(observation.error, multiline=False),
    )
