"""`agentcli audit verify`: recompute the keyed hash chain of runs and check their sealed heads."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from agentcli.cli.errors import handled
from agentcli.cli.options import DbOption, db_path
from agentcli.replay.archive import read_trace
from agentcli.replay.secretkey import existing_key, load_key
from agentcli.trace.audit import ChainReport, verify_chain
from agentcli.trace.chain import ChainKey, canonical_json
from agentcli.trace.store import Store

app = typer.Typer(help="Check the audit chain of recorded runs.", no_args_is_help=True)


@app.command("verify")
@handled
def verify(
    run: Annotated[str | None, typer.Argument(
        help="Run id or prefix, or a directory an exported run was written to; all runs when "
             "absent.")] = None,
    db: DbOption = None,
    key: Annotated[Path | None, typer.Option(
        "--key", help="The secret key file the runs were sealed with (default: "
                      "$AGENTCLI_SECRET_KEY, else $AGENTCLI_HOME/secret.key).",
        show_default=False)] = None,
) -> None:
    """Exit 0 when every chain holds; 1 naming, for each run that does not, its first broken or
    missing link; 2 when the input cannot be used."""
    secret = load_key(key) if key is not None else existing_key()
    chain_key = ChainKey(secret) if secret is not None else None
    if run is not None and Path(run).is_dir():
        reports = [_verify_export(Path(run), chain_key)]
    else:
        reports = _verify_database(db_path(db), run, chain_key)
    if not all(report.ok for report in reports):
        raise typer.Exit(1)


def _verify_database(path: Path, ref: str | None, key: ChainKey | None) -> list[ChainReport]:
    if not path.exists():
        raise FileNotFoundError(f"no trace database at {path}")
    store = Store.open(path)
    reports = []
    try:
        since = store.chain_heads_since()
        for run_id in [store.resolve_run(ref)] if ref else store.run_ids():
            run, rows = store.chain_of(run_id)
            reports.append(_printed(verify_chain(run, rows, key, sealed_since=since)))
    finally:
        store.close()
    return reports


def _verify_export(directory: Path, key: ChainKey | None) -> ChainReport:
    run, events = read_trace(directory)
    rows = ({**event.model_dump(mode="json"), "payload": canonical_json(event.payload)}
            for event in events)
    return _printed(verify_chain(run, rows, key))


def _printed(report: ChainReport) -> ChainReport:
    if report.ok:
        note = f"; {report.note}" if report.note else ""
        print(f"ok      {report.run_id} ({report.events} events{note})")
    else:
        where = f" at event {report.broken_seq}" if report.broken_seq is not None else ""
        print(f"BROKEN  {report.run_id}{where}: {report.reason}")
    return report
