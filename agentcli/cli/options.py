"""Options shared by several commands."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from agentcli import paths
from errortree import UserError

DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        envvar=paths.DB_ENV,
        help="Trace database (default: $AGENTCLI_HOME/traces.sqlite).",
        show_default=False,
    ),
]
SandboxOption = Annotated[
    Path | None,
    typer.Option(
        "--sandbox",
        envvar=paths.SANDBOX_ENV,
        help="Sandbox world directory (default: $AGENTCLI_HOME/sandbox).",
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")]
SelectOption = Annotated[
    str | None,
    typer.Option(
        "--select",
        "-s",
        metavar="SELECTOR",
        help="Only these runs: key:value terms, all of which hold, e.g. 'since:7d planner:openai "
        "outcome:purchase,escalated' (keys: since, until, command, planner, model, prompt, "
        "suite, outcome, status, variant).",
        show_default=False,
    ),
]


def db_path(value: Path | None) -> Path:
    return value or paths.default_db()


def sandbox_dir(value: Path | None) -> Path:
    return value or paths.default_sandbox()


def existing_db(value: Path | None) -> Path:
    """The trace database a command reads; a user error when there is none yet."""
    path = db_path(value)
    if not path.exists():
        raise UserError(f"no trace database at {path} (run `agentcli chat` first)")
    return path
