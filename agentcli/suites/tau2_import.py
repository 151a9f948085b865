"""τ²-bench retail tasks → suite cases: the gold actions scripted, the end-state hash expected.

A task whose gold tools all have canonical actions (and whose writes all succeed) becomes an
`agent` case: a script planner proposes the gold actions through the real agent loop, and every
write waits for the user's "yes" as always. Any other task becomes a `tau2` case that drives
the shop connector with the gold calls directly, on the shop as τ²'s reference behaves — as
does a task with a multi-item item change, whose reference hash depends on τ²'s quirk (spec
§3), which the shop agents meet does not reproduce.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from agentcli.suites.tau2_tools import TAU2_TOOLS, WRITE_TOOLS, canonical_action
from errortree import UserError

MAX_ACTIONS = 50


class Tau2ImportError(UserError):
    """The tasks or hash file cannot be read as τ² data."""


def load_tasks(path: Path) -> list[dict[str, Any]]:
    data = _read_json(path, "tasks file")
    if not isinstance(data, list) or not all(isinstance(t, dict) and "id" in t for t in data):
        raise Tau2ImportError(f"{path}: a τ² tasks file is a JSON list of tasks with ids")
    return data


def load_hashes(path: Path) -> dict[str, dict[str, Any]]:
    data = _read_json(path, "hash file")
    tasks = data.get("tasks") if isinstance(data, dict) else None
    if not isinstance(tasks, dict):
        raise Tau2ImportError(
            f"{path}: a hash file has a `tasks` map of id → {{hash, failed_actions}}}}"
        )
    return {str(k): v for k, v in tasks.items() if isinstance(v, dict)}


def import_tasks(
    tasks: Iterable[dict[str, Any]],
    hashes: dict[str, dict[str, Any]] | None,
    *,
    only: set[str] | None = None,
    exclude: set[str] | None = None,
    name: str = "tau2_retail",
) -> dict[str, Any]:
    """A suite document (ready to dump as YAML) with one case per task (those with a hash when
    a hash file is given)."""
    cases = []
    for task in tasks:
        task_id = str(task["id"])
        if (only is not None and task_id not in only) or task_id in (exclude or set()):
            continue
        if hashes is not None and task_id not in hashes:
            continue
        actions = (task.get("evaluation_criteria") or {}).get("actions") or []
        unknown = sorted({a.get("name") for a in actions} - TAU2_TOOLS)
        if unknown:
            raise Tau2ImportError(f"task {task_id}: unknown tools {', '.join(map(str, unknown))}")
        expected = (hashes or {}).get(task_id)
        cases.append(_case(task_id, task, actions, expected))
    return {
        "suite": name,
        "description": "τ²-bench retail tasks: gold actions and the reference end state.",
        "defaults": {"tags": ["tau2"]},
        "cases": cases,
    }


def _case(
    task_id: str,
    task: dict[str, Any],
    actions: list[dict[str, Any]],
    expected: dict[str, Any] | None,
) -> dict[str, Any]:
    failing = set((expected or {}).get("failed_actions") or [])
    agent = _agent_turns(task, actions) if not failing and not _needs_quirk(actions) else None
    case: dict[str, Any] = {"name": f"task {task_id}"}
    if agent is not None:
        case.update(
            {
                "planner": "script",
                "operator": "approve",
                "policy": {
                    "quotas": {
                        "max_actions_per_turn": MAX_ACTIONS,
                        "max_writes_per_session": MAX_ACTIONS,
                    }
                },
                "turns": agent,
            }
        )
    else:
        case.update(
            {
                "kind": "tau2",
                "calls": [
                    {
                        "id": str(a.get("action_id", n)),
                        "tool": a["name"],
                        "args": a.get("arguments", {}),
                    }
                    for n, a in enumerate(actions)
                ],
            }
        )
    expect: dict[str, Any] = {}
    if expected is not None:
        expect["state"] = {"shop_hash": expected["hash"]}
        if agent is None:
            expect["failed_calls"] = sorted(failing)
    if agent is not None:
        proposals = [canonical_action(a["name"], a.get("arguments", {})) for a in actions]
        expect["actions"] = [
            p["action"] for p in proposals if p is not None and p["action"] != "escalate_to_human"
        ]
    if expect:
        case["expect"] = expect
    return case


def _needs_quirk(actions: list[dict[str, Any]]) -> bool:
    """Whether a multi-item item change makes the end state depend on τ²'s quirk."""
    return any(
        a["name"] == "modify_pending_order_items"
        and len((a.get("arguments") or {}).get("item_ids") or []) > 1
        for a in actions
    )


def _agent_turns(task: dict[str, Any], actions: list[dict[str, Any]]) -> list[Any] | None:
    """The conversation that makes a script planner propose the gold actions, or None."""
    raw = [canonical_action(a["name"], a.get("arguments", {})) for a in actions]
    if not raw or any(r is None for r in raw) or raw[0]["action"] != "find_user":  # type: ignore[index]
        return None
    if any(r["action"] == "escalate_to_human" for r in raw[:-1]):  # type: ignore[index]
        return None  # a hand-over ends the turn; only a last one fits the loop
    turns: list[dict[str, Any]] = []
    decision: list[dict[str, Any]] = []
    line = _opening(task, raw[0])  # type: ignore[arg-type]
    for tool, proposal in zip((a["name"] for a in actions), raw, strict=True):
        decision.append(proposal)  # type: ignore[arg-type]
        if tool in WRITE_TOOLS:
            turns.append({"user": line, "script": [decision]})
            decision, line = [], "yes"
    closing = (
        decision
        if decision and decision[-1]["action"] == "escalate_to_human"
        else [*decision, {"action": "reply", "message": "Done."}]
    )
    turns.append({"user": line, "script": [closing]})
    return turns


def _opening(task: dict[str, Any], find_user: dict[str, Any]) -> str:
    """The customer's first line: who they are (as the gold sign-in needs it) and why."""
    who = (
        f"My email is {find_user['email']}."
        if "email" in find_user
        else f"I am {find_user['first_name']} {find_user['last_name']}, zip {find_user['zip']}."
    )
    instructions = (task.get("user_scenario") or {}).get("instructions") or {}
    reason = str(instructions.get("reason_for_call") or "I need help with my order.")
    return " ".join(f"{who} {reason}".split())[:3900]


def _read_json(path: Path, what: str) -> Any:
    try:
        return json.loads(Path(path).read_text("utf-8"))
    except FileNotFoundError:
        raise Tau2ImportError(f"{path}: no such {what}") from None
    except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise Tau2ImportError(f"{path}: not a JSON {what}: {exc}") from None
