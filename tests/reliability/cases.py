"""The fault matrix: every step (and compensation) of every saga × every way a call can fail."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sandbox.faults import FaultRule

FAULTS: dict[str, dict[str, Any]] = {
    "5xx": {"fault": "status", "status": 503},
    "5xx_after_commit": {"fault": "status", "status": 502, "when": "after"},
    "timeout_before_commit": {"fault": "timeout", "hang": 0.001},
    "timeout_after_commit": {"fault": "timeout", "when": "after", "hang": 0.001},
    "connection_reset": {"fault": "reset", "when": "after"},
    "429": {"fault": "status", "status": 429, "retry_after": 0},
    "decline": {"fault": "decline"},
}
"""How a call fails, as rules of the sandbox's fault plans (a reset drops the connection after
the vendor acted; a timeout or 5xx comes before or after it commits)."""

MODES = {"once": 1, "always": None}
"""A fault that hits the first matching call only, or every one until the plan is lifted."""


@dataclass(frozen=True)
class Target:
    """Where a fault hits: one step (or its compensation) and the vendor endpoint it calls."""

    saga: str
    step: str
    phase: str
    vendor: str
    endpoint: str
    #: faults that make the saga reach this compensation (a decline further on)
    trigger: tuple[FaultRule, ...] = ()
    #: matching calls to let through first (the second of two holds)
    skip: int = 0
    #: how the world is prepared, when not as the saga's name says (runner.SETUPS)
    setup: str | None = None


def _rule(vendor: str, endpoint: str, **spec: Any) -> FaultRule:
    return FaultRule(vendor=vendor, endpoint=endpoint, **spec)


CAPTURE = "POST /v1/payment_intents/*/capture"
DECLINED_CAPTURE = (_rule("pay", CAPTURE, fault="decline"),)
LOST_CAPTURES = (_rule("pay", CAPTURE, fault="timeout", when="after", hang=0.001),)
AUTHORIZE, VOID, REFUND = (
    "POST /v1/payment_intents",
    "POST /v1/payment_intents/*/cancel",
    "POST /v1/refunds",
)


def _checkout(saga: str, orders: list[tuple[str, str, str, str]]) -> list[Target]:
    """authorise → create each order → re-check stock → capture, and their compensations."""
    forward = [Target(saga, "authorize_payment", "forward", "pay", AUTHORIZE)]
    undo = []
    for step, vendor, create, cancel in orders:
        forward.append(Target(saga, step, "forward", vendor, create))
        undo.insert(0, Target(saga, step, "compensate", vendor, cancel, DECLINED_CAPTURE))
    forward += [
        Target(saga, "check_stock", "forward", "shop", "GET /items/*"),
        Target(saga, "capture_payment", "forward", "pay", CAPTURE),
    ]
    return [
        *forward,
        Target(saga, "capture_payment", "compensate", "pay", REFUND, LOST_CAPTURES),
        *undo,
        Target(saga, "authorize_payment", "compensate", "pay", VOID, DECLINED_CAPTURE),
    ]


TARGETS: tuple[Target, ...] = (
    *_checkout("place_order", [("create_order", "shop", "POST /orders", "POST /orders/*/cancel")]),
    Target("cancel_order", "cancel_order", "forward", "shop", "POST /orders/*/cancel"),
    Target("cancel_order", "refund_payment", "forward", "pay", REFUND),
    *_checkout(
        "cross_marketplace_order",
        [
            ("create_shop_order", "shop", "POST /orders", "POST /orders/*/cancel"),
            ("create_bazaar_order", "bazaar", "POST /v2/orders", "POST /v2/orders/*/cancel"),
        ],
    ),
    Target("book_trip", "hold_hotel", "forward", "trips", "POST /v1/holds"),
    Target("book_trip", "hold_flight", "forward", "trips", "POST /v1/holds", skip=1),
    Target("book_trip", "authorize_payment", "forward", "pay", AUTHORIZE),
    Target("book_trip", "book_trip", "forward", "trips", "POST /v1/bookings"),
    Target("book_trip", "capture_payment", "forward", "pay", CAPTURE),
    Target("book_trip", "capture_payment", "compensate", "pay", REFUND, LOST_CAPTURES),
    Target(
        "book_trip",
        "book_trip",
        "compensate",
        "trips",
        "POST /v1/bookings/*/cancel",
        DECLINED_CAPTURE,
    ),
    Target("book_trip", "authorize_payment", "compensate", "pay", VOID, DECLINED_CAPTURE),
    Target(
        "book_trip", "hold_flight", "compensate", "trips", "DELETE /v1/holds/*", DECLINED_CAPTURE
    ),
    Target(
        "book_trip",
        "hold_hotel",
        "compensate",
        "trips",
        "DELETE /v1/holds/*",
        DECLINED_CAPTURE,
        skip=1,
    ),
    Target("cancel_booking", "check_terms", "forward", "trips", "GET /v1/bookings/*/cancellation"),
    Target("cancel_booking", "cancel_booking", "forward", "trips", "POST /v1/bookings/*/cancel"),
    Target("cancel_booking", "refund_payment", "forward", "pay", REFUND),
    Target("modify_order_payment", "authorize_payment", "forward", "pay", AUTHORIZE),
    Target("modify_order_payment", "switch_payment", "forward", "shop", "POST /orders/*/payment"),
    Target("modify_order_payment", "capture_payment", "forward", "pay", CAPTURE),
    Target("modify_order_payment", "refund_previous", "forward", "pay", REFUND),
    Target(
        "modify_order_payment",
        "authorize_payment",
        "compensate",
        "pay",
        VOID,
        (_rule("shop", "POST /orders/*/payment", fault="decline"),),
    ),
    Target("modify_order_items", "authorize_payment", "forward", "pay", AUTHORIZE),
    Target("modify_order_items", "modify_items", "forward", "shop", "POST /orders/*/items"),
    Target("modify_order_items", "capture_difference", "forward", "pay", CAPTURE),
    Target(
        "modify_order_items",
        "authorize_payment",
        "compensate",
        "pay",
        VOID,
        (_rule("shop", "POST /orders/*/items", fault="decline"),),
    ),
    Target("return_items", "request_return", "forward", "shop", "POST /orders/*/return"),
    Target("cancel_bazaar_order", "cancel_order", "forward", "bazaar", "POST /v2/orders/*/cancel"),
    Target("cancel_bazaar_order", "refund_payment", "forward", "pay", REFUND),
    Target(
        "cancel_order",
        "cancel_order",
        "forward",
        "shop",
        "POST /orders/*/cancel",
        setup="cancel_shop_part",
    ),
    Target("cancel_order", "refund_payment", "forward", "pay", REFUND, setup="cancel_shop_part"),
)

BOTH_MODES = {"place_order", "cancel_order"}
"""Sagas tried with faults that hit once (retries absorb them) as well as always."""


@dataclass(frozen=True)
class Case:
    target: Target
    fault: str
    mode: str
    rules: tuple[FaultRule, ...] = field(default=())
    #: a special scenario instead of a fault rule ("stock_race_after_create")
    scenario: str | None = None

    @property
    def id(self) -> str:
        t = self.target
        what = self.scenario or f"{self.fault}-{self.mode}"
        saga = t.setup or t.saga
        return f"{saga}-{t.step}-{t.phase}-{what}"


def fault_cases() -> list[Case]:
    cases = []
    for target in TARGETS:
        modes = MODES if target.saga in BOTH_MODES and not target.setup else {"always": None}
        for fault, spec in FAULTS.items():
            for mode, count in modes.items():
                rule = _rule(target.vendor, target.endpoint, count=count, skip=target.skip, **spec)
                cases.append(Case(target, fault, mode, (*target.trigger, rule)))
    return cases


def stock_race_cases() -> list[Case]:
    create = TARGETS[1]
    check = TARGETS[2]
    race = _rule("shop", "POST /orders", fault="stock_race", count=1)
    return [
        Case(create, "stock_race", "once", (race,)),
        Case(check, "stock_race", "once", scenario="stock_race_after_create"),
    ]


ALL_CASES = fault_cases() + stock_race_cases()
