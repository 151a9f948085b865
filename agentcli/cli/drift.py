"""`agentcli drift`: did the agent's behaviour move between two populations of runs?"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from agentcli import paths
from agentcli.cli.errors import handled
from agentcli.cli.options import DbOption, JsonOption, existing_db
from agentcli.measure.drift import DriftReport, measure_drift
from agentcli.measure.figures import label
from agentcli.measure.selectors import parse_selector
from agentcli.measure.thresholds import DEFAULTS, Thresholds, from_config, parse_overrides
from agentcli.policy.config import load_policy
from agentcli.render import figures as shown
from agentcli.render.console import terminal_console
from agentcli.safe_text import markup_line
from agentcli.trace.store import Store


@handled
def drift(
    baseline: Annotated[
        str,
        typer.Option(
            metavar="SELECTOR", help="The runs to compare against, e.g. 'until:7d suite:checkout'."
        ),
    ],
    current: Annotated[
        str, typer.Option(metavar="SELECTOR", help="The runs to judge, e.g. 'since:7d'.")
    ],
    threshold: Annotated[
        list[str] | None,
        typer.Option(
            metavar="METRIC=VALUE",
            help="How far a metric may move: 0.05 or 5% (points for rates), a relative change "
            "for medians and means, off to never alarm. Repeatable.",
        ),
    ] = None,
    min_runs: Annotated[
        int | None,
        typer.Option(min=2, help="Fewest runs each side needs (default: policy file, 5)."),
    ] = None,
    policy: Annotated[
        Path | None,
        typer.Option(
            help="Policy file whose [drift] section sets thresholds (default: "
            "$AGENTCLI_HOME/policy.toml, else the built-in defaults).",
            show_default=False,
        ),
    ] = None,
    db: DbOption = None,
    json_: JsonOption = False,
) -> None:
    """Compare two populations of runs metric by metric; exit 1 when one moved past its
    threshold, significantly at their sizes."""
    first = parse_selector(baseline, option="--baseline")
    second = parse_selector(current, option="--current")
    config = load_policy(policy or paths.default_policy()).drift
    thresholds = Thresholds(DEFAULTS).with_(from_config(config.thresholds, "[drift.thresholds]"))
    thresholds = thresholds.with_(parse_overrides(threshold or []))
    store = Store.open(existing_db(db))
    try:
        report = measure_drift(
            store,
            first,
            second,
            thresholds,
            min_runs=min_runs or config.min_runs,
            alpha=config.alpha,
        )
    finally:
        store.close()
    if json_:
        print(json.dumps(report.to_dict(), indent=2))
    else:
        _render(report)
    raise typer.Exit(1 if report.moved else 0)


def _render(report: DriftReport) -> None:
    console = terminal_console()
    console.print(
        f"[bold]baseline[/] {markup_line(report.baseline.text or 'every run')}: "
        f"{report.baseline_runs} runs   [bold]current[/] "
        f"{markup_line(report.current.text or 'every run')}: {report.current_runs} runs"
    )
    table = Table("metric", "baseline", "current", "change [95% interval]", "p", "threshold", "")
    quiet_intents = 0
    for change in report.changes:
        if change.name.startswith("action_mix:") and not change.moved and not change.difference:
            quiet_intents += 1
            continue
        table.add_row(
            markup_line(label(change.name)),
            shown.figure(change.baseline),
            shown.figure(change.current),
            shown.difference(change),
            "-" if change.p_value is None else f"{change.p_value:.3f}",
            shown.threshold(change),
            "[bold red]MOVED[/]" if change.moved else "",
        )
    console.print(table)
    if quiet_intents:
        console.print(f"[dim]{quiet_intents} intents with the same action mix on both sides[/]")
    if len(report.series) > 1:
        console.print(_chart(report))
    for change in report.moved:
        console.print(
            f"[bold red]drift:[/] {markup_line(change.name)} moved from "
            f"{shown.plain(change.baseline)} to {shown.plain(change.current)} "
            f"(threshold {shown.threshold(change)}, p={change.p_value:.4f})"
        )
    for change in report.changes:
        size = change.size_of_change
        if (
            not change.moved
            and change.p_value is not None
            and change.threshold is not None
            and size
            and size >= change.threshold
        ):
            console.print(
                f"[yellow]not yet significant:[/] {markup_line(change.name)} from "
                f"{shown.plain(change.baseline)} to {shown.plain(change.current)}, but "
                f"{change.baseline.size} vs {change.current.size} are too few to tell it from "
                f"noise (p={change.p_value:.3f})"
            )
    if not report.moved:
        console.print(f"no metric moved past its threshold (significance level {report.alpha})")


def _chart(report: DriftReport) -> Table:
    names = list(report.series[0].values)
    chart = Table("from", "runs", *names, title="over time", title_justify="left", box=None)
    for column in chart.columns:
        column.no_wrap = True
    busiest = max(b.runs for b in report.series) or 1
    highest = {n: max((b.values[n] or 0.0) for b in report.series) or 1.0 for n in names}
    for bucket in report.series:
        cells = []
        for name in names:
            value = bucket.values[name]
            scale = 1.0 if name.endswith("rate") or ":" in name else highest[name]
            cells.append(
                "-"
                if value is None
                else f"{shown.bar(value / scale, 6)} {shown.number(name, value)}"
            )
        chart.add_row(
            _when(bucket.start, report.bucket_seconds),
            f"{shown.bar(bucket.runs / busiest, 6)} {bucket.runs}",
            *cells,
        )
    return chart


def _when(ts: float, bucket: float) -> str:
    moment = dt.datetime.fromtimestamp(ts)
    return moment.strftime("%Y-%m-%d" if bucket >= 86400 else "%m-%d %H:%M")
