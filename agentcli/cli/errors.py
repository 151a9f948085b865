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

from agentcli.policy.config import PolicyFileError
from agentcli.trace.store import RunNotFound, StoreError

F = TypeVar("F", bound=Callable[..., Any])

USER_ERRORS: tuple[type[BaseException], ...] = (
    StoreError, PolicyFileError, FileNotFoundError, ValueError,
)


def fail(message: str, code: int = 2) -> typer.Exit:
    print(f"error: {message}", file=sys.stderr)
    return typer.Exit(code)


def handled(fn: F) -> F:
    """Run a command; known mistakes print one line to stderr and exit non-zero."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except (typer.Exit, typer.Abort, TyperException):
            raise
        except RunNotFound as exc:
            raise fail(str(exc), 1) from None
        except sqlite3.DatabaseError as exc:
            raise fail(f"the trace database cannot be read: {exc}", 2) from None
        except USER_ERRORS as exc:
            raise fail(str(exc), 2) from None
        except KeyboardInterrupt:
            print("interrupted", file=sys.stderr)
            raise typer.Exit(130) from None
        except Exception as exc:
            if os.environ.get("AGENTCLI_DEBUG"):
                raise
            raise fail(f"unexpected {type(exc).__name__}: {exc} "
                       "(set AGENTCLI_DEBUG=1 for the traceback)", 1) from None

    return wrapper  # type: ignore[return-value]
