"""A recorded run → a regression case: its user lines, and what the agent did, as expectations.

Runs of the `rules` planner replay with `rules` (so a change to the rules shows); runs of any
other planner replay their recorded decisions through a script planner, so validation, policy,
vendors and sagas are checked against what happened then. The case runs on a pristine sandbox
world, so a run recorded on a world that earlier sessions had changed may not replay as it was.
"""

from __future__ import annotations

import json
from typing import Any

from agentcli.suites.expected import FROM_RUN_TAG
from agentcli.suites.observe import read_facts
from agentcli.trace import events as ev
from agentcli.trace.events import EventKind, read_payload
from agentcli.trace.store import Store
from errortree import UserError


def case_from_run(store: Store, run_id: str, *, name: str | None = None) -> dict[str, Any]:
    """The case (a plain mapping, ready to dump as YAML) that regression-tests one run."""
    run = store.get_run(run_id)
    facts = read_facts(store, run_id)
    if not facts.turns:
        raise UserError(f"run {run_id} has no user turns to replay")
    scripted = run.get("planner") != "rules"
    decisions = _decisions(store, run_id) if scripted else {}
    operators = _operators(store, run_id)
    turns: list[dict[str, Any]] = []
    for number, turn in enumerate(facts.turns, 1):
        entry: dict[str, Any] = {"user": turn.user}
        if number in operators:
            entry["operator"] = operators[number]
        if scripted:
            entry["script"] = decisions.get(number, [])
        expect: dict[str, Any] = {
            "actions": [_matcher(a.name, a.args, a.ok, a.error) for a in turn.vendor_actions],
            "confirmation_asked": turn.confirmations > 0,
        }
        if turn.approvals:
            expect["approvals_asked"] = turn.approvals
        if turn.sagas:
            expect["sagas"] = [_saga(s) for s in turn.sagas]
        if turn.invalid:
            expect["invalid_actions"] = turn.invalid
        if turn.ended_with != "nothing":
            expect["ends_with"] = turn.ended_with
        entry["expect"] = expect
        turns.append(entry)
    case: dict[str, Any] = {
        "name": name or f"run {run_id}",
        "description": f"regression case made from run {run_id} ({run.get('command')}, "
        f"planner {run.get('planner')})",
        "tags": [FROM_RUN_TAG],
        "planner": "script" if scripted else "rules",
        "turns": turns,
    }
    whole = facts.whole
    case_expect: dict[str, Any] = {"compensations": whole.compensations}
    if facts.outcome:
        case_expect["outcome"] = facts.outcome
    case["expect"] = case_expect
    return case


def _matcher(name: str, args: dict[str, Any], ok: bool | None, error: str | None) -> Any:
    matcher: dict[str, Any] = {"action": name}
    if args:
        matcher["args"] = args
    if ok is not None:
        matcher["ok"] = ok
    if error:
        matcher["error"] = error
    return matcher


def _saga(saga: ev.SagaFinished) -> Any:
    if saga.status == "completed":
        return saga.saga
    entry = {"saga": saga.saga, "status": saga.status}
    if saga.failed_step:
        entry["failed_step"] = saga.failed_step
    return entry


def _decisions(store: Store, run_id: str) -> dict[int, list[Any]]:
    """Each turn's planner outputs, as recorded (invalid ones too: they test the repair loop)."""
    by_turn: dict[int, list[Any]] = {}
    turn = 0
    for p in _events(store, run_id, EventKind.MODEL_RESPONSE):
        if isinstance(p, ev.UserMessage):
            turn = _turn(p, turn)
        elif isinstance(p, ev.ModelResponse):
            by_turn.setdefault(turn, []).append(list(p.proposals or []))
    return by_turn


def _operators(store: Store, run_id: str) -> dict[int, str]:
    """The operator's answer per turn where one was asked."""
    answers: dict[int, str] = {}
    turn = 0
    for p in _events(store, run_id, EventKind.APPROVAL_RESOLVED):
        if isinstance(p, ev.UserMessage):
            turn = _turn(p, turn)
        elif isinstance(p, ev.ApprovalResolved) and p.by == "operator":
            answers[turn] = "approve" if p.approved else "deny"
    return answers


def _events(store: Store, run_id: str, kind: EventKind) -> list[ev.AnyPayload]:
    """The run's user messages and events of one kind, in order, as their models."""
    rows = store.db.execute(
        "SELECT kind, payload FROM events WHERE run_id = ? AND kind IN (?, ?) ORDER BY seq",
        [run_id, EventKind.USER_MESSAGE, kind],
    ).fetchall()
    return [read_payload(stored, json.loads(text)) for stored, text in rows]


def _turn(message: ev.UserMessage, previous: int) -> int:
    """The turn a user message opens (counted on when an old trace does not say)."""
    return message.turn if isinstance(message.turn, int) and message.turn else previous + 1
