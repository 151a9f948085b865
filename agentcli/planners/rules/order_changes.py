"""The rules planner's order changes: read the order (and product), pick items, propose the write.

A change is kept in memory as `order_change` while the reads it needs run in the same turn;
the write it ends in goes through validation, the policy gate and the user's "yes" like any
other. Every item, variant and payment method named comes from the vendor's answers.
"""

from __future__ import annotations

from typing import Any

from agentcli.conversation import Observation
from agentcli.planners.base import PlannerOutput, PlanningContext
from agentcli.planners.rules import dialogue, order_narrowing, order_replies, order_states, replies
from agentcli.planners.rules.change_methods import method_for
from agentcli.planners.rules.order_items import item_picked, with_order
from agentcli.planners.rules.order_swaps import variant_picked, with_product
from agentcli.planners.rules.outputs import ask, do, say
from agentcli.planners.rules.phrases import Intent

Record = dict[str, Any]
KINDS = frozenset(
    {
        "order_return",
        "order_swap",
        "order_any",
        "change_item_pick",
        "order_address",
        "user_address",
        "order_payment",
        "item_lookup",
        "product_types",
        "change_pick",
        "change_address_given",
        "change_which",
        "change_order_given",
    }
)
#: the one question a change named without its order gets, by what kind of change it is
WHICH_ORDER = {
    "order_return": "Which order is it from?",
    "order_swap": "Which order is it from (the item you want to exchange)?",
    "order_any": "Which order should I change?",
}
WHAT_CHANGE = (
    "What should I change in order {order}: the shipping address, the payment method, or an "
    "item (another colour, size or model)? Or should I cancel it?"
)
ADDRESS_HELP = (
    "Please give the new address like this: 12 Oak Street, Apt 3, Austin, TX "
    "78701 (street, apartment if any, city, state and zip)."
)


# -- the first step ---------------------------------------------------------------------------


def start(ctx: PlanningContext, intent: Intent) -> PlannerOutput:
    memory, p = ctx.conversation.memory, intent.params
    if intent.kind == "item_lookup":
        return do({"action": "get_item", "item_id": p["item_id"]}, "customer asks about an item")
    if intent.kind == "product_types":
        return do({"action": "list_product_types"}, "customer asks what the shop sells")
    if ctx.conversation.user is None:
        return ask(replies.SIGN_IN_FIRST, "not signed in")
    if p.get("from_focus") and not p.get("order_id"):  # the answer to "what should I change"
        p = {**p, "order_id": memory.get("focus_order")}
        if p["order_id"] is None:
            return ask("Which order do you mean? Give its id, like #W5918442.", "order unclear")
    if intent.kind == "order_any":
        memory["focus_order"] = p["order_id"]
        memory["awaiting"] = "change_what"
        return ask(WHAT_CHANGE.format(order=p["order_id"]), "what to change is unclear")
    if intent.kind == "change_pick":
        return variant_picked(ctx, p)
    if intent.kind == "change_item_pick":
        return item_picked(ctx, p)
    if intent.kind in ("change_which", "change_order_given"):
        return _which_order(ctx, intent)
    if intent.kind == "change_address_given":
        change = memory.pop("address_change", None)
        if change is None:
            return ask(
                "Which address should I change: your default one, or an order's?",
                "no address change pending",
            )
        return _address_action(change, p["address"])
    if intent.kind in ("order_address", "user_address"):
        change = {"order_id": p.get("order_id")}
        if p["address"] is None:
            memory["awaiting"] = "change_address"
            memory["address_change"] = change
            return ask(ADDRESS_HELP, "new address missing or unclear")
        return _address_action(change, p["address"])
    if intent.kind == "order_payment":
        method = method_for(ctx, p["method"])
        if isinstance(method, PlannerOutput):
            return method
        return do(
            {
                "action": "modify_order_payment",
                "order_id": p["order_id"],
                "payment_method_id": method["id"],
            },
            "customer asks to pay another way",
        )
    memory["order_change"] = {"kind": intent.kind, **p}
    read = memory.get("orders_read", {}).get(p["order_id"])
    if read is not None:  # read this turn to find it by an item: no second read
        return with_order(ctx, memory["order_change"], read)
    return do(
        {"action": "get_order", "order_id": p["order_id"]}, "read the order before changing it"
    )


