"""The planner a case names: rules, a script (flat or per turn), or a recorded model."""

from __future__ import annotations

import importlib
from typing import Any

from agentcli.planners.base import Planner, PlannerOutput, PlanningContext
from agentcli.planners.rules import RulesPlanner
from agentcli.planners.script import ScriptExhausted, ScriptPlanner
from agentcli.suites.loader import ResolvedCase


class CaseUnavailable(Exception):
    """The case asks for something this build cannot provide; the message says what."""


class TurnScript:
    """A script planner whose decisions are listed per turn; a turn never eats another's."""

    name = "script"
    model: str | None = None

    def __init__(self, turns: list[list[Any] | None]) -> None:
        self._turns = [list(t or []) for t in turns]
        self._used = [0] * len(self._turns)

    async def plan(self, ctx: PlanningContext) -> PlannerOutput:
        turn = ctx.conversation.turn - 1
        if not 0 <= turn < len(self._turns) or self._used[turn] >= len(self._turns[turn]):
            scripted = len(self._turns[turn]) if 0 <= turn < len(self._turns) else 0
            raise ScriptExhausted(f"turn {turn + 1} has only {scripted} scripted decisions")
        proposals = self._turns[turn][self._used[turn]]
        self._used[turn] += 1
        if not isinstance(proposals, list):
            proposals = [proposals]
        return PlannerOutput(list(proposals), rationale="scripted decision")


def build_planner(case: ResolvedCase) -> Planner:
    spec = case.planner
    if spec.kind == "rules":
        return RulesPlanner()
    if spec.kind == "script":
        if spec.decisions is not None:
            return ScriptPlanner(list(spec.decisions))
        return TurnScript([turn.script for turn in case.case.turns])
    return _openai(case)


def _openai(case: ResolvedCase) -> Planner:
    """The openai planner playing its cassette (or live); unavailable until both exist."""
    try:
        module: Any = importlib.import_module("agentcli.planners.openai")
    except ImportError:
        raise CaseUnavailable("the openai planner is not part of this build yet") from None
    factory = getattr(module, "for_suite_case", None)
    if factory is None:
        raise CaseUnavailable("this build's openai planner cannot play a suite's cassette yet")
    planner: Planner = factory(case.planner, base=case.path)
    return planner
