"""A sign-in and a request in one line ("hi im lei li zip 85033 and where is my laptop"): the
request after the email or zip is read on its own and carried out once the customer is found.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from agentcli.planners.rules.phrases import Intent

#: what a request said after a sign-in may start with: 'and', 'also', 'so', commas
_JOINER = re.compile(r"^(?:[\s,;.!:-]|and\b|also\b|so\b|then\b|but\b|plus\b)+")
#: readings of the rest that are no request of their own
_NO_REQUEST = frozenset(
    {"unclear", "empty", "stray_yes_no", "hello", "thanks", "help", "search", "what_kind"}
)


def request_after(
    line: str, marker: str, parse: Callable[[str, str | None], Intent]
) -> Intent | None:
    """The request said after `marker` (the email or zip) in `line`, or None when there is none."""
    at = line.lower().find(marker.lower())
    if at < 0:
        return None
    rest = _JOINER.sub("", line[at + len(marker) :]).strip()
    if len(rest.split()) < 2:
        return None
    intent = parse(rest, None)
    if intent.kind in _NO_REQUEST or intent.kind.startswith("login"):
        return None
    return intent
