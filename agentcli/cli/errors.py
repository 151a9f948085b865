"""The one place that turns errors into messages and exit codes."""

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

F = TypeVar("F", bound=Callable[..., Any])


def user_errors() -> tuple[type[BaseException], ...]:
    """The errors that are the user's mistake: one line, exit 2 (imported only on an error)."""
    from agentcli.policy.config import PolicyFileError
    from agentcli.trace.store import StoreError

    return StoreError, PolicyFileError, FileNotFoundError, ValueError


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print `error: message` on one line (what it quotes is shown escaped); the exit to raise."""
    print(f"error: {terminal_line(message)}", file=sys.stderr)
    return typer.Exit(code)


def handled(fn: F) -> F:
    """Run a command; known mistakes print one line to stderr and exit non-zero."""

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

    return wrapper  # type: ignore[return-value]


def _failure(exc: Exception) -> typer.Exit:
    """The message and exit code for an error a command let through."""
    from agentcli.trace.store import RunNotFound
    from netpolicy import NetworkBlocked

    if isinstance(exc, RunNotFound | NetworkBlocked):
        return fail(str(exc), 1)
    if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
        return fail("the trace database stayed locked by another process for longer than "
                    "AGENTCLI_DB_TIMEOUT (default 30 s); what this command had not yet saved is "
                    "lost (a saga's journal is saved before each vendor call: `agentcli resume` "
                    "settles an unfinished one)", 1)
    if isinstance(exc, sqlite3.DatabaseError):
        return fail(f"the trace database cannot be read: {exc}", 2)
    if isinstance(exc, user_errors()):
        return fail(str(exc), 2)
    if os.environ.get("AGENTCLI_DEBUG"):
        raise exc
    return fail(f"unexpected {type(exc).__name__}: {exc} "
                "(set AGENTCLI_DEBUG=1 for the traceback)", 1)
