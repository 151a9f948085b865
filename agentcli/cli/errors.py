"""The one place that turns errors into messages and exit codes.

An `AgentcliError` is one line on stderr and its `exit_code` (2 for a `UserError`); a vendor's
error that reaches a command is one line naming the vendor, exit 1. Anything else is a bug in
agentcli: one line that says so, exit 1, and `AGENTCLI_DEBUG=1` lets the traceback through.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import typer
from typer.exceptions import TyperException

from agentcli.safe_text import terminal_line
from errortree import AgentcliError

F = TypeVar("F", bound=Callable[..., Any])

DEBUG_ENV = "AGENTCLI_DEBUG"

#: sqlite3 errors that mean our own code misused the database, not that the file is bad
_SQLITE_BUGS = (sqlite3.ProgrammingError, sqlite3.InterfaceError, sqlite3.IntegrityError)


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print `error: message` on one line (what it quotes is shown escaped); the exit to raise."""
    print(f"error: {terminal_line(message)}", file=sys.stderr)
    return typer.Exit(code)


def handled(fn: F) -> F:
    """Run a command; an error it lets through becomes one line on stderr and an exit code."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (typer.Exit, typer.Abort, TyperException, BrokenPipeError):
            raise  # a closed stdout ends the command quietly (agentcli.cli.app.main)
        except KeyboardInterrupt:
            print("interrupted", file=sys.stderr)
            raise typer.Exit(130) from None
        except Exception as exc:
            raise _failure(exc) from None

    wrapper.maps_errors = True  # type: ignore[attr-defined]  # (Typer's wrapper copies it)
    return wrapper  # type: ignore[return-value]


def _failure(exc: Exception) -> typer.Exit:
    """The message and exit code for an error a command let through."""
    from connectors.errors import VendorError

    if isinstance(exc, AgentcliError):
        return fail(str(exc), exc.exit_code)
    if isinstance(exc, VendorError):
        return fail(f"{exc.vendor}: {exc.message} ({exc.code.value})", 1)
    if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
        return fail(
            "the trace database stayed locked by another process for longer than "
            "AGENTCLI_DB_TIMEOUT (default 30 s); what this command had not yet saved is "
            "lost (a saga's journal is saved before each vendor call: `agentcli resume` "
            "settles an unfinished one)",
            1,
        )
    if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, _SQLITE_BUGS):
        return fail(f"the trace database cannot be read: {exc}", 2)
    if os.environ.get(DEBUG_ENV):
        raise exc
    return fail(
        f"a bug in agentcli: {type(exc).__name__}: {_first_line(exc)} "
        f"(run again with {DEBUG_ENV}=1 to see the traceback)",
        1,
    )


def _first_line(exc: Exception) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else "(no message)"
