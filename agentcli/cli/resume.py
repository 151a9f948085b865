"""`agentcli resume`: finish the sagas a crash (or a failed compensation) left unfinished."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from agentcli import paths
from agentcli.cli.connector_options import (
    ConnectorsConfigOption,
    ConnectorsOption,
    connector_choice,
)
from agentcli.cli.errors import handled
from agentcli.cli.options import (
    DbOption,
    JsonOption,
    SandboxOption,
    existing_db,
    sandbox_dir,
)
from agentcli.orchestrator.services import live_services, sandbox_services
from agentcli.policy.config import load_policy
from agentcli.policy.killswitch import KillSwitch
from agentcli.render.console import terminal_console
from agentcli.safe_text import json_text, markup_line, markup_text, terminal_line
from agentcli.trace.store import Store
from agentcli.workflows.recovery import ExchangeTrace, Resumed, resume_sagas, unfinished
from connectors.config import ConnectorsConfig
from sandbox.world import SandboxWorld

COLOURS = {"completed": "green", "compensated": "yellow", "needs_attention": "red"}


@handled
def resume(
    saga: Annotated[
        list[str] | None,
        typer.Argument(
            help="Only these sagas (id or a prefix of one); all unfinished ones by default.",
            show_default=False,
        ),
    ] = None,
    db: DbOption = None,
    sandbox: SandboxOption = None,
    connectors: ConnectorsOption = "sandbox",
    connectors_config: ConnectorsConfigOption = None,
    policy: Annotated[
        Path | None,
        typer.Option(
            help="Policy TOML file: its kill switch is read before every forward step (default: "
            "$AGENTCLI_HOME/policy.toml, else the built-in defaults).",
            show_default=False,
        ),
    ] = None,
    rollback: Annotated[
        bool,
        typer.Option(
            "--rollback",
            help="Compensate sagas that were still going forward instead of "
            "finishing them (a step past the point of no return is still finished).",
        ),
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Only list the unfinished sagas.")
    ] = False,
    json_: JsonOption = False,
) -> None:
    """Drive every saga a crash interrupted to completed or compensated, acting exactly once.

    Steps are sent again with their original idempotency keys, so a vendor that already acted
    replays its answer; the events go into the run that started the saga. While the kill switch
    is on, no step goes forward: sagas are compensated. Exit 1 when a saga still needs an
    operator.
    """
    switch = load_policy(policy or paths.default_policy()).kill_switch.switch()
    path = existing_db(db)
    _, live = connector_choice(connectors, connectors_config, None)
    store = Store.open(path)
    try:
        if dry_run:
            _print_pending(unfinished(store, saga or ()), json_)
            return
        stopped = switch.reason()
        if stopped is not None:
            print(f"{stopped}: sagas are compensated, no forward step is sent", file=sys.stderr)
        outcomes = asyncio.run(
            _resume(store, live, sandbox_dir(sandbox), saga or (), rollback, switch)
        )
    finally:
        store.close()
    _print_outcomes(outcomes, json_)
    if any(o.after not in ("completed", "compensated") for o in outcomes):
        raise typer.Exit(1)


async def _resume(
    store: Store,
    live: ConnectorsConfig | None,
    sandbox: Path,
    saga_ids: list[str] | tuple[()],
    rollback: bool,
    switch: KillSwitch,
) -> list[Resumed]:
    exchanges = ExchangeTrace()
    services = (
        live_services(live, observer=exchanges)
        if live is not None
        else sandbox_services(SandboxWorld(sandbox), observer=exchanges)
    )
    try:
        return await resume_sagas(
            store,
            services,
            saga_ids=saga_ids,
            rollback=rollback,
            exchanges=exchanges,
            kill_switch=switch,
        )
    finally:
        await services.aclose()


def _print_pending(sagas: list[dict[str, Any]], as_json: bool) -> None:
    if as_json:
        print(
            json_text(
                [
                    {k: s[k] for k in ("id", "run_id", "name", "status", "failed_step", "owner")}
                    for s in sagas
                ],
                indent=2,
            )
        )
        return
    if not sagas:
        print("no unfinished sagas")
        return
    for s in sagas:
        print(terminal_line(f"saga {s['id']} ({s['name']}, run {s['run_id']}): {s['status']}"))


def _print_outcomes(outcomes: list[Resumed], as_json: bool) -> None:
    if as_json:
        print(json_text([o.to_dict() for o in outcomes], indent=2, default=str))
        return
    if not outcomes:
        print("no unfinished sagas")
        return
    console = terminal_console()
    for o in outcomes:
        colour = COLOURS.get(o.after, "white")
        line = (
            f"saga {markup_line(o.saga_id)} ({markup_line(o.saga)}, run "
            f"{markup_line(o.run_id)}): {markup_line(o.before)} -> "
            f"[{colour}]{markup_line(o.after)}[/]"
        )
        if o.skipped:
            line += f" [dim](skipped: {markup_line(o.skipped)})[/]"
        console.print(line)
        if o.result is not None and o.result.undone:
            console.print(f"  undone: {markup_line('; '.join(o.result.undone))}")
        if o.result is not None and o.result.operator_message:
            console.print(f"  [bold red]operator:[/] {markup_text(o.result.operator_message)}")
