"""A product named with what it must do or have: "a desk lamp that runs off USB", "an
e-reader, wifi only", "a kettle I can use on an induction hob", "a travel adapter for Europe".

The product's name is searched; the words of the wish are read against the names and option
values of what the search found, and only the offers that have them are shown. A wish no offer
lists is said so and everything found is shown: the shop's own options decide, never a list.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from agentcli.conversation import Observation
from agentcli.planners.base import PlannerOutput
from agentcli.planners.rules.outputs import led
from agentcli.planners.rules.prices import price_range
from agentcli.planners.rules.search_words import query_words, wanted_search

Memory = dict[str, Any]

#: where the wish begins: a relative clause ('… that runs off USB') or a clause of its own
#: ('… I can use on an induction hob'); an afterthought ('…, woody') is searched as said
WISH = re.compile(
    r"\s(?P<fit>(?:that\s+|which\s+)?(?:is\s+|are\s+)?(?:compatible|works?|goes|pairs?)\s+with|"
    r"suitable\s+for|designed\s+for|made\s+for|meant\s+for)\s+|"
    r"\s(?:that|which)\s+(?!(?:one|ones|is it|i (?:saw|bought|ordered|got)|is|are|"
    r"(?:has|have|had)(?! room)|comes? with|got|includes?|features?|contains?)\b)|"
    r"\s(?:i|we|you|she|he|they)\s+(?:can|could|will|might|may|'ll)\s+"
    r"(?!(?:like|love|prefer|need|want|be|see|have|get|find|buy|order|afford)\b)"
)
#: a purpose named by a place, capitalised as places are: '… for Europe', '… for Japan'
FOR_PLACE = re.compile(r"\sfor\s+([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\s*[.!?]*$")
#: '…, wifi only': the value itself, not one that merely has it ('Wi-Fi + Cellular')
ONLY = re.compile(r",\s*(?P<value>[a-z0-9-]+(?:\s+[a-z0-9-]+)?)\s+only\s*[.!?]*$")
#: a word that is a value as the shop writes one: a measure or a code ('4k', '750ml', 'usb-c')
MEASURE = re.compile(r"(?=.*\d)[a-z0-9.-]+")
#: words every shop writes as an option's value, searched wherever they are said
VALUES = frozenset(
    """
    black white red blue green silver grey gray gold pink purple yellow brown beige navy orange
    xs xl xxl small medium large
    """.split()
)
#: a thing described rather than named: its clause is what names it
DESCRIBED = re.compile(
    r"\b(?:thing|something|anything|stuff|one)\b|"
    r"\b(?:a|an|some|any)\s+(?:(?:little|small|smart|good|clever|cheap|handy|robot)\s+)?"
    r"(?:gadget|device|machine|appliance|gizmo|contraption|thingy)s?\b"
)
#: what people call an option's value, by the value the shop writes
SAID_AS = {"europe": "eu", "european": "eu", "britain": "uk", "british": "uk", "england": "uk"}
#: spellings of a value that the shop writes otherwise, searched as the shop writes them
SPELT = {"wifi": "wi-fi"}
#: how many offers are read to pick the wished ones from
READ = 50
SHOWN = 10


def split(rest: str, raw: str) -> tuple[str, list[str]]:
    """The search line without the words of its wish that no option may hold, and those words
    ([] when none): the first is searched, the others pick from what it finds. `raw` keeps a
    place's capitals."""
    only = ONLY.search(rest)
    if only:  # 'an e-reader, wifi only'
        value = " ".join(SPELT.get(w, w) for w in only["value"].split())
        return f"{rest[: only.start()]} {value}", [*value.split(), "only"]
    place = FOR_PLACE.search(raw.strip())
    at = re.search(rf"\sfor\s+{re.escape(place.group(1).lower())}\b", rest) if place else None
    wish = at or WISH.search(rest)
    if wish is None or wish.start() == 0:
        return rest, []
    product, wished = rest[: wish.start()], rest[wish.start() if at else wish.end() :]
    if (
        not query_words(product)
        or re.search(r"[.!?]", product)
        or DESCRIBED.search(product)
        or re.search(r"\b(?:or|and|but|not|no)\b", wished)
    ):
        return rest, []
    words = query_words(wished)  # its prices are read already: a number left is a measure
    measures = [w for w in words if MEASURE.fullmatch(w) or w in VALUES]
    others = [w for w in words if w not in measures]
    if not others:
        return rest, []
    verb = re.match(r"\s*([a-z'-]+)", rest[wish.end() :])
    if verb and not at and not wish["fit"] and verb.group(1) == others[0]:
        others[0] = "~" + others[0]  # 'runs', 'fits': matched as a stem, never said missing
    return " ".join([product, *measures]), others


