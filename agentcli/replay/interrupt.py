"""Ctrl-C in a recorded run, and the same Ctrl-C again on replay.

A run records an interruption as an `error` event where `interrupt` (during a turn, or while
waiting for input) followed by `run_finished` with the outcome `interrupted`. A replay
interrupts its own run at the same point: right after the event the original recorded last
before it, or once every user line is said.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from agentcli.trace import events as ev
from agentcli.trace.events import EventKind, TraceEvent

WHERE = "interrupt"
"""The `where` of the error event an interruption records."""
DURING_TURN = "turn"
DURING_INPUT = "input"


def is_interrupt(exc: BaseException | None) -> bool:
    """Ctrl-C as Python raises it, or as asyncio.run delivers it to the main task."""
    return isinstance(exc, KeyboardInterrupt | asyncio.CancelledError)


def interrupt_event(during: str) -> ev.Error:
    """The event a run records when it is interrupted."""
    return ev.Error(
        where=WHERE, type="KeyboardInterrupt", message="interrupted (Ctrl-C)", during=during
    )


@dataclass(frozen=True)
class RecordedInterrupt:
    """Where the original run was interrupted: after event `after_seq`, during `during`."""

    after_seq: int
    during: str

    @classmethod
    def of(cls, events: Sequence[TraceEvent]) -> RecordedInterrupt | None:
        for event in events:
            p = event.payload
            if event.kind is EventKind.ERROR and p.get("where") == WHERE:
                return cls(event.seq - 1, str(p.get("during") or DURING_TURN))
        return None


class Interrupter:
    """A recorder listener that interrupts the running task right after event `after_seq`.

    In the task that recorded the event it raises CancelledError there and then, as a
    Ctrl-C delivered by asyncio would at that point; from another task (a fan-out) it
    cancels the main task too, so the turn ends at once either way.
    """

    def __init__(self, after_seq: int) -> None:
        self.after_seq = after_seq
        self.main = asyncio.current_task()
        self.fired = False

    def __call__(self, event: TraceEvent) -> None:
        if self.fired or event.seq != self.after_seq:
            return
        self.fired = True
        if self.main is not None and asyncio.current_task() is not self.main:
            self.main.cancel()
        raise asyncio.CancelledError

    def absorb(self) -> None:
        """Forget the cancellation this listener asked for (the replay goes on to compare)."""
        if self.main is not None:
            while self.main.cancelling():
                self.main.uncancel()


class ReplayInterrupt:
    """Interrupts a replay where its recorded run was interrupted (nothing, if it was not)."""

    def __init__(self, events: Sequence[TraceEvent]) -> None:
        self.recorded = RecordedInterrupt.of(events)
        self._interrupter: Interrupter | None = None
        self._injected = False

    def arm(self, listeners: list[Callable[[TraceEvent], None]]) -> None:
        """Listen for the event after which the original run was interrupted mid-turn."""
        if self.recorded is not None and self.recorded.during == DURING_TURN:
            self._interrupter = Interrupter(self.recorded.after_seq)
            listeners.append(self._interrupter)

    def at_input(self) -> None:
        """Every line is said: interrupt now, unless the run was not (or already is)."""
        if self.recorded is not None and not (self._interrupter and self._interrupter.fired):
            self._injected = True
            raise asyncio.CancelledError

    def absorb(self) -> bool:
        """True when the cancellation that ended the run was this replay's own."""
        if self._interrupter is not None and self._interrupter.fired:
            self._interrupter.absorb()
            return True
        return self._injected
