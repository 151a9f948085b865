"""The diff screen and `agentcli diff` name the same first divergence: one comparison, masked
with the same key, on pairs that differ at known turns and on a pair that agrees."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agentcli.tui.app import create_app
from agentcli.tui.screens.diff import DiffScreen
from agentcli.tui.widgets.diff_view import DiffView
from agentcli.tui.widgets.status_line import StatusLine
from tests.e2e.helpers import chat, cli, latest_run_json
from tests.tui.pilot_helpers import settle

HARPER = "harper.khan1177@example.com"
LINES = (
    f"I'm {HARPER}",
    "find a notebook",
    "add the first one",
    "add the second one",
    "remove the first one",
    "checkout with my gift card",
    "yes",
)


def _parent() -> dict:
    assert chat(*LINES, args=("--quiet",)).exit_code == 0
    return latest_run_json()


def _child_deciding_otherwise_at(parent: dict, turn: int, home: Path) -> str:
    """A counterfactual run whose planner replies instead of acting at `turn` (1-based)."""
    script, turns, said = [], [], 0
    for event in parent["events"]:
        said += event["kind"] == "user_message"
        if event["kind"] == "model_response":
            script.append(event["payload"]["proposals"])
            turns.append(said)
    script[turns.index(turn)] = [{"action": "reply", "message": "Not now."}]
    path = home / f"turn{turn}.json"
    path.write_text(json.dumps(script))
    cli("replay", parent["run"]["id"], "--planner", "script", "--script", str(path))
    return latest_run_json()["run"]["id"]


async def _screen_verdict(db: Path, a: str, b: str) -> tuple[str, int | None]:
    app = create_app(db, a, diff=b, cursor_blink=False)
    async with app.run_test(size=(160, 45)) as pilot:
        screen = app.screen
        assert isinstance(screen, DiffScreen)
        await settle(pilot, lambda: screen.alignment is not None)
        alignment = screen.alignment
        assert alignment is not None
        cursor = screen.query_one(DiffView).cursor
        row = alignment.rows[cursor] if alignment.first_divergence is not None else None
        seq = row.left.seq if row is not None and row.left is not None else None
        return screen.query_one(StatusLine).message, seq if row is not None else None


TURNS = (2, 3, 6)


@pytest.fixture
def pairs(agentcli_home: Path) -> dict[int | None, tuple[str, str]]:
    """(parent, child) by the turn where the child decides otherwise (None: it does not)."""
    parent = _parent()
    found: dict[int | None, tuple[str, str]] = {
        turn: (parent["run"]["id"], _child_deciding_otherwise_at(parent, turn, agentcli_home))
        for turn in TURNS
    }
    assert cli("replay", parent["run"]["id"], "--planner", "rules").exit_code == 0
    found[None] = (parent["run"]["id"], latest_run_json()["run"]["id"])
    return found


async def test_the_screen_and_the_command_name_the_same_first_divergence(
    agentcli_home: Path, pairs: dict[int | None, tuple[str, str]]
) -> None:
    db = agentcli_home / "traces.sqlite"
    for turn in TURNS:
        a, b = pairs[turn]
        diff = cli("diff", a, b, "--json")
        assert diff.exit_code == 1
        first = json.loads(diff.stdout)["first_divergence"]
        assert first["turn"] == turn
        message, seq = await _screen_verdict(db, a, b)
        assert message.startswith(f"first divergence, turn {turn} {first['aspect']}: ")
        assert seq == first["seq_a"]
    a, b = pairs[None]  # a faithful replay: the command and the screen both say they agree
    assert cli("diff", a, b).exit_code == 0
    message, seq = await _screen_verdict(db, a, b)
    assert message.startswith("the runs agree") and seq is None
