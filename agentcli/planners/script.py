"""The `script` planner: plays decisions from a list or a function. For tests and suites."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

import safeyaml
from agentcli.planners.base import PlannerOutput, PlannerUnavailable, PlanningContext
from errortree import UserError, parse_problem


class ScriptExhausted(PlannerUnavailable):
    """The script has no decision left for this step."""


class ScriptFileError(UserError):
    """A script file that cannot be read or is not a list of decisions."""


def load_script(path: Path) -> list[Any]:
    """The decisions in a YAML (.yaml/.yml) or JSON file; raise ScriptFileError."""
    path = Path(path)
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise ScriptFileError(f"no script file at {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ScriptFileError(f"cannot read script file {path}: {exc}") from exc
    try:
        yaml_file = path.suffix.lower() in (".yaml", ".yml")
        data = safeyaml.load(text) if yaml_file else json.loads(text)
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        raise ScriptFileError(f"{path} is not valid {_format(path)}: {parse_problem(exc)}") from exc
    if isinstance(data, dict) and set(data) == {"decisions"}:
        data = data["decisions"]
    if not isinstance(data, list) or not data:
        raise ScriptFileError(f"{path}: a script is a non-empty list of decisions")
    for number, decision in enumerate(data, 1):
        actions = decision if isinstance(decision, list) else [decision]
        if not actions or not all(isinstance(a, dict) for a in actions):
            raise ScriptFileError(
                f"{path}: decision {number} must be an action object "
                "(with an `action` key) or a non-empty list of them"
            )
    return data


def _format(path: Path) -> str:
    return "YAML" if path.suffix.lower() in (".yaml", ".yml") else "JSON"


class ScriptPlanner:
    """Each call to `plan` takes the next decision: a list of raw proposals, or a callable."""

    name = "script"
    model: str | None = None

    def __init__(
        self,
        decisions: list[Any] | Callable[[PlanningContext], list[Any]],
        *,
        is_model: bool = False,
    ) -> None:
        #: play the part of a language model: the session treats its output as a model's
        self.is_model = is_model
        self._decisions = decisions
        self._index = 0
        self.history: list[PlanningContext] = []

    @classmethod
    def from_file(cls, path: Path) -> ScriptPlanner:
        """A YAML or JSON file: a list of decisions (or `decisions:` holding one).

        Each decision is one raw action object or a list of them; the session validates them
        as it would a model's, so a script may hold invalid actions on purpose.
        """
        return cls(load_script(path))

    async def plan(self, ctx: PlanningContext) -> PlannerOutput:
        self.history.append(ctx)
        if callable(self._decisions):
            proposals = self._decisions(ctx)
        else:
            if self._index >= len(self._decisions):
                raise ScriptExhausted(
                    f"the script has run out of decisions (it has {len(self._decisions)})"
                )
            proposals = self._decisions[self._index]
            self._index += 1
        if not isinstance(proposals, list):
            proposals = [proposals]
        return PlannerOutput(list(proposals), rationale="scripted decision")
