"""A case's money invariants: `agentcli audit money` over the case's vendors and its run's sagas.

The names a suite lists are groups of the audit's rules, kept so that suite files stay valid.
"""

from __future__ import annotations

from collections.abc import Iterable

from agentcli.audit.journal import audit_with_journal
from agentcli.suites.assertions import Failure
from agentcli.suites.vendor_state import VendorState
from agentcli.trace.store import Store

RULES_OF: dict[str, tuple[str, ...]] = {
    "no_duplicate_charge": ("double_charge", "double_capture"),
    "all_compensated_on_abort": (
        "unfinished_saga",
        "open_authorization",
        "charge_without_order",
        "order_without_payment",
        "journal_disagrees",
    ),
    "refund_not_above_capture": ("refund_above_capture",),
}
"""Each invariant a suite may name, and the audit rules it stands for."""


def check_invariants(
    names: Iterable[str], vendors: VendorState, store: Store, run_id: str
) -> list[Failure]:
    """One failure per violation of a rule that one of these invariants stands for."""
    wanted = {rule: name for name in names for rule in RULES_OF[name]}
    if not wanted:
        return []
    violations = audit_with_journal(vendors.books(), store, run_id)
    return [
        Failure(f"invariant {wanted[v.rule]}", "holds", v.line())
        for v in violations
        if v.rule in wanted
    ]
