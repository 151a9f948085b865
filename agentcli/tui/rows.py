"""Plain records the inspector reads from the trace: events and run summaries."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from agentcli.trace.events import MODELS, AnyPayload, read_payload


@dataclass(frozen=True)
class EventRow:
    """One stored event, payload decoded."""

    seq: int
    kind: str
    ts: float
    span_id: str
    parent_span_id: str | None
    payload: dict[str, Any] = field(default_factory=dict)

    def typed(self) -> AnyPayload | None:
        """The payload as its kind's model; None for a kind this version does not know."""
        return self._typed

    @cached_property
    def _typed(self) -> AnyPayload | None:
        # read once per row: the timeline asks for it on every repaint
        return read_payload(self.kind, self.payload) if self.kind in MODELS else None


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
    #: the experiment variant it was recorded under (`agentcli experiment`)
    variant: str | None = None

    @property
    def planner_model(self) -> str:
        return f"{self.planner or '-'}{'/' + self.model if self.model else ''}"

    def figure(self, name: str) -> str:
        value = self.metrics.get(name)
        return "-" if value is None else str(value)
