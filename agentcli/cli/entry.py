"""The console script's entry point: `--help` and `--version` answer before Typer is imported.

Everything else goes to the Typer app (`agentcli.cli.app.main`). Printing the group's help
needs no command module, so it costs little more than starting Python.
"""

from __future__ import annotations

import os
import shutil
import sys


def main() -> None:
    argv = sys.argv[1:]
    if argv in ([], ["--help"]):  # bare `agentcli` shows the help too, as a usage error
        from agentcli.cli.commands import static_help

        _answer(static_help(min(shutil.get_terminal_size().columns, 100)), 0 if argv else 2)
    if argv == ["--version"]:
        from agentcli.cli.commands import version_line

        _answer(version_line() + "\n")
    from agentcli.cli.app import main as run_command

    run_command()


def _answer(text: str, code: int = 0) -> None:
    """Print `text` and leave: quietly, with exit 1 as every command, when stdout is closed
    early (`| head`)."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except (BrokenPipeError, ValueError, AttributeError):
        os._exit(1)
    sys.exit(code)
