"""`agentcli test PATH…`: run conversation suites; exit 0 all pass, 1 failures, 2 usage errors."""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from agentcli.cli.connector_options import (
    ConnectorsConfigOption,
    ConnectorsOption,
    connector_choice,
)
from agentcli.cli.errors import fail, handled
from agentcli.cli.options import DbOption, JsonOption, db_path
from agentcli.cli.otel_options import OtelEndpointOption, OtelProjectOption, span_queue
from agentcli.cli.teardown import skip_teardown
from agentcli.safe_text import json_text, terminal_line

if TYPE_CHECKING:  # the run's machinery is imported when a run starts, not for --help
    from agentcli.suites.results import CaseResult, TestReport
    from agentcli.telemetry.live import SpanQueue
    from connectors.config import ConnectorsConfig


@handled
def test(
    paths_: Annotated[
        list[Path],
        typer.Argument(
            metavar="PATH…", help="Suite files, or directories searched for *.suite.yaml."
        ),
    ],
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
    keyword: Annotated[
        str | None,
        typer.Option("-k", help="Only cases whose id or tags match, e.g. 'checkout and not slow'."),
    ] = None,
    junit: Annotated[
        Path | None, typer.Option("--junit", help="Also write a JUnit XML report to this file.")
    ] = None,
    json_: JsonOption = False,
    db: DbOption = None,
    connectors: ConnectorsOption = "sandbox",
    connectors_config: ConnectorsConfigOption = None,
    otel_endpoint: OtelEndpointOption = None,
    otel_project: OtelProjectOption = None,
) -> None:
    """Run conversation suites: each case a real agent loop on a fresh sandbox world.

    With --connectors live the cases run one at a time against the served vendors, each
    after resetting them to pristine data; cases with their own fault plan are skipped.
    """
    _, live = connector_choice(connectors, connectors_config, None)
    from agentcli.suites.live import FAULTS_SKIPPED
    from agentcli.suites.loader import SuiteError, load_cases
    from agentcli.suites.parallel import default_workers, run_cases
    from agentcli.suites.select import SelectError, keyword_filter

    try:
        cases = load_cases(paths_)
        if keyword is not None:
            chosen = keyword_filter(keyword)
            cases = [case for case in cases if chosen(case)]
    except (SuiteError, SelectError) as error:
        for line in str(error).splitlines():
            _err(f"error: {line}")
        raise typer.Exit(2) from None
    if not cases:
        raise fail(
            "no cases to run"
            + (
                f" match -k {keyword!r}"
                if keyword
                else " (no *.suite.yaml files under the paths given)"
            )
        )
    if live is not None:
        _check_served(live)
    trace = db_path(db)
    spans = span_queue(otel_endpoint, otel_project)  # a bad endpoint fails before any case
    progress = _Progress(len(cases))
    with progress:
        report = run_cases(
            cases,
            db_path=trace,
            workers=workers or default_workers(),
            on_result=progress.advance,
            live=live,
        )
    if spans is not None:
        _export(report, trace, spans)
    skipped = sum(1 for r in report.results if r.message == FAULTS_SKIPPED)
    if skipped:
        report.warnings.append(f"{skipped} case(s) skipped: {FAULTS_SKIPPED}")
    hint = "agentcli inspect {run}" + (f" --db {trace}" if db is not None else "")
    _publish(report, junit, json_, hint)
    skip_teardown()  # the runs are stored, the files closed, the reports out
    raise typer.Exit(0 if report.totals.ok else 1)


def _export(report: TestReport, trace: Path, spans: SpanQueue) -> None:
    """Send every case's run to the collector; what it did not take is a warning."""
    from agentcli.telemetry.live import send_stored
    from agentcli.trace.store import Store

    run_ids = [r.run_id for r in report.results if r.run_id]
    store = Store.open(trace)
    try:
        send_stored(store, run_ids, spans)
    finally:
        store.close()
    dropped = sum(spans.dropped[run_id] for run_id in run_ids)
    if dropped:
        report.warnings.append(
            f"{dropped} span(s) did not reach the OTLP collector (counted in each run's metrics)"
        )


def _check_served(live: ConnectorsConfig) -> None:
    """Reset the served vendors once up front: a wrong config fails here, not in every case."""
    from agentcli.suites.live import LiveVendors

    vendors = LiveVendors(live)
    try:
        vendors.reset()  # a vendor that is not served raises LiveVendorError: a user error
    finally:
        vendors.close()


