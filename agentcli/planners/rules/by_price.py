"""A search for the cheapest or the dearest of a kind: "I want the cheapest garden hose",
"what's your most expensive laptop"; or for both ends at once, set side by side: "compare your
cheapest and your most expensive espresso machine".

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


#: the two ends asked together without naming each: 'the price range of your kettles'
BOTH_ENDS = re.compile(
    r"\b(?:what(?:'?s| is| are) (?:the|your) (?:price )?range of prices|"
    r"(?:what(?:'?s| is)|show me|tell me) (?:the|your) price range (?:of|for|on)|"
    r"from (?:the )?cheapest to (?:the )?(?:most expensive|priciest|dearest)|"
    r"(?:top|high) and (?:bottom|low) end|(?:bottom|low) and (?:top|high) end|"
    r"(?:range|vary) in price|prices? (?:range|go) (?:from|between)|"
    r"(?:your|the) \w+(?: \w+)? price range\b(?! (?:of|for) (?:my|our|me|us))|"
    r"(?:lowest|cheapest) and (?:the )?(?:highest|most expensive|priciest)|"
    r"(?:highest|most expensive|priciest) and (?:the )?(?:lowest|cheapest))\b"
)
#: words that only ask for the two ends set side by side, never part of what is searched
SIDE_BY_SIDE = re.compile(
    r"\b(?:compare|comparison|side by side|against each other|versus|vs|difference between|"
    r"price range|range of prices|range in price|vary in price|range|prices?|priced|top|bottom|"
    r"high|low|highest|lowest|end|ends|cheapest|least expensive|"
    r"most expensive|priciest|dearest|most affordable|lowest[- ]priced|highest[- ]priced|"
    r"and|the|your|one|ones|for me|please|pls|me|of)\b"
)


def asked(text: str) -> str | None:
    """'cheapest' or 'dearest' when the line asks for one of a kind by its price; 'both'
    when it asks for the two ends together."""
    if (CHEAPEST.search(text) and DEAREST.search(text)) or BOTH_ENDS.search(text):
        return "both"
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
    if wanted == "both":
        return _both_ends(memory, obs, results)
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


def _both_ends(memory: Memory, obs: Observation, results: list[dict[str, Any]]) -> Observation:
    """The cheapest and the dearest offer shown first and second, set side by side."""
    results.sort(key=lambda r: (not r.get("available", True), r["price"]))
    sold = [r for r in results if r.get("available", True)] or results
    low, high = sold[0], max(sold, key=lambda r: r["price"])
    if low is high:
        memory["by_price_lead"] = f"There is one price only: {_offer(low)}."
        return replace(obs, data={**obs.data, "results": results[:SHOWN]})
    rest = [r for r in results if r is not low and r is not high]
    memory["by_price_lead"] = (
        f"The cheapest is {_offer(low)}; the most expensive is {_offer(high)}, "
        f"{money(high['price'] - low['price'])} more. Both are shown first, then the rest by "
        'price; say "add the first" or "add the second".'
    )
    return replace(obs, data={**obs.data, "results": [low, high, *rest][:SHOWN]})


def _offer(result: dict[str, Any]) -> str:
    options = f" ({describe_options(result['options'])})" if result.get("options") else ""
    return f"{result['name']}{options} at {money(result['price'])}"


def unpriced(text: str) -> str:
    """The line without the words that ask for both ends side by side: what is searched."""
    return " ".join(SIDE_BY_SIDE.sub(" ", text).split())


def focus(memory: Memory) -> None:
    """The offer asked for stays in view: 'add it' means it."""
    picked = memory.pop("by_price_pick", None)
    if picked is not None:
        memory["focus_item"] = picked


def told(memory: Memory, output: PlannerOutput) -> PlannerOutput:
    """The reply to the search says first which offer is the cheapest (or dearest)."""
    return led(memory, "by_price_lead", output)
