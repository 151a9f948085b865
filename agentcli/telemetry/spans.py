"""The spans of a run as plain data: what `tree` builds and `otlp` sends."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from agentcli.trace.redact import redact_text

Scalar = str | bool | int | float
Attribute = Scalar | Sequence[str] | Sequence[int] | Sequence[float] | Sequence[bool]


class SpanKind(StrEnum):
    INTERNAL = "internal"
    CLIENT = "client"


@dataclass
class SpanEvent:
    name: str
    ts: float
    attributes: dict[str, Attribute] = field(default_factory=dict)


@dataclass
class Span:
    """One span; times are the recorded epoch seconds, `error` its status description."""

    name: str
    span_id: str
    parent_id: str | None
    start: float
    end: float
    kind: SpanKind = SpanKind.INTERNAL
    attributes: dict[str, Attribute] = field(default_factory=dict)
    events: list[SpanEvent] = field(default_factory=list)
    error: str | None = None

    def set(self, name: str, value: Any) -> None:
        """Set an attribute when `value` is one OTLP can carry (None is left out)."""
        kept = attribute(value)
        if kept is not None:
            self.attributes[name] = kept

    def event(self, name: str, ts: float, **attributes: Any) -> None:
        kept = {k: a for k, v in attributes.items() if (a := attribute(v)) is not None}
        self.events.append(SpanEvent(name, ts, kept))

    def reach(self, ts: float) -> None:
        self.start, self.end = min(self.start, ts), max(self.end, ts)


@dataclass(frozen=True)
class RunSpans:
    """Every span of one run, under the trace id its vendor calls carried."""

    run_id: str
    trace_id: str
    spans: list[Span]


def attribute(value: Any) -> Attribute | None:
    """`value` as an OTLP attribute value, text masked as the trace masks it (None: left out)."""
    if value is None:
        return None
    if isinstance(value, str):
        return redact_text(value)
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        return [redact_text(v) for v in value]
    if isinstance(value, list | tuple) and all(
        isinstance(v, int | float) and not isinstance(v, bool) for v in value
    ):
        return list(value)
    return redact_text(json.dumps(value, ensure_ascii=False, sort_keys=True, default=str))
