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
from agentcli.measure.compare import Change
from agentcli.measure.drift import DriftReport, measure_drift
from agentcli.measure.figures import Figure, label
from agentcli.measure.selectors import parse_selector
from agentcli.measure.thresholds import DEFAULTS, Thresholds, from_config, parse_overrides
from agentcli.policy.config import load_policy
from agentcli.render.console import terminal_console
from agentcli.safe_text import markup_line
from agentcli.trace.store import Store

BLOCKS = " ▏▎▍▌▋▊▉█"


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
            _figure(change.baseline),
            _figure(change.current),
            _difference(change),
            "-" if change.p_value is None else f"{change.p_value:.3f}",
            _threshold(change),
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
            f"{_plain(change.baseline)} to {_plain(change.current)} "
            f"(threshold {_threshold(change)}, p={change.p_value:.4f})"
        )
    if not report.moved:
        console.print(f"no metric moved past its threshold (significance level {report.alpha})")


def _plain(figure: Figure) -> str:
    if figure.kind == "mix":
        return f"{sum(figure.mix.values())} actions"
    return _number(figure.name, figure.value)


def _number(name: str, value: float | None) -> str:
    if value is None:
        return "n/a"
    if name.endswith("_s"):
        return f"{value:.2f} s"
    if name.endswith("_ms"):
        return f"{value:.0f} ms"
    if name in ("model_calls", "tokens"):
        return f"{value:.1f}"
    return f"{value:.1%}"


def _figure(figure: Figure) -> str:
    if figure.kind == "mix":
        return f"{sum(figure.mix.values())} actions / {figure.size} runs"
    text = _number(figure.name, figure.value)
    if figure.kind == "rate" and figure.interval is not None:
        low, high = figure.interval
        text += f" [dim]({figure.hits}/{figure.total}, {low:.0%}–{high:.0%})[/]"
    elif figure.values:
        text += f" [dim](n={len(figure.values)})[/]"
    return text


def _difference(change: Change) -> str:
    if change.difference is None:
        return "n/a"
    if change.kind == "mix":
        return f"JS {change.difference:.3f}"
    if change.kind == "rate":
        text, scale, digits = f"{change.difference * 100:+.1f} pts", 100.0, 1
    else:
        text, scale, digits = f"{change.difference:+.2f}", 1.0, 2
    if change.interval is not None:
        low, high = change.interval
        text += f" [dim][{low * scale:+.{digits}f}, {high * scale:+.{digits}f}][/]"
    return text


def _threshold(change: Change) -> str:
    if change.threshold is None:
        return "off"
    if change.kind == "rate":
        return f"{change.threshold * 100:g} pts"
    if change.kind == "mix":
        return f"JS {change.threshold:g}"
    return f"{change.threshold:.0%} relative"


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
                "-" if value is None else f"{_bar(value / scale, 6)} {_number(name, value)}"
            )
        chart.add_row(
            _when(bucket.start, report.bucket_seconds),
            f"{_bar(bucket.runs / busiest, 6)} {bucket.runs}",
            *cells,
        )
    return chart


def _bar(fraction: float, width: int) -> str:
    eighths = round(max(0.0, min(1.0, fraction)) * width * 8)
    full, part = divmod(eighths, 8)
    return ("█" * full + (BLOCKS[part] if part else "")).ljust(width)


def _when(ts: float, bucket: float) -> str:
    moment = dt.datetime.fromtimestamp(ts)
    return moment.strftime("%Y-%m-%d" if bucket >= 86400 else "%m-%d %H:%M")
