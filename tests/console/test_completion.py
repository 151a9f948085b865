"""Tab completes the slash commands and the ids the run has shown, newest first."""

from __future__ import annotations

from prompt_toolkit.completion import CompleteEvent
from prompt_toolkit.document import Document

from agentcli.cli.console.commands import COMMANDS, command_of
from agentcli.cli.console.completion import ConsoleCompleter, SeenIds
from agentcli.trace.events import EventKind, TraceEvent


def _event(kind: EventKind, payload: dict) -> TraceEvent:
    return TraceEvent(
        run_id="r", seq=1, kind=kind, ts=0.0, span_id="s", payload=payload, prev_hash="", hash=""
    )


def _complete(completer: ConsoleCompleter, text: str) -> list[str]:
    return [c.text for c in completer.get_completions(Document(text), CompleteEvent())]


def test_commands_complete_at_the_start_of_a_line() -> None:
    completer = ConsoleCompleter(COMMANDS, SeenIds())
    assert _complete(completer, "/r") == ["/replay", "/runs"]
    assert _complete(completer, "show /r") == []


def test_ids_the_vendors_returned_complete_anywhere_newest_first() -> None:
    seen = SeenIds()
    seen(_event(EventKind.ACTION_RESULT, {"data": {"orders": [{"order_id": "#W8073958"}]}}))
    seen(_event(EventKind.ACTION_RESULT, {"data": {"order_id": "#W3134391", "name": "#Wnot"}}))
    seen(_event(EventKind.USER_MESSAGE, {"text": "#W999", "turn": 1, "truncated": False}))
    completer = ConsoleCompleter(COMMANDS, seen)
    assert _complete(completer, "cancel order #w") == ["#W3134391", "#W8073958"]


def test_a_line_is_a_command_only_when_it_starts_with_a_slash_or_says_quit() -> None:
    assert command_of("/replay now") == ("/replay", "now")
    assert command_of("exit") == ("exit", "")
    assert command_of("cancel /order") is None
