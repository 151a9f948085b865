"""Option words said in a search become the search's option filter: "hiking boots that are
waterproof" is searched again as {query: hiking boots, options: {waterproof: yes}}, "a silver
laptop with 16GB" as {query: laptop, options: {color: silver, ram: 16GB}}.

The first search reads the offers by the customer's words; their options say which names and
values the shop writes for that kind of product, and the words that name one of them are
searched again as options, so the list the customer sees (and picks "the first one" from) is
the filtered one. Words that name no option stay in the query; a wish no offer has leaves the
first search's answer as it was.
"""

from __future__ import annotations

import re
from typing import Any

from agentcli.conversation import Observation
from agentcli.conversation.answers import normalise
from agentcli.planners.base import PlannerOutput
from agentcli.planners.rules import spelling
from agentcli.planners.rules.option_words import MEASURE, catalogue, named_options, tokens
from agentcli.planners.rules.outputs import do, led
from agentcli.planners.rules.prices import price_range
from agentcli.planners.rules.search_words import STOP_WORDS

Memory = dict[str, Any]

#: how many offers are read when the first ones lack a value said
READ = 50
#: what a search again keeps of the first one's arguments
KEPT = ("min_price", "max_price", "limit", "available_only", "marketplaces")


def remember(memory: Memory, query: str | None) -> None:
    """A search the customer asked for: its answer is read for option words, among the words
    searched first (a search again in the catalog's words may leave some out)."""
    memory["option_wish"] = {"words": query or ""}


def after(memory: Memory, line: str, obs: Observation) -> PlannerOutput | None:
    """The search again with the options the line names, or None: not a search asked for, a
    search that found nothing yet (tried again in the catalog's words first), or no option
    named."""
    if not memory.get("option_wish") or obs.action != "search_products" or not obs.ok:
        return None
    if "price_probe" in memory:
        return None  # a wider read for the cheapest
    query = obs.arguments.get("query")
    results = [r for r in (obs.data or {}).get("results") or [] if isinstance(r, dict)]
    if not results or not isinstance(query, str) or obs.arguments.get("options"):
        return None
    wish = memory["option_wish"]
    searched = set(tokens(query))
    named = [r for r in results if searched & set(tokens(str(r.get("name", ""))))]
    shop = [r for r in named if r.get("marketplace", "shop") == "shop"] or named
    if not shop:
        return None
    said = tokens(price_range(normalise(line))[2])
    allowed = set(tokens(f"{query} {wish['words']}".replace("~", " ")))
    product = {t for r in shop for t in tokens(str(r.get("name", "")))}
    options, used = named_options(said, allowed, catalogue(shop), product)
    if not options or not any(_has(r, options) for r in shop):
        left = allowed - product - used - STOP_WORDS
        return _read_more(memory, obs, len(results)) if options or left else None
    memory.pop("option_wish")
    used |= {t for value in options.values() for t in tokens(value)}
    glued = MEASURE.sub(lambda m: re.sub(r"[\s-]", "", m.group(0)), query)  # '10 inch'
    kept = [w for w in glued.split() if not set(tokens(w)) <= used] or [query]
    action: dict[str, Any] = {"action": "search_products", "query": " ".join(kept)}
    action.update({k: obs.arguments[k] for k in KEPT if obs.arguments.get(k) is not None})
    action["options"] = options
    wanted = ", ".join(f"{name}: {value}" for name, value in options.items())
    memory["options_lead"] = f"(Only those with {wanted}.)"
    memory.setdefault("search", {})["query"] = action["query"]
    spelling.unsaid(memory, used)
    return do(action, "search again with the options the customer named")


def _read_more(memory: Memory, obs: Observation, read: int) -> PlannerOutput | None:
    """The same search reading more offers, once, when the ones read lack a value said (the
    first ten laptops may hold no 32GB one): the options are read from those."""
    total = (obs.data or {}).get("total")
    if memory["option_wish"].get("wide") or not isinstance(total, int) or total <= read:
        return None
    memory["option_wish"]["wide"] = True
    action = {k: v for k, v in obs.arguments.items() if k in ("query", *KEPT) and v is not None}
    return do({**action, "action": "search_products", "limit": READ}, "read more offers")


def _has(offer: dict[str, Any], options: dict[str, str]) -> bool:
    mine = {str(k).lower(): str(v).lower() for k, v in (offer.get("options") or {}).items()}
    return all(mine.get(name.lower()) == value.lower() for name, value in options.items())


def told(memory: Memory, output: PlannerOutput) -> PlannerOutput:
    """The reply to the filtered search says first which options it kept to."""
    return led(memory, "options_lead", output)
