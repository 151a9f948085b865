"""The rules planner's checkout: the payment method named or picked, else a question."""

from __future__ import annotations

import re

from agentcli.conversation.answers import is_no, normalise
from agentcli.conversation.wording import describe_method
from agentcli.planners.base import PlannerOutput, PlanningContext
from agentcli.planners.rules.change_methods import matching_methods
from agentcli.planners.rules.outputs import ask, do
from agentcli.planners.rules.phrases import Intent, payment_hint

#: a go-ahead with nothing pending: 'proceed', 'go ahead', 'place it'
GO_AHEAD = re.compile(
    r"\b(?:proceed|go ahead|place (?:it|them|that)|do it|let'?s do (?:it|this)|carry on|"
    r"continue|finish (?:up|it))\b"
)
#: buying what is already in the cart: 'buy it', 'ok order them now'
BUY_IT = re.compile(
    r"^(?:(?:ok|okay|great|so|then|now|perfect|right|alright|cool|sweet|yeah|yep|lovely|nice)"
    r"[,!.]?\s+)*(?:(?:[a-z']+ ){0,3}[a-z']+[,!.]\s+)?(?:i'?ll |i want to |let'?s |please )?"
    r"(?:buy|purchase|order|pay for|(?<=let's )get|(?<=lets )get) (?:it|that|this|them|those|"
    r"this one|that one)"
    r"(?:\s+(?:now|then|please|pls|thanks|cheers))*[!.]*$"
)


def right_after_adding(ctx: PlanningContext, intent: Intent) -> PlannerOutput | None:
    """A go-ahead or 'buy it' right after an item went into the cart asks for its checkout
    (which still states the order and waits for a yes), never a second one of the item."""
    if ctx.conversation.memory.get("previous_intent") != "add":
        return None
    line = normalise(ctx.user_line)
    go_ahead = intent.kind == "stray_yes_no" and GO_AHEAD.search(line) and not is_no(line)
    bought = intent.kind in ("add", "unclear", "search") and BUY_IT.match(line)
    if go_ahead or bought:  # 'ok let's buy it' may read as nothing else
        return checkout(ctx, payment_hint(line))
    return None


def picked_method(
    ctx: PlanningContext, pick: int | None, last_four: str | None
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
    return do(
        {"action": "place_order", "payment_method_id": picked[0]["id"]},
        f"check out with {picked[0]['id']}",
    )


def checkout(ctx: PlanningContext, hint: dict[str, str] | None) -> PlannerOutput:
    conv = ctx.conversation
    if conv.user is None:
        return ask(
            "Before checking out I need to know who you are: what is your email?",
            "not signed in",
        )
    methods = list(conv.user.get("payment_methods", {}).values())
    matching = matching_methods(methods, hint)
    if len(matching) == 1:
        return do(
            {"action": "place_order", "payment_method_id": matching[0]["id"]},
            f"check out with {matching[0]['id']}",
        )
    listing = matching or methods
    conv.memory["awaiting"] = "payment_method"
    conv.memory["method_choices"] = [m["id"] for m in listing]
    listed = "; ".join(f"{n}. {describe_method(m)}" for n, m in enumerate(listing, 1))
    if not matching:
        return ask(
            f"You don't have that kind of payment method. You have: {listed}. "
            "Which one should I use?",
            "no matching payment method",
        )
    return ask(f"Which payment method should I use: {listed}?", "several payment methods")
