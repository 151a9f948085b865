"""The vendor actions a case expects, when it states them completely (for precision/recall)."""

from __future__ import annotations

from agentcli.suites.model import Case


def expected_actions(case: Case) -> list[str] | None:
    """The case's `actions`, else every turn's `actions` in order; None when not fully stated."""
    if case.expect.actions is not None:
        return [m.action for m in case.expect.actions]
    if case.kind == "tau2":
        return [call.tool for call in case.calls]
    if case.turns and all(turn.expect.actions is not None for turn in case.turns):
        return [m.action for turn in case.turns for m in turn.expect.actions or []]
    return None
