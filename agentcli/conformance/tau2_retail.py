"""τ²-bench retail conformance: each task's gold actions via the shop connector, on fresh data.

Runs in a private temporary sandbox (never the user's), or with a live connectors config
against the shop `agentcli sandbox serve` serves: for every task the shop is reset (live: its
admin `POST /_state/reset`), the gold actions run in order (failures ignored, as the reference
does), and the final state hash and the failed action ids are compared with the expected ones.
Live, the served shop is left in the last task's final state. The private sandbox's shop
reproduces the reference's multi-item `modify_pending_order_items` quirk (docs/tau2-retail.md
§3), so every task can match; without it (`quirk=False`, or a served shop, which never has
it) a task whose gold actions include such a call and whose hash differs is a deviation, which
fails the run unless deviations are allowed.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from agentcli.suites.tau2_tools import TAU2_TOOLS, run_tool
from connectors.base import Connector
from connectors.config import ConnectorsConfig
from connectors.errors import VendorError
from connectors.harness import sandbox_clients
from connectors.shop import ShopConnector
from connectors.state import reset_state
from errortree import UserError
from sandbox import TAU2_RETAIL_DATA
from sandbox.tau2 import ShopError, shop_world

DATA = TAU2_RETAIL_DATA
BUNDLED_TASKS = DATA / "tasks.json"
BUNDLED_EXPECTED = DATA / "gold_hashes_train.json"
QUIRK = (
    "the shop did not reproduce τ²'s multi-item modify_pending_order_items quirk "
    "(docs/tau2-retail.md §3)"
)


class ConformanceInputError(UserError):
    """A tasks or expected-hash file that cannot be used, or an unknown task id."""


@dataclass(frozen=True)
class TaskResult:
    """One task's outcome; `result` is pass, fail, deviation or unchecked (no expectation)."""

    task_id: str
    hash: str
    failed_actions: list[str]
    result: str
    expected_hash: str | None = None
    expected_failed_actions: list[str] | None = None
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Report:
    initial_hash: str
    tasks: list[TaskResult]

    def count(self, result: str) -> int:
        return sum(1 for task in self.tasks if task.result == result)

    def ok(self, allow_deviation: bool = False) -> bool:
        """No task failed, and none deviated unless deviations are allowed."""
        return self.count("fail") == 0 and (allow_deviation or self.count("deviation") == 0)

    def summary(self) -> dict[str, int]:
        return {name: self.count(name) for name in ("pass", "deviation", "fail", "unchecked")}


def load_json(path: Path, what: str) -> Any:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConformanceInputError(f"cannot read the {what} {path}: {exc.strerror}") from None
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise ConformanceInputError(f"the {what} {path} is not JSON: {exc}") from None


