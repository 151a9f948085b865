"""Which processes the crash tests kill: every journal point of every saga, and how to get there.

A scenario is one saga in one served world ("plain": vendors behave; "declined captures" and
"declined changes": the vendor refuses the step that makes the saga compensate), the journal
points to kill at, what each customer says to `agentcli chat`, and the status `agentcli resume`
must bring the saga to. A rollback scenario kills the chat after the capture, then kills
`agentcli resume --rollback` inside the compensations.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from typing import Any

from agentcli.workflows import registry
from agentcli.workflows.saga import journal_points
from tests.reliability.crash import DB_JSON

FIRST_TRIP_DAY = date(2030, 12, 10)
WORLD_FAULTS = {
    "plain": None,
    "declined captures": "rules:\n  - {vendor: pay, endpoint: POST /v1/payment_intents/*/capture,"
    " fault: decline}\n",
    "declined changes": "rules:\n  - {vendor: shop, endpoint: POST /orders/*/payment, fault: "
    "decline}\n  - {vendor: shop, endpoint: POST /orders/*/items, fault: "
    "decline}\n",
}


@dataclass(frozen=True)
class Person:
    user_id: str
    email: str
    card: str
    gift: str | None
    n: int = 0

    def trip_day(self) -> date:
        return FIRST_TRIP_DAY + timedelta(days=2 * self.n)


@cache
def people() -> list[Person]:
    """τ² customers with one credit card and no PayPal; those with a gift card of ≥ $30 first."""
    users = json.loads(DB_JSON.read_text())["users"]
    found = []
    for user_id, user in sorted(users.items()):
        methods = list(user["payment_methods"].values())
        cards = [m["id"] for m in methods if m["source"] == "credit_card"]
        gifts = [m["id"] for m in methods if m["source"] == "gift_card" and m["balance"] >= 30]
        if (
            len(cards) == 1
            and not any(m["source"] == "paypal" for m in methods)
            and len(gifts) <= 1
        ):
            found.append((not gifts, user_id, user["email"], cards[0], gifts[0] if gifts else None))
    return [Person(u, e, c, g, n) for n, (_, u, e, c, g) in enumerate(sorted(found))]


Say = Callable[[Person, Any], list[str]]
Prepare = Callable[[Any, list[Person]], Awaitable[list[Any]]]


@dataclass(frozen=True)
class Scenario:
    saga: str
    world: str
    points: tuple[str, ...]
    final: str
    say: Say
    prepare: str  # a name in crash_setup.PREPARES
    args: tuple[str, ...] = ()
    rollback: bool = False
    needs_gift: bool = False

    @property
    def name(self) -> str:
        kind = "rollback" if self.rollback else self.world
        return f"{self.saga} ({kind}, {self.prepare})"


def _points(saga: str, *, phase: str, steps: tuple[str, ...] = ()) -> tuple[str, ...]:
    chosen = []
    for point in journal_points(registry.sagas()[saga]):
        _, step, where, _ = point.split(":")
        forward = phase == "forward" and where in ("forward", "saga")
        if forward or phase == where == "compensate" and step in steps:
            chosen.append(point)
    return tuple(chosen)


def checkout(p: Person, _: Any) -> list[str]:
    return [f"I'm {p.email}", "checkout with my card", "yes"]


def book(p: Person, _: Any) -> list[str]:
    day = p.trip_day()
    return [
        f"I'm {p.email}",
        f"find a hotel in Paris from {day} to {day + timedelta(days=2)}",
        f"find a flight from NYC to Paris on {day}",
        "book the first hotel and the second flight for 2 travellers with my credit card",
        "yes",
    ]


def cancel_order(p: Person, order_id: Any) -> list[str]:
    return [f"I'm {p.email}", f"cancel order {order_id}, I ordered by mistake", "yes"]


def cancel_bazaar_order(p: Person, order_id: Any) -> list[str]:
    return [f"I'm {p.email}", f"cancel order {order_id}", "I no longer need it", "yes"]


def cancel_booking(p: Person, booking_id: Any) -> list[str]:
    return [f"I'm {p.email}", f"cancel booking {booking_id}", "yes"]


def pay_with_gift(p: Person, order_id: Any) -> list[str]:
    return [f"I'm {p.email}", f"pay order {order_id} with my gift card instead", "yes"]


def to_a4(p: Person, order_id: Any) -> list[str]:
    return [
        f"I'm {p.email}",
        f"change the notebook in order {order_id} to the A4 soft cover one",
        "yes",
    ]


def move_home(p: Person, _: Any) -> list[str]:
    return [f"I'm {p.email}", "change my address to 5 Elm Road, Boston MA 02108", "yes"]


def move_order(p: Person, order_id: Any) -> list[str]:
    return [
        f"I'm {p.email}",
        f"change the address of order {order_id} to 12 Oak St, Apt 3, Austin, TX 78701",
        "yes",
    ]


def return_all(p: Person, order_id: Any) -> list[str]:
    return [
        f"I'm {p.email}",
        f"return everything from order {order_id} to the original payment method",
        "yes",
    ]


CAPTURE_UNDO = ("capture_payment",)
SCENARIOS: tuple[Scenario, ...] = (
    Scenario(
        "place_order",
        "plain",
        _points("place_order", phase="forward"),
        "completed",
        checkout,
        "shop_cart",
    ),
    Scenario(
        "place_order",
        "declined captures",
        _points("place_order", phase="compensate", steps=("create_order", "authorize_payment")),
        "compensated",
        checkout,
        "shop_cart",
    ),
    Scenario(
        "place_order",
        "plain",
        _points("place_order", phase="compensate", steps=CAPTURE_UNDO),
        "compensated",
        checkout,
        "shop_cart",
        rollback=True,
    ),
    Scenario(
        "cancel_order",
        "plain",
        _points("cancel_order", phase="forward"),
        "completed",
        cancel_order,
        "shop_order",
    ),
    Scenario(
        "cancel_order",
        "plain",
        _points("cancel_order", phase="forward"),
        "completed",
        cancel_order,
        "shop_half",
    ),
    Scenario(
        "cancel_bazaar_order",
        "plain",
        _points("cancel_bazaar_order", phase="forward"),
        "completed",
        cancel_bazaar_order,
        "bazaar_half",
    ),
    Scenario(
        "cross_marketplace_order",
        "plain",
        _points("cross_marketplace_order", phase="forward"),
        "completed",
        checkout,
        "both_carts",
    ),
    Scenario(
        "cross_marketplace_order",
        "declined captures",
        _points(
            "cross_marketplace_order",
            phase="compensate",
            steps=("create_bazaar_order", "create_shop_order", "authorize_payment"),
        ),
        "compensated",
        checkout,
        "both_carts",
    ),
    Scenario(
        "cross_marketplace_order",
        "plain",
        _points("cross_marketplace_order", phase="compensate", steps=CAPTURE_UNDO),
        "compensated",
        checkout,
        "both_carts",
        rollback=True,
    ),
    Scenario(
        "book_trip",
        "plain",
        _points("book_trip", phase="forward"),
        "completed",
        book,
        "nothing",
        args=("--approve-all",),
    ),
    Scenario(
        "book_trip",
        "declined captures",
        _points(
            "book_trip",
            phase="compensate",
            steps=("book_trip", "authorize_payment", "hold_flight", "hold_hotel"),
        ),
        "compensated",
        book,
        "nothing",
        args=("--approve-all",),
    ),
    Scenario(
        "book_trip",
        "plain",
        _points("book_trip", phase="compensate", steps=CAPTURE_UNDO),
        "compensated",
        book,
        "nothing",
        args=("--approve-all",),
        rollback=True,
    ),
    Scenario(
        "cancel_booking",
        "plain",
        _points("cancel_booking", phase="forward"),
        "completed",
        cancel_booking,
        "booking",
    ),
    Scenario(
        "modify_order_payment",
        "plain",
        _points("modify_order_payment", phase="forward"),
        "completed",
        pay_with_gift,
        "card_order",
        needs_gift=True,
    ),
    Scenario(
        "modify_order_payment",
        "declined changes",
        _points("modify_order_payment", phase="compensate", steps=("authorize_payment",)),
        "compensated",
        pay_with_gift,
        "card_order",
        needs_gift=True,
    ),
    Scenario(
        "modify_order_items",
        "plain",
        _points("modify_order_items", phase="forward"),
        "completed",
        to_a4,
        "card_order",
    ),
    Scenario(
        "modify_order_items",
        "declined changes",
        _points("modify_order_items", phase="compensate", steps=("authorize_payment",)),
        "compensated",
        to_a4,
        "card_order",
    ),
    Scenario(
        "modify_user_address",
        "plain",
        _points("modify_user_address", phase="forward"),
        "completed",
        move_home,
        "nothing",
    ),
    Scenario(
        "modify_order_address",
        "plain",
        _points("modify_order_address", phase="forward"),
        "completed",
        move_order,
        "card_order",
    ),
    Scenario(
        "return_items",
        "plain",
        _points("return_items", phase="forward"),
        "completed",
        return_all,
        "delivered_order",
    ),
)
