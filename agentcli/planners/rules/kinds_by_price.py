"""Two kinds of product weighed by price: "which is cheaper here, an e-reader or a tablet?",
"is a laptop dearer than a tablet?".

The shop's search matches every word it is given, so one search for both kinds finds
neither. A clerk looks each kind up in turn and answers with the cheapest offer in stock of
each, and which kind costs less, by how much.
"""

from __future__ import annotations

from typing import Any

from agentcli.conversation import Observation
from agentcli.planners.base import PlannerOutput
from agentcli.planners.rules.outputs import do, say
from agentcli.planners.rules.replies import cheaper_of_two, variant_line

Memory = dict[str, Any]
#: the turn's memory of the kinds still to look up and the cheapest offer found of each
KEY = "kinds_by_price"


def start(memory: Memory, heads: list[str]) -> PlannerOutput:
    """Look up the first kind; the other follows once its offers are read."""
    memory[KEY] = {"heads": list(heads), "cheapest": {}}
    return _search(heads[0])


def after(memory: Memory, obs: Observation) -> PlannerOutput | None:
    """The next kind's search, or the answer once both are read; None: not ours."""
    pending = memory.get(KEY)
    if pending is None or obs.action != "search_products":
        return None
    heads: list[str] = pending["heads"]
    looked = [h for h in heads if h in pending["cheapest"]]
    head = heads[len(looked)]
    offers = [r for r in (obs.data or {}).get("results") or [] if r.get("available", True)]
    pending["cheapest"][head] = min(offers, key=lambda r: r["price"]) if obs.ok and offers else None
    if len(pending["cheapest"]) < len(heads):
        return _search(heads[len(pending["cheapest"])])
    memory.pop(KEY)
    return say(_answer(heads, pending["cheapest"]), "two kinds weighed by their cheapest offers")


def _search(head: str) -> PlannerOutput:
    return do(
        {"action": "search_products", "query": head, "limit": 50},
        f"find the cheapest {head} to compare",
    )


def _answer(heads: list[str], cheapest: dict[str, dict[str, Any] | None]) -> str:
    missing = [h for h in heads if cheapest.get(h) is None]
    lines = [
        f"The cheapest {h} in stock: {variant_line(None, offer)}"
        for h in heads
        if (offer := cheapest.get(h)) is not None
    ]
    if missing:
        lines.append(f"I found no {' or '.join(missing)} in stock to compare.")
        return "\n".join(lines)
    first, second = (cheapest[h] or {} for h in heads)
    names = (f"the {heads[0]}", f"the {heads[1]}")
    lines.append(cheaper_of_two(first["price"], second["price"], names))
    return "\n".join(lines)
