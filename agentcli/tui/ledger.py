"""The saga ledger at one point of a run, folded from the saga's events up to that point."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from agentcli.tui.rows import EventRow


@dataclass
class LedgerStep:
    """One step or compensation of a saga as far as the run had got."""

    name: str
    phase: str  # "forward" or "compensate"
    status: str = "started"
    attempts: int = 0
    idempotency_key: str | None = None
    irreversible: bool = False
    error: str | None = None
    result: Any = None


@dataclass
class SagaLedger:
    saga_id: str
    name: str
    status: str = "running"
    planned: list[str] = field(default_factory=list)
    steps: list[LedgerStep] = field(default_factory=list)
    as_of_seq: int = 0

    def step(self, name: str, phase: str) -> LedgerStep:
        for existing in self.steps:
            if existing.name == name and existing.phase == phase:
                return existing
        created = LedgerStep(name, phase)
        self.steps.append(created)
        return created


def fold(events: Iterable[EventRow]) -> SagaLedger | None:
    """The ledger after the given events of one saga (in seq order); None without a start."""
    ledger: SagaLedger | None = None
    for event in events:
        p = event.payload
        if event.kind == "saga_started":
            ledger = SagaLedger(
                str(p.get("saga_id")), str(p.get("saga")), planned=list(p.get("steps") or [])
            )
        if ledger is None:
            continue
        ledger.as_of_seq = event.seq
        if event.kind == "saga_finished":
            ledger.status = str(p.get("status"))
            continue
        if event.kind == "saga_started":
            continue
        phase = "compensate" if event.kind.startswith("compensation") else "forward"
        step = ledger.step(str(p.get("step")), phase)
        state = event.kind.rsplit("_", 1)[1]
        step.status = state
        if state == "started":
            step.attempts = int(p.get("attempt") or step.attempts + 1)
            step.idempotency_key = p.get("idempotency_key")
            step.irreversible = bool(p.get("irreversible"))
        elif state == "failed":
            error = p.get("error") or {}
            step.error = f"{error.get('code', '')}: {error.get('message', '')}".strip(": ")
            if p.get("will_retry"):
                step.status = "retrying"
        else:
            step.error = None
            step.result = p.get("result")
    return ledger