def _publish(report: TestReport, junit: Path | None, as_json: bool, hint: str) -> None:
    """Write the reports; a problem here is reported but never changes the exit code."""
    if junit is not None:
        from agentcli.suites.junit import write_junit

        try:
            write_junit(report, junit)
        except OSError as exc:
            report.warnings.append(f"could not write the JUnit report {junit}: {exc}")
    if sys.stdout is None:  # started with stdout closed
        return _warn_all(report)
    try:
        if as_json:
            sys.stdout.write(json_text(report.to_dict(), indent=2) + "\n")
        else:
            _render(report, hint)
        sys.stdout.flush()
    except (OSError, ValueError):
        _silence_stdout()
    _warn_all(report)


def _warn_all(report: TestReport) -> None:
    for warning in report.warnings:
        _err(f"warning: {warning}")


def _render(report: TestReport, hint: str) -> None:
    from rich.table import Table

    from agentcli.render.console import terminal_console
    from agentcli.safe_text import markup_line, markup_text
    from agentcli.suites.report import failure_text
    from agentcli.suites.results import Totals

    console = terminal_console()
    for result in report.results:
        if not result.ok:
            console.print(f"[red]{markup_text(failure_text(result, inspect=hint))}[/]\n")
    table = Table(
        "suite",
        "cases",
        "passed",
        "failed",
        "error",
        "skipped",
        "pass rate",
        "time",
        title="agentcli test",
        title_justify="left",
    )
    suites: dict[str, list[CaseResult]] = {}
    for result in report.results:
        suites.setdefault(result.suite, []).append(result)
    for name, results in suites.items():
        totals = Totals.of(results)
        table.add_row(
            markup_line(name),
            str(len(results)),
            str(totals.passed),
            _red(totals.failed),
            _red(totals.error),
            str(totals.skipped),
            _percent(totals.pass_rate),
            f"{sum(r.duration for r in results):.2f}s",
        )
    console.print(table)
    totals = report.totals
    rate = len(report.results) / report.wall if report.wall else 0.0
    verdict = "[green]passed[/]" if totals.ok else "[red]FAILED[/]"
    console.print(
        f"{verdict}: {totals.passed} passed ({_percent(totals.pass_rate)}), "
        f"{totals.failed} failed, "
        f"{totals.error} errors, {totals.skipped} skipped in {report.wall:.2f}s "
        f"({rate:.{0 if rate >= 10 else 1}f} cases/s, {report.workers} worker"
        f"{'s' if report.workers != 1 else ''}); runs in {report.db_path}"
    )


def _percent(rate: float | None) -> str:
    """'99.7%', or '-' when no case ran; never rounded up to 100% while one failed."""
    if rate is None:
        return "-"
    shown = f"{rate * 100:.1f}"
    return ("99.9" if shown == "100.0" and rate < 1 else shown) + "%"


def _red(count: int) -> str:
    return f"[red]{count}[/]" if count else "0"


class _Progress:
    """A progress bar on stderr when it is a terminal; silent otherwise."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.failed = 0
        self.shown = 0.0
        self.enabled = _maybe_terminal()
        if not self.enabled:
            return  # rich is not even imported
        from rich.console import Console

        console = Console(stderr=True)
        self.enabled = console.is_terminal
        if not self.enabled:
            return
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        self.bar = Progress(
            TextColumn("[bold]testing"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[failed]} failed"),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            auto_refresh=False,
        )
        self.task = self.bar.add_task("cases", total=total, failed=0)

    def __enter__(self) -> _Progress:
        if self.enabled:
            self._safely(self.bar.start)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.enabled:
            self._safely(self.bar.stop)

    def advance(self, result: CaseResult) -> None:
        self.failed += not result.ok
        if not self.enabled:
            return
        self.bar.update(self.task, advance=1, failed=self.failed)
        now = time.monotonic()
        if now - self.shown > 0.05:
            self.shown = now
            self._safely(self.bar.refresh)

    def _safely(self, action: Callable[[], object]) -> None:
        try:
            action()
        except (OSError, ValueError):
            self.enabled = False


def _maybe_terminal() -> bool:
    """False when rich would certainly find stderr no terminal (no tty, nothing forcing one)."""
    forced = any(os.environ.get(name) for name in ("FORCE_TERMINAL", "TTY_COMPATIBLE"))
    try:
        return forced or (sys.stderr is not None and sys.stderr.isatty())
    except (OSError, ValueError):
        return forced


def _err(message: str) -> None:
    """One line on stderr; what it quotes from suites and runs is shown escaped."""
    if sys.stderr is not None:
        with contextlib.suppress(OSError, ValueError):
            print(terminal_line(message), file=sys.stderr)


def _silence_stdout() -> None:
    """stdout is gone (closed pipe, full disk): send the rest to /dev/null so the interpreter's
    final flush cannot turn the exit code into an I/O error."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass
