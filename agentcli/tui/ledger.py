"""The saga ledger at one point of a run, folded from the saga's events up to that point."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, assert_never

from agentcli.trace import events as ev
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


LEDGER_KINDS = (
    ev.SagaStarted,
    ev.SagaResumed,
    ev.SagaFinished,
    ev.StepStarted,
    ev.StepSucceeded,
    ev.StepFailed,
    ev.CompensationStarted,
    ev.CompensationSucceeded,
    ev.CompensationFailed,
)
"""The event models a saga's ledger is folded from; any other event leaves it as it was."""


def fold(events: Iterable[EventRow]) -> SagaLedger | None:
    """The ledger after the given events of one saga (in seq order); None without a start."""
    ledger: SagaLedger | None = None
    for event in events:
        p = event.typed()
        if not isinstance(p, LEDGER_KINDS):
            continue
        if isinstance(p, ev.SagaStarted):
            ledger = SagaLedger(str(p.saga_id), str(p.saga), planned=_names(p.steps))
        if ledger is None:
            continue
        ledger.as_of_seq = event.seq
        phase = "compensate" if event.kind.startswith("compensation") else "forward"
        match p:
            case ev.SagaStarted() | ev.SagaResumed():
                pass
            case ev.SagaFinished():
                ledger.status = str(p.status)
            case ev.StepStarted() | ev.CompensationStarted():
                step = ledger.step(str(p.step), phase)
                step.status = "started"
                given = p.attempt if isinstance(p.attempt, int) else None
                step.attempts = given or step.attempts + 1
                step.idempotency_key = p.idempotency_key
                step.irreversible = bool(p.irreversible)
            case ev.StepFailed() | ev.CompensationFailed():
                step = ledger.step(str(p.step), phase)
                error = p.error if isinstance(p.error, dict) else {}
                step.error = f"{error.get('code', '')}: {error.get('message', '')}".strip(": ")
                step.status = "retrying" if p.will_retry else "failed"
            case ev.StepSucceeded() | ev.CompensationSucceeded():
                step = ledger.step(str(p.step), phase)
                step.status = "succeeded"
                step.error = None
                step.result = p.result
            case _:
                assert_never(p)
    return ledger


def _names(steps: Any) -> list[str]:
    """The planned step names (an odd payload's steps read as none)."""
    return list(steps) if isinstance(steps, list) else []
