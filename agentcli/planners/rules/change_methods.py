"""The customer's payment method an order change names, or the question that asks for it."""

from __future__ import annotations

from typing import Any

from agentcli.conversation.wording import describe_method
from agentcli.planners.base import PlannerOutput, PlanningContext
from agentcli.planners.rules.outputs import ask

Record = dict[str, Any]


def matching_methods(methods: list[Record], hint: Record | None) -> list[Record]:
    """The methods a hint names (its source and every detail it gives); all of them without one."""
    return [
        m
        for m in methods
        if hint is None
        or (
            m["source"] == hint["source"]
            and all(m.get(k) == v for k, v in hint.items() if k != "source")
        )
    ]


def method_for(
    ctx: PlanningContext, hint: Record | None, default_id: str | None = None
) -> Record | PlannerOutput:
    """The customer's payment method the hint names (or `default_id`), or a question."""
    user = ctx.conversation.user or {}
    methods = list(user.get("payment_methods", {}).values())
    if hint is None and default_id is not None:
        chosen = user.get("payment_methods", {}).get(default_id)
        return chosen or {"id": default_id, "source": "unknown"}
    if hint is None:
        listed = "; ".join(describe_method(m) for m in methods)
        return ask(
            f'Which payment method should it be: {listed}? Say for example "pay order '
            '#W… with my gift card".',
            "no payment method named",
        )
    matching = matching_methods(methods, hint)
    if len(matching) == 1:
        return matching[0]
    listed = "; ".join(describe_method(m) for m in (matching or methods))
    if not matching:
        return ask(
            f"You don't have that kind of payment method. You have: {listed}. Which "
            "one should I use?",
            "no matching payment method",
        )
    return ask(f"Which payment method: {listed}?", "several payment methods match")
