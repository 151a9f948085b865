"""`agentcli sandbox`: the offline vendors' world on disk."""

from __future__ import annotations

import asyncio
import signal
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from agentcli.cli.connector_options import (
    ConnectorsConfigOption,
    ConnectorsOption,
    FaultsOption,
    connector_choice,
    default_connectors_config,
)
from agentcli.cli.errors import handled
from agentcli.cli.options import SandboxOption, sandbox_dir
from connectors.config import ConnectorsConfig
from connectors.harness import load_fault_plan, sandbox_clients, served_config
from connectors.state import StateExport, export_state, reset_state, state_reader
from sandbox.serve import SandboxServer
from sandbox.world import SandboxWorld

app = typer.Typer(
    help="The sandbox vendors: reset, serve, export their state.", no_args_is_help=True
)


@app.command("reset")
@handled
def reset(
    sandbox: SandboxOption = None,
    vendor: Annotated[list[str] | None, typer.Option(help="Only this vendor (repeatable).")] = None,
    connectors: ConnectorsOption = "sandbox",
    connectors_config: ConnectorsConfigOption = None,
) -> None:
    """Restore the pristine data of every vendor (or of the ones named).

    Live, through each served vendor's admin `POST /_state/reset`.
    """
    _, live = connector_choice(connectors, connectors_config, None)
    if live is not None:
        chosen = tuple(vendor or live.vendors)
        live.require(chosen, "connectors config")
        asyncio.run(_reset_live(live, chosen))
        print(f"reset {', '.join(chosen)} at {', '.join(live.vendors[v].base_url for v in chosen)}")
        return
    world = SandboxWorld(sandbox_dir(sandbox))
    names = vendor or None
    if names:
        unknown = set(names) - set(world.names)
        if unknown:
            raise typer.BadParameter(
                f"unknown vendor {', '.join(sorted(unknown))}", param_hint="--vendor"
            )
    world.reset(names)
    print(f"reset {', '.join(names or world.names)} in {world.root}")


async def _reset_live(live: ConnectorsConfig, vendors: tuple[str, ...]) -> None:
    for name in vendors:
        async with live.client(name) as client:
            await reset_state(state_reader(name, client))


@app.command("serve")
@handled
def serve(
    sandbox: SandboxOption = None,
    port_base: Annotated[
        int, typer.Option(help="Port of the first vendor; the others follow (0: any free ports).")
    ] = 8700,
    faults: FaultsOption = None,
    config_out: Annotated[
        Path | None,
        typer.Option(
            help="Where to write the connectors config (default: $AGENTCLI_HOME/connectors.yaml).",
            show_default=False,
        ),
    ] = None,
    token_ttl: Annotated[
        float, typer.Option(help="Seconds a vendor's Bearer token stays valid.", min=1.0)
    ] = 900.0,
    ucp_data: Annotated[
        Path | None,
        typer.Option(
            help="A directory of UCP sample CSVs (products, inventory, discounts, promotions, "
            "shipping rates, customers, addresses): the UCP merchant starts afresh with this "
            "catalogue (default: the catalogue it has).",
            show_default=False,
        ),
    ] = None,
    ucp_simulation_secret: Annotated[
        str | None,
        typer.Option(
            help="The Simulation-Secret header the UCP merchant's test endpoints "
            "(POST /testing/simulate-shipping/ORDER) require; without one they are off.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Serve every sandbox vendor on 127.0.0.1 until interrupted; write a connectors config."""
    plan = load_fault_plan(faults) if faults else None
    options = {"ucp": {"simulation_secret": ucp_simulation_secret}}
    world = SandboxWorld(sandbox_dir(sandbox), token_ttl=token_ttl, options=options)
    if ucp_data is not None:
        _load_ucp_catalogue(world, ucp_data)
    server = SandboxServer(world, port_base=port_base, faults=plan)
    vendors = server.bind()
    out = config_out or default_connectors_config()
    _with_feeds(served_config(server), world, out).write(
        out,
        comment=f"written by `agentcli sandbox serve` for the sandbox in {world.root}; "
        "use it with --connectors live",
    )
    for served in vendors:
        print(f"{served.name:<8} {served.url}")
    print(f"connectors config: {out}")
    if plan is not None:
        print(f"faults: {len(plan.rules)} rule(s) from {faults}")
    print("serving; Ctrl-C stops", flush=True)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        with server.in_thread():
            while True:
                time.sleep(3600)
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)


def _with_feeds(config: ConnectorsConfig, world: SandboxWorld, out: Path) -> ConnectorsConfig:
    """The config with each served merchant's product feed, written beside it."""
    vendors = dict(config.vendors)
    for name, endpoint in config.vendors.items():
        feed = world.product_feed(name)
        if feed is None:
            continue
        path = out.parent / f"{out.stem}.{name}-products.csv"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(feed, encoding="utf-8")
        except OSError as exc:
            raise typer.BadParameter(
                f"cannot write {path}: {exc.strerror}", param_hint="--config-out"
            ) from None
        vendors[name] = endpoint.model_copy(update={"catalog": Path(path.name)})
    return config.model_copy(update={"vendors": vendors})


def _load_ucp_catalogue(world: SandboxWorld, data: Path) -> None:
    """The UCP merchant's state afresh, with the catalogue in `data` (a bad file: exit 2)."""
    from sandbox.ucp import CatalogueError

    try:
        world.load_data("ucp", data)
    except CatalogueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--ucp-data") from None


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@app.command("state")
@handled
def state(
    sandbox: SandboxOption = None,
    vendor: Annotated[str, typer.Option(help="The vendor whose state to print.")] = "shop",
    hash_: Annotated[
        bool, typer.Option("--hash", help="Print only the SHA-256 of the canonical JSON.")
    ] = False,
    connectors: ConnectorsOption = "sandbox",
    connectors_config: ConnectorsConfigOption = None,
) -> None:
    """Print a vendor's state as canonical JSON (or its SHA-256, as the τ² spec §2 defines)."""
    _, live = connector_choice(connectors, connectors_config, None)
    export = asyncio.run(_export(sandbox_dir(sandbox), vendor, live))
    if hash_:
        print(export.sha256)
    else:
        sys.stdout.write(export.text + "\n")


async def _export(root: Path, vendor: str, live: ConnectorsConfig | None) -> StateExport:
    if live is not None:
        live.require((vendor,), "connectors config")
        client = live.client(vendor)
    else:
        world = SandboxWorld(root)
        if vendor not in world.names:
            raise typer.BadParameter(
                f"unknown vendor {vendor!r}; known: {', '.join(world.names)}", param_hint="--vendor"
            )
        client = sandbox_clients(world, timeout=30.0)[vendor]
    async with client:
        return await export_state(state_reader(vendor, client))
