"""`agentcli diff RUN_A RUN_B`: two runs turn by turn, the first divergence named first."""

from __future__ import annotations

from typing import Annotated

import typer

from agentcli.cli.errors import handled
from agentcli.cli.options import DbOption, JsonOption, existing_db
from agentcli.replay.diff import diff_runs
from agentcli.replay.secretkey import load_key
from agentcli.safe_text import json_text
from agentcli.trace.store import Store


@handled
def diff(
    run_a: Annotated[str, typer.Argument(help="The first run (id, prefix or 'latest').")],
    run_b: Annotated[str, typer.Argument(help="The second run.")],
    db: DbOption = None,
    json_: JsonOption = False,
) -> None:
    """Compare two runs' decisions, actions, vendor calls and outcomes; exit 1 if they differ."""
    path = existing_db(db)
    result = diff_runs(Store.open(path), run_a, run_b, load_key())
    if json_:
        print(json_text(result.to_dict(), indent=2))
    else:
        from agentcli.render.console import terminal_console
        from agentcli.render.replay import print_diff

        print_diff(terminal_console(), result)
    if not result.identical:
        raise typer.Exit(1)
