"""A wish for 'the' item described, said while a list is shown, is a pick from that list:
"I want the red hardshell 4 piece" after luggage sets were listed adds the one that fits."""

from __future__ import annotations

import re
from typing import Any

from agentcli.conversation.answers import normalise
from agentcli.planners.rules.phrases import Intent
from agentcli.planners.rules.search_words import descriptor_words
from agentcli.planners.rules.shown_items import candidates, in_name, matches

#: 'i want the …', "we'd like the …", 'i need the …', "i'll have the …", after a lead-in
WANTS_THE = re.compile(
    r"^(?:(?:ok|okay|right|cool|so|hmm|yeah|yes|great|nice|alright)[,!.]?\s+)*"
    r"(?:i|we)(?: really| just| think i| think we)? (?:want|need|'?d like|would like) the\b"
)


def as_pick(memory: dict[str, Any], line: str, intent: Intent) -> Intent | None:
    """The add a search line means when it wants 'the' item described and exactly one of the
    items shown fits every word said; None when it is a search after all."""
    if intent.kind != "search" or memory.get("last_list") != "results":
        return None
    text = normalise(line)
    if not WANTS_THE.match(text):
        return None
    words = descriptor_words(text)
    fitting = [
        v for v in candidates(memory) if all(in_name(w, v) or matches(v, [w]) for w in words)
    ]
    if not words or len(fitting) != 1:
        return None
    return Intent(
        "add",
        {
            "quantity": None,
            "ordinal": None,
            "words": words,
            "unwanted": [],
            "bare": False,
            "search": None,
        },
    )
