"""The `agentcli` command: one Typer app, one module per command group."""

from __future__ import annotations

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


def main() -> None:
    app()
