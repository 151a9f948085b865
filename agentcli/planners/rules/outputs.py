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


def led(memory: dict[str, Any], key: str, output: PlannerOutput) -> PlannerOutput:
    """`output`'s one reply with the line kept under `key` said first (and forgotten): a
    search's reply that begins with what the customer asked of it."""
    lead = memory.pop(key, None)
    if lead is None or len(output.proposals) != 1:
        return output
    proposal = output.proposals[0]
    if isinstance(proposal, dict) and proposal.get("action") == "reply":
        proposal["message"] = f"{lead}\n{proposal['message']}"
    return output
