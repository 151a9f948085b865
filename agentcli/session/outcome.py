"""A write whose outcome agentcli could not learn or record, and what the user is told of it.

The user is never told "nothing was changed" once a write may have reached a vendor: the
message says where the write stands and what settles it (`agentcli resume`, for a saga).
"""

from __future__ import annotations

import sqlite3

from agentcli.actions import ActionBase


class OutcomeUnknown(Exception):
    """A write failed on agentcli's side after it began: it may have reached a vendor."""

    def __init__(self, action: ActionBase, saga_id: str, cause: BaseException) -> None:
        super().__init__(f"{action.name} ({saga_id}): {type(cause).__name__}: {cause}")
        self.action = action
        self.saga_id = saga_id
        self.cause = cause


def unknown_outcome_message(unknown: OutcomeUnknown, saga_status: str | None) -> str:
    """What the user reads; `saga_status` is the journal's word on the saga (None: no saga)."""
    what = f"your {unknown.action.name.replace('_', ' ')} request"
    saga = unknown.saga_id
    why = (
        "the trace database was locked by another process for too long, so I could not "
        "record what happened"
        if isinstance(unknown.cause, sqlite3.OperationalError)
        else f"something went wrong on my side ({type(unknown.cause).__name__})"
    )
    if saga_status == "completed":
        return f"{what.capitalize()} went through (saga {saga}), but {why}."
    if saga_status == "compensated":
        return f"{what.capitalize()} did not go through: it was undone (saga {saga}), but {why}."
    if saga_status is not None:
        return (
            f"I can't tell whether {what} went through: {why}. It may have, so please don't "
            "ask for it again: once this chat has ended, `agentcli resume` will finish it "
            f"or undo it (saga {saga})."
        )
    return (
        f"I can't tell whether {what} went through: {why}. Please check (your cart or your "
        "orders, for example) before asking for it again."
    )