def load_tasks(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Task id → gold actions, from a τ² `tasks.json`."""
    raw = load_json(path, "tasks file")
    if not isinstance(raw, list):
        raise ConformanceInputError(f"{path}: expected a JSON list of tasks")
    tasks: dict[str, list[dict[str, Any]]] = {}
    for position, task in enumerate(raw):
        try:
            actions = task["evaluation_criteria"]["actions"]
            task_id = str(task["id"])
            if not isinstance(actions, list) or not all(
                isinstance(a, dict)
                and isinstance(a.get("name"), str)
                and isinstance(a.get("arguments"), dict)
                for a in actions
            ):
                raise TypeError
        except (KeyError, TypeError):
            raise ConformanceInputError(
                f"{path}: task at position {position} has no evaluation_criteria.actions list "
                "of {name, arguments}"
            ) from None
        tasks[task_id] = actions
    return tasks


def load_expected(path: Path) -> tuple[str | None, dict[str, dict[str, Any]]]:
    """(initial hash, task id → {hash, failed_actions}) from a gold-hashes file."""
    raw = load_json(path, "expected-hash file")
    entries = raw.get("tasks") if isinstance(raw, dict) else None
    if not isinstance(entries, dict) or not all(
        isinstance(e, dict) and isinstance(e.get("hash"), str) for e in entries.values()
    ):
        raise ConformanceInputError(
            f'{path}: expected {{"tasks": {{id: {{"hash", "failed_actions"}}}}}}}}}}}}'
        )
    initial = raw.get("initial")
    return (initial if isinstance(initial, str) else None), entries


def check_task_ids(tasks: dict[str, Any], task_ids: Iterable[str]) -> None:
    unknown = [task_id for task_id in task_ids if task_id not in tasks]
    if unknown:
        raise ConformanceInputError(f"no task {', '.join(unknown)} in the tasks file")


def has_multi_item_modify(actions: Iterable[dict[str, Any]]) -> bool:
    return any(
        a["name"] == "modify_pending_order_items" and len(a["arguments"].get("item_ids") or []) > 1
        for a in actions
    )


async def run_action(shop: ShopConnector, action: dict[str, Any]) -> bool:
    """Run one gold action; False when the shop (or the generic tool) refused it."""
    name, arguments = action["name"], action["arguments"]
    try:
        if name not in TAU2_TOOLS:
            return False
        await run_tool(shop, name, arguments)
    except (VendorError, ShopError, TypeError):
        return False
    return True


def judge(
    task_id: str,
    state_hash: str,
    failed: list[str],
    actions: list[dict[str, Any]],
    expected: dict[str, Any] | None,
) -> TaskResult:
    if expected is None:
        return TaskResult(task_id, state_hash, failed, "unchecked")
    expected_failed = [str(a) for a in expected.get("failed_actions") or []]
    common = {"expected_hash": expected["hash"], "expected_failed_actions": expected_failed}
    if failed != expected_failed:
        note = f"failed actions {failed} differ from the reference's {expected_failed}"
        return TaskResult(task_id, state_hash, failed, "fail", note=note, **common)
    if state_hash == expected["hash"]:
        return TaskResult(task_id, state_hash, failed, "pass", **common)
    if has_multi_item_modify(actions):
        return TaskResult(task_id, state_hash, failed, "deviation", note=QUIRK, **common)
    return TaskResult(
        task_id, state_hash, failed, "fail", note="final state hash differs", **common
    )


async def run_conformance(
    tasks: dict[str, list[dict[str, Any]]],
    task_ids: list[str],
    expected: dict[str, dict[str, Any]] | None = None,
    on_task: Callable[[TaskResult], None] | None = None,
    live: ConnectorsConfig | None = None,
    quirk: bool = True,
) -> Report:
    """Run the chosen tasks, each from pristine data: in a private temporary sandbox (whose
    shop reproduces τ²'s quirk unless `quirk` is False), or (with `live`) on the served shop,
    reset through its admin endpoint before every task."""
    check_task_ids(tasks, task_ids)
    if live is not None:
        live.require(("shop",), "connectors config")
        async with live.client("shop") as client:
            shop = ShopConnector(client)
            reset = state_resetter(shop)
            return await _run_tasks(shop, reset, tasks, task_ids, expected, on_task)

    with tempfile.TemporaryDirectory(prefix="agentcli-conformance-") as tmp:
        world = shop_world(Path(tmp), quirk=quirk)
        world.ensure()
        async with sandbox_clients(world, timeout=30.0)["shop"] as client:

            async def reset_world() -> None:
                world.reset(["shop"])

            return await _run_tasks(
                ShopConnector(client), reset_world, tasks, task_ids, expected, on_task
            )


def state_resetter(connector: Connector) -> Callable[[], Awaitable[None]]:
    """A reset of a served vendor through its admin endpoint."""

    async def reset() -> None:
        await reset_state(connector)

    return reset


async def _run_tasks(
    shop: ShopConnector,
    reset: Callable[[], Awaitable[None]],
    tasks: dict[str, list[dict[str, Any]]],
    task_ids: list[str],
    expected: dict[str, dict[str, Any]] | None,
    on_task: Callable[[TaskResult], None] | None,
) -> Report:
    await reset()
    initial = await shop.state_hash()
    results: list[TaskResult] = []
    for position, task_id in enumerate(task_ids):
        if position:
            await reset()
        failed = [
            str(a.get("action_id", i))
            for i, a in enumerate(tasks[task_id])
            if not await run_action(shop, a)
        ]
        state_hash = await shop.state_hash()
        result = judge(task_id, state_hash, failed, tasks[task_id], (expected or {}).get(task_id))
        results.append(result)
        if on_task is not None:
            on_task(result)
    return Report(initial, results)
