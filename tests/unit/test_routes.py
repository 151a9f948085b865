"""Every action a planner may propose reaches exactly one desk through the dispatch table."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Literal

import pytest

from agentcli.actions import ACTION_TYPES, ActionBase
from agentcli.actions.retail import FindUser, SearchProducts, ViewCart
from agentcli.conversation import Conversation
from agentcli.orchestrator.dispatch import Orchestrator
from agentcli.orchestrator.merchant_checkout import MerchantDesk
from agentcli.orchestrator.routes import ROUTES
from agentcli.orchestrator.services import sandbox_services
from agentcli.trace import Recorder, Store
from agentcli.workflows.engine import LocalSagaEngine
from agentcli.workflows.journal import Journal
from sandbox.world import SandboxWorld


class Unrouted(ActionBase):
    """An action the table does not name."""

    action: Literal["unrouted"] = "unrouted"


def test_every_action_but_the_conversational_ones_has_a_route() -> None:
    for name, action_type in ACTION_TYPES.items():
        if action_type.conversational:
            assert action_type not in ROUTES, f"{name} ends the turn; no desk performs it"
        else:
            assert action_type in ROUTES, f"{name} has no desk in agentcli.orchestrator.routes"
    assert set(ROUTES) <= set(ACTION_TYPES.values())


def test_every_write_needs_a_signed_in_customer_or_the_platform_buyer() -> None:
    """A protocol merchant's buyer is the profile the connectors config holds, not a shop
    customer: its desk refuses a checkout when there is none."""
    for action_type, route in ROUTES.items():
        if action_type.effect.value == "write" and route.desk is not MerchantDesk:
            assert route.login, f"{action_type.__name__} would run for nobody"


@pytest.fixture
async def orchestrator(tmp_path: Path) -> AsyncIterator[Orchestrator]:
    store = Store.open(tmp_path / "trace.sqlite")
    store.create_run("ROUTES", command="routes")
    services = sandbox_services(SandboxWorld(tmp_path / "sandbox"))
    journal = Journal(store)
    engine = LocalSagaEngine(journal, Recorder(store, "ROUTES"), services)
    yield Orchestrator(services, engine, journal)
    await services.aclose()
    store.close()


async def test_an_action_without_a_route_is_refused_not_raised(
    orchestrator: Orchestrator,
) -> None:
    observation = await orchestrator.execute(Unrouted(), Conversation(), saga_id="s-1")
    assert not observation.ok
    assert observation.error is not None and observation.error["code"] == "UNSUPPORTED"


async def test_the_route_decides_who_must_sign_in_first(orchestrator: Orchestrator) -> None:
    nobody = Conversation()
    cart = await orchestrator.execute(ViewCart(action="view_cart"), nobody, saga_id="s-1")
    assert cart.error is not None and cart.error["code"] == "NOT_AUTHENTICATED"
    found = await orchestrator.execute(
        SearchProducts(action="search_products", query="notebook"), nobody, saga_id="s-2"
    )
    assert found.ok and found.data
    signed_in = await orchestrator.execute(
        FindUser(action="find_user", email="harper.khan1177@example.com"), nobody, saga_id="s-3"
    )
    assert signed_in.ok and nobody.user_id is not None
    cart = await orchestrator.execute(ViewCart(action="view_cart"), nobody, saga_id="s-4")
    assert cart.ok
