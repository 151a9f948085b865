"""The `replay` planner and approver: a recorded run's decisions and approvals, played back."""

from __future__ import annotations

from collections.abc import Iterable

from agentcli.planners.base import PlannerOutput, PlanningContext
from agentcli.policy.approval import ApprovalRequest, ApprovalResult
from agentcli.trace import events as ev
from agentcli.trace.events import EventKind, TraceEvent

_PLANNER_KINDS = (EventKind.MODEL_REQUEST, EventKind.MODEL_RESPONSE, EventKind.ERROR)


class ReplayExhausted(Exception):
    """The replay asked for more planner decisions than the recorded run made."""


def _recorded_error(error: ev.Error) -> Exception:
    """An exception with the recorded class name and message, so the error event matches."""
    name = str(error.type or "Exception")
    cls = type(name if name.isidentifier() else "RecordedError", (Exception,), {})
    return cls(error.message or "")


class ReplayPlanner:
    """Each `plan` call returns the next recorded planner output (or raises the recorded error)."""

    def __init__(
        self,
        events: Iterable[TraceEvent],
        *,
        name: str = "replay",
        model: str | None = None,
        is_model: bool = False,
    ) -> None:
        self.name = name
        self.model = model
        #: the recorded planner was a language model (the session guards models more)
        self.is_model = is_model
        self.steps: list[PlannerOutput | ev.Error] = []
        waiting = False
        for event in events:
            if event.kind not in _PLANNER_KINDS:
                continue
            p = event.typed()
            if isinstance(p, ev.ModelRequest):
                waiting = True
            elif waiting and isinstance(p, ev.ModelResponse):
                self.steps.append(
                    PlannerOutput(
                        list(p.proposals or []),
                        rationale=p.rationale or "",
                        request=p.request,
                        response=p.response,
                        usage=p.usage,
                    )
                )
                waiting = False
            elif waiting and isinstance(p, ev.Error) and p.where == "planner":
                self.steps.append(p)
                waiting = False
        self._next = 0

    async def plan(self, ctx: PlanningContext) -> PlannerOutput:
        if self._next >= len(self.steps):
            raise ReplayExhausted(f"the recorded run made only {len(self.steps)} planner decisions")
        step = self.steps[self._next]
        self._next += 1
        if isinstance(step, ev.Error):
            raise _recorded_error(step)
        return PlannerOutput(
            list(step.proposals), step.rationale, step.request, step.response, step.usage
        )


class ReplayApprover:
    """Gives the operator's recorded answers in order; past them, the answer is no."""

    def __init__(self, events: Iterable[TraceEvent]) -> None:
        resolved = [
            p
            for e in events
            if e.kind is EventKind.APPROVAL_RESOLVED
            and isinstance(p := e.typed(), ev.ApprovalResolved)
        ]
        self.answers = [
            ApprovalResult(bool(p.approved), str(p.approver or ""), str(p.note or ""))
            for p in resolved
            if p.by == "operator"
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
    return [
        str(p.text or "")
        for e in events
        if e.kind is EventKind.USER_MESSAGE and isinstance(p := e.typed(), ev.UserMessage)
    ]
