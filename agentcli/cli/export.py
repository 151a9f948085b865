"""`agentcli export otel`: recorded runs as OpenTelemetry traces, sent to any OTLP collector."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from typing import Annotated

import typer

from agentcli.cli.errors import fail, handled
from agentcli.cli.options import DbOption, JsonOption, db_path
from agentcli.safe_text import json_text, terminal_line

app = typer.Typer(
    help="Send recorded runs to other tools: OpenTelemetry collectors (Phoenix, Jaeger, …).",
    no_args_is_help=True,
)


@app.command("otel")
@handled
def otel(
    runs: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="[RUN]…",
            help="Run ids, prefixes, `latest`, or exported run directories.",
            show_default=False,
        ),
    ] = None,
    endpoint: Annotated[
        str,
        typer.Option(
            envvar="AGENTCLI_OTEL_ENDPOINT",
            help="The collector's OTLP/HTTP base URL, e.g. http://127.0.0.1:6006 "
            "(/v1/traces is added).",
        ),
    ] = "",
    since: Annotated[
        str | None,
        typer.Option(help="Also every run since then: 7d, 24h, 30m, or a date like 2026-11-01."),
    ] = None,
    project: Annotated[
        str | None,
        typer.Option(
            envvar="AGENTCLI_OTEL_PROJECT",
            help="The project the traces are filed under (Phoenix's openinference.project.name).",
            show_default=False,
        ),
    ] = None,
    header: Annotated[
        list[str] | None,
        typer.Option(
            "--header", help="A header for the collector, K=V (repeatable).", show_default=False
        ),
    ] = None,
    include_content: Annotated[
        bool,
        typer.Option(
            "--include-content",
            help="Also send prompts, completions, tool arguments and results (masked as "
            "the trace masks them).",
        ),
    ] = False,
    db: DbOption = None,
    json_: JsonOption = False,
) -> None:
    """Send runs to an OpenTelemetry collector as OTLP traces (GenAI semantic conventions)."""
    if not endpoint:
        raise fail("give the collector with --endpoint URL (or AGENTCLI_OTEL_ENDPOINT)")
    if not runs and since is None:
        raise fail("name the runs to export (an id, a prefix, latest) or give --since")
    headers = _headers(header or [])
    from agentcli.suites.metrics import parse_since
    from agentcli.telemetry.export import export_runs, select_runs
    from agentcli.telemetry.otlp import OtlpSink
    from agentcli.trace.store import Store

    start = parse_since(since) if since else None
    path = db_path(db)
    store = Store.open(path) if path.exists() else None
    try:
        sources = select_runs(store, runs or [], start)
        if not sources:
            print("no runs to export", file=sys.stderr)
            return
        sink = OtlpSink(endpoint, project=project, headers=headers)
        with _progress(len(sources)) as advance:
            report = export_runs(
                store, sources, sink, include_content=include_content, on_run=advance
            )
        sink.close()
    finally:
        if store is not None:
            store.close()
    if json_:
        rows = [{"run": r, "trace_id": t, "spans": n} for r, t, n in report.exported]
        print(json_text({"exported": rows, "failed": report.failed}, indent=2))
    else:
        for run_id, trace_id, count in report.exported:
            print(f"{run_id}  trace {trace_id}  {count} spans")
    spans = sum(n for _, _, n in report.exported)
    print(
        f"exported {len(report.exported)} run(s), {spans} spans, to {terminal_line(sink.url)}",
        file=sys.stderr,
    )
    if report.failed:
        raise fail(
            f"the collector at {sink.url} did not take {len(report.failed)} run(s) "
            f"({', '.join(report.failed[:3])}{'…' if len(report.failed) > 3 else ''}); "
            "is it running?",
            1,
        )


def _headers(pairs: list[str]) -> dict[str, str]:
    headers: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise fail(f"--header {pair!r}: give it as NAME=VALUE")
        headers[name.strip()] = value.strip()
    return headers


@contextlib.contextmanager
def _progress(total: int) -> Iterator[Callable[[str], None]]:
    """A progress bar on stderr for more than one run (nothing for one, or off a terminal)."""
    if total <= 1 or not sys.stderr.isatty():
        yield lambda _run_id: None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("exporting runs", total=total)
        yield lambda _run_id: bar.advance(task)
