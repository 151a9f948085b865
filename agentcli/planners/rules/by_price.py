"""A search for the cheapest or the dearest of a kind: "I want the cheapest garden hose",
"what's your most expensive laptop".

The search reads enough offers to find it, shows them by price with the one asked for first,
says which it is, and keeps it in view, so "add it" next adds that one and no other.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from agentcli.conversation import Observation
from agentcli.conversation.wording import describe_options, money
from agentcli.planners.base import PlannerOutput
from agentcli.planners.rules.outputs import led

Memory = dict[str, Any]

CHEAPEST = re.compile(
    r"\b(?:cheapest|least expensive|lowest[- ]priced|most affordable|lowest price)\b"
)
DEAREST = re.compile(
    r"\b(?:most expensive|priciest|dearest|highest[- ]priced|top of the range|fanciest)\b"
)
#: how many offers are read to find the cheapest or dearest, and how many are shown
READ = 50
SHOWN = 10


def asked(text: str) -> str | None:
    """'cheapest' or 'dearest' when the line asks for one of a kind by its price."""
    if CHEAPEST.search(text):
        return "cheapest"
    if DEAREST.search(text):
        return "dearest"
    return None


def remember(memory: Memory, wanted: str | None) -> dict[str, Any]:
    """Keep which end of the prices the search is for; it reads enough offers to find it."""
    if wanted is None:
        memory.pop("by_price", None)
        return {}
    memory["by_price"] = wanted
    return {"limit": READ}


def sorted_results(memory: Memory, obs: Observation) -> Observation:
    """The search's offers by price, the one asked for first; any other observation as it is."""
    wanted = memory.get("by_price")
    if obs.action != "search_products" or not obs.ok or wanted is None:
        return obs
    memory.pop("by_price")
    results = list(obs.data.get("results") or [])
    if not results:
        return obs
    dearest = wanted == "dearest"
    results.sort(
        key=lambda r: (not r.get("available", True), -r["price"] if dearest else r["price"])
    )
    top = results[0]
    memory["by_price_pick"] = top.get("item_id")
    options = f" ({describe_options(top['options'])})" if top.get("options") else ""
    memory["by_price_lead"] = (
        f"The {'most expensive' if dearest else 'cheapest'} is {top['name']}{options} at "
        f'{money(top["price"])}; say "add it" to put it in your cart.'
    )
    return replace(obs, data={**obs.data, "results": results[:SHOWN]})


def focus(memory: Memory) -> None:
    """The offer asked for stays in view: 'add it' means it."""
    picked = memory.pop("by_price_pick", None)
    if picked is not None:
        memory["focus_item"] = picked


def told(memory: Memory, output: PlannerOutput) -> PlannerOutput:
    """The reply to the search says first which offer is the cheapest (or dearest)."""
    return led(memory, "by_price_lead", output)
