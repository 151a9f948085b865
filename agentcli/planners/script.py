"""The `script` planner: plays decisions from a list or a function. For tests and suites."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from agentcli.planners.base import PlannerOutput, PlanningContext


class ScriptExhausted(Exception):
    """The script has no decision left for this step."""


class ScriptPlanner:
    """Each call to `plan` takes the next decision: a list of raw proposals, or a callable."""

    name = "script"
    model: str | None = None

    def __init__(
        self,
        decisions: list[Any] | Callable[[PlanningContext], list[Any]],
    ) -> None:
        self._decisions = decisions
        self._index = 0
        self.history: list[PlanningContext] = []

    @classmethod
    def from_file(cls, path: Path) -> ScriptPlanner:
        """A JSON file holding a list of decisions, each a list of raw action objects."""
        data = json.loads(Path(path).read_text("utf-8"))
        if not isinstance(data, list):
            raise ValueError(f"{path}: a script is a JSON list of decisions")
        return cls(data)

    async def plan(self, ctx: PlanningContext) -> PlannerOutput:
        self.history.append(ctx)
        if callable(self._decisions):
            proposals = self._decisions(ctx)
        else:
            if self._index >= len(self._decisions):
                raise ScriptExhausted(f"the script has only {len(self._decisions)} decisions")
            proposals = self._decisions[self._index]
            self._index += 1
        if not isinstance(proposals, list):
            proposals = [proposals]
        return PlannerOutput(list(proposals), rationale="scripted decision")