def _which_order(ctx: PlanningContext, intent: Intent) -> PlannerOutput:
    """A change named without its order: ask which order, then carry on with the answer."""
    memory, p = ctx.conversation.memory, intent.params
    user = ctx.conversation.user or {}
    orders = [o for o in user.get("orders", []) if isinstance(o, str)]
    focus = memory.get("focus_order")
    if intent.kind == "change_which" and p.get("it") and isinstance(focus, str):
        kind = p["kind"]  # 'return the keyboard from it' after its lookup
        return start(ctx, Intent(kind, {**p, "order_id": focus}))
    narrowed = order_narrowing.narrow(ctx, p) if intent.kind == "change_which" else None
    if isinstance(narrowed, PlannerOutput):
        return narrowed  # the states first: the one order the change fits
    if isinstance(narrowed, str):
        return start(ctx, Intent(p["kind"], {**p, "order_id": narrowed}))
    if intent.kind == "change_which" and len(orders) == 1 and p.get("kind"):
        return start(ctx, Intent(p["kind"], {**p, "order_id": orders[0]}))  # the only order
    if intent.kind == "change_which":
        offered = p.get("candidates") or orders  # those holding the item named, when several do
        dialogue.ask_pick(memory, "change_order_id", "order_ids", offered)
        memory["order_pending"] = {k: v for k, v in p.items() if k != "candidates"}
        listed = order_states.listing(memory, offered)
        question = WHICH_ORDER.get(p["kind"], "Which order is it from?")
        return ask(f"{question}{listed}\nSay the number or the id.", "order missing")
    pending = memory.pop("order_pending", None)
    order_id, n = p.get("order_id"), p.get("pick")
    orders = memory.get("order_ids") or orders  # the numbers are those of the list offered
    if order_id is None and n is not None:
        order_id = dialogue.nth(orders, n)
    in_state = order_states.in_state(memory, orders, p.get("state") or "")
    if order_id is None and len(in_state) == 1:  # 'the delivered one' of those offered
        order_id = in_state[0]
    if pending is None or order_id is None:
        return ask("Which order do you mean? Give its id, like #W5918442.", "order unclear")
    kind = pending.pop("kind")
    said = _said_with_order(kind, pending, p)
    return start(ctx, Intent(kind, {**pending, **said, "order_id": order_id}))


def _said_with_order(kind: str, pending: Record, answer: Record) -> Record:
    """What the answer naming the order adds to the change: the items returned and the refund's
    method, when the request left them unsaid ('the water bottle from W…, refund to my card')."""
    added: Record = {}
    unsaid = not pending.get("groups") and not pending.get("all")
    if kind == "order_return" and unsaid and answer.get("groups"):
        added |= {"groups": answer["groups"], "loose": True}  # loose: fitting no item, none named
    if not pending.get("method") and answer.get("method"):
        added["method"] = answer["method"]
    return added


def _address_action(change: Record, address: Record) -> PlannerOutput:
    if change.get("order_id"):
        return do(
            {"action": "modify_order_address", "order_id": change["order_id"], **address},
            "customer gave a new shipping address for the order",
        )
    return do({"action": "modify_user_address", **address}, "customer gave a new default address")


# -- after a read -----------------------------------------------------------------------------


def after(ctx: PlanningContext, obs: Observation) -> PlannerOutput | None:
    """The next step of a pending change, or the reply to one of ours; None: not ours."""
    memory = ctx.conversation.memory
    change = memory.get("order_change")
    if change is not None and _continues(change, obs):
        if not obs.ok:
            memory.pop("order_change", None)
            return None
        if obs.action == "get_order":
            return with_order(ctx, change, obs.data)
        return with_product(ctx, change, obs.data)
    if obs.ok and obs.action in order_replies.REPLIES:
        return say(order_replies.REPLIES[obs.action](obs, memory), f"{obs.action} done")
    return None


def _continues(change: Record, obs: Observation) -> bool:
    """Whether this observation is the read the pending change waits for."""
    if obs.action == "get_order":
        return "item" not in change and obs.arguments.get("order_id") == change["order_id"]
    if obs.action == "get_product":
        item = change.get("item") or {}
        return obs.arguments.get("product_id") == item.get("product_id")
    return False
