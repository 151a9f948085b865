"""The `agentcli` command: one Typer app, one module per command group."""

from __future__ import annotations

import contextlib
import logging
import os
import sys

import typer

from agentcli.cli import teardown
from agentcli.cli.commands import ABOUT, version_line
from agentcli.cli.commands import COMMANDS as TABLE
from agentcli.cli.lazy import lazy_group

#: {name: "module:attribute"}, in the order `agentcli --help` lists them (see cli.commands)
COMMANDS = {name: command.target for name, command in TABLE.items()}

app = typer.Typer(
    cls=lazy_group(COMMANDS),
    help=ABOUT,
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _show_version(asked: bool) -> None:
    if asked:
        print(version_line())
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", help="Show the version and exit.", is_eager=True, callback=_show_version
    ),
) -> None:
    """The group itself does nothing; its commands are loaded on demand (agentcli.cli.lazy)."""


#: Temporal's native bridge; once loaded, its Rust threads may outlive the interpreter
_TEMPORAL_BRIDGE = "temporalio.bridge.temporal_sdk_bridge"


def main() -> None:
    """The console script. After a Temporal command, leave without interpreter teardown.

    The Temporal SDK's Rust threads can call into Python while CPython finalises and kill the
    process with SIGSEGV or SIGABRT after the work is done (temporalio/sdk-python#300), turning
    a clean `agentcli worker` stop into a crash. Everything is written and flushed by then, so
    the process ends with `os._exit` and the command's own exit code. So does a command that
    asked to skip teardown (`agentcli.cli.teardown`).
    """
    # httpx imports its own command line (rich, pygments, click: ~70 ms) when it can; nothing
    # here uses it, so it is marked absent for this process and httpx falls back to a stub
    sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
    try:
        app()
    except BrokenPipeError:  # the reader left (`| head`): nothing to say, nobody to say it to
        _leave_now(OUTPUT_CLOSED)
    except SystemExit as done:
        if _TEMPORAL_BRIDGE not in sys.modules and not teardown.skipped():
            raise
        _leave_now(done.code)
    if _TEMPORAL_BRIDGE in sys.modules or teardown.skipped():
        _leave_now(0)


#: the exit code when stdout was closed before everything was written, as click uses
OUTPUT_CLOSED = 1


def _leave_now(code: object) -> None:
    if code is not None and not isinstance(code, int):
        if sys.stderr is not None:
            print(code, file=sys.stderr)
        code = 1
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing to save
            if stream is not None:  # None: started with that descriptor closed
                stream.flush()
    os._exit(code or 0)
