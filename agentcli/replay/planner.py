"""The `replay` planner and approver: a recorded run's decisions and approvals, played back."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from agentcli.planners.base import PlannerOutput, PlanningContext
from agentcli.policy.approval import ApprovalRequest, ApprovalResult
from agentcli.trace.events import EventKind, TraceEvent


class ReplayExhausted(Exception):
    """The replay asked for more planner decisions than the recorded run made."""


def _recorded_error(payload: dict[str, Any]) -> Exception:
    """An exception with the recorded class name and message, so the error event matches."""
    name = str(payload.get("type") or "Exception")
    cls = type(name if name.isidentifier() else "RecordedError", (Exception,), {})
    return cls(payload.get("message", ""))


class ReplayPlanner:
    """Each `plan` call returns the next recorded planner output (or raises the recorded error)."""

    def __init__(self, events: Iterable[TraceEvent], *, name: str = "replay",
                 model: str | None = None, is_model: bool = False) -> None:
        self.name = name
        self.model = model
        #: the recorded planner was a language model (the session guards models more)
        self.is_model = is_model
        self.steps: list[PlannerOutput | dict[str, Any]] = []
        waiting = False
        for event in events:
            if event.kind is EventKind.MODEL_REQUEST:
                waiting = True
            elif waiting and event.kind is EventKind.MODEL_RESPONSE:
                p = event.payload
                self.steps.append(PlannerOutput(
                    list(p.get("proposals") or []), rationale=p.get("rationale") or "",
                    request=p.get("request"), response=p.get("response"), usage=p.get("usage"),
                ))
                waiting = False
            elif waiting and event.kind is EventKind.ERROR and \
                    event.payload.get("where") == "planner":
                self.steps.append(dict(event.payload))
                waiting = False
        self._next = 0

    async def plan(self, ctx: PlanningContext) -> PlannerOutput:
        if self._next >= len(self.steps):
            raise ReplayExhausted(f"the recorded run made only {len(self.steps)} planner decisions")
        step = self.steps[self._next]
        self._next += 1
        if isinstance(step, dict):
            raise _recorded_error(step)
        return PlannerOutput(list(step.proposals), step.rationale, step.request, step.response,
                             step.usage)


class ReplayApprover:
    """Gives the operator's recorded answers in order; past them, the answer is no."""

    def __init__(self, events: Iterable[TraceEvent]) -> None:
        self.answers = [
            ApprovalResult(bool(e.payload.get("approved")), str(e.payload.get("approver") or ""),
                           str(e.payload.get("note") or ""))
            for e in events
            if e.kind is EventKind.APPROVAL_RESOLVED and e.payload.get("by") == "operator"
        ]
        self._next = 0

    async def __call__(self, request: ApprovalRequest) -> ApprovalResult:
        if self._next >= len(self.answers):
            return ApprovalResult(False, "replay", "the recorded run has no further approval")
        answer = self.answers[self._next]
        self._next += 1
        return answer


def user_lines(events: Iterable[TraceEvent]) -> list[str]:
    """What the user said, turn by turn."""
    return [str(e.payload.get("text", "")) for e in events if e.kind is EventKind.USER_MESSAGE]
