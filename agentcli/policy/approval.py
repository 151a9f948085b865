"""Operator approval: who says yes to an order above the threshold, and how that is asked."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ApprovalRequest:
    """What the operator sees: the action, the amount, why it is asked, the evidence."""

    action: str
    summary: str
    amount: float
    threshold: float
    rationale: str
    evidence: list[dict[str, Any]] = field(default_factory=list)
    #: why the policy asks (amount above the threshold, session total above its threshold)
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class ApprovalResult:
    approved: bool
    approver: str
    note: str = ""


Approver = Callable[[ApprovalRequest], Awaitable[ApprovalResult]]


async def deny_without_operator(request: ApprovalRequest) -> ApprovalResult:
    """The default when nobody can be asked (no terminal): above the threshold means no."""
    return ApprovalResult(False, "policy", "no operator at a terminal to approve it")


async def approve_all(request: ApprovalRequest) -> ApprovalResult:
    """For --approve-all: the operator approved everything in advance."""
    return ApprovalResult(True, "--approve-all", "approved in advance on the command line")
