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


def remember(memory: Memory, query: str | None, features: list[str]) -> None:
    """A search the customer asked for: its answer is read for option words, among the words
    searched first (a search again in the catalog's words may leave some out) and its wish."""
    memory["option_wish"] = {"words": query or "", "wish": " ".join(features)}


def after(memory: Memory, line: str, obs: Observation) -> PlannerOutput | Observation | None:
    """The search again with the options the line names; the first search's answer (as an
    observation to answer as usual) when the options read find none in stock; None: not a
    search asked for, a search that found nothing yet (tried again in the catalog's words
    first), or no option named."""
    wish = memory.get("option_wish")
    if not wish or obs.action != "search_products" or not obs.ok or "price_probe" in memory:
        return None  # not ours, or a wider read for the cheapest
    query = obs.arguments.get("query")
    results = [r for r in (obs.data or {}).get("results") or [] if isinstance(r, dict)]
    if obs.arguments.get("options"):  # the filtered search's answer
        return None if results and memory.pop("option_wish") else _none_in_stock(memory)
    if not results or not isinstance(query, str):
        return None
    searched = set(tokens(query))
    named = [r for r in results if searched & set(tokens(str(r.get("name", ""))))]
    shop = [r for r in named if r.get("marketplace", "shop") == "shop"]
    pool = shop or named  # the shop's own words first, else the bazaar's
    if not pool:
        return _first(memory)
    said = tokens(price_range(normalise(line))[2])
    searched = set(tokens(f"{query} {wish['words']}"))
    plain = {t for w in STOP_WORDS for t in tokens(w)}  # 'battery', left out of the query
    allowed = _joined(tokens(f"{query} {wish['words']} {wish['wish']}".replace("~", " ")))
    allowed |= set(said) & plain
    product = {t for r in pool for t in tokens(str(r.get("name", "")))}
    options, used = named_options(said, allowed, catalogue(pool), product)
    found = bool(options) and any(_has(r, options) for r in pool)
    if found and (shop or wish.get("first")):
        return _searched_again(memory, obs, options, used)
    if options or searched - product - used - STOP_WORDS:  # a value said that none read has
        return _read_more(memory, obs)
    return _first(memory)


def _joined(words: list[str]) -> set[str]:
    """The words, and each two or three of them written as one ('wi fi' as 'wifi')."""
    return {"".join(words[n : n + k]) for k in (1, 2, 3) for n in range(len(words) - k + 1)}


def _searched_again(
    memory: Memory, obs: Observation, options: dict[str, str], used: set[str]
) -> PlannerOutput:
    """The first search again with the options, without the words they hold."""
    wish, query = memory["option_wish"], str(obs.arguments["query"])
    first = wish.get("first") or {"arguments": obs.arguments}
    used |= {t for value in options.values() for t in tokens(value)}
    glued = MEASURE.sub(lambda m: re.sub(r"[\s-]", "", m.group(0)), query)  # '10 inch'
    kept = [w for w in glued.split() if not set(tokens(w)) <= used] or [query]
    action: dict[str, Any] = {"action": "search_products", "query": " ".join(kept)}
    action.update({k: v for k, v in first["arguments"].items() if k in KEPT and v is not None})
    action["options"] = options
    wanted = ", ".join(f"{name}: {value}" for name, value in options.items())
    memory["options_lead"] = f"(Only those with {wanted}.)"
    wish["wanted"] = wanted
    memory.setdefault("search", {})["query"] = action["query"]
    spelling.unsaid(memory, used)
    return do(action, "search again with the options the customer named")


def _read_more(memory: Memory, obs: Observation) -> PlannerOutput | Observation | None:
    """The same search over every offer, in stock or not, once, when the ones read lack a
    value said (the first ten laptops may hold no 32GB one, or none in stock does): the
    options are read from those, and the first answer is kept to show if none is in stock."""
    wish = memory["option_wish"]
    if wish.get("first"):
        return _first(memory)
    wish["first"] = {"arguments": dict(obs.arguments), "data": obs.data}
    action = {k: v for k, v in obs.arguments.items() if k in ("query", *KEPT) and v is not None}
    action.update({"action": "search_products", "limit": READ, "available_only": False})
    return do(action, "read every offer for the options said")


def _first(memory: Memory) -> Observation | None:
    """The first search's answer, answered as usual, when a wider read named no option."""
    first = memory.pop("option_wish", {}).get("first")
    if first is None:
        return None
    return Observation("search_products", first["arguments"], True, first["data"], None)


def _none_in_stock(memory: Memory) -> Observation | None:
    """A filtered search that found nothing in stock: the first answer, said to lack them."""
    wanted = memory["option_wish"].get("wanted")
    memory.pop("options_lead", None)
    first = _first(memory)
    if first is None or not wanted:
        return None
    memory["options_lead"] = f"(None in stock has {wanted}; here is what there is.)"
    return first


def _has(offer: dict[str, Any], options: dict[str, str]) -> bool:
    mine = {str(k).lower(): str(v).lower() for k, v in (offer.get("options") or {}).items()}
    return all(mine.get(name.lower()) == value.lower() for name, value in options.items())


def told(memory: Memory, output: PlannerOutput) -> PlannerOutput:
    """The reply to the filtered search says first which options it kept to."""
    return led(memory, "options_lead", output)
