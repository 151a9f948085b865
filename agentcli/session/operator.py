"""The operator's approval of a write above the policy's thresholds.

Asked after the customer's yes (or for a write the customer need not confirm); the request,
the answer and who gave it are all in the trace.
"""

from __future__ import annotations

from typing import Any

from agentcli.actions import ActionBase
from agentcli.orchestrator.desk import Preview
from agentcli.policy.approval import ApprovalRequest, Approver
from agentcli.policy.gate import PolicyGate, SessionCounters
from agentcli.session.confirmation import figures
from agentcli.trace import events as ev
from agentcli.trace.recorder import Recorder


class OperatorApproval:
    """Puts a write to the operator and records the request and the answer."""

    def __init__(
        self, gate: PolicyGate, counters: SessionCounters, recorder: Recorder, approver: Approver
    ) -> None:
        self.gate = gate
        self.counters = counters
        self.recorder = recorder
        self.approver = approver

    async def refusal(
        self, action: ActionBase, preview: Preview, rationale: str, reasons: tuple[str, ...]
    ) -> str | None:
        """None when the operator approves; otherwise what the customer is told."""
        # a session threshold adds the reasons (recordings made without one stay as they were)
        ceiling = self.gate.config.approval.session_threshold
        request = ApprovalRequest(
            action=action.name,
            summary=preview.summary,
            amount=preview.amount or 0.0,
            threshold=self.gate.config.approval.threshold,
            rationale=rationale,
            evidence=preview.evidence,
            reasons=reasons if ceiling is not None else (),
        )
        session: dict[str, Any] = (
            {}
            if ceiling is None
            else {
                "session_total": self.counters.money_total,
                "session_threshold": ceiling,
                "reasons": list(reasons),
            }
        )
        self.recorder.record(
            ev.ApprovalRequested(
                asked="operator",
                action=request.action,
                summary=request.summary,
                amount=request.amount,
                threshold=request.threshold,
                rationale=request.rationale,
                evidence=request.evidence,
                **figures(preview),
                **session,
            )
        )
        self.recorder.flush()
        result = await self.approver(request)
        self.recorder.record(
            ev.ApprovalResolved(
                by="operator",
                approver=result.approver,
                approved=result.approved,
                note=result.note,
                action=request.action,
            )
        )
        if result.approved:
            return None
        if ceiling is None:
            return (
                f"This order is above {request.threshold:,.2f} and an operator "
                "did not approve it, so nothing was ordered or charged."
            )
        return (
            f"An operator must approve this ({'; '.join(reasons)}) and did "
            "not, so nothing was ordered, changed or charged."
        )
