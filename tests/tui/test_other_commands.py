"""Runs recorded by `agentcli test` and `agentcli replay` open in the inspector like chat runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agentcli.tui.app import create_app
from agentcli.tui.widgets.detail_pane import DetailPane
from agentcli.tui.widgets.run_header import RunHeader
from agentcli.tui.widgets.status_line import StatusLine
from agentcli.tui.widgets.timeline import Timeline
from tests.e2e.helpers import chat, cli
from tests.tui.pilot_helpers import settle
from tests.tui.recordings import CHECKOUT

SIZE = (160, 45)
ROOT = Path(__file__).resolve().parents[2]


def _runs() -> list[dict]:
    result = cli("runs", "list", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture
def suite_run(agentcli_home: Path) -> dict:
    """The suite case whose capture fails for good (recorded by `agentcli test`)."""
    result = cli("test", str(ROOT / "suites" / "faults.suite.yaml"), "-n", "1", "-k", "capture")
    assert result.exit_code == 0, result.output
    [run] = [r for r in _runs() if r["metrics"].get("compensations") == 3]
    return run


@pytest.fixture
def replay_run(agentcli_home: Path) -> dict:
    """A counterfactual replay (`agentcli replay RUN --planner rules`) of a chat checkout."""
    assert chat(*CHECKOUT, "yes").exit_code == 0
    parent = _runs()[0]["id"]
    result = cli("replay", parent, "--planner", "rules")
    assert result.exit_code == 0, result.output
    return _runs()[0]


async def test_a_suite_case_whose_capture_fails_shows_its_three_compensations(
    agentcli_home: Path, suite_run: dict
):
    run = suite_run
    assert run["command"] == "test"
    app = create_app(agentcli_home / "traces.sqlite", run["id"], cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        pane = app.screen.query_one(DetailPane)
        timeline = app.screen.query_one(Timeline)
        await settle(pilot, lambda: pane.shown_seq == 1)
        undone = []
        for _ in range(3):
            await pilot.press("c")
            await settle(
                pilot,
                lambda: (
                    pane.shown_seq == timeline.cursor
                    and timeline.row(timeline.cursor) is not None
                    and timeline.row(timeline.cursor).kind == "compensation_started"  # type: ignore[union-attr]
                    and timeline.cursor not in undone
                ),
            )
            undone.append(timeline.cursor)
        steps = [timeline.row(seq).payload["step"] for seq in undone]  # type: ignore[union-attr]
        assert steps == ["capture_payment", "create_order", "authorize_payment"]
        ledger = pane.plain_text()
        assert "✗ capture_payment failed" in ledger, ledger


async def test_a_counterfactual_replay_shows_its_parent_and_its_blocked_writes(
    agentcli_home: Path, replay_run: dict
):
    child = replay_run
    parent = child["parent_run"]
    assert child["command"] == "replay" and parent
    app = create_app(agentcli_home / "traces.sqlite", child["id"], cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        pane = app.screen.query_one(DetailPane)
        await settle(pilot, lambda: pane.shown_seq == 1)
        assert f"replay of {parent}" in str(app.screen.query_one(RunHeader).render())
        await pilot.press("slash", *"BLOCKED", "enter")
        status = app.screen.query_one(StatusLine)
        await settle(pilot, lambda: status.message.startswith("match for"))
        timeline = app.screen.query_one(Timeline)
        event = timeline.row(timeline.cursor)
        assert event is not None and event.kind == "blocked_write"
        assert event.payload["action"] == "add_to_cart"
