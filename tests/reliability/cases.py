"""The fault matrix: every step (and compensation) of every saga × every way a call can fail."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from connectors.sandbox.faults import FaultRule

FAULTS: dict[str, dict[str, Any]] = {
    "5xx": {"fault": "status", "status": 503},
    "5xx_after_commit": {"fault": "status", "status": 502, "when": "after"},
    "timeout_before_commit": {"fault": "timeout", "hang": 0.001},
    "timeout_after_commit": {"fault": "timeout", "when": "after", "hang": 0.001},
    "connection_reset": {"fault": "reset"},
    "connection_reset_after_commit": {"fault": "reset", "when": "after"},
    "429": {"fault": "status", "status": 429, "retry_after": 0},
    "decline": {"fault": "decline"},
}
"""How a call fails, as fault-plan rules of the sandbox's fault injection."""

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
    #: a fault that makes the saga reach this compensation (a decline further on)
    trigger: tuple[FaultRule, ...] = ()


DECLINED_CAPTURE = FaultRule(vendor="pay", endpoint="POST /v1/payment_intents/*/capture",
                             fault="decline")
LOST_CAPTURES = FaultRule(vendor="pay", endpoint="POST /v1/payment_intents/*/capture",
                          fault="timeout", when="after", hang=0.001)

TARGETS: tuple[Target, ...] = (
    Target("place_order", "authorize_payment", "forward", "pay", "POST /v1/payment_intents"),
    Target("place_order", "create_order", "forward", "shop", "POST /orders"),
    Target("place_order", "check_stock", "forward", "shop", "GET /items/*"),
    Target("place_order", "capture_payment", "forward", "pay",
           "POST /v1/payment_intents/*/capture"),
    Target("place_order", "capture_payment", "compensate", "pay", "POST /v1/refunds",
           (LOST_CAPTURES,)),
    Target("place_order", "create_order", "compensate", "shop", "POST /orders/*/cancel",
           (DECLINED_CAPTURE,)),
    Target("place_order", "authorize_payment", "compensate", "pay",
           "POST /v1/payment_intents/*/cancel", (DECLINED_CAPTURE,)),
    Target("cancel_order", "cancel_order", "forward", "shop", "POST /orders/*/cancel"),
    Target("cancel_order", "refund_payment", "forward", "pay", "POST /v1/refunds"),
)


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
        return f"{t.saga}-{t.step}-{t.phase}-{what}"


def fault_cases() -> list[Case]:
    cases = []
    for target in TARGETS:
        for fault, spec in FAULTS.items():
            for mode, count in MODES.items():
                rule = FaultRule(vendor=target.vendor, endpoint=target.endpoint, count=count,
                                 **spec)
                cases.append(Case(target, fault, mode, (*target.trigger, rule)))
    return cases


def stock_race_cases() -> list[Case]:
    create = TARGETS[1]
    check = TARGETS[2]
    race = FaultRule(vendor="shop", endpoint="POST /orders", fault="stock_race", count=1)
    return [
        Case(create, "stock_race", "once", (race,)),
        Case(check, "stock_race", "once", scenario="stock_race_after_create"),
    ]


ALL_CASES = fault_cases() + stock_race_cases()
