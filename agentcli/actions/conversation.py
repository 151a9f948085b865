"""Actions that talk to the user instead of a vendor; each ends the planner's turn."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from agentcli.actions.base import ActionBase, Offer


class AskClarification(ActionBase):
    """Ask the user a question instead of guessing."""

    action: Literal["ask_clarification"]
    question: str = Field(min_length=1, max_length=2000)
    conversational = True
    offered = Offer.START


class Reply(ActionBase):
    """Answer the user; facts in it must come from vendor results."""

    action: Literal["reply"]
    message: str = Field(min_length=1, max_length=8000)
    conversational = True
    offered = Offer.START


class EscalateToHuman(ActionBase):
    """Hand the conversation to a human agent with a summary."""

    action: Literal["escalate_to_human"]
    summary: str = Field(min_length=1, max_length=2000)
    conversational = True
    offered = Offer.START
