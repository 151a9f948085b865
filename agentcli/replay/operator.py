"""The operator's console acts, played back where they happened in the recorded run.

A slash command is recorded again after the event it followed; an interrupt is asked for
after that event, so the session takes it at the same point it did (and records it there).
"""

from __future__ import annotations

from collections.abc import Sequence

from agentcli.trace import events as ev
from agentcli.trace.recorder import Recorder
from agentcli.workflows.interrupt import Interruption


class OperatorPlayback:
    """A recorder listener (add it last) that replays the operator's acts at their places."""

    def __init__(
        self, recorded: Sequence[ev.TraceEvent], recorder: Recorder, interruption: Interruption
    ) -> None:
        self.recorded = recorded
        self.recorder = recorder
        self.interruption = interruption

    def start(self) -> None:
        """Play what the operator did before the run's first event (none is recorded yet)."""
        self._after(self.recorder.seq)

    def __call__(self, event: ev.TraceEvent) -> None:
        self._after(event.seq)

    def _after(self, seq: int) -> None:
        if seq >= len(self.recorded):
            return
        following = self.recorded[seq]  # the recorded event that came next (seq + 1)
        if following.kind is not ev.EventKind.OPERATOR:
            return
        p = following.typed()
        assert isinstance(p, ev.Operator)
        if p.command == "interrupt":
            self.interruption.ask()  # the session or the saga takes it, and records it
        else:
            self.recorder.record(p)  # listeners, this one too, see it: what followed is played
