"""One call of the planner, as the session makes it: within the model-call quota, recorded
request and response, cut short by the operator's interrupt, and any failure turned into words.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from agentcli.conversation import Conversation
from agentcli.planners.base import Planner, PlannerOutput, PlannerUnavailable, PlanningContext
from agentcli.trace import events as ev
from agentcli.trace.recorder import Recorder
from agentcli.workflows.interrupt import Interruption

INTERRUPTED_NOTE = (
    "(The customer interrupted this request before it was answered; it is withdrawn and "
    "nothing more is to be done for it.)"
)


class TurnInterrupted(Exception):
    """The operator's interrupt stopped the turn (recorded where it took effect)."""


class PlannerCalls:
    """Calls the planner for the session; `trouble` says why the last call gave no plan."""

    def __init__(
        self,
        planner: Planner,
        recorder: Recorder,
        interruption: Interruption,
        conversation: Conversation,
        *,
        quota: int,
        by_model: bool,
        stats: Any,
    ) -> None:
        self.planner = planner
        self.recorder = recorder
        self.interruption = interruption
        self.conversation = conversation
        self.quota = quota
        #: the session's figures (its error count goes up on a failed call)
        self.stats = stats
        #: a language model plans: its calls count against the quota
        self.by_model = by_model
        self.made = 0
        self.trouble: str | None = None

    async def plan(self, ctx: PlanningContext) -> PlannerOutput | None:
        """The planner's output, or None (with `trouble` set when there is something to say)."""
        self.trouble = None
        if self.by_model and self.made >= self.quota:
            self.recorder.record(
                ev.Guardrail(
                    rule="quota", what="model calls", limit=self.quota, outcome="planning stopped"
                )
            )
            self.trouble = (
                f"I stopped: this session reached the policy's limit of "
                f"{self.quota} model calls. Nothing more will be done."
            )
            return None
        self.made += 1
        self.recorder.record(
            ev.ModelRequest(
                planner=self.planner.name,
                model=self.planner.model,
                user_line=ctx.user_line,
                observations=[o.action for o in ctx.observations],
                repair_errors=ctx.repair_errors,
            )
        )
        started = time.perf_counter()
        if self.interruption.pending():
            self._interrupted()
        try:
            output = await self.interruption.planner_call(self.planner.plan(ctx))
        except asyncio.CancelledError:
            if not self.interruption.pending():
                raise  # not ours: the whole session is being cancelled
            self._interrupted()
        except Exception as exc:
            self.stats.errors += 1
            details = exc.details if isinstance(exc, PlannerUnavailable) else None
            self.recorder.record(
                ev.Error(
                    where="planner",
                    type=type(exc).__name__,
                    message=str(exc)[:2000],
                    details=details,
                )
            )
            if isinstance(exc, PlannerUnavailable):
                self.trouble = (
                    f"Sorry, I can't plan right now: {str(exc)[:300]}. "
                    "Nothing was changed; please try again."
                )
            return None
        self.recorder.record(
            ev.ModelResponse(
                proposals=output.proposals,
                rationale=output.rationale,
                request=output.request,
                response=output.response,
                usage=output.usage,
                latency_ms=round((time.perf_counter() - started) * 1000, 3),
            )
        )
        return output

    def _interrupted(self) -> None:
        self.interruption.take(
            self.recorder, "planner", "the planner call was cancelled; nothing more was done"
        )
        # the planner's memory, not the customer's screen: a withdrawn request is not picked up
        self.conversation.history.append({"role": "assistant", "content": INTERRUPTED_NOTE})
        raise TurnInterrupted
