"""The `agentcli` command: one Typer app, one module per command group."""

from __future__ import annotations

import contextlib
import logging
import os
import sys

import typer

from agentcli.cli import audit, conformance, prompts, runs, sandbox, suites
from agentcli.cli.chat import chat
from agentcli.cli.diff import diff
from agentcli.cli.inspect import inspect
from agentcli.cli.metrics import metrics
from agentcli.cli.replay import replay
from agentcli.cli.resume import resume
from agentcli.cli.schema import schema
from agentcli.cli.test import test
from agentcli.cli.worker import worker

app = typer.Typer(
    help="The terminal workbench for AI agents that move money.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.command()(chat)
app.command()(replay)
app.command()(diff)
app.command()(schema)
app.command()(worker)
app.command()(inspect)
app.command()(resume)
app.command("test")(test)
app.command()(metrics)
app.add_typer(runs.app, name="runs")
app.add_typer(audit.app, name="audit")
app.add_typer(sandbox.app, name="sandbox")
app.add_typer(suites.app, name="suites")
app.add_typer(conformance.app, name="conformance")
app.add_typer(prompts.app, name="prompts")


#: Temporal's native bridge; once loaded, its Rust threads may outlive the interpreter
_TEMPORAL_BRIDGE = "temporalio.bridge.temporal_sdk_bridge"


def main() -> None:
    """The console script. After a Temporal command, leave without interpreter teardown.

    The Temporal SDK's Rust threads can call into Python while CPython finalises and kill the
    process with SIGSEGV or SIGABRT after the work is done (temporalio/sdk-python#300), turning
    a clean `agentcli worker` stop into a crash. Everything is written and flushed by then, so
    the process ends with `os._exit` and the command's own exit code.
    """
    try:
        app()
    except SystemExit as done:
        if _TEMPORAL_BRIDGE not in sys.modules:
            raise
        _leave_now(done.code)
    if _TEMPORAL_BRIDGE in sys.modules:
        _leave_now(0)


def _leave_now(code: object) -> None:
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a closed pipe: nothing to save
            stream.flush()
    os._exit(code or 0)
