"""How a saga ended, read back from its journal so a live run and a resumed one agree."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from agentcli.trace.events import SagaFinished
from agentcli.workflows.saga import SagaDefinition
from connectors.errors import ErrorCode, VendorError


@dataclass(frozen=True)
class SagaResult:
    """`completed`, `compensated`, or `needs_attention` (an operator must act), with the facts.

    `undone` holds customer-facing notes of what the compensations did ("cancelled order
    #W123"); `charged` says whether the customer's money is still taken.
    """

    saga_id: str
    status: str
    outputs: dict[str, Any]
    failed_step: str | None = None
    error: VendorError | None = None
    compensated: tuple[str, ...] = ()
    compensation_failed: tuple[str, ...] = ()
    operator_message: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    saga: str = ""
    title: str = ""
    undone: tuple[str, ...] = ()
    charged: bool = False
    #: for needs_attention: "forward" (a step after the point of no return) or "compensate"
    stuck: str | None = None
    failed_title: str = ""

    @property
    def ok(self) -> bool:
        return self.status == "completed"

    def finished_event(self) -> SagaFinished:
        """The `saga_finished` event of this result: both saga engines record this one."""
        if self.status == "completed":
            return SagaFinished(
                saga_id=self.saga_id, saga=self.saga, status=self.status, outputs=self.outputs
            )
        return SagaFinished(
            saga_id=self.saga_id,
            saga=self.saga,
            status=self.status,
            failed_step=self.failed_step,
            error=self.error.to_dict() if self.error else None,
            compensated=list(self.compensated),
            compensation_failed=list(self.compensation_failed),
            undone=list(self.undone),
            charged=self.charged,
            operator_message=self.operator_message,
        )

    def report(self) -> dict[str, Any]:
        """What a user-facing message is composed from (goes into an action's observation)."""
        return {
            **(self.error.to_dict() if self.error else {}),
            "saga": self.saga,
            "saga_title": self.title,
            "saga_status": self.status,
            "failed_step": self.failed_step,
            "failed_title": self.failed_title,
            "compensated": list(self.compensated),
            "compensation_failed": list(self.compensation_failed),
            "undone": list(self.undone),
            "charged": self.charged,
            "stuck": self.stuck,
            "operator_message": self.operator_message,
        }


def error_from_dict(data: dict[str, Any] | None) -> VendorError | None:
    if not data or data.get("code") not in ErrorCode.__members__:
        return None
    return VendorError(
        ErrorCode(data["code"]),
        data.get("message") or "",
        vendor=data.get("vendor") or "",
        status=data.get("status"),
    )


def result_from_journal(
    definition: SagaDefinition, saga: dict[str, Any], steps: list[dict[str, Any]]
) -> SagaResult:
    """The result as the journal records it: the one source for live and resumed runs."""
    rows = {(r["idx"], r["phase"]): r for r in steps}
    compensated: list[str] = []
    failed: list[str] = []
    undone: list[str] = []
    charged = False
    for idx in reversed(range(len(definition.steps))):
        step = definition.steps[idx]
        forward, undo = rows.get((idx, "forward")), rows.get((idx, "compensate"))
        if undo is not None and undo["status"] == "succeeded":
            compensated.append(step.name)
            done = undo["result"] or {}
            note = "" if done.get("nothing_to_undo") or not step.undo_note else step.undo_note(done)
            if note:
                undone.append(note)
        elif undo is not None:
            failed.append(step.name)
        elif step.charges and forward is not None and forward["status"] == "succeeded":
            charged = True
    error = saga.get("error") or {}
    failed_step = saga.get("failed_step")
    failed_title = ""
    if failed_step:
        try:
            failed_title = definition.step(failed_step).title
        except KeyError:
            failed_title = ""
    return SagaResult(
        saga_id=saga["id"],
        status=saga["status"],
        outputs=saga["outputs"],
        failed_step=failed_step,
        error=error_from_dict(error),
        compensated=tuple(compensated),
        compensation_failed=tuple(failed),
        operator_message=saga.get("operator_message"),
        saga=definition.name,
        title=definition.title,
        undone=tuple(undone),
        charged=charged,
        stuck=error.get("stuck") if saga["status"] == "needs_attention" else None,
        failed_title=failed_title,
    )
