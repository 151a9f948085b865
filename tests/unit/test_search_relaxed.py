"""A search narrowed again by the words its offers seem to have, that then finds nothing,
shows what the product's name found and says the words matched nothing."""

from __future__ import annotations

from typing import Any

from agentcli.conversation import Observation
from agentcli.planners.base import PlannerOutput
from agentcli.planners.rules import spelling

SETS = [
    {"name": "Luggage Set", "options": {"piece count": "3-piece", "material": "softshell"}},
    {"name": "Luggage Set", "options": {"piece count": "2-piece", "material": "hardshell"}},
]


def _searched(query: str, results: list[dict[str, Any]]) -> Observation:
    return Observation("search_products", {"query": query}, True, {"results": results}, None)


def test_words_back_that_find_nothing_show_the_name_alone() -> None:
    memory: dict[str, Any] = {
        "respelling": {"stage": "named", "kept": "luggage set", "dropped": ["3", "hardshell"]}
    }
    again = spelling.after(
        memory, "need a 3 piece hardshell suitcase set", _searched("luggage set", SETS)
    )
    assert isinstance(again, PlannerOutput)
    assert again.proposals[0]["query"] == "luggage set 3 hardshell"
    shown = spelling.after(memory, "", _searched("luggage set 3 hardshell", []))
    assert isinstance(shown, Observation)
    assert shown.data["results"] == SETS
    assert shown.arguments["query"] == "luggage set"
    reply = PlannerOutput([{"action": "reply", "message": "I found 2 items."}], rationale="")
    told = spelling.told(memory, reply).proposals[0]["message"]
    assert told.startswith('(Nothing matched "3 hardshell" too, so I searched for "luggage set".)')
