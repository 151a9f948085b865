"""The rich console every command prints through: nothing it renders can drive the terminal.

Callers still escape what they put into markup (`agentcli.safe_text.markup_text`); this console
is the second line: every string it turns into text, table cells included, has its control
characters shown escaped, and a closed stdout raises `BrokenPipeError` for the command line to
end quietly, instead of rich's own exit from wherever the print happened.
"""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.text import Text

from agentcli.safe_text import terminal_text


class TerminalConsole(Console):
    """A rich Console that neutralises control characters in every string it renders."""

    def render_str(self, text: str, **kwargs: Any) -> Text:
        return super().render_str(terminal_text(text), **kwargs)

    def on_broken_pipe(self) -> None:
        self.quiet = True  # nothing more is written; the command line ends quietly
        raise BrokenPipeError("the reader of this output has gone")


def terminal_console(**kwargs: Any) -> TerminalConsole:
    """The console of a command's output: soft-wrapped, no guessed highlighting."""
    kwargs.setdefault("soft_wrap", True)
    kwargs.setdefault("highlight", False)
    return TerminalConsole(**kwargs)
