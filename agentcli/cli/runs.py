"""`agentcli runs list|show`: what is in the trace database."""

from __future__ import annotations

import datetime as dt
import json
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from agentcli.cli.errors import handled
from agentcli.cli.options import DbOption, JsonOption, db_path
from agentcli.trace.store import Store

app = typer.Typer(help="List and show recorded runs.", no_args_is_help=True)


def _when(ts: float | None) -> str:
    if ts is None:
        return "-"
    return dt.datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M:%S")


def _open(db: Any) -> Store:
    path = db_path(db)
    if not path.exists():
        raise FileNotFoundError(f"no trace database at {path} (run `agentcli chat` first)")
    return Store.open(path)


@app.command("list")
@handled
def list_runs(
    db: DbOption = None,
    json_: JsonOption = False,
    limit: Annotated[int, typer.Option(min=1, help="How many runs, newest first.")] = 50,
) -> None:
    """The newest runs, one per line."""
    store = _open(db)
    runs = store.list_runs(limit)
    if json_:
        print(json.dumps(runs, indent=2, default=str))
        return
    table = Table("run", "started", "command", "planner", "status", "outcome", "turns",
                  "writes", "events")
    for run in runs:
        m = run["metrics"]
        table.add_row(run["id"], _when(run["started_at"]), run["command"], run["planner"] or "-",
                      run["status"], run["outcome"] or "-", str(m.get("turns", "-")),
                      str(m.get("writes", "-")), str(run["events"]))
    Console(soft_wrap=True).print(table)


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
    sagas = [dict(r) for r in store.db.query(
        "SELECT id, name, status, error FROM sagas WHERE run_id = ? ORDER BY created_at", [run_id])]
    if json_:
        print(json.dumps({"run": record, "sagas": sagas, "events": events}, indent=2,
                         default=str))
        return
    console = Console(soft_wrap=True, highlight=False)
    console.print(f"[bold]run {run_id}[/] {record['command']} planner={record['planner']} "
                  f"status={record['status']} outcome={record['outcome']}")
    for saga in sagas:
        console.print(f"  saga {saga['id']} {saga['name']}: {saga['status']}")
    for event in events:
        payload = json.dumps(event["payload"], ensure_ascii=False, default=str)
        if len(payload) > 160:
            payload = payload[:157] + "..."
        console.print(f"{event['seq']:>5} {event['kind']:<22} {escape(payload)}")
