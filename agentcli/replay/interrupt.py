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

from agentcli.replay.phases import carrying_out
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
    """Where the original run was interrupted: after event `after_seq`, during `during`.

    `anchor` says the same without seqs, for a replay whose writes are not carried out: the
    n-th event of a kind, not counting the events of carrying writes out (None: the run was
    interrupted carrying a write out, so the replay is interrupted at that write).
    """

    after_seq: int
    during: str
    anchor: tuple[EventKind, int] | None

    @classmethod
    def of(cls, events: Sequence[TraceEvent]) -> RecordedInterrupt | None:
        for event in events:
            p = event.payload
            if event.kind is EventKind.ERROR and p.get("where") == WHERE:
                after = event.seq - 1
                return cls(after, str(p.get("during") or DURING_TURN), _anchor(events, after))
        return None


def _anchor(events: Sequence[TraceEvent], after: int) -> tuple[EventKind, int] | None:
    skipped = carrying_out(events)
    if after in skipped:
        return None
    last = next((e for e in events if e.seq == after), None)
    if last is None:
        return None
    count = sum(
        1 for e in events if e.kind is last.kind and e.seq <= after and e.seq not in skipped
    )
    return last.kind, count


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
        if self.fired or not self.reached(event):
            return
        self.fired = True
        if self.main is not None and asyncio.current_task() is not self.main:
            self.main.cancel()
        raise asyncio.CancelledError

    def reached(self, event: TraceEvent) -> bool:
        return event.seq == self.after_seq

    def absorb(self) -> None:
        """Forget the cancellation this listener asked for (the replay goes on to compare)."""
        if self.main is not None:
            while self.main.cancelling():
                self.main.uncancel()


class AnchorInterrupter(Interrupter):
    """Interrupts right after the n-th event of a kind."""

    def __init__(self, kind: EventKind, occurrence: int) -> None:
        super().__init__(0)
        self.kind = kind
        self.left = occurrence

    def reached(self, event: TraceEvent) -> bool:
        if event.kind is self.kind:
            self.left -= 1
        return self.left == 0 and event.kind is self.kind


class ReplayInterrupt:
    """Interrupts a replay where its recorded run was interrupted (nothing, if it was not).

    `exact`: at the same seq (a sealed replay); else at the same anchor (a counterfactual).
    """

    def __init__(self, events: Sequence[TraceEvent], *, exact: bool = True) -> None:
        self.recorded = RecordedInterrupt.of(events)
        self.exact = exact
        self._interrupter: Interrupter | None = None
        self._injected = False

    def arm(self, listeners: list[Callable[[TraceEvent], None]]) -> None:
        """Listen for the event after which the original run was interrupted mid-turn."""
        recorded = self.recorded
        if recorded is None or recorded.during != DURING_TURN:
            return
        if self.exact:
            self._interrupter = Interrupter(recorded.after_seq)
        elif recorded.anchor is not None:
            self._interrupter = AnchorInterrupter(*recorded.anchor)
        if self._interrupter is not None:
            listeners.append(self._interrupter)

    def fire(self) -> None:
        """Interrupt now (at a write the recorded run was carrying out when interrupted)."""
        self._injected = True
        raise asyncio.CancelledError

    def at_input(self) -> None:
        """Every line is said: interrupt now, unless the run was not (or already is)."""
        if self.recorded is not None and not (self._interrupter and self._interrupter.fired):
            self.fire()

    def absorb(self) -> bool:
        """True when the cancellation that ended the run was this replay's own."""
        if self._interrupter is not None and self._interrupter.fired:
            self._interrupter.absorb()
            return True
        return self._injected
