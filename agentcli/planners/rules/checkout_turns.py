"""The rules planner's checkout: the payment method named or picked, else a question."""

from __future__ import annotations

from agentcli.conversation.wording import describe_method
from agentcli.planners.base import PlannerOutput, PlanningContext
from agentcli.planners.rules.change_methods import matching_methods
from agentcli.planners.rules.outputs import ask, do


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
