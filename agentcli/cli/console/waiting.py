"""Feedback while a turn works: a spinner with what is under way and the time it has taken."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable
from typing import TypeVar

from rich.console import Console
from rich.status import Status

from agentcli.policy.approval import ApprovalRequest, ApprovalResult, Approver
from agentcli.safe_text import markup_line, markup_text
from agentcli.session.guardrails import hide_money
from agentcli.trace import events as ev

T = TypeVar("T")
TICK = 0.1
#: characters of a streaming answer shown at most (its end): the live area stays small
HEARD_TAIL = 600


class Waiting:
    """A recorder listener that names the work in hand; `around` shows it while a turn runs."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.doing = "thinking"
        #: the model's customer-facing text so far, while its answer streams in
        self.heard = ""
        self._status: Status | None = None

    def __call__(self, event: ev.TraceEvent) -> None:
        p = event.typed()
        match p:
            case ev.ModelRequest():
                self.doing, self.heard = "thinking", ""
            case ev.ModelResponse():  # the agent's line is printed once the answer is acted on
                self.heard = ""
            case ev.SagaStarted():
                self.doing = f"saga {p.saga}"
            case ev.StepStarted():
                self.doing = f"step {p.step}"
            case ev.CompensationStarted():
                self.doing = f"undoing {p.step}"
            case ev.Operator() if p.command == "interrupt":
                self.doing = "stopping"
            case _:
                pass

    def hear(self, text: str) -> None:
        """More of the model's text as it streams in, shown beside the spinner until the answer
        is complete (the agent's line is then printed as usual)."""
        self.heard += text

    async def around(self, work: Awaitable[T]) -> T:
        """Await `work` with the spinner shown (and its elapsed time ticking) below the output."""
        started = time.monotonic()
        self.doing, self.heard = "thinking", ""
        task = asyncio.ensure_future(work)
        with self.console.status(self._label(started), spinner="dots") as status:
            self._status = status
            try:
                while not task.done():
                    await asyncio.wait({task}, timeout=TICK)
                    status.update(self._label(started))
            finally:
                self._status = None
        return task.result()

    def _label(self, started: float) -> str:
        label = f"[dim]{markup_line(self.doing)}… {time.monotonic() - started:.1f}s[/]"
        if self.heard:
            # figures only in the agent's line, once the guardrails have checked them
            shown = hide_money(self.heard)[-HEARD_TAIL:]
            label += f"\n[bold]agent>[/] {markup_text(shown, multiline=True)}"
        return label

    def paused(self, approver: Approver) -> Approver:
        """`approver` with the spinner stopped while the operator answers."""

        async def ask(request: ApprovalRequest) -> ApprovalResult:
            status = self._status
            if status is not None:
                status.stop()
            try:
                return await approver(request)
            finally:
                if status is not None:
                    status.start()

        return ask
