"""Builds the planner a command asked for: `rules`, `script` (from a file) or `openai`."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import httpx

from agentcli import promptset
from agentcli.actions.tools import SCHEMA_STYLES
from agentcli.planners.base import Planner
from agentcli.planners.openai import OpenAIPlanner, PlannerConfigError, resolve_endpoint
from agentcli.planners.rules import RulesPlanner
from agentcli.planners.script import ScriptPlanner
from agentcli.policy.config import PolicyConfig

PLANNERS = ("rules", "openai", "script")


@dataclass(frozen=True)
class PlannerChoice:
    """What the command line said about the planner."""

    name: str = "rules"
    model: str | None = None
    base_url: str | None = None
    preset: str | None = None
    prompts: str | None = None
    script: Path | None = None
    tool_schema: str | None = None
    max_tools: int | None = None
    context_tokens: int | None = None


def _only_for(choice: PlannerChoice, allowed: set[str]) -> None:
    given = {
        "--model": choice.model,
        "--base-url": choice.base_url,
        "--preset": choice.preset,
        "--prompts": choice.prompts,
        "--script": choice.script,
        "--tool-schema": choice.tool_schema,
        "--max-tools": choice.max_tools,
        "--context-tokens": choice.context_tokens,
    }
    stray = [flag for flag, value in given.items() if value is not None and flag not in allowed]
    if stray:
        raise PlannerConfigError(f"{', '.join(stray)} does not apply to --planner {choice.name}")


def build_planner(
    choice: PlannerChoice,
    policy: PolicyConfig,
    *,
    env: Mapping[str, str] | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
) -> Planner:
    """The planner for `choice`; raise PlannerConfigError (or a file error) when it cannot be."""
    if choice.name == "rules":
        _only_for(choice, set())
        return RulesPlanner()
    if choice.name == "script":
        _only_for(choice, {"--script"})
        if choice.script is None:
            raise PlannerConfigError("--planner script needs --script FILE (YAML or JSON)")
        return ScriptPlanner.from_file(choice.script)
    if choice.name == "openai":
        _only_for(
            choice,
            {
                "--model",
                "--base-url",
                "--preset",
                "--prompts",
                "--tool-schema",
                "--max-tools",
                "--context-tokens",
            },
        )
        if choice.tool_schema is not None and choice.tool_schema not in SCHEMA_STYLES:
            raise PlannerConfigError(
                f"--tool-schema must be strict or portable, not {choice.tool_schema!r}"
            )
        endpoint = resolve_endpoint(
            model=choice.model,
            preset=choice.preset,
            base_url=choice.base_url,
            env=os.environ if env is None else env,
        )
        return OpenAIPlanner(
            endpoint,
            promptset.load(choice.prompts),
            policy=policy,
            transport=transport,
            tool_schema=choice.tool_schema,
            max_tools=choice.max_tools,
            context_tokens=choice.context_tokens,
        )
    raise PlannerConfigError(f"unknown planner {choice.name!r}; available: {', '.join(PLANNERS)}")
