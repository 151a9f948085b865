"""The orchestrator: hands each validated action to its desk (`routes.py`) and reports back.

A READ becomes a connector call; a WRITE is previewed from the vendors' facts before the user
is asked, then runs as a saga. Vendor failures and refusals come back as an unsuccessful
`Observation`, never as an exception.
"""

from __future__ import annotations

from typing import Any

from agentcli.actions import ActionBase
from agentcli.conversation import Conversation, Observation
from agentcli.orchestrator.desk import ActionRefused, Desk, DeskContext, Preview, customer
from agentcli.orchestrator.routes import ROUTES
from agentcli.orchestrator.services import Services
from agentcli.workflows.engine import LocalSagaEngine, SagaResult
from agentcli.workflows.journal import Journal
from connectors.errors import VendorError


class Orchestrator:
    """One desk of each kind per run, sharing the run's connectors, saga engine and journal."""

    def __init__(self, services: Services, engine: LocalSagaEngine, journal: Journal) -> None:
        self.context = DeskContext(services, engine, journal)
        self.desks: dict[type[Desk], Desk] = {
            route.desk: route.desk(self.context) for route in ROUTES.values()
        }

    @property
    def services(self) -> Services:
        return self.context.services

    @property
    def engine(self) -> LocalSagaEngine:
        return self.context.engine

    @property
    def journal(self) -> Journal:
        return self.context.journal

    @property
    def allow_partial(self) -> bool:
        """The policy's `[fulfilment] allow_partial`: order what is in stock, leave the rest."""
        return self.context.allow_partial

    @allow_partial.setter
    def allow_partial(self, allowed: bool) -> None:
        self.context.allow_partial = allowed

    def desk_for(self, action: ActionBase, conv: Conversation) -> Desk:
        """The action's desk, once the customer has signed in if the action needs it."""
        route = ROUTES.get(type(action))
        if route is None:
            raise ActionRefused(
                "UNSUPPORTED", f"{action.name} is not performed by the orchestrator"
            )
        if route.login:
            customer(conv)
        return self.desks[route.desk]

    async def preview(self, action: ActionBase, conv: Conversation) -> Preview:
        """State exactly what the write will do, from vendor facts; refuse what cannot work."""
        return await self.desk_for(action, conv).preview(action, conv)

    async def execute(
        self,
        action: ActionBase,
        conv: Conversation,
        *,
        saga_id: str,
        preview: Preview | None = None,
    ) -> Observation:
        """Run the action; vendor failures become an unsuccessful Observation, never a raise."""
        args = action.arguments()
        try:
            desk = self.desk_for(action, conv)
            data = await desk.execute(action, conv, saga_id, preview)
        except ActionRefused as refused:
            return Observation(
                action.name, args, False, error={"code": refused.code, "message": refused.message}
            )
        except VendorError as error:
            return Observation(action.name, args, False, error=error.to_dict())
        if isinstance(data, SagaResult):
            return _saga_observation(action, args, data)
        return Observation(action.name, args, True, data=data)


def _saga_observation(action: ActionBase, args: dict[str, Any], result: SagaResult) -> Observation:
    data = {
        "saga_id": result.saga_id,
        "status": result.status,
        "outputs": result.outputs,
        "compensated": list(result.compensated),
    }
    if result.ok:
        return Observation(action.name, args, True, data=data)
    error: dict[str, Any] = (
        result.error.to_dict() if result.error else {"code": "UNKNOWN", "message": ""}
    )
    error.update(result.report())
    error["saga_id"] = result.saga_id
    return Observation(action.name, args, False, data=data, error=error)
