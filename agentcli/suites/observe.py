"""What a recorded run shows, turn by turn: actions, results, replies, approvals, sagas."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from agentcli.actions import ACTION_TYPES
from agentcli.trace import events as ev
from agentcli.trace.events import read_payload
from agentcli.trace.store import Store

KINDS = (
    "user_message",
    "action_proposed",
    "action_invalid",
    "action_result",
    "approval_requested",
    "saga_finished",
    "compensation_succeeded",
    "assistant_message",
    "error",
)
CONVERSATIONAL = frozenset(name for name, cls in ACTION_TYPES.items() if cls.conversational)


@dataclass
class ActionFact:
    """One validated action the planner proposed, with its result when it ran."""

    name: str
    args: dict[str, Any]
    effect: str
    ok: bool | None = None
    error: str | None = None

    @property
    def conversational(self) -> bool:
        return self.name in CONVERSATIONAL

    def describe(self) -> str:
        args = json.dumps(self.args, ensure_ascii=False, sort_keys=True) if self.args else ""
        return f"{self.name}({args})" if args else self.name


@dataclass
class ScopeFacts:
    """Everything that happened in one turn (or, merged, in the whole run)."""

    user: str = ""
    actions: list[ActionFact] = field(default_factory=list)
    said: list[str] = field(default_factory=list)
    invalid: int = 0
    confirmations: int = 0
    approvals: int = 0
    sagas: list[ev.SagaFinished] = field(default_factory=list)
    compensations: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    ended_with: str = "nothing"

    @property
    def vendor_actions(self) -> list[ActionFact]:
        return [a for a in self.actions if not a.conversational]

    def extend(self, other: ScopeFacts) -> None:
        self.actions += other.actions
        self.said += other.said
        self.invalid += other.invalid
        self.confirmations += other.confirmations
        self.approvals += other.approvals
        self.sagas += other.sagas
        self.compensations += other.compensations
        self.errors += other.errors
        self.ended_with = other.ended_with


@dataclass
class RunFacts:
    run_id: str
    turns: list[ScopeFacts]
    outcome: str | None
    metrics: dict[str, Any]
    #: the customer the run signed in (from find_user results)
    user_id: str | None = None

    @property
    def whole(self) -> ScopeFacts:
        merged = ScopeFacts()
        for turn in self.turns:
            merged.extend(turn)
        return merged


def read_facts(store: Store, run_id: str) -> RunFacts:
    """The facts of one stored run, split into turns at each user message."""
    marks = ",".join("?" * len(KINDS))
    rows = store.db.execute(
        f"SELECT kind, payload FROM events WHERE run_id = ? AND kind IN ({marks}) ORDER BY seq",
        [run_id, *KINDS],
    ).fetchall()
    turns: list[ScopeFacts] = []
    current = ScopeFacts()
    pending: list[ActionFact] = []
    user_id: str | None = None
    for kind, text in rows:
        p = read_payload(kind, json.loads(text))
        match p:
            case ev.UserMessage():
                current = ScopeFacts(user=p.text or "")
                turns.append(current)
                pending = []
            case ev.ActionProposed():
                fact = ActionFact(p.action, p.arguments or {}, p.effect or "read")
                current.actions.append(fact)
                if fact.conversational:
                    current.ended_with = fact.name
                else:
                    pending.append(fact)
            case ev.ActionInvalid():
                current.invalid += 1
            case ev.ActionResult():
                claimed = _claim(pending, p.action)
                if claimed is not None:
                    claimed.ok = bool(p.ok)
                    claimed.error = p.error.get("code") if isinstance(p.error, dict) else None
                if p.action == "find_user" and p.ok and isinstance(p.data, dict):
                    user_id = p.data.get("user_id") or user_id
            case ev.ApprovalRequested():
                if p.asked == "operator":
                    current.approvals += 1
                else:
                    current.confirmations += 1
                    current.ended_with = "confirmation"
            case ev.SagaFinished():
                current.sagas.append(p)
            case ev.CompensationSucceeded():
                current.compensations.append(str(p.step))
            case ev.AssistantMessage():
                current.said.append(str(p.text or ""))
            case ev.Error():
                current.errors.append(f"{p.type}: {p.message}")
    run = store.get_run(run_id)
    return RunFacts(run_id, turns, run.get("outcome"), run.get("metrics") or {}, user_id)


def _claim(pending: list[ActionFact], name: Any) -> ActionFact | None:
    """The oldest proposed action of that name still waiting for its result."""
    for index, fact in enumerate(pending):
        if fact.name == name:
            return pending.pop(index)
    return None
