"""The agent loop: one user line in, planner steps, validation, policy, execution, replies out.

Nothing the planner proposes runs unless it validates as an action and passes the policy
gate; every WRITE that is not exempt is stated to the user and waits for an explicit yes.
"""

from __future__ import annotations

import contextlib
import sqlite3
from dataclasses import dataclass, field
from typing import Any

from agentcli.actions import ActionBase, Effect, InvalidAction, parse_action
from agentcli.actions.retail import FindUser
from agentcli.conversation import Conversation, Observation
from agentcli.conversation.answers import is_no, is_unsure, is_yes
from agentcli.orchestrator.desk import ActionRefused, Preview
from agentcli.orchestrator.dispatch import Orchestrator
from agentcli.planners.base import UNUSABLE, Planner, PlannerOutput, PlanningContext
from agentcli.policy.approval import Approver, deny_without_operator
from agentcli.policy.gate import PolicyGate, SessionCounters
from agentcli.session.confirmation import (
    PendingWrite,
    asked_user,
    declined,
    first_question,
    repeated_question,
)
from agentcli.session.guardrails import FigureLedger, identity_problem
from agentcli.session.operator import OperatorApproval
from agentcli.session.outcome import OutcomeUnknown, unknown_outcome_message
from agentcli.session.planning import PlannerCalls, TurnInterrupted
from agentcli.trace import events as ev
from agentcli.trace.recorder import Recorder
from agentcli.workflows.interrupt import Interruption
from connectors.errors import VendorError
from netpolicy import OPEN, NetworkPolicy

MAX_LINE = 4000


@dataclass
class SessionStats:
    turns: int = 0
    writes: int = 0
    invalid_actions: int = 0
    compensations: int = 0
    orders_placed: int = 0
    escalated: bool = False
    errors: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