def wanted(text: str) -> dict[str, Any] | None:
    """The search a buying line names ('I want a desk lamp that runs off USB'), its wish kept
    apart as for any search; its prices are read from the whole line."""
    product, features = split(text, text)
    search = wanted_search(product if features else text)
    if search is None or not features:
        return search
    lo, hi, _ = price_range(text)
    return {**search, "min_price": lo, "max_price": hi, "features": features}


def remember(memory: Memory, features: list[str]) -> dict[str, Any]:
    """Keep the wish for the search's answer; the search reads enough offers to pick from."""
    if not features:
        memory.pop("features", None)
        return {}
    memory["features"] = features
    return {"limit": READ}


def _singular(word: str) -> str:
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def _words(offer: dict[str, Any]) -> tuple[set[str], set[str]]:
    """The words of an offer's name and option values, and its values whole."""
    values = [str(v).lower() for v in (offer.get("options") or {}).values()]
    words: set[str] = set()
    for text in [str(offer.get("name", "")).lower(), *values]:
        for chunk in text.split():
            words.add(_singular(chunk))
            words.add(re.sub(r"[^0-9a-z]", "", chunk))
            words.update(_singular(p) for p in re.split(r"[^0-9a-z]+", chunk) if p)
    return words, {re.sub(r"[^0-9a-z]", "", v) for v in values}


def _fits(word: str, words: set[str]) -> bool:
    """The word or its stem ('grinds' → 'grinder', 'wifi' → 'Wi-Fi') is among the words."""
    said = SAID_AS.get(word, _singular(re.sub(r"[^0-9a-z]", "", word)))
    if said in words:
        return True
    return len(said) >= 4 and any(
        len(w) >= 4 and abs(len(w) - len(said)) <= 3 and (w.startswith(said) or said.startswith(w))
        for w in words
    )


def narrowed(memory: Memory, obs: Observation) -> Observation:
    """The search's offers that have the wished features, or all of them with a note saying
    none does; any other observation as it is."""
    features = memory.get("features")
    if obs.action != "search_products" or not obs.ok or not features:
        return obs
    memory.pop("features")
    results = list(obs.data.get("results") or [])
    if not results:
        return obs
    exact = features[-1] == "only"
    wished = [w.lstrip("~") for w in features if w != "only"]
    said = [w for w in features if w != "only" and not w.startswith("~")]
    read = [_words(r) for r in results]
    known = [w for w in wished if any(_fits(w, words) for words, _ in read)]
    if not known:
        if said:
            memory["features_lead"] = f'(None of them lists "{" ".join(said)}".)'
        return _shown(obs, results)
    kept = [
        r
        for r, (words, values) in zip(results, read, strict=True)
        if all(_fits(w, words) for w in known)
        and not (exact and not any(re.sub(r"[^0-9a-z]", "", w) in values for w in known))
    ]
    if not kept:
        memory["features_lead"] = f'(None of them has "{" ".join(known)}" too.)'
        return _shown(obs, results)
    return _shown(obs, kept)


def _shown(obs: Observation, results: list[dict[str, Any]]) -> Observation:
    """The observation holding these offers: the first ten, counted by marketplace."""
    counts: dict[str, int] = {}
    for r in results:
        market = str(r.get("marketplace") or "shop")
        counts[market] = counts.get(market, 0) + 1
    data = {**obs.data, "results": results[:SHOWN], "total": len(results)}
    if "by_marketplace" in obs.data:
        data["by_marketplace"] = counts
    return replace(obs, data=data)


def told(memory: Memory, output: PlannerOutput) -> PlannerOutput:
    """The reply to the search says first that no offer has the wish, when none has."""
    return led(memory, "features_lead", output)
