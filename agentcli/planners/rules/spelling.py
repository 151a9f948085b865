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

Memory = dict[str, Any]

_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_KEYS = {  # each key's row and its place along it, the rows staggered as on a keyboard
    ch: (r, c + (0.0, 0.25, 0.75)[r]) for r, row in enumerate(_ROWS) for c, ch in enumerate(row)
}

#: everyday words for what a product is for, each with the catalog word it points to; only
#: words the catalog's own product names contain are ever searched
USES: dict[str, str] = {
    word: target
    for target, words in {
        "pet": "dog dogs cat cats puppy puppies kitten kittens pup doggy doggo kitty pets",
        "bed": "sleep sleeping nap napping snooze",
        "kettle": "boil boiling",
        "camera": "photo photos picture pictures filming vlog vlogging selfies",
        "bottle": "hydrated hydration",
        "charger": "charge charging recharge powerbank",
        "headphones": "listen listening podcasts",
        "mat": "yoga pilates stretching",
        "boots": "hike hiking trek trekking",
        "helmet": "cycling biking",
        "umbrella": "shade",
        "luggage": "suitcase suitcases",
        "vacuum": "hoover hoovering vacuuming",
        "purifier": "allergies allergy",
        "keyboard": "typing",
        "grill": "bbq barbecue barbeque",
        "bookshelf": "books",
        "toothbrush": "teeth",
        "perfume": "fragrance scent cologne",
    }.items()
    for word in words.split()
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
    limit = 1.0 if len(word) <= 5 else 2.0
    scored = sorted((_cost(word, w), w) for w in words if abs(len(w) - len(word)) <= 2)
    best = [w for cost, w in scored if cost <= limit and cost == scored[0][0]]
    if len(best) > 1:  # people seldom slip on the first letter
        best = [w for w in best if w[0] == word[0]]
    return best[0] if len(best) == 1 else None


def respelt(query: str, words: set[str]) -> str | None:
    """The query with its misspelt words corrected, or None when none is."""
    parts = query.split()
    fixed = [corrected(w, words) or w for w in parts]
    return " ".join(fixed) if fixed != parts else None


def by_use(line: str, words: set[str]) -> str | None:
    """The catalog words a line's everyday words point to ('for my dog to sleep on' → 'pet
    bed'), in the order said; None when they point to nothing the catalog names."""
    found: list[str] = []
    for word in re.findall(r"[a-z]+", line.lower()):
        target = USES.get(word)
        if target and target in words and target not in found:
            found.append(target)
    return " ".join(found) or None


def named_only(query: str, words: set[str]) -> str | None:
    """The query without the words no product name has ('noise cancelling headphones' →
    'headphones'), when some are dropped and some are left."""
    kept = [w for w in query.split() if _known(w, words)]
    return " ".join(kept) if kept and len(kept) < len(query.split()) else None


# -- the reads ---------------------------------------------------------------------------------


def after(memory: Memory, line: str, obs: Observation) -> PlannerOutput | Observation | None:
    """A search that found nothing, tried again in the catalog's words; the search itself when
    the catalog's words change nothing (it is answered as usual); None: not ours."""
    if obs.action == "list_product_types" and "respell" in memory:
        search = memory.pop("respell")
        original = Observation("search_products", search["arguments"], True, search["data"], None)
        if not obs.ok:
            return original
        memory["catalog_words"] = sorted(vocabulary(obs.data))
        return _again(memory, line, search["arguments"]) or original
    if obs.action != "search_products" or not obs.ok or obs.data.get("results"):
        return None
    query = obs.arguments.get("query")
    if not isinstance(query, str) or not query.strip():
        return None
    if "respelling" in memory:  # a corrected search that still finds nothing: drop a feature
        words = set(memory.get("catalog_words", ()))
        bounded = _bounded(obs.arguments) or memory.get("relaxed")
        fewer = named_only(query, words) if not bounded else None
        if fewer is None:
            return None
        memory["relaxed"] = True
        dropped = " ".join(w for w in query.split() if w not in fewer.split())
        memory["respelling"] = _relaxed(fewer, dropped)
        return _search(memory, fewer, obs.arguments)
    if "catalog_words" not in memory:
        memory["respell"] = {"arguments": dict(obs.arguments), "data": obs.data}
        return PlannerOutput(
            [{"action": "list_product_types"}], rationale="nothing found: read the catalog's words"
        )
    return _again(memory, line, obs.arguments)


def _again(memory: Memory, line: str, arguments: dict[str, Any]) -> PlannerOutput | None:
    words = set(memory["catalog_words"])
    query = str(arguments.get("query") or "")
    fixed = respelt(query, words)
    if fixed is not None:
        memory["respelling"] = f'(I searched for "{fixed}".)'
        return _search(memory, fixed, arguments)
    used = by_use(line, words)
    if used is not None and used != query:
        memory["respelling"] = f'(I searched for "{used}", by what it is for.)'
        return _search(memory, used, arguments)
    fewer = None if _bounded(arguments) else named_only(query, words)
    if fewer is not None:  # a price bound may be what found nothing: the words stay
        memory["relaxed"] = True
        dropped = " ".join(w for w in query.split() if w not in fewer.split())
        memory["respelling"] = _relaxed(fewer, dropped)
        return _search(memory, fewer, arguments)
    return None


def _bounded(arguments: dict[str, Any]) -> bool:
    return arguments.get("min_price") is not None or arguments.get("max_price") is not None


def _relaxed(fewer: str, dropped: str) -> str:
    return f'(Nothing matched "{dropped}" too, so I searched for "{fewer}".)'


def _search(memory: Memory, query: str, arguments: dict[str, Any]) -> PlannerOutput:
    memory.setdefault("search", {})["query"] = query
    action: dict[str, Any] = {"action": "search_products", "query": query}
    action.update({k: arguments[k] for k in ("min_price", "max_price") if arguments.get(k)})
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
    lead = memory.pop("respelling")
    memory.pop("relaxed", None)
    proposal[key] = f"{lead}\n{proposal[key]}"
    return output
