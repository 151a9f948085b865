"""What Tab completes: the slash commands, and the ids (orders, items, ...) the run has shown."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from prompt_toolkit.completion import CompleteEvent, Completer, Completion
from prompt_toolkit.document import Document

from agentcli.trace import events as ev

ID_FIELD = re.compile(r"(^|_)id$")
"""A payload field that holds an id: `order_id`, `item_id`, `id`, ..."""
WORD = re.compile(r"[#\w-]+$")
MAX_IDS = 500


class SeenIds:
    """A recorder listener: the ids in what vendors returned and the planner proposed."""

    def __init__(self) -> None:
        self.ids: dict[str, None] = {}  # insertion-ordered set, newest last

    def __call__(self, event: ev.TraceEvent) -> None:
        p = event.typed()
        if isinstance(p, ev.ActionResult | ev.ActionProposed):
            self._collect(event.payload)

    def _collect(self, value: Any, key: str = "") -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                self._collect(v, str(k))
        elif isinstance(value, list):
            for v in value:
                self._collect(v, key)
        elif isinstance(value, str | int) and ID_FIELD.search(key) and 2 < len(str(value)) < 80:
            text = str(value)
            self.ids.pop(text, None)
            self.ids[text] = None
            if len(self.ids) > MAX_IDS:
                self.ids.pop(next(iter(self.ids)))


class ConsoleCompleter(Completer):
    """Slash commands at the start of a line; seen ids anywhere else, newest first."""

    def __init__(self, commands: Iterable[str], seen: SeenIds) -> None:
        self.commands = sorted(commands)
        self.seen = seen

    def get_completions(
        self, document: Document, complete_event: CompleteEvent
    ) -> Iterator[Completion]:
        before = document.text_before_cursor
        if before.startswith("/") and " " not in before:
            for name in self.commands:
                if name.startswith(before):
                    yield Completion(name, start_position=-len(before))
            return
        match = WORD.search(before)
        if match is None:
            return
        word = match.group(0)
        for text in reversed(self.seen.ids):
            if text != word and text.lower().startswith(word.lower()):
                yield Completion(text, start_position=-len(word))
