"""`agentcli audit verify`: recompute the keyed hash chain of runs and check their sealed heads;
`audit money`: reconcile the books."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from agentcli.cli.connector_options import (
    ConnectorsConfigOption,
    ConnectorsOption,
    connector_choice,
)
from agentcli.cli.errors import handled
from agentcli.cli.options import DbOption, JsonOption, SandboxOption, existing_db, sandbox_dir
from agentcli.replay.archive import read_trace
from agentcli.replay.secretkey import existing_key, load_key
from agentcli.safe_text import json_text, terminal_line
from agentcli.trace.audit import ChainReport, verify_chain
from agentcli.trace.chain import ChainKey, canonical_json
from agentcli.trace.store import Store
from connectors.errors import VendorError

if TYPE_CHECKING:
    from agentcli.audit.books import Books
    from agentcli.audit.money import Violation
    from connectors.config import ConnectorsConfig

#: what the summary calls each vendor's claims (shop orders: those not as pristine data left them)
CLAIMS = {"shop": "shop_orders", "bazaar": "bazaar_orders", "trips": "trip_bookings"}

app = typer.Typer(
    help="Check the audit chain of recorded runs, and reconcile the money.", no_args_is_help=True
)


@app.command("verify")
@handled
def verify(
    run: Annotated[
        str | None,
        typer.Argument(
            help="Run id or prefix, or a directory an exported run was written to; all runs when "
            "absent."
        ),
    ] = None,
    db: DbOption = None,
    key: Annotated[
        Path | None,
        typer.Option(
            "--key",
            help="The secret key file the runs were sealed with (default: "
            "$AGENTCLI_SECRET_KEY, else $AGENTCLI_HOME/secret.key).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Exit 0 when every chain holds; 1 naming, for each run that does not, its first broken or
    missing link; 2 when the input cannot be used."""
    secret = load_key(key) if key is not None else existing_key()
    chain_key = ChainKey(secret) if secret is not None else None
    if run is not None and Path(run).is_dir():
        reports = [_verify_export(Path(run), chain_key)]
    else:
        reports = _verify_database(existing_db(db), run, chain_key)
    if not all(report.ok for report in reports):
        raise typer.Exit(1)


def _verify_database(path: Path, ref: str | None, key: ChainKey | None) -> list[ChainReport]:
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
    rows = (
        {**event.model_dump(mode="json"), "payload": canonical_json(event.payload)}
        for event in events
    )
    return _printed(verify_chain(run, rows, key))


def _printed(report: ChainReport) -> ChainReport:
    if report.ok:
        note = f"; {report.note}" if report.note else ""
        print(
            f"ok      {terminal_line(report.run_id)} ({report.events} events{terminal_line(note)})"
        )
    else:
        where = f" at event {report.broken_seq}" if report.broken_seq is not None else ""
        print(f"BROKEN  {terminal_line(report.run_id)}{where}: {terminal_line(report.reason)}")
    return report


@app.command("money")
@handled
def money(
    sandbox: SandboxOption = None,
    connectors: ConnectorsOption = "sandbox",
    connectors_config: ConnectorsConfigOption = None,
    db: DbOption = None,
    json_: JsonOption = False,
) -> None:
    """Reconcile the vendors' books with the saga journal: exit 0 when they agree, 1 naming
    each violation (rule, vendor, ids), 2 when the books or the journal cannot be read.

    The books are the pay vendor's intents and refunds, the shop's and the bazaar's orders and
    the trip bookings: from the sandbox world's files, or with --connectors live from the
    served vendors' GET /_state.
    """
    from agentcli.audit.journal import audit_with_journal

    _, live = connector_choice(connectors, connectors_config, None)
    if live is not None and sandbox is not None:
        raise typer.BadParameter(
            "reads the sandbox world's files; the live vendors are read over HTTP",
            param_hint="--sandbox",
        )
    path = existing_db(db)
    store = Store.open(path)
    try:
        books = _books(live, sandbox_dir(sandbox))
        violations = audit_with_journal(books, store)
        checkouts = _merchant_checkouts(live, store) if live is not None else None
        sagas = store.db.execute("SELECT COUNT(*) FROM sagas").fetchone()[0]
    finally:
        store.close()
    if checkouts is not None:
        violations += checkouts[1]
    summary = {
        "payments": len(books.payments),
        **{
            CLAIMS[v]: sum(1 for c in books.claims if c.vendor == v)
            for v in books.vendors
            if v in CLAIMS
        },
        **({"merchant_checkouts": checkouts[0]} if checkouts is not None else {}),
        "sagas": sagas,
    }
    if json_:
        print(
            json_text(
                {
                    "ok": not violations,
                    "books": summary,
                    "violations": [v.to_dict() for v in violations],
                },
                indent=2,
            )
        )
    else:
        for violation in violations:
            print(f"VIOLATION  {terminal_line(violation.line())}")
        counted = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in summary.items())
        verdict = "the books agree" if not violations else f"{len(violations)} violation(s)"
        print(f"{verdict} ({counted})")
    if violations:
        raise typer.Exit(1)


def _merchant_checkouts(live: ConnectorsConfig, store: Store) -> tuple[int, list[Violation]] | None:
    """(purchases at the config's protocol merchants, their violations); None without any."""
    import asyncio

    from agentcli.audit.books import BooksUnreadable
    from agentcli.audit.merchant_checkouts import checkout_rules, checkouts_in, merchant_views
    from agentcli.orchestrator.protocol_merchants import ProtocolMerchants

    setup = ProtocolMerchants.from_config(live)
    if not setup.specs:
        return None
    records = checkouts_in(store)

    async def ask() -> dict[Any, Any]:
        merchants, clients = setup.connect(lambda spec: live.client(spec.name))
        try:
            return await merchant_views(merchants, records)
        finally:
            for client in clients.values():
                await client.aclose()

    try:
        views = asyncio.run(ask())
    except VendorError as error:
        raise BooksUnreadable(f"{error.vendor}: {error.message}") from None
    return len(records), checkout_rules(records, views)


def _books(live: ConnectorsConfig | None, sandbox: Path) -> Books:
    """The books of the served vendors, or of the sandbox world's files."""
    if live is not None:
        from agentcli.audit.live import read_live_books

        return read_live_books(live)
    from agentcli.audit.world import read_world_books
    from sandbox.world import SandboxWorld

    return read_world_books(SandboxWorld(sandbox))
