"""What each crash scenario needs before the chat starts: carts, orders, bookings."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import Any

from agentcli.actions.retail import PlaceOrder
from agentcli.actions.travel import BookTrip
from agentcli.conversation import Conversation
from agentcli.orchestrator.dispatch import Orchestrator
from agentcli.orchestrator.services import Services
from agentcli.trace import Recorder, Store
from agentcli.workflows import registry
from agentcli.workflows.engine import LocalSagaEngine
from agentcli.workflows.journal import Journal
from tests.reliability.crash import DB_JSON, NOTEBOOK, Served
from tests.reliability.crash_cases import Person

SETUP_RUN = "SETUP"


class Setup:
    """Live connectors to a served world, and an engine recording into its trace database."""

    def __init__(self, world: Served, services: Services) -> None:
        self.world = world
        self.services = services
        self.store = Store.open(world.db, chain_key=world.chain_key())
        if self.store.db.execute("SELECT 1 FROM runs WHERE id = ?", [SETUP_RUN]).fetchone() is None:
            self.store.create_run(SETUP_RUN, command="test setup")
        journal = Journal(self.store)
        self.engine = LocalSagaEngine(journal, Recorder(self.store, SETUP_RUN), services)
        self.orchestrator = Orchestrator(services, self.engine, journal)
        self.sagas = 0
        self.bazaar_skus: list[str] = []

    async def run(self, saga: str, action: Any, user_id: str) -> dict[str, Any]:
        preview = await self.orchestrator.preview(action, Conversation(user_id=user_id))
        self.sagas += 1
        result = await self.engine.run(
            registry.sagas()[saga], f"{SETUP_RUN}-{self.sagas}", preview.saga_input
        )
        assert result.ok, result
        return result.outputs

    def close(self) -> None:
        self.engine.recorder.flush()
        self.store.close()


async def nothing(setup: Setup, person: Person) -> Any:
    return None


async def shop_cart(setup: Setup, person: Person) -> Any:
    await setup.services.shop.add_to_cart(person.user_id, NOTEBOOK, 1)


async def both_carts(setup: Setup, person: Person) -> Any:
    """A shop notebook and one bazaar notebook (rotating over the listings that have stock)."""
    bazaar = setup.services.bazaar
    assert bazaar is not None
    if not setup.bazaar_skus:
        listings = await bazaar.search_all("notebook")
        setup.bazaar_skus = [x["sku"] for x in listings if x.get("stock", 0) >= 10][:6]
    await shop_cart(setup, person)
    sku = setup.bazaar_skus[person.n % len(setup.bazaar_skus)]
    await bazaar.add_to_cart(person.user_id, sku, 1)


async def card_order(setup: Setup, person: Person) -> Any:
    """A pending order placed through the agent's saga, paid by card through pay."""
    await shop_cart(setup, person)
    outputs = await setup.run(
        "place_order",
        PlaceOrder(action="place_order", payment_method_id=person.card),
        person.user_id,
    )
    return outputs["create_order"]["order_id"]


shop_order = card_order


async def _both_orders(setup: Setup, person: Person) -> dict[str, Any]:
    await both_carts(setup, person)
    return await setup.run(
        "cross_marketplace_order",
        PlaceOrder(action="place_order", payment_method_id=person.card),
        person.user_id,
    )


async def bazaar_half(setup: Setup, person: Person) -> Any:
    """A two-marketplace order placed through the agent: its bazaar order's id."""
    return (await _both_orders(setup, person))["create_bazaar_order"]["order_id"]


async def shop_half(setup: Setup, person: Person) -> Any:
    """A two-marketplace order placed through the agent: its shop order's id."""
    return (await _both_orders(setup, person))["create_shop_order"]["order_id"]


async def booking(setup: Setup, person: Person) -> Any:
    """A trip booked through the agent's saga (the first hotel, the second flight)."""
    trips = setup.services.trips
    assert trips is not None
    day = person.trip_day()
    hotel = (await trips.search_hotels("Paris", day, day + timedelta(days=2), 2))["offers"][0]
    flight = (await trips.search_flights("NYC", "Paris", day, 2))["offers"][1]
    action = BookTrip(
        action="book_trip",
        hotel_offer_id=hotel["offer_id"],
        flight_offer_id=flight["offer_id"],
        travellers=2,
        payment_method_id=person.card,
    )
    return (await setup.run("book_trip", action, person.user_id))["book_trip"]["booking_id"]


def delivered_orders() -> dict[str, str]:
    """Each τ² customer's first delivered order."""
    found: dict[str, str] = {}
    for order in json.loads(DB_JSON.read_text())["orders"].values():
        if order["status"] == "delivered":
            found.setdefault(order["user_id"], order["order_id"])
    return found


async def delivered_order(setup: Setup, person: Person) -> Any:
    return delivered_orders()[person.user_id]


PREPARES: dict[str, Callable[[Setup, Person], Awaitable[Any]]] = {
    f.__name__: f
    for f in (
        nothing,
        shop_cart,
        both_carts,
        card_order,
        booking,
        delivered_order,
        bazaar_half,
        shop_half,
    )
} | {"shop_order": shop_order}
