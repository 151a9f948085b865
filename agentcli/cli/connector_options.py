"""Options that choose how a command reaches the vendors: in-process (with faults) or live."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from agentcli import paths
from errortree import UserError

if TYPE_CHECKING:  # imported when a command chooses (httpx, pydantic: not needed for --help)
    from connectors.config import ConnectorsConfig
    from sandbox.faults import FaultPlan

CONFIG_NAME = "connectors.yaml"

FaultsOption = Annotated[
    Path | None,
    typer.Option(
        "--faults",
        help="A fault plan (YAML) for the in-process sandbox vendors.",
        show_default=False,
    ),
]
ConnectorsOption = Annotated[
    str,
    typer.Option(
        "--connectors",
        help="sandbox (in-process vendors, default) or live (over "
        "sockets to the base URLs of --connectors-config).",
    ),
]
ConnectorsConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--connectors-config",
        help="The connectors config for --connectors live "
        "(default: $AGENTCLI_HOME/connectors.yaml, as `sandbox serve` writes it).",
        show_default=False,
    ),
]


def default_connectors_config() -> Path:
    """Where `sandbox serve` writes, and `--connectors live` reads, the connectors config."""
    return paths.home() / CONFIG_NAME


def connector_choice(
    mode: str, config_path: Path | None, faults: Path | None
) -> tuple[FaultPlan | None, ConnectorsConfig | None]:
    """(fault plan for the in-process vendors, live connectors config): at most one is set."""
    from connectors.config import ConnectorsConfig
    from connectors.harness import load_fault_plan

    if mode not in ("sandbox", "live"):
        raise typer.BadParameter(
            f"unknown connectors {mode!r}; available: sandbox, live", param_hint="--connectors"
        )
    if mode == "sandbox":
        if config_path is not None:
            raise typer.BadParameter("needs --connectors live", param_hint="--connectors-config")
        return (load_fault_plan(faults) if faults else None), None
    if faults is not None:
        raise typer.BadParameter(
            "faults are injected by the vendors' server: give --faults to `agentcli sandbox serve`",
            param_hint="--faults",
        )
    path = config_path or default_connectors_config()
    if config_path is None and not path.exists():
        raise UserError(
            f"no connectors config at {path}: start `agentcli sandbox serve` "
            "first, or give --connectors-config FILE"
        )
    config = ConnectorsConfig.load(path)
    from connectors.ucp.feed import read_feed

    for name, vendor in config.vendors.items():  # a bad product feed is a bad config
        if vendor.catalog is not None:
            read_feed(vendor.catalog, name)
    return None, config
