"""`agentcli runs list|show`: what is in the trace database."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from agentcli.cli.errors import handled
from agentcli.cli.options import DbOption, JsonOption, SelectOption, existing_db
from agentcli.measure.selectors import parse_selector
from agentcli.render.console import terminal_console
from agentcli.safe_text import json_text, markup_line, markup_text
from agentcli.trace.store import Store
from agentcli.workflows.journal import Journal

app = typer.Typer(help="List and show recorded runs.", no_args_is_help=True)


def _when(ts: float | None) -> str:
    if ts is None:
        return "-"
    return dt.datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M:%S")


SAGA_COLOURS = {"completed": "green", "compensated": "yellow", "needs_attention": "bold red"}


def _saga_summary(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "-"


def _print_saga(console: Console, saga: dict[str, Any]) -> None:
    """A saga's state, where it failed, each step's journal row, and what an operator must do."""
    colour = SAGA_COLOURS.get(saga["status"], "magenta")
    line = (
        f"  saga {markup_line(saga['id'])} {markup_line(saga['name'])}: "
        f"[{colour}]{markup_line(saga['status'])}[/]"
    )
    if saga.get("failed_step"):
        why = markup_line((saga["error"] or {}).get("message", ""))
        line += f" (failed at {markup_line(saga['failed_step'])}: {why})"
    console.print(line)
    for step in saga["steps"]:
        tries = f"{step['attempts']} attempt{'s' if step['attempts'] != 1 else ''}"
        console.print(
            f"    {markup_line(step['name']):<20} {step['phase']:<10} "
            f"{step['status']:<10} {tries}"
            f"  [dim]key {markup_line(step['idempotency_key'])}[/]"
        )
    if saga.get("operator_message"):
        console.print(f"    [bold red]operator:[/] {markup_text(saga['operator_message'])}")


def _open(db: Any) -> Store:
    path = existing_db(db)
    return Store.open(path)


@app.command("list")
@handled
def list_runs(
    db: DbOption = None,
    json_: JsonOption = False,
    limit: Annotated[int, typer.Option(min=1, help="How many runs, newest first.")] = 50,
    select: SelectOption = None,
) -> None:
    """The newest runs, one per line."""
    where, params = parse_selector(select or "", option="--select").sql("runs")
    store = _open(db)
    runs = store.list_runs(limit, where, params)
    saga_counts = Journal(store).status_counts([run["id"] for run in runs])
    for run in runs:
        run["sagas"] = saga_counts[run["id"]]
    if json_:
        print(json_text(runs, indent=2, default=str))
        return
    table = Table(
        "run",
        "started",
        "command",
        "planner",
        "status",
        "outcome",
        "turns",
        "writes",
        "events",
        "sagas",
    )
    for run in runs:
        m = run["metrics"]
        table.add_row(
            *(
                markup_line(cell)
                for cell in (
                    run["id"],
                    _when(run["started_at"]),
                    run["command"],
                    run["planner"] or "-",
                    run["status"],
                    run["outcome"] or "-",
                    m.get("turns", "-"),
                    m.get("writes", "-"),
                    run["events"],
                    _saga_summary(run["sagas"]),
                )
            )
        )
    terminal_console().print(table)


@app.command("show")
@handled
def show_run(
    run: Annotated[str, typer.Argument(help="Run id, a unique prefix of one, or 'latest'.")],
    db: DbOption = None,
    json_: JsonOption = False,
) -> None:
    """Every event of one run, in order."""
    store = _open(db)
    run_id = store.resolve_run(run)
    record = store.get_run(run_id)
    events = [e.model_dump(mode="json") for e in store.events(run_id)]
    journal = Journal(store)
    sagas = [{**saga, "steps": journal.steps(saga["id"])} for saga in journal.sagas_of_run(run_id)]
    if json_:
        print(json_text({"run": record, "sagas": sagas, "events": events}, indent=2, default=str))
        return
    console = terminal_console()
    console.print(
        f"[bold]run {markup_line(run_id)}[/] {markup_line(record['command'])} "
        f"planner={markup_line(record['planner'])} "
        f"status={markup_line(record['status'])} "
        f"outcome={markup_line(record['outcome'])}"
    )
    for saga in sagas:
        _print_saga(console, saga)
    for event in events:
        payload = json.dumps(event["payload"], ensure_ascii=False, default=str)
        if len(payload) > 160:
            payload = payload[:157] + "..."
        console.print(f"{event['seq']:>5} {markup_line(event['kind']):<22} {markup_line(payload)}")