class Session:
    def __init__(
        self,
        *,
        planner: Planner,
        orchestrator: Orchestrator,
        gate: PolicyGate,
        recorder: Recorder,
        approver: Approver = deny_without_operator,
        max_steps: int = 6,
        max_repairs: int = 2,
        network: NetworkPolicy = OPEN,
        interruption: Interruption | None = None,
    ) -> None:
        self.planner = planner
        #: the operator's Ctrl-C; the saga engine reads the same one
        self.interruption = interruption or Interruption()
        #: what the run may reach over the network; the planner's endpoint checks it
        self.network = network
        self.orchestrator = orchestrator
        self.gate = gate
        self.recorder = recorder
        self.max_steps = max_steps
        self.max_repairs = max_repairs
        services = orchestrator.services
        self.conversation = Conversation(
            merchants=tuple(sorted(services.merchants)), shop="shop" not in services.absent
        )
        self.counters = SessionCounters()
        self.stats = SessionStats()
        self.pending: PendingWrite | None = None
        #: a language model plans: its words are checked and exemptions may not hold
        self.by_model = bool(getattr(planner, "is_model", False))
        self.ledger = FigureLedger()
        self.ledger.add_data(float(gate.config.approval.threshold))  # the prompt states it
        if gate.config.approval.session_threshold is not None:
            self.ledger.add_data(float(gate.config.approval.session_threshold))
        self.planner_calls = PlannerCalls(
            planner,
            recorder,
            self.interruption,
            self.conversation,
            quota=gate.config.quotas.max_model_calls_per_session,
            by_model=self.by_model,
            stats=self.stats,
        )
        self.operator = OperatorApproval(gate, self.counters, recorder, approver)
        #: a line is being handled (an interruption now cuts a turn short)
        self.in_turn = False

    # -- one line ------------------------------------------------------------------------------

    async def handle(self, line: str) -> list[str]:
        """Process one user line; return what the agent said, in order."""
        self.in_turn = True
        said = await self._handle(line)  # an interruption leaves the turn marked unfinished
        self.in_turn = False
        return said

    async def _handle(self, line: str) -> list[str]:
        text = _clean(line)
        if not text:
            return []
        self.stats.turns += 1
        self.conversation.turn += 1
        self.recorder.record(
            ev.UserMessage(
                text=text, turn=self.conversation.turn, truncated=len(line.strip()) > MAX_LINE
            )
        )
        self.conversation.history.append({"role": "user", "content": text})
        self.ledger.add_text(text)
        said: list[str] = []
        try:
            if self.pending is not None and is_unsure(text):
                self._ask_again(self.pending, said)
                return said
            if self.pending is not None:
                observation = await self._resolve_pending(text, said)
                if observation is not None:
                    await self._run_planner(text, said, [observation], after_confirmation=True)
                    return said
                if is_yes(text) or is_no(text):
                    return said
            await self._run_planner(text, said, [])
        except TurnInterrupted:
            pass  # recorded where it took effect; the session goes on
        except OutcomeUnknown as unknown:
            self.stats.errors += 1
            self.recorder.record(
                ev.Error(
                    where="write",
                    action=unknown.action.name,
                    saga_id=unknown.saga_id,
                    type=type(unknown.cause).__name__,
                    message=str(unknown.cause)[:2000],
                    outcome="unknown",
                )
            )
            self._say(said, self._unknown_outcome(unknown))
        except Exception as exc:  # the loop must survive anything a line can trigger
            self.stats.errors += 1
            self.recorder.record(
                ev.Error(where="session", type=type(exc).__name__, message=str(exc)[:2000])
            )
            self._say(
                said,
                "Sorry, something went wrong on my side and nothing was changed "
                "by this request. Please try again or rephrase.",
            )
        finally:
            self.interruption.clear()
            with contextlib.suppress(sqlite3.OperationalError):  # kept for the next flush
                self.recorder.flush()
        return said

    # -- confirmation of a pending write -------------------------------------------------------

    async def _resolve_pending(self, text: str, said: list[str]) -> Observation | None:
        pending, self.pending = self.pending, None
        assert pending is not None
        if not is_yes(text, pending.action.name, pending.preview.summary):
            reason = "the user said no" if is_no(text) else "no explicit yes"
            self.recorder.record(
                ev.ApprovalResolved(
                    by="user", approved=False, action=pending.action.name, reason=reason
                )
            )
            if is_no(text):
                self._say(said, declined(pending.preview))
            else:
                said.append(f"(I did not {pending.action.name.replace('_', ' ')}: no explicit yes)")
                self.recorder.record(ev.AssistantMessage(text=said[-1]))
            return None
        self.recorder.record(
            ev.ApprovalResolved(by="user", approved=True, action=pending.action.name)
        )
        if self._stopped(pending.action, "the customer's yes", said):
            return None
        if pending.needs_approval:
            if not await self._operator_approves(
                pending.action, pending.preview, pending.rationale, pending.approval_reasons, said
            ):
                return None
            if self._stopped(pending.action, "the operator's approval", said):
                return None
        return await self._execute(pending.action, pending.saga_id, pending.preview, said)

    def _stopped(self, action: ActionBase, moment: str, said: list[str]) -> bool:
        """The kill switch, read again at the moment of the write: on means nothing is done."""
        reason = self.gate.kill_switch.reason()
        if reason is None:
            return False
        self.recorder.record(
            ev.Guardrail(
                rule="kill_switch", action=action.name, at=moment, outcome="refused", reason=reason
            )
        )
        self._say(
            said, f"I did not {action.name.replace('_', ' ')}: {reason}. Nothing was changed."
        )
        return True

    async def _operator_approves(
        self,
        action: ActionBase,
        preview: Preview,
        rationale: str,
        reasons: tuple[str, ...],
        said: list[str],
    ) -> bool:
        """Ask the operator (the policy's thresholds were crossed); say so when they decline."""
        refusal = await self.operator.refusal(action, preview, rationale, reasons)
        if refusal is not None:
            self._say(said, refusal)
        return refusal is None

    # -- planner steps ---------------------------------------------------------------------------

    async def _run_planner(
        self,
        text: str,
        said: list[str],
        observations: list[Observation],
        *,
        after_confirmation: bool = False,
    ) -> None:
        ctx = PlanningContext(
            text,
            self.conversation,
            observations,
            after_confirmation=after_confirmation,
            network=self.network,
        )
        repairs = 0
        actions_run = 0
        cap = self.gate.config.quotas.max_actions_per_turn
        for _step in range(self.max_steps):
            output = await self.planner_calls.plan(ctx)
            if output is None:
                self._say(
                    said,
                    self.planner_calls.trouble
                    or "Sorry, I could not work out what to do. Please try again.",
                )
                return
            invalid = False
            for raw in output.proposals or [None]:
                try:
                    action = _validate(raw)
                except InvalidAction as bad:
                    self.stats.invalid_actions += 1
                    self.recorder.record(
                        ev.ActionInvalid(raw=raw, reason=bad.reason, repair=repairs)
                    )
                    ctx.repair_errors.append(bad.reason)
                    invalid = True
                    break
                self.recorder.record(
                    ev.ActionProposed(
                        action=action.name,
                        arguments=action.arguments(),
                        effect=action.effect.value,
                        rationale=output.rationale,
                    )
                )
                if action.conversational:
                    self._speak(action, said)
                    return
                actions_run += 1
                if actions_run > cap:
                    self._say(
                        said,
                        f"I stopped: more than {cap} actions in one turn is above "
                        "the policy's limit.",
                    )
                    return
                observation = await self._act(action, output, said)
                if observation is None:
                    return  # waiting for the user's confirmation
                ctx.observations.append(observation)
            if invalid:
                repairs += 1
                if repairs > self.max_repairs:
                    self._say(
                        said,
                        "Sorry, I could not turn that into a valid action. Could you rephrase it?",
                    )
                    return
                continue
            ctx.repair_errors = []
        self._say(said, "I have done what I could for this request. Anything else?")

    async def _act(
        self, action: ActionBase, output: PlannerOutput, said: list[str]
    ) -> Observation | None:
        """Run a READ now; gate a WRITE (ask the user, or refuse); None means 'asked'."""
        saga_id = f"{self.recorder.run_id}-{self.recorder.seq}"
        if isinstance(action, FindUser):
            problem = identity_problem(action, self.conversation)
            if problem is not None:
                self.recorder.record(
                    ev.Guardrail(
                        rule="identity", action=action.name, outcome="refused", reason=problem
                    )
                )
                return self._refusal(action, "FORBIDDEN", problem)
        if action.effect is Effect.READ:
            return await self._execute(action, saga_id, None, said)
        try:
            preview = await self.orchestrator.preview(action, self.conversation)
        except ActionRefused as refused:
            return self._refusal(action, refused.code, refused.message)
        except VendorError as error:
            return self._refusal(action, error.code.value, error.message)
        for check in preview.checks:
            self.recorder.record(ev.Guardrail(action=action.name, **check))
        self.ledger.add_data([preview.amount, preview.evidence])
        verdict = self.gate.check(
            action,
            self.counters,
            amount=preview.amount,
            region=preview.region,
            country=preview.country,
            by_model=self.by_model,
        )
        self.recorder.record(
            ev.PolicyDecision(
                action=action.name,
                outcome=verdict.outcome,
                needs_approval=verdict.needs_approval,
                reasons=list(verdict.reasons),
                amount=preview.amount,
            )
        )
        if verdict.outcome == "block":
            return self._refusal(action, "POLICY", "; ".join(verdict.reasons))
        approval = self.gate.approval_reasons(action, self.counters, preview.amount)
        if verdict.outcome == "allow":
            if verdict.needs_approval and not await self._operator_approves(
                action, preview, output.rationale, approval, said
            ):
                return self._refusal(action, "POLICY", "an operator did not approve it")
            return await self._execute(action, saga_id, preview, said)
        self.pending = PendingWrite(
            action, preview, verdict.needs_approval, output.rationale, saga_id, approval
        )
        over = preview.amount is not None and preview.amount > self.gate.config.approval.threshold
        question = first_question(
            preview, needs_approval=verdict.needs_approval, over_threshold=over
        )
        # what the customer answers, and beside it the typed figures it was built from
        self.recorder.record(asked_user(action, preview, question))
        self._say(said, question)
        return None

    def _ask_again(self, pending: PendingWrite, said: list[str]) -> None:
        """The pending question again, whole, for a hesitation: it is still a confirmation
        request (and recorded as one), and nothing is done without an explicit yes."""
        question = repeated_question(pending.preview)
        self.recorder.record(asked_user(pending.action, pending.preview, question))
        self._say(said, question)

    async def _execute(
        self, action: ActionBase, saga_id: str, preview: Preview | None, said: list[str]
    ) -> Observation:
        if action.effect is Effect.WRITE:
            self.counters.writes += 1
            self.stats.writes += 1
            self.recorder.flush()  # the intent is durable before the side effect
        try:
            observation = await self.orchestrator.execute(
                action, self.conversation, saga_id=saga_id, preview=preview
            )
        except Exception as exc:
            if action.effect is Effect.WRITE:
                raise OutcomeUnknown(action, saga_id, exc) from exc
            raise
        if observation.data and isinstance(observation.data, dict):
            self.stats.compensations += len(observation.data.get("compensated", []) or [])
        if observation.ok and action.name in ("place_order", "book_trip", "checkout_basket"):
            self.stats.orders_placed += 1
        if observation.ok and action.moves_money and preview is not None and preview.amount:
            self.counters.money_total += abs(preview.amount)
        self.recorder.record(ev.ActionResult(**observation.to_dict()))
        self.conversation.history.append({"role": "observation", **observation.to_dict()})
        self.ledger.add_data(observation.data)
        if self.interruption.taken_at == "saga":
            done = (
                "was completed: it had passed its point of no return"
                if observation.ok
                else ("was stopped, and what it had done was undone")
            )
            self._say(said, f"You asked me to stop: {action.name.replace('_', ' ')} {done}.")
            raise TurnInterrupted
        return observation

    def _unknown_outcome(self, unknown: OutcomeUnknown) -> str:
        try:
            status = self.orchestrator.journal.status(unknown.saga_id)
        except sqlite3.Error:
            status = "running"  # cannot tell: as if the saga began
        return unknown_outcome_message(unknown, status)

    def _refusal(self, action: ActionBase, code: str, message: str) -> Observation:
        observation = Observation(
            action.name, action.arguments(), False, error={"code": code, "message": message}
        )
        self.recorder.record(ev.ActionResult(**observation.to_dict()))
        return observation

    # -- speaking --------------------------------------------------------------------------------

    def _speak(self, action: ActionBase, said: list[str]) -> None:
        text = str(
            getattr(action, "message", None)
            or getattr(action, "question", None)
            or getattr(action, "summary", "")
        )
        if self.by_model and action.name in ("reply", "ask_clarification"):
            text = self._checked_figures(action.name, text)
        if action.name == "escalate_to_human":
            self.stats.escalated = True
            text = (
                "I'm handing this conversation to a human colleague, who will follow up. "
                f"Summary for them: {text}"
            )
        self._say(said, text)

    def _checked_figures(self, action: str, text: str) -> str:
        """A model's message, with a note when it quotes money no vendor returned."""
        unverified = self.ledger.unverified(text)
        if not unverified:
            return text
        figures = ", ".join(dict.fromkeys(unverified))
        self.recorder.record(
            ev.Guardrail(
                rule="unverified_figure",
                action=action,
                figures=unverified,
                outcome="note added to the message",
            )
        )
        return (
            f"{text}\n(Note: {figures} did not come from the vendors, so don't rely on it; "
            "the prices and totals shown before you confirm are the vendor's.)"
        )

    def _say(self, said: list[str], text: str) -> None:
        said.append(text)
        self.conversation.history.append({"role": "assistant", "content": text})
        self.recorder.record(ev.AssistantMessage(text=text))

    # -- the end -------------------------------------------------------------------------------

    def finish(self, *, interrupted: bool = False) -> dict[str, Any]:
        """Record run_finished with the session's figures; return them."""
        if self.pending is not None:
            self.recorder.record(
                ev.ApprovalResolved(
                    by="user",
                    approved=False,
                    action=self.pending.action.name,
                    reason="the session ended before an answer",
                )
            )
            self.pending = None
        outcome = (
            "interrupted"
            if interrupted
            else "escalated"
            if self.stats.escalated
            else "purchase"
            if self.stats.orders_placed
            else "completed"
        )
        metrics = {
            "turns": self.stats.turns,
            "writes": self.stats.writes,
            "invalid_actions": self.stats.invalid_actions,
            "compensations": self.stats.compensations,
            "orders_placed": self.stats.orders_placed,
            "escalated": self.stats.escalated,
            "errors": self.stats.errors,
        }
        self.recorder.record(ev.RunFinished(outcome=outcome, metrics=metrics))
        self.recorder.flush()
        return {"outcome": outcome, "metrics": metrics}


def _validate(raw: Any) -> ActionBase:
    """The proposal as a typed action; InvalidAction when it is not one."""
    if isinstance(raw, dict) and UNUSABLE in raw:
        raise InvalidAction(str(raw[UNUSABLE]), raw)
    return parse_action(raw)


def _clean(line: str) -> str:
    text = "".join(ch if ch.isprintable() or ch == "\t" else " " for ch in line).strip()
    return text[:MAX_LINE]
