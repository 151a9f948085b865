"""Product words read against the shop's own vocabulary when a search finds nothing.

A misspelt word ("labtop", "smartfone", "hedphones") is corrected to the nearest word of the
catalog's product names (edit distance, a slipped key counting less); a product described by
its use ("something for my dog to sleep on") is searched by the catalog words its use names;
a feature the catalog does not list ("noise cancelling headphones") is dropped and said so.
The vocabulary is the shop's list of product types, read once per conversation.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from agentcli.conversation import Observation
from agentcli.planners.base import PlannerOutput
from agentcli.planners.rules import unsold
from agentcli.planners.rules.product_uses import uses_named

Memory = dict[str, Any]

_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_KEYS = {  # each key's row and its place along it, the rows staggered as on a keyboard
    ch: (r, c + (0.0, 0.25, 0.75)[r]) for r, row in enumerate(_ROWS) for c, ch in enumerate(row)
}


def vocabulary(names: Iterable[str]) -> set[str]:
    """The words of the catalog's product names, lower case, with hyphenated parts."""
    words: set[str] = set()
    for name in names:
        for word in name.lower().split():
            words.add(word)
            words.update(part for part in word.split("-") if len(part) > 1)
    return words


def _known(word: str, words: set[str]) -> bool:
    plural = word + "s" in words and not word.endswith("s")
    return word in words or word.rstrip("s") in words or plural


