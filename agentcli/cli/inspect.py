"""`agentcli inspect`: the Textual inspector over the trace database."""

from __future__ import annotations

from typing import Annotated

import typer

from agentcli.cli.errors import handled
from agentcli.cli.options import DbOption, existing_db
from errortree import UserError


@handled
def inspect(
    run: Annotated[
        str | None,
        typer.Argument(
            help="Run id, unique prefix or 'latest' to open; without it, the list of runs."
        ),
    ] = None,
    diff: Annotated[
        str | None, typer.Option("--diff", metavar="RUN_B", help="Open RUN and RUN_B side by side.")
    ] = None,
    follow: Annotated[
        bool,
        typer.Option(
            "--follow", help="Follow RUN (default: the latest run) while it is being recorded."
        ),
    ] = False,
    db: DbOption = None,
) -> None:
    """Step through runs: decisions, vendor calls, saga steps and compensations."""
    from agentcli.tui.app import create_app  # textual loads only for this command

    path = existing_db(db)
    if diff and not run:
        raise UserError("--diff RUN_B needs a RUN to compare it with")
    create_app(path, run, diff=diff, follow=follow).run()
