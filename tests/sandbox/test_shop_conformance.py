"""τ² conformance: the gold actions of every train task end in the reference state hash."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from shop_helpers import connector, load_json, run_gold_actions, shop_client

from sandbox.shop import init_db

GOLD = load_json("gold_hashes_train.json")
TASKS = {task["id"]: task for task in load_json("tasks.json")}
TRAIN = sorted(GOLD["tasks"], key=int)
QUIRK_TASKS = {"20", "21", "36", "37", "100"}
"""Tasks with a multi-pair modify_pending_order_items (spec §3)."""


async def final_state(path: Path, task_id: str, **app_options: Any) -> tuple[str, list[str]]:
    """Run the task's gold actions on a fresh state: (final hash, failed action ids)."""
    init_db(path)
    async with shop_client(path, **app_options) as http:
        shop = connector(http)
        actions = TASKS[task_id]["evaluation_criteria"]["actions"]
        failed = await run_gold_actions(shop, actions)
        return await shop.state_hash(), failed


def test_train_split_has_74_tasks() -> None:
    assert len(TRAIN) == 74
    assert sorted(load_json("split_tasks.json")["train"], key=int) == TRAIN


@pytest.mark.parametrize("task_id", TRAIN)
async def test_with_the_quirk_gold_actions_reach_reference_hash(
    tmp_path: Path, task_id: str
) -> None:
    expected = GOLD["tasks"][task_id]
    state_hash, failed = await final_state(tmp_path / "shop.sqlite", task_id, reproduce_quirk=True)
    assert failed == expected["failed_actions"]
    assert state_hash == expected["hash"]


async def test_fixing_the_quirk_changes_exactly_the_multi_pair_tasks(tmp_path: Path) -> None:
    """Known deviation when the quirk is off: only tasks 20, 21, 36, 37, 100 can move."""
    moved = set()
    for task_id in TRAIN:
        state_hash, _ = await final_state(tmp_path / "shop.sqlite", task_id, reproduce_quirk=False)
        if state_hash != GOLD["tasks"][task_id]["hash"]:
            moved.add(task_id)
    assert moved == QUIRK_TASKS & set(TRAIN)
