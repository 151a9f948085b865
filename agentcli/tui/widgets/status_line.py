"""One line at the bottom for what the last key did ("no more failures", replay results)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class StatusLine(Static):
    """Keeps its last message readable to tests as `message`."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.message = ""

    def say(self, message: str, style: str = "") -> None:
        self.message = message
        self.update(Text(message, style=style))
