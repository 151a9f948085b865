"""The planner protocol: given the conversation, propose the next actions (as raw JSON)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from agentcli.conversation import Conversation, Observation
from netpolicy import OPEN, NetworkPolicy


@dataclass
class PlanningContext:
    """Everything a planner may look at for one step of one turn."""

    user_line: str
    conversation: Conversation
    #: results of actions already executed in this turn, oldest first
    observations: list[Observation] = field(default_factory=list)
    #: validation errors of this step's previous tries (the repair loop)
    repair_errors: list[str] = field(default_factory=list)
    #: set when the turn resumes after the user confirmed a write
    after_confirmation: bool = False
    #: what the run may reach: a model planner asks it before calling its endpoint
    network: NetworkPolicy = OPEN


@dataclass
class PlannerOutput:
    """Raw proposals (not yet validated), the planner's short rationale, and what it exchanged."""

    proposals: list[Any]
    rationale: str = ""
    request: dict[str, Any] | None = None
    response: dict[str, Any] | None = None
    usage: dict[str, Any] | None = None


UNUSABLE = "_unusable"
"""Key of a proposal the planner already knows is unusable; its value says why."""


def unusable(reason: str, **raw: Any) -> dict[str, Any]:
    """A proposal that fails validation with `reason` (the repair loop sends it back)."""
    return {UNUSABLE: reason, **raw}


class PlannerUnavailable(Exception):
    """The planner cannot answer right now (model endpoint down, rate limited, timed out)."""

    def __init__(self, message: str, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.details = details or {}


class Planner(Protocol):
    name: str
    model: str | None

    async def plan(self, ctx: PlanningContext) -> PlannerOutput: ...