def _cost(a: str, b: str) -> float:
    """Edit distance with adjacent swaps; a key next to the intended one costs half."""
    rows = [[float(j) for j in range(len(b) + 1)]]
    for i in range(1, len(a) + 1):
        row = [float(i)] + [0.0] * len(b)
        for j in range(1, len(b) + 1):
            substitution = 0.0 if a[i - 1] == b[j - 1] else _slip(a[i - 1], b[j - 1])
            row[j] = min(rows[i - 1][j] + 1, row[j - 1] + 1, rows[i - 1][j - 1] + substitution)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[i - 2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


def _slip(typed: str, meant: str) -> float:
    one, other = _KEYS.get(typed), _KEYS.get(meant)
    if one and other and abs(one[0] - other[0]) <= 1 and abs(one[1] - other[1]) <= 1.0:
        return 0.75
    return 1.0


def corrected(word: str, words: set[str]) -> str | None:
    """The one catalog word `word` is a slip of, or None (known, too short, or no single best)."""
    if len(word) < 4 or not word.isalpha() or _known(word, words):
        return None
    halves = [f"{word[:i]} {word[i:]}" for i in range(2, len(word) - 1)]
    joined = [h for h in halves if all(_known(w, words) and len(w) > 1 for w in h.split())]
    if len(joined) == 1:  # two of the catalog's words written as one: 'smartwatch'
        return joined[0]
    limit = 1.0 if len(word) <= 6 else 2.0
    scored = sorted((_cost(word, w), w) for w in words if abs(len(w) - len(word)) <= 2)
    best = [w for cost, w in scored if cost <= limit and cost == scored[0][0]]
    if len(best) > 1:  # people seldom slip on the first letter
        best = [w for w in best if w[0] == word[0]]
    return best[0] if len(best) == 1 else None


def respelt(query: str, words: set[str]) -> str | None:
    """The query with its misspelt words corrected, or None when none is."""
    parts = query.split()
    fixed = [corrected(w, words) or w for w in parts]
    fixed = [f if f == w or f not in parts else w for w, f in zip(parts, fixed, strict=True)]
    return " ".join(fixed) if fixed != parts else None  # 'sunbrella' beside 'umbrella' stays


def by_use(line: str, words: set[str], query: str = "") -> str | None:
    """The catalog words a line's everyday words point to ('for my dog to sleep on' → 'pet
    bed'), in the order said; None when they point to nothing the catalog names. A product word
    the query said as itself stays beside them ('my pup needs a new bed' → 'pet bed')."""
    found = [target for target in uses_named(line.lower()) if target in words]
    if not found:
        return None
    found += [w for w in query.lower().split() if w in words and w not in found]
    return " ".join(found)


def named_only(query: str, names: list[str]) -> str | None:
    """The query's words that the best-matching product name has ('noise cancelling headphones'
    → 'headphones', 'action camera boots 4k' → 'action camera'), when some are dropped."""
    parts = query.split()
    fits = {name: [w for w in parts if _known(w, vocabulary([name]))] for name in names}
    most = max((len(kept) for kept in fits.values()), default=0)
    if not most:
        return None
    tied = [name for name, kept in fits.items() if len(kept) == most]
    best = {w for name in tied for w in fits[name]}
    if len(best) == len(set(parts)):  # 'smart bulbs', the words of two names: the last one's
        head = next(w for w in reversed(parts) if w in best)
        best = {w for name in tied if head in fits[name] for w in fits[name]}
    kept = [w for w in parts if w in best]
    return " ".join(kept) if len(kept) < len(parts) else None


# -- the reads ---------------------------------------------------------------------------------


def after(memory: Memory, line: str, obs: Observation) -> PlannerOutput | Observation | None:
    """A search that found nothing, tried again in the catalog's words; the search itself when
    the catalog's words change nothing (it is answered as usual); None: not ours."""
    if obs.action == "list_product_types" and "respell" in memory:
        search = memory.pop("respell")
        original = Observation("search_products", search["arguments"], True, search["data"], None)
        if not obs.ok:
            return original
        memory["catalog_names"] = sorted(name.lower() for name in obs.data)
        return _again(memory, line, search["arguments"]) or original
    if obs.action != "search_products" or not obs.ok:
        return None
    query = obs.arguments.get("query")
    trying = memory.get("respelling")
    if trying and obs.data.get("results") and trying["stage"] == "named":
        return _refined(memory, trying, obs)
    if obs.data.get("results") or not isinstance(query, str) or not query.strip():
        return None
    if trying and trying["stage"] == "refined":  # the words back found none: what they narrowed
        trying["lead"] = _relaxed(trying["kept"], trying["dropped"])
        found, trying["stage"] = trying["found"], "relaxed"
        return Observation("search_products", found["arguments"], True, found["data"], None)
    if trying:  # a corrected search that still finds nothing: the product's name alone
        if trying["stage"] not in ("respelt", "use") or _bounded(obs.arguments):
            return None
        return _named(memory, line, query, obs.arguments)
    if "catalog_names" not in memory:
        memory["respell"] = {"arguments": dict(obs.arguments), "data": obs.data}
        return PlannerOutput(
            [{"action": "list_product_types"}], rationale="nothing found: read the catalog's words"
        )
    return _again(memory, line, obs.arguments)


def _again(memory: Memory, line: str, arguments: dict[str, Any]) -> PlannerOutput | None:
    names = memory["catalog_names"]
    words = vocabulary(names)
    query = str(arguments.get("query") or "")
    fixed = respelt(query, words)
    if fixed is not None:
        memory["respelling"] = {"stage": "respelt", "lead": f'(I searched for "{fixed}".)'}
        return _search(memory, fixed, arguments)
    used = by_use(line, words, query)
    said = {w.rstrip("s") for w in query.split()}
    if used is not None and not {w.rstrip("s") for w in used.split()} <= said:
        lead = f'(I searched for "{used}", by what it is for.)'
        memory["respelling"] = {"stage": "use", "lead": lead}
        return _search(memory, used, arguments)
    if _bounded(arguments):  # a price bound may be what found nothing: the words stay
        return None
    return _named(memory, line, query, arguments)


def _named(
    memory: Memory, line: str, query: str, arguments: dict[str, Any]
) -> PlannerOutput | None:
    fewer = named_only(query, memory["catalog_names"])
    if fewer is None and not unsold.nearest(query, memory["catalog_names"]):
        return unsold.not_sold(query, memory["catalog_names"])  # no type shares a word: a rug
    if fewer is None:
        return None
    dropped = [w for w in query.split() if w not in fewer.split()]
    if unsold.modifier_only(line, fewer.split(), dropped):  # fewer words, another kind of thing
        return unsold.not_sold(query, memory["catalog_names"])
    memory["respelling"] = {
        "stage": "named",
        "kept": fewer,
        "dropped": dropped,
        "lead": _relaxed(fewer, dropped),
    }
    return _search(memory, fewer, arguments)


def _refined(memory: Memory, trying: Memory, obs: Observation) -> PlannerOutput | None:
    """The product's name found some: the dropped words its offers do have are searched too
    ('air purifier hepa filter' → 'air purifier hepa'), the others are said to match nothing."""
    offered = " ".join(
        str(v).lower() for r in obs.data.get("results", []) for v in r.get("options", {}).values()
    )
    values = set(re.findall(r"[a-z0-9]+", offered))
    found = {w: _offered_as(w, offered, values) for w in trying["dropped"]}
    has = [v for v in found.values() if v]
    if not has:
        return None
    query = " ".join([trying["kept"], *has])
    missing = [w for w, v in found.items() if not v]
    trying["stage"] = "refined"
    trying["found"] = {"arguments": dict(obs.arguments), "data": obs.data}
    trying["lead"] = _relaxed(query, missing) if missing else ""
    return _search(memory, query, obs.arguments)


def unsaid(memory: Memory, used: set[str]) -> None:
    """The words the search's options hold are no longer said to have matched nothing; the
    options searched are the refinement, so the product's name alone is not refined again."""
    trying = memory.get("respelling")
    if not trying or not trying.get("dropped"):
        return
    if trying.get("stage") == "named":
        trying["stage"] = "refined"
    left = [w for w in trying["dropped"] if w.rstrip("s") not in used and w not in used]
    trying["dropped"] = left
    trying["lead"] = _relaxed(trying["kept"], left) if left else ""


def _offered_as(word: str, offered: str, values: set[str]) -> str | None:
    """The word as the offers write it: itself, or the one value word it is the stem of
    ('robot' → 'robotic', 'polarised' → 'polarized' is left to the respelling)."""
    if re.search(rf"\b{re.escape(word)}\b", offered):
        return word
    if len(word) < 4:
        return None
    stems = {v for v in values if v.startswith(word) and len(v) - len(word) <= 3}
    return stems.pop() if len(stems) == 1 else None


def _bounded(arguments: dict[str, Any]) -> bool:
    return arguments.get("min_price") is not None or arguments.get("max_price") is not None


def _relaxed(fewer: str, dropped: list[str]) -> str:
    return f'(Nothing matched "{" ".join(dropped)}" too, so I searched for "{fewer}".)'


def _search(memory: Memory, query: str, arguments: dict[str, Any]) -> PlannerOutput:
    memory.setdefault("search", {})["query"] = query
    action: dict[str, Any] = {"action": "search_products", "query": query}
    bound = memory.get("price_probe") or arguments  # a wider read for the cheapest keeps none
    action.update({k: bound[k] for k in ("min_price", "max_price") if bound.get(k)})
    return PlannerOutput([action], rationale="search again in the catalog's words")


def told(memory: Memory, output: PlannerOutput) -> PlannerOutput:
    """The reply that ends a second try says first what was searched instead."""
    if "respelling" not in memory or len(output.proposals) != 1:
        return output
    proposal = output.proposals[0]
    if not isinstance(proposal, dict) or proposal.get("action") not in (
        "reply",
        "ask_clarification",
    ):
        return output
    key = "message" if proposal["action"] == "reply" else "question"
    lead = memory.pop("respelling")["lead"]
    if lead:
        proposal[key] = f"{lead}\n{proposal[key]}"
    return output
