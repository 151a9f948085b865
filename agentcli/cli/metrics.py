"""`agentcli metrics`: how the agent does over stored runs, with a small chart over time."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated

import typer
from rich.table import Table

from agentcli.cli.errors import handled
from agentcli.cli.options import DbOption, JsonOption, SelectOption, existing_db
from agentcli.measure.selectors import parse_selector
from agentcli.render.console import terminal_console
from agentcli.suites.metrics import MetricsReport, compute_metrics, parse_since
from agentcli.trace.store import Store

BLOCKS = " ▏▎▍▌▋▊▉█"
LABELS = {
    "conversion_rate": "conversion rate (runs ending in a purchase)",
    "first_contact_resolution": "first-contact resolution (no escalation, error or stuck saga)",
    "average_handle_time_s": "average handle time",
    "escalation_rate": "escalation rate",
    "compensation_rate": "compensation rate (sagas undone or stuck)",
    "invalid_output_rate": "invalid model output rate (per planner output)",
    "action_precision": "action precision against suite expectations",
    "action_recall": "action recall against suite expectations",
}


@handled
def metrics(
    since: Annotated[
        str | None,
        typer.Option(help="Only runs since then: 7d, 24h, 30m, or a date like 2026-11-01."),
    ] = None,
    command: Annotated[
        str | None, typer.Option(help="Only runs of this command (chat, test, replay…).")
    ] = None,
    select: SelectOption = None,
    db: DbOption = None,
    json_: JsonOption = False,
) -> None:
    """Conversion, resolution, handle time, escalations, compensations, invalid output and
    action precision/recall over the stored runs."""
    chosen = parse_selector(select, option="--select") if select else None
    path = existing_db(db)
    start = parse_since(since) if since else None
    store = Store.open(path)
    try:
        report = compute_metrics(store, since=start, command=command, selector=chosen)
    finally:
        store.close()
    if json_:
        print(json.dumps(report.to_dict(), indent=2))
        return
    _render(report)


def _render(report: MetricsReport) -> None:
    console = terminal_console()
    total = report.total
    console.print(
        f"[bold]{total.runs} runs[/]" + (f" since {_when(report.since)}" if report.since else "")
    )
    table = Table("metric", "value", show_header=False, box=None, pad_edge=False)
    for key, label in LABELS.items():
        table.add_row(label, _value(key, getattr(total, key)))
    if total.cases_scored:
        table.add_row("suite cases scored for precision/recall", str(total.cases_scored))
    console.print(table)
    if len(report.buckets) > 1:
        console.print()
        console.print(_chart(report))


def _chart(report: MetricsReport) -> Table:
    chart = Table(
        "from",
        "runs",
        "conversion",
        "escalation",
        "compensation",
        title="over time",
        title_justify="left",
        box=None,
    )
    for column in chart.columns:
        column.no_wrap = True
    busiest = max(f.runs for _, f in report.buckets) or 1
    for start, figures in report.buckets:
        chart.add_row(
            _when(start, report.bucket_seconds, short=True),
            f"{_bar(figures.runs / busiest, 6)} {figures.runs}",
            _rate_bar(figures.conversion_rate),
            _rate_bar(figures.escalation_rate),
            _rate_bar(figures.compensation_rate),
        )
    return chart


def _bar(fraction: float, width: int) -> str:
    eighths = round(max(0.0, min(1.0, fraction)) * width * 8)
    full, part = divmod(eighths, 8)
    return ("█" * full + (BLOCKS[part] if part else "")).ljust(width)


def _rate_bar(rate: float | None) -> str:
    return "-" if rate is None else f"{_bar(rate, 6)} {rate:4.0%}"


def _value(key: str, value: float | None) -> str:
    if value is None:
        return "n/a"
    if key == "average_handle_time_s":
        return f"{value:.2f} s"
    return f"{value:.1%}"


def _when(ts: float | None, bucket: float = 86400.0, short: bool = False) -> str:
    if ts is None:
        return "-"
    moment = dt.datetime.fromtimestamp(ts)
    if bucket >= 86400:
        return moment.strftime("%Y-%m-%d")
    return moment.strftime("%m-%d %H:%M" if short else "%Y-%m-%d %H:%M")
