"""Exports stored runs (or exported run directories) to an OTLP collector, one trace per run."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agentcli.telemetry.otlp import OtlpSink
from agentcli.telemetry.tree import run_spans
from agentcli.trace.events import TraceEvent
from agentcli.trace.store import Store
from errortree import UserError


@dataclass(frozen=True)
class RunSource:
    """Where a run to export is: an id in the trace database, or an exported run's directory."""

    ref: str
    directory: Path | None = None


@dataclass
class ExportReport:
    """What reached the collector: per run, its trace id and span count; and what did not."""

    exported: list[tuple[str, str, int]] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def select_runs(store: Store | None, refs: Sequence[str], since: float | None) -> list[RunSource]:
    """The runs named (ids, prefixes, `latest`, directories) plus those started since `since`."""
    chosen: list[RunSource] = []
    seen: set[str] = set()
    for ref in refs:
        path = Path(ref)
        if path.is_dir():
            chosen.append(RunSource(str(path), path))
            continue
        if store is None:
            raise UserError(f"{ref!r} is not a run directory, and there is no trace database")
        run_id = store.resolve_run(ref)
        if run_id not in seen:
            seen.add(run_id)
            chosen.append(RunSource(run_id))
    if since is not None and store is not None:
        for run_id in store.run_ids_since(since):
            if run_id not in seen:
                seen.add(run_id)
                chosen.append(RunSource(run_id))
    return chosen


def load_run(store: Store | None, source: RunSource) -> tuple[dict[str, Any], list[TraceEvent]]:
    if source.directory is not None:
        from agentcli.replay.archive import read_trace

        return read_trace(source.directory)
    assert store is not None
    return store.get_run(source.ref), list(store.events(source.ref))


def export_runs(
    store: Store | None,
    sources: Sequence[RunSource],
    sink: OtlpSink,
    *,
    include_content: bool = False,
    on_run: Callable[[str], None] | None = None,
) -> ExportReport:
    """Send each run as one request; a run the collector refuses is reported, the rest go on."""
    report = ExportReport()
    for source in sources:
        run, events = load_run(store, source)
        spans = run_spans(run, events, include_content=include_content)
        if sink.send_run(spans):
            report.exported.append((spans.run_id, spans.trace_id, len(spans.spans)))
        else:
            report.failed.append(spans.run_id)
        if on_run is not None:
            on_run(spans.run_id)
    return report
