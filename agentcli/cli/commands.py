"""Every `agentcli` command: where it lives and its one-line help, without importing Typer.

The table feeds the lazy command group (a module is imported only when its command runs) and
the static `agentcli --help`, which is printed before Typer is even imported. A test keeps each
summary equal to the first line of the command's own help.
"""

from __future__ import annotations

from typing import NamedTuple

from agentcli import __version__

ABOUT = "The terminal workbench for AI agents that move money."


class Command(NamedTuple):
    """A command's "module:attribute" (a function, or a Typer app of subcommands) and summary."""

    target: str
    summary: str


#: in the order `agentcli --help` lists them
COMMANDS: dict[str, Command] = {
    "chat": Command(
        "agentcli.cli.chat:chat",
        "Hold a shopping session with the agent; reads lines from stdin when it is piped.",
    ),
    "replay": Command(
        "agentcli.cli.replay:replay",
        "Replay a recorded run: sealed (--check) or counterfactual (--planner).",
    ),
    "diff": Command(
        "agentcli.cli.diff:diff",
        "Compare two runs' decisions, actions, vendor calls and outcomes; exit 1 if they differ.",
    ),
    "schema": Command(
        "agentcli.cli.schema:schema",
        "Print every action as a function-calling tool definition (JSON).",
    ),
    "worker": Command(
        "agentcli.cli.worker:worker",
        "Run saga steps from a Temporal task queue until Ctrl-C or SIGTERM; run as many as needed.",
    ),
    "inspect": Command(
        "agentcli.cli.inspect:inspect",
        "Step through runs: decisions, vendor calls, saga steps and compensations.",
    ),
    "resume": Command(
        "agentcli.cli.resume:resume",
        "Drive every saga a crash interrupted to completed or compensated, acting exactly once.",
    ),
    "test": Command(
        "agentcli.cli.test:test",
        "Run conversation suites: each case a real agent loop on a fresh sandbox world.",
    ),
    "metrics": Command(
        "agentcli.cli.metrics:metrics",
        "Conversion, resolution, handle time, escalations, compensations, invalid "
        "output and action precision/recall over the stored runs.",
    ),
    "drift": Command(
        "agentcli.cli.drift:drift",
        "Compare two populations of runs metric by metric; exit 1 when one moved past its "
        "threshold, significantly at their sizes.",
    ),
    "experiment": Command(
        "agentcli.cli.experiment:experiment",
        "Run the same suites under each variant (prompts, planner, model, policy, faults) and "
        "compare them against the first.",
    ),
    "runs": Command("agentcli.cli.runs:app", "List and show recorded runs."),
    "audit": Command(
        "agentcli.cli.audit:app", "Check the audit chain of recorded runs, and reconcile the money."
    ),
    "sandbox": Command(
        "agentcli.cli.sandbox:app", "The sandbox vendors: reset, serve, export their state."
    ),
    "suites": Command(
        "agentcli.cli.suites:app",
        "Conversation suites: regression cases from runs and τ² tasks; the format's JSON Schema.",
    ),
    "conformance": Command(
        "agentcli.cli.conformance:app", "Check the sandbox against reference benchmarks."
    ),
    "prompts": Command("agentcli.cli.prompts:app", "List, show and compare the prompt versions."),
    "export": Command(
        "agentcli.cli.export:app",
        "Send recorded runs to other tools: OpenTelemetry collectors (Phoenix, Jaeger, …).",
    ),
}


def version_line() -> str:
    return f"agentcli {__version__}"


def static_help(width: int = 80) -> str:
    """`agentcli --help` as plain text, from the table alone."""
    name_width = max(map(len, COMMANDS)) + 2
    room = max(width - 2 - name_width, 30)
    lines = [
        "Usage: agentcli [OPTIONS] COMMAND [ARGS]...",
        "",
        f"  {ABOUT}",
        "",
        "Options:",
        "  --version  Show the version and exit.",
        "  --help     Show this message and exit.",
        "",
        "Commands:",
    ]
    for name, command in COMMANDS.items():
        words, line = command.summary.split(), ""
        wrapped = []
        for word in words:
            if line and len(line) + 1 + len(word) > room:
                wrapped.append(line)
                line = word
            else:
                line = f"{line} {word}" if line else word
        wrapped.append(line)
        lines.append(f"  {name:<{name_width}}{wrapped[0]}")
        lines.extend(f"  {'':<{name_width}}{more}" for more in wrapped[1:])
    lines += ["", "Run `agentcli COMMAND --help` for a command's options."]
    return "\n".join(lines) + "\n"
