"""Plain records the inspector reads from the trace: events and run summaries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class EventRow:
    """One stored event, payload decoded."""

    seq: int
    kind: str
    ts: float
    span_id: str
    parent_span_id: str | None
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class RunSummary:
    """One line of the runs table."""

    id: str
    started_at: float
    finished_at: float | None
    status: str
    command: str
    planner: str | None
    model: str | None
    prompt_version: str | None
    parent_run: str | None
    outcome: str | None
    metrics: dict[str, Any]
    events: int

    @property
    def planner_model(self) -> str:
        return f"{self.planner or '-'}{'/' + self.model if self.model else ''}"

    def figure(self, name: str) -> str:
        value = self.metrics.get(name)
        return "-" if value is None else str(value)
