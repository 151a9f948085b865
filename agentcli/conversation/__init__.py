"""The conversation: what the agent knows so far and what each executed action returned.

A neutral module: the session owns a `Conversation`, planners read it, the orchestrator fills
in the customer; none of them has to import another to share it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Observation:
    """The outcome of one executed action, as the planner sees it next."""

    action: str
    arguments: dict[str, Any]
    ok: bool
    data: Any = None
    error: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "arguments": self.arguments,
            "ok": self.ok,
            "data": self.data,
            "error": self.error,
        }


@dataclass
class Conversation:
    """The authenticated customer, the planner's memory, and the message history."""

    user_id: str | None = None
    user: dict[str, Any] | None = None
    memory: dict[str, Any] = field(default_factory=dict)
    history: list[dict[str, Any]] = field(default_factory=list)
    turn: int = 0
    writes: int = 0
    #: the protocol merchants the run can buy from (the buyer is the config's profile)
    merchants: tuple[str, ...] = ()
    #: the run has the shop marketplace (a config of protocol merchants only has not)
    shop: bool = True
