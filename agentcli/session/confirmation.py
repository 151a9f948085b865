"""What the customer is asked before a WRITE, and what the trace keeps of the question.

The question states the vendor's own summary and figures; the trace keeps both the text shown
and the typed figures it was built from, so `audit money` can compare them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from agentcli.actions import ActionBase
from agentcli.orchestrator.desk import Preview
from agentcli.trace import events as ev


@dataclass
class PendingWrite:
    """A WRITE the user has been asked to confirm."""

    action: ActionBase
    preview: Preview
    needs_approval: bool
    rationale: str
    saga_id: str
    #: why the operator must approve it too (the policy's thresholds)
    approval_reasons: tuple[str, ...] = ()


def first_question(preview: Preview, *, needs_approval: bool, over_threshold: bool) -> str:
    """The confirmation request for a new WRITE, saying when an operator must approve too."""
    question = f"I will {preview.summary}"
    if needs_approval:
        question += (
            "\nThis is above the approval threshold, so an operator must approve it too."
            if over_threshold
            else "\nThis brings the session's total above the "
            "policy's session threshold, so an operator must approve it too."
        )
    return question + "\nShall I go ahead? (yes/no)"


def repeated_question(preview: Preview) -> str:
    """The pending question again, whole, after a hesitation: still no explicit yes."""
    return (
        f"(Nothing done yet: no explicit yes.) I will {preview.summary}\n"
        "Shall I go ahead? Please say yes or no."
    )


def asked_user(action: ActionBase, preview: Preview, shown: str) -> ev.ApprovalRequested:
    """The trace's record of a question put to the customer, beside its typed figures."""
    return ev.ApprovalRequested(
        asked="user",
        action=action.name,
        summary=preview.summary,
        amount=preview.amount,
        evidence=preview.evidence,
        shown=shown,
        **figures(preview),
    )


def figures(preview: Preview) -> dict[str, Any]:
    """The preview's typed figures as event fields (none for a write that moves no money)."""
    return {"figures": preview.figures.to_dict()} if preview.figures is not None else {}


def declined(preview: Preview) -> str:
    """What the customer is told after a no."""
    first = preview.summary.splitlines()[0].rstrip(":")
    first += "." if not first.endswith(".") else ""
    return f"OK, I won't {first} Nothing was changed."
