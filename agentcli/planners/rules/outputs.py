"""The three shapes a rules step answers in: say something, ask one question, or do an action."""

from __future__ import annotations

from typing import Any

from agentcli.planners.base import PlannerOutput


def say(message: str, why: str) -> PlannerOutput:
    return PlannerOutput([{"action": "reply", "message": message}], rationale=why)


def ask(question: str, why: str) -> PlannerOutput:
    return PlannerOutput([{"action": "ask_clarification", "question": question}], rationale=why)


def do(action: dict[str, Any], why: str) -> PlannerOutput:
    return PlannerOutput([action], rationale=why)
