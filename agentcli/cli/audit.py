"""`agentcli audit verify`: recompute the hash chain of runs."""

from __future__ import annotations

from typing import Annotated

import typer

from agentcli.cli.errors import handled
from agentcli.cli.options import DbOption, db_path
from agentcli.trace.audit import verify_run
from agentcli.trace.store import Store

app = typer.Typer(help="Check the audit chain of recorded runs.", no_args_is_help=True)


@app.command("verify")
@handled
def verify(
    run: Annotated[str | None, typer.Argument(help="Run id or prefix; all runs when absent.")]
    = None,
    db: DbOption = None,
) -> None:
    """Exit 0 when every chain holds; otherwise name the first broken link and exit 1."""
    path = db_path(db)
    if not path.exists():
        raise FileNotFoundError(f"no trace database at {path}")
    store = Store.open(path)
    run_ids = [store.resolve_run(run)] if run else store.run_ids()
    broken = 0
    for run_id in run_ids:
        report = verify_run(store, run_id)
        if report.ok:
            print(f"ok      {run_id} ({report.events} events)")
        else:
            broken += 1
            print(f"BROKEN  {run_id} at event {report.broken_seq}: {report.reason}")
    if broken:
        raise typer.Exit(1)
