"""The `/` search box under the timeline; hidden until asked for."""

from __future__ import annotations

from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input


class SearchBar(Input):
    """Enter searches forward for the text in any event's kind or payload; Escape closes."""

    BINDINGS = [Binding("escape", "close", "close search", show=False)]

    class Closed(Message):
        """The user left the search box."""

    def __init__(self, *, id: str | None = None, cursor_blink: bool = True) -> None:
        super().__init__(placeholder="search events (Enter: next match, Escape: close)", id=id)
        self.cursor_blink = cursor_blink

    def action_close(self) -> None:
        self.post_message(self.Closed())
