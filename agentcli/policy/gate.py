"""The policy gate: decides, for each validated action, whether it may run and who must agree."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from agentcli.actions import ActionBase, Effect
from agentcli.policy.config import PolicyConfig

Outcome = Literal["allow", "confirm", "block"]


@dataclass(frozen=True)
class Verdict:
    """`confirm` means the user must say yes; `needs_approval` adds an operator's approval."""

    outcome: Outcome
    needs_approval: bool = False
    reasons: tuple[str, ...] = field(default_factory=tuple)


@dataclass
class SessionCounters:
    writes: int = 0


class PolicyGate:
    def __init__(self, config: PolicyConfig) -> None:
        self.config = config

    def kill_switch_on(self) -> bool:
        ks = self.config.kill_switch
        if ks.env and os.environ.get(ks.env):
            return True
        return bool(ks.file) and Path(ks.file).exists()

    def check(
        self,
        action: ActionBase,
        counters: SessionCounters,
        *,
        amount: float | None = None,
        region: str | None = None,
        by_model: bool = False,
    ) -> Verdict:
        """`by_model`: a language model proposed it, so confirmation exemptions may not hold."""
        if action.effect is Effect.READ:
            return Verdict("allow")
        if self.kill_switch_on():
            return Verdict("block", reasons=("the kill switch is on: no writes are allowed",))
        quota = self.config.quotas.max_writes_per_session
        if counters.writes >= quota:
            return Verdict("block", reasons=(f"the session's quota of {quota} writes is used up",))
        blocked = {r.upper() for r in self.config.shipping.blocked_regions}
        if region and region.upper() in blocked:
            return Verdict("block", reasons=(f"shipping to {region} is blocked by policy",))
        confirmation = self.config.confirmation
        if action.name in confirmation.exempt and (confirmation.exempt_for_models or not by_model):
            return Verdict("allow", reasons=("exempt from confirmation by policy",))
        threshold = self.config.approval.threshold
        over = amount is not None and amount > threshold
        reasons = ["every write needs the user's explicit yes"]
        if over:
            reasons.append(f"{amount:.2f} is above the approval threshold of {threshold:.2f}")
        return Verdict("confirm", needs_approval=over, reasons=tuple(reasons))
