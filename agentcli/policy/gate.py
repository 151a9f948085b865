"""The policy gate: decides, for each validated action, whether it may run and who must agree."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from agentcli.actions import ActionBase, Effect
from agentcli.policy.config import PolicyConfig
from agentcli.policy.regions import BlockedRegions

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
    #: the amounts of the money-moving writes done in this session, added up
    money_total: float = 0.0


class PolicyGate:
    def __init__(self, config: PolicyConfig) -> None:
        self.config = config
        self.kill_switch = config.kill_switch.switch()
        self.blocked_regions = BlockedRegions(config.shipping.blocked_regions)

    def kill_switch_on(self) -> bool:
        return self.kill_switch.reason() is not None

    def check(
        self,
        action: ActionBase,
        counters: SessionCounters,
        *,
        amount: float | None = None,
        region: str | None = None,
        country: str | None = None,
        by_model: bool = False,
    ) -> Verdict:
        """`by_model`: a language model proposed it, so confirmation exemptions may not hold.

        `region` and `country` are the shipping address's state and country, when it has one.
        """
        if action.effect is Effect.READ:
            return Verdict("allow")
        stopped = self.kill_switch.reason()
        if stopped is not None:
            return Verdict("block", reasons=(stopped,))
        quota = self.config.quotas.max_writes_per_session
        if counters.writes >= quota:
            return Verdict("block", reasons=(f"the session's quota of {quota} writes is used up",))
        blocked = self.blocked_regions.blocking(region, country)
        if blocked is not None:
            entry, where = blocked
            named = "" if entry == where else f" ({entry!r} in shipping.blocked_regions)"
            return Verdict("block", reasons=(f"shipping to {where} is blocked by policy{named}",))
        approval = self.approval_reasons(action, counters, amount)
        confirmation = self.config.confirmation
        if (
            action.name in confirmation.exempt
            and not action.moves_money
            and (confirmation.exempt_for_models or not by_model)
        ):
            return Verdict(
                "allow",
                needs_approval=bool(approval),
                reasons=("exempt from confirmation by policy", *approval),
            )
        return Verdict(
            "confirm",
            needs_approval=bool(approval),
            reasons=("every write needs the user's explicit yes", *approval),
        )

    def approval_reasons(
        self, action: ActionBase, counters: SessionCounters, amount: float | None
    ) -> tuple[str, ...]:
        """Why an operator must approve this write too (empty when no one needs to)."""
        if amount is None:
            return ()
        approval, reasons = self.config.approval, []
        if amount > approval.threshold:
            reasons.append(
                f"{amount:.2f} is above the approval threshold of {approval.threshold:.2f}"
            )
        ceiling = approval.session_threshold
        total = counters.money_total + amount
        if action.moves_money and ceiling is not None and total > ceiling:
            reasons.append(
                f"this session's total would be {total:.2f}, above the session "
                f"threshold of {ceiling:.2f}"
            )
        return tuple(reasons)
