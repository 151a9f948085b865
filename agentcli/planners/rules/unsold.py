"""A product the shop does not sell, told plainly instead of searched away.

When the words a search keeps are only the modifier of a compound the customer said ("mouse
pad" keeps "mouse"), the fewer words name another kind of thing: a clerk says it is not sold
and names the nearest product types the shop has, decided from the shop's own list.
"""

from __future__ import annotations

import re

from agentcli.planners.base import PlannerOutput

#: words that say which one of a thing, never another kind of thing: its size or colour
OPTION_WORDS = frozenset(
    """
    black white red blue green silver grey gray gold pink purple yellow brown beige navy orange
    xs xl xxl small medium large
    """.split()
)


def modifier_only(line: str, kept: list[str], dropped: list[str]) -> bool:
    """True when the last kept word is directly followed in the line by a dropped word, so the
    kept words only qualify the thing asked for ('mouse pad', 'laptop stand')."""
    if not kept or not dropped:
        return False
    tokens = re.findall(r"[\w'-]+|[^\w\s]", line.lower())
    last, gone = kept[-1], set(dropped)
    for i, token in enumerate(tokens[:-1]):
        after = tokens[i + 1]
        said_of_it = any(c.isdigit() for c in after) or after in OPTION_WORDS  # 'jacket medium'
        if token.rstrip("s") == last.rstrip("s") and after in gone and not said_of_it:
            return True
    return False


def nearest(query: str, names: list[str], count: int = 3) -> list[str]:
    """The shop's product types sharing the most words with the query, best first."""
    said = {w.rstrip("s") for w in query.lower().split()}
    scored = sorted((-len(said & {w.rstrip("s") for w in name.split()}), name) for name in names)
    return [name for score, name in scored if score < 0][:count]


def not_sold(query: str, names: list[str]) -> PlannerOutput:
    """The plain answer: the thing is not sold, and what the shop has nearest to it."""
    near = nearest(query, names)
    message = f'We don\'t sell "{query}".'
    if near:
        message += " The nearest we have: " + ", ".join(near) + "."
    return PlannerOutput(
        [{"action": "reply", "message": message}],
        rationale="the product asked for is not among the shop's types",
    )


_WRITE_VERB = re.compile(
    r"\b(book|buy|order|purchase|reserve|cancel|return|exchange|pay for|check ?out)\b"
)


def unnamed_write(line: str) -> str | None:
    """The question for a bare 'book it' or 'buy it' with nothing pending: what to act on."""
    verb = _WRITE_VERB.search(line.lower())
    if verb is None:
        return None
    return f"What should I {verb.group(1)}? Tell me the item, the order, or the trip."
