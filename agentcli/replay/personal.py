"""Personal values of a recorded run, found in its trace, paired with their cassette tokens.

The cassette holds only tokens; the trace (kept on this machine) holds the values. Pairing
them lets a replay compare its events with the original's (both masked alike) and lets a
counterfactual replay send real values to a fresh sandbox.
"""

from __future__ import annotations

from collections.abc import Iterable, Set
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from agentcli.replay.masking import PERSONAL_KEYS, Masker, is_token
from agentcli.trace.events import TraceEvent


def personal_values(
    events: Iterable[TraceEvent], masker: Masker, tokens: Set[str]
) -> dict[str, str]:
    """value → token for every string in the events that is personal by key or by token."""
    found: dict[str, str] = {}

    def consider(value: str, key: str | None) -> None:
        if not value or is_token(value) or value in found:
            return
        token = masker.token(value)
        if key in PERSONAL_KEYS or token in tokens:
            found[value] = token

    def walk(data: Any, key: str | None) -> None:
        if isinstance(data, dict):
            for k, v in data.items():
                walk(v, str(k).lower())
        elif isinstance(data, list):
            for v in data:
                walk(v, key)
        elif isinstance(data, str):
            consider(data, key)
            if data.startswith(("http://", "https://")):
                parts = urlsplit(data)
                for segment in parts.path.split("/"):
                    consider(unquote(segment), None)
                for k, v in parse_qsl(parts.query):
                    consider(v, k.lower())
        elif isinstance(data, int | float) and not isinstance(data, bool) and key in PERSONAL_KEYS:
            consider(str(data), key)

    for event in events:
        walk(event.payload, None)
    return found
