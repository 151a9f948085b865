"""`agentcli experiment SUITES… --variant NAME=OPTIONS…`: the same suites under each variant,
compared with the first."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from agentcli import paths
from agentcli.cli.errors import fail, handled
from agentcli.cli.options import DbOption, JsonOption, db_path
from agentcli.cli.teardown import skip_teardown
from agentcli.cli.test import _Progress
from agentcli.measure.experiment import TABLE, ExperimentReport, run_experiment
from agentcli.measure.figures import label
from agentcli.measure.thresholds import DEFAULTS, Thresholds, from_config, parse_overrides
from agentcli.measure.variants import parse_variant
from agentcli.policy.config import load_policy
from agentcli.render import figures as shown
from agentcli.render.console import terminal_console
from agentcli.safe_text import markup_line
from agentcli.suites.results import TestReport


@handled
def experiment(
    paths_: Annotated[
        list[Path],
        typer.Argument(
            metavar="SUITES…", help="Suite files, or directories searched for *.suite.yaml."
        ),
    ],
    variant: Annotated[
        list[str],
        typer.Option(
            metavar="NAME=OPTIONS",
            help="A variant and how it runs the cases: --prompts V, --planner rules|openai, "
            "--model M, --policy FILE, --faults FILE (empty: as the suites say). At least two; "
            "the first is the baseline.",
        ),
    ],
    keyword: Annotated[
        str | None,
        typer.Option("-k", help="Only cases whose id or tags match, e.g. 'checkout and not slow'."),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "-n",
            "--workers",
            min=1,
            help="Worker processes (default: one per CPU).",
            show_default=False,
        ),
    ] = None,
    threshold: Annotated[
        list[str] | None,
        typer.Option(
            metavar="METRIC=VALUE",
            help="How far a metric may move against the first variant (as for drift).",
        ),
    ] = None,
    junit: Annotated[
        Path | None,
        typer.Option(help="Also write every variant's cases as JUnit XML to this file."),
    ] = None,
    db: DbOption = None,
    json_: JsonOption = False,
) -> None:
    """Run the same suites under each variant (prompts, planner, model, policy, faults) and
    compare them against the first.

    Exit 1 when a variant moved a metric past its threshold against the first, significantly
    at the number of cases; 0 otherwise (failed cases are in the table and the JUnit report).
    """
    from agentcli.suites.loader import load_cases
    from agentcli.suites.select import keyword_filter

    if len(variant) < 2:
        raise fail("give at least two --variant NAME=OPTIONS (the first is the baseline)")
    arms = [parse_variant(text) for text in variant]
    names = [arm.name for arm in arms]
    if len(set(names)) != len(names):
        raise fail(f"variant names must differ: {', '.join(names)}")
    cases = load_cases(paths_)
    if keyword is not None:
        chosen = keyword_filter(keyword)
        cases = [case for case in cases if chosen(case)]
    if not cases:
        raise fail("no cases to run" + (f" match -k {keyword!r}" if keyword else ""))
    config = load_policy(paths.default_policy()).drift
    thresholds = Thresholds(DEFAULTS).with_(from_config(config.thresholds, "[drift.thresholds]"))
    thresholds = thresholds.with_(parse_overrides(threshold or []))
    progress = _Progress(len(cases) * len(arms))
    with progress:
        report = run_experiment(
            cases,
            arms,
            db_path=db_path(db),
            thresholds=thresholds,
            alpha=config.alpha,
            workers=workers,
            on_result=progress.advance,
        )
    if junit is not None:
        from agentcli.suites.junit import write_junit

        every = [r for arm in report.arms for r in arm.report.results]
        write_junit(TestReport(every, sum(a.report.wall for a in report.arms), 1), junit)
    if json_:
        print(json.dumps(report.to_dict(), indent=2))
    else:
        _render(report)
    skip_teardown()
    raise typer.Exit(1 if report.moved else 0)


def _render(report: ExperimentReport) -> None:
    console = terminal_console()
    first = report.arms[0]
    table = Table("metric", *(markup_line(arm.variant.name) for arm in report.arms))
    for arm in report.arms:
        totals = arm.report.totals
        console.print(
            f"[bold]{markup_line(arm.variant.name)}[/] "
            f"{markup_line(arm.variant.options) or '(as the suites say)'}: "
            f"{len(arm.report.results)} cases, {totals.passed} passed, {totals.failed} failed, "
            f"{totals.error} errors, {totals.skipped} skipped"
        )
    for name in TABLE:
        cells = [_cell(first.figures[name].value, name)]
        for arm in report.arms[1:]:
            change = next(c for c in report.changes[arm.variant.name] if c.name == name)
            text = _cell(arm.figures[name].value, name)
            if change.difference is not None:
                text += f"\n[dim]{shown.difference(change)}[/]"
            if change.moved:
                text += " [bold red]MOVED[/]"
            cells.append(text)
        table.add_row(markup_line(label(name)), *cells)
    console.print(table)
    for variant, change in report.moved:
        console.print(
            f"[bold red]{markup_line(variant)}:[/] {markup_line(change.name)} moved from "
            f"{shown.number(change.name, change.baseline.value)} to "
            f"{shown.number(change.name, change.current.value)} against "
            f"{markup_line(first.variant.name)} (threshold {shown.threshold(change)}, "
            f"p={change.p_value:.4f})"
        )
    if not report.moved:
        console.print(
            f"no variant moved a metric past its threshold against {first.variant.name} "
            f"(significance level {report.alpha})"
        )


def _cell(value: float | None, name: str) -> str:
    return shown.number(name, value)
