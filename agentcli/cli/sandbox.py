"""`agentcli sandbox`: the offline vendors' world on disk."""

from __future__ import annotations

from typing import Annotated

import typer

from agentcli.cli.errors import handled
from agentcli.cli.options import SandboxOption, sandbox_dir
from connectors.sandbox.world import SandboxWorld

app = typer.Typer(help="Manage the sandbox vendors' state.", no_args_is_help=True)


@app.command("reset")
@handled
def reset(
    sandbox: SandboxOption = None,
    vendor: Annotated[list[str] | None, typer.Option(help="Only this vendor (repeatable).")]
    = None,
) -> None:
    """Restore the pristine data of every vendor (or of the ones named)."""
    world = SandboxWorld(sandbox_dir(sandbox))
    names = vendor or None
    if names:
        unknown = set(names) - set(world.names)
        if unknown:
            raise typer.BadParameter(f"unknown vendor {', '.join(sorted(unknown))}",
                                     param_hint="--vendor")
    world.reset(names)
    print(f"reset {', '.join(names or world.names)} in {world.root}")
