"""The planner a case names: rules, a script (flat or per turn), or a recorded model."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from agentcli import promptset
from agentcli.planners.base import Planner, PlannerOutput, PlanningContext
from agentcli.planners.script import ScriptExhausted, ScriptPlanner
from agentcli.suites.loader import ResolvedCase

if TYPE_CHECKING:  # the rules and model planners are imported by the cases that name them
    from agentcli.planners.openai.cassette import CassetteTransport


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


@dataclass
class BuiltPlanner:
    """The planner of one case, and the model cassette it plays (to check it was used up)."""

    planner: Planner
    cassette: CassetteTransport | None = None

    def unplayed(self) -> int:
        return len(self.cassette.unplayed) if self.cassette is not None else 0

    async def close(self) -> None:
        closer = getattr(self.planner, "aclose", None)
        if closer is not None:
            await closer()


def build_planner(case: ResolvedCase) -> BuiltPlanner:
    spec = case.planner
    if spec.kind == "rules":
        from agentcli.planners.rules import RulesPlanner

        return BuiltPlanner(RulesPlanner())
    if spec.kind == "script":
        if spec.decisions is not None:
            return BuiltPlanner(ScriptPlanner(list(spec.decisions)))
        return BuiltPlanner(TurnScript([turn.script for turn in case.case.turns]))
    return _openai(case)


def _openai(case: ResolvedCase) -> BuiltPlanner:
    """The openai planner, its model answers played from a cassette (or live, when asked)."""
    from agentcli.planners.openai import (
        Endpoint,
        OpenAIPlanner,
        PlannerConfigError,
        resolve_endpoint,
    )
    from agentcli.planners.openai.cassette import CassetteTransport, ModelCassetteError
    from agentcli.promptset import PromptError

    spec = case.planner
    tape: CassetteTransport | None = None
    try:
        if spec.live:
            endpoint = resolve_endpoint(
                model=spec.model, preset=spec.preset, base_url=spec.base_url, env=os.environ
            )
        else:
            assert spec.cassette is not None
            tape = CassetteTransport.from_file(Path(case.path).parent / spec.cassette)
            if not tape.interactions:
                raise CaseUnavailable(f"the model cassette {spec.cassette} is empty")
            first = tape.interactions[0]
            base_url = spec.base_url or str(first.request["uri"]).removesuffix("/chat/completions")
            endpoint = Endpoint(base_url, spec.model or first.model())
        prompts = promptset.load(spec.prompts)
    except (ModelCassetteError, PlannerConfigError, PromptError, OSError) as exc:
        raise CaseUnavailable(f"the openai planner cannot start: {exc}") from None
    planner = OpenAIPlanner(endpoint, prompts, policy=case.policy, transport=tape)
    return BuiltPlanner(planner, tape)
