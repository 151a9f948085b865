"""The operator's interrupt: asked for at any moment, taken at the next point that can stop.

A turn stops only where a replay can stop it again: before a planner call (or during one,
which is then cancelled) and before a saga's next forward step. Past a saga's point of no
return the interrupt is noted and the saga finishes.
"""

from __future__ import annotations

import asyncio
from typing import Any

from agentcli.trace import events as ev
from agentcli.trace.recorder import Recorder


class Interruption:
    """One turn's interrupt request; `take` records it where it takes effect."""

    def __init__(self) -> None:
        self.asked = False
        #: set once taken, so a turn is interrupted at most once
        self.taken_at: str | None = None
        self._planner_call: asyncio.Future[Any] | None = None

    def ask(self) -> None:
        """The operator pressed Ctrl-C: a planner call in flight is cancelled at once."""
        if self.taken_at is not None:
            return
        self.asked = True
        if self._planner_call is not None and not self._planner_call.done():
            self._planner_call.cancel()

    def pending(self) -> bool:
        return self.asked and self.taken_at is None

    def take(self, recorder: Recorder, at: str, outcome: str, saga_id: str | None = None) -> None:
        """Record the interrupt at the point that honours it."""
        self.taken_at = at
        fields: dict[str, Any] = {"saga_id": saga_id} if saga_id is not None else {}
        recorder.record(ev.Operator(command="interrupt", at=at, outcome=outcome, **fields))

    async def planner_call(self, call: Any) -> Any:
        """Await `call` (a planner's coroutine) so that `ask` can cancel it."""
        self._planner_call = task = asyncio.ensure_future(call)
        try:
            return await task
        finally:
            self._planner_call = None

    def clear(self) -> None:
        """The turn is over: a request no point took lapses with it."""
        self.asked = False
        self.taken_at = None
