"""What every desk shares: the refusal, the preview of a write, the signed-in customer.

A desk previews and performs the actions the routing table (`routes.py`) gives it; the
orchestrator makes one of each per run and hands each action to its desk.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from agentcli.actions import ActionBase
from agentcli.conversation import Conversation
from agentcli.conversation.wording import money
from agentcli.orchestrator.figures import Figures
from agentcli.orchestrator.services import Services
from agentcli.workflows.engine import LocalSagaEngine
from agentcli.workflows.journal import Journal


class ActionRefused(Exception):
    """The orchestrator will not run this action; `code` and message go to the planner."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Preview:
    """What a WRITE would do, read from the vendors just before asking the user."""

    summary: str
    amount: float | None = None
    region: str | None = None
    evidence: list[dict[str, Any]] = field(default_factory=list)
    saga_input: dict[str, Any] = field(default_factory=dict)
    #: guardrail findings, e.g. a price the planner claimed that the vendor contradicts
    checks: list[dict[str, Any]] = field(default_factory=list)
    #: the typed figures the summary states (items, total), recorded beside what was shown
    figures: Figures | None = None
    #: the shipping address's country (`region` is its state), for the blocked regions
    country: str | None = None


@dataclass
class DeskContext:
    """What the desks of one run work with; one object, so a policy change reaches them all."""

    services: Services
    engine: LocalSagaEngine
    journal: Journal
    #: the policy's `[fulfilment] allow_partial`: order what is in stock, leave the rest
    allow_partial: bool = False


class Desk:
    """Previews and performs a group of actions; subclasses override what they support."""

    def __init__(self, context: DeskContext) -> None:
        self.context = context

    @property
    def services(self) -> Services:
        return self.context.services

    @property
    def engine(self) -> LocalSagaEngine:
        return self.context.engine

    async def preview(self, action: ActionBase, conv: Conversation) -> Preview:
        """State exactly what the write will do, from vendor facts; refuse what cannot work."""
        raise ActionRefused("UNSUPPORTED", f"{action.name} is not a write this agent performs")

    async def execute(
        self, action: ActionBase, conv: Conversation, saga_id: str, preview: Preview | None
    ) -> Any:
        """A read's answer, or the result of a write's saga (previewed first when not given)."""
        raise ActionRefused("UNSUPPORTED", f"{action.name} is not performed by the orchestrator")


def customer(conv: Conversation) -> str:
    """The authenticated customer's id; refuses when nobody has signed in yet."""
    if conv.user_id is None:
        raise ActionRefused(
            "NOT_AUTHENTICATED",
            "I need to know who you are first: tell me your email, or your name and zip code",
        )
    return conv.user_id


def price_checks(what: str, claimed: float | None, vendor: float) -> list[dict[str, Any]]:
    """A finding when the planner claimed a figure the vendor contradicts (the vendor wins)."""
    if claimed is None or abs(claimed - vendor) < 0.005:
        return []
    note = (
        f"Note: the {what} from the vendor is {money(vendor)}, not {money(claimed)} as "
        f"stated before; the vendor's {money(vendor)} applies."
    )
    return [
        {
            "rule": "price_mismatch",
            "what": what,
            "claimed": claimed,
            "vendor": vendor,
            "outcome": "the vendor's figure is used",
            "note": note,
        }
    ]


def options_text(options: dict[str, str]) -> str:
    """'colour: red, size: M'."""
    return ", ".join(f"{k}: {v}" for k, v in options.items())
