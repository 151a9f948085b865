"""A command group that imports a command's module only when that command is needed.

`agentcli test` should not pay for importing `conformance`, `sandbox serve` (uvicorn) or the
inspector: each command is named here as "module:attribute" (a function, or a Typer app for a
command group) and imported when it is run, or when the group's help lists it.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from difflib import get_close_matches
from typing import Any, ClassVar

import typer
from typer.core import TyperGroup


class LazyGroup(TyperGroup):
    """Commands from `lazy` ({name: "module:attribute"}), built on first use."""

    lazy: ClassVar[Mapping[str, str]] = {}

    def list_commands(self, ctx: Any) -> list[str]:
        return [*self.lazy, *(name for name in self.commands if name not in self.lazy)]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        if cmd_name not in self.commands and cmd_name in self.lazy:
            self.commands[cmd_name] = self._load(cmd_name)
        return self.commands.get(cmd_name)

    def load_all(self) -> None:
        """Import and build every command now (for a process that forks per command)."""
        for name in self.lazy:
            self.get_command(None, name)

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        """As Typer's, but a mistyped name is matched against every command, loaded or not."""
        suggest, self.suggest_commands = self.suggest_commands, False
        try:
            return super().resolve_command(ctx, args)
        except Exception as error:  # click's UsageError: "No such command 'tset'."
            message = getattr(error, "message", None)
            matches = get_close_matches(args[0], self.list_commands(ctx)) if args else []
            if suggest and matches and isinstance(message, str):
                names = ", ".join(repr(match) for match in matches)
                error.message = f"{message.rstrip('.')}. Did you mean {names}?"  # type: ignore[attr-defined]
            raise
        finally:
            self.suggest_commands = suggest

    def _load(self, name: str) -> Any:
        module_name, _, attribute = self.lazy[name].partition(":")
        target = getattr(importlib.import_module(module_name), attribute)
        if isinstance(target, typer.Typer):  # a group of subcommands, even of one
            command: Any = typer.main.get_group(target)
        else:  # a function: a one-command app builds it
            single = typer.Typer(
                rich_markup_mode=self.rich_markup_mode, pretty_exceptions_enable=False
            )
            single.command(name=name)(target)
            command = typer.main.get_command(single)
        command.name = name
        return command


def lazy_group(commands: Mapping[str, str]) -> type[LazyGroup]:
    """A LazyGroup class whose commands are `commands`, in that order."""
    return type("AgentcliCommands", (LazyGroup,), {"lazy": dict(commands)})
