"""The `--otel-endpoint` and `--otel-project` options of `chat` and `test`: live export."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from agentcli.telemetry.live import LiveRun, SpanQueue

OtelEndpointOption = Annotated[
    str | None,
    typer.Option(
        "--otel-endpoint",
        envvar="AGENTCLI_OTEL_ENDPOINT",
        help="Also send the run's spans to this OTLP/HTTP collector as they close "
        "(needs agentcli[otel]); a collector that is down costs spans, never the run.",
        show_default=False,
    ),
]
OtelProjectOption = Annotated[
    str | None,
    typer.Option(
        "--otel-project",
        envvar="AGENTCLI_OTEL_PROJECT",
        help="The project the exported traces are filed under (Phoenix groups by it).",
        show_default=False,
    ),
]

LIVE_TIMEOUT = 3.0
"""Seconds one send may take: a collector slower than that loses the batch."""


def span_queue(endpoint: str | None, project: str | None) -> SpanQueue | None:
    """A queue whose thread sends to the collector; None without an endpoint."""
    if not endpoint:
        return None
    from agentcli.telemetry.live import SpanQueue
    from agentcli.telemetry.otlp import OtlpSink

    sink = OtlpSink(endpoint, project=project, timeout=LIVE_TIMEOUT)
    return SpanQueue(sink.send)


def live_run(endpoint: str | None, project: str | None) -> LiveRun | None:
    spans = span_queue(endpoint, project)
    if spans is None:
        return None
    from agentcli.telemetry.live import LiveRun

    return LiveRun(spans)


def warn_dropped(live: LiveRun | None) -> None:
    """One line on stderr when spans of the run did not reach the collector."""
    if live is None:
        return
    dropped = sum(live.spans.dropped.values())
    if dropped:
        print(
            f"warning: {dropped} span(s) did not reach the OTLP collector "
            "(counted in the run's metrics; `agentcli export otel RUN` sends them again)",
            file=sys.stderr,
        )
    if live.broken:
        print(f"warning: the run's spans could not all be built: {live.broken}", file=sys.stderr)
