"""`agentcli conformance`: replay reference benchmarks' gold actions against the sandbox."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from agentcli.cli.connector_options import (
    ConnectorsConfigOption,
    ConnectorsOption,
    connector_choice,
)
from agentcli.cli.errors import handled
from agentcli.cli.options import JsonOption
from agentcli.conformance.tau2_retail import (
    BUNDLED_EXPECTED,
    BUNDLED_TASKS,
    Report,
    TaskResult,
    check_task_ids,
    load_expected,
    load_tasks,
    run_conformance,
)

app = typer.Typer(help="Check the sandbox against reference benchmarks.", no_args_is_help=True)


@app.command("tau2-retail")
@handled
def tau2_retail(
    tasks: Annotated[
        Path | None,
        typer.Option(
            help="A τ² tasks.json (default: the bundled one, train split).", show_default=False
        ),
    ] = None,
    task: Annotated[
        list[str] | None, typer.Option(help="Only this task id (repeatable).", show_default=False)
    ] = None,
    expected: Annotated[
        Path | None,
        typer.Option(
            help="Expected hashes (default without --tasks: the bundled gold_hashes_train.json).",
            show_default=False,
        ),
    ] = None,
    json_: JsonOption = False,
    connectors: ConnectorsOption = "sandbox",
    connectors_config: ConnectorsConfigOption = None,
    quirk: Annotated[
        bool,
        typer.Option(
            "--quirk/--no-quirk",
            help="Reproduce τ²'s multi-item modify_pending_order_items quirk "
            "(spec §3; the default, so every task can match); --no-quirk runs the shop agents "
            "meet, where tasks with such a call deviate.",
        ),
    ] = True,
    allow_deviation: Annotated[
        bool,
        typer.Option(
            "--allow-deviation",
            help="A deviation (a multi-item modify task whose hash differs "
            "because the shop did not reproduce the quirk) does not fail the run.",
        ),
    ] = False,
) -> None:
    """Run each task's gold actions on pristine shop data; print hashes, failures, verdicts.

    Exit 1 when a task fails, or deviates without --allow-deviation. Live, the served shop
    (which never reproduces the quirk) is reset before every task and keeps the last task's
    state.
    """
    _, live = connector_choice(connectors, connectors_config, None)
    all_tasks = load_tasks(tasks or BUNDLED_TASKS)
    expected_path = expected or (BUNDLED_EXPECTED if tasks is None else None)
    initial, expectations = load_expected(expected_path) if expected_path else (None, None)
    chosen = list(
        task
        or (
            sorted(expectations, key=_order)
            if expectations and tasks is None
            else sorted(all_tasks, key=_order)
        )
    )
    check_task_ids(all_tasks, chosen)
    printer = None if json_ else _print_row
    if printer is not None:
        print(f"{'task':>5}  {'final state hash':<64}  {'result':<9}  failed actions")
    report = asyncio.run(
        run_conformance(all_tasks, chosen, expectations, on_task=printer, live=live, quirk=quirk)
    )
    if json_:
        document = {
            "initial_hash": report.initial_hash,
            "expected_initial_hash": initial,
            "summary": report.summary(),
            "tasks": [t.to_dict() for t in report.tasks],
        }
        print(json.dumps(document, indent=2))
    else:
        _print_summary(report, initial)
    if not report.ok(allow_deviation) or (initial is not None and initial != report.initial_hash):
        raise typer.Exit(1)


def _order(task_id: str) -> tuple[int, str]:
    return (int(task_id), "") if task_id.isdigit() else (sys.maxsize, task_id)


def _print_row(result: TaskResult) -> None:
    failed = ", ".join(result.failed_actions) or "-"
    print(f"{result.task_id:>5}  {result.hash}  {result.result:<9}  {failed}")
    if result.result in ("fail", "deviation"):
        print(f"{'':>5}  expected {result.expected_hash}: {result.note}")


def _print_summary(report: Report, initial: str | None) -> None:
    counts = report.summary()
    parts = [
        f"{counts['pass']} pass",
        f"{counts['deviation']} deviation(s)",
        f"{counts['fail']} fail",
    ]
    if counts["unchecked"]:
        parts.append(f"{counts['unchecked']} without an expected hash")
    pristine = (
        ""
        if initial is None
        else (
            "; pristine hash matches"
            if initial == report.initial_hash
            else f"; pristine hash {report.initial_hash} differs from {initial}"
        )
    )
    print(f"{len(report.tasks)} tasks: {', '.join(parts)}{pristine}")
