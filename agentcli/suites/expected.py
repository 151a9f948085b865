"""The vendor actions a case expects, when it states them completely (for precision/recall)."""

from __future__ import annotations

from agentcli.suites.model import Case

FROM_RUN_TAG = "from-run"
"""Cases `suites from-run` wrote from a run's own calls carry it until a person reviews them."""


def expected_actions(case: Case) -> list[str] | None:
    """The case's `actions`, else every turn's `actions` in order; None when not fully stated
    or not stated by a person: a tau2 case runs its own calls, a from-run case copies a run's."""
    if case.kind == "tau2" or FROM_RUN_TAG in case.tags:
        return None
    if case.expect.actions is not None:
        return [m.action for m in case.expect.actions]
    if case.turns and all(turn.expect.actions is not None for turn in case.turns):
        return [m.action for turn in case.turns for m in turn.expect.actions or []]
    return None
