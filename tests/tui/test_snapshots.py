"""SVG snapshots of every screen on deterministic runs (fixed ids, clocks, size; no blinking)."""

from __future__ import annotations

from pathlib import Path

import pytest

from agentcli.tui.app import create_app
from agentcli.tui.screens.diff import DiffScreen
from agentcli.tui.screens.runs import RunsScreen
from agentcli.tui.widgets.detail_pane import DetailPane
from agentcli.tui.widgets.timeline import Timeline
from tests.tui.conftest import SAMPLE_A, SAMPLE_B
from tests.tui.pilot_helpers import settle, settled_screenshot
from tests.tui.snapshots import assert_snapshot

SIZE = (150, 40)
pytestmark = pytest.mark.usefixtures("utc")


async def _run_screen_after(sample_db: Path, keys: tuple[str, ...], seq_kind: str) -> str:
    app = create_app(sample_db, SAMPLE_A, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        timeline = app.screen.query_one(Timeline)
        pane = app.screen.query_one(DetailPane)
        await settle(pilot, lambda: pane.shown_seq == 1)
        await pilot.press(*keys)
        await settle(
            pilot, lambda: pane.shown_seq not in (None, 1) and pane.shown_seq == timeline.cursor
        )
        row = timeline.row(timeline.cursor)
        assert row is not None and row.kind == seq_kind
        return await settled_screenshot(pilot)


async def test_runs_screen(sample_db: Path):
    app = create_app(sample_db, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, RunsScreen)
        await settle(pilot, lambda: len(screen.runs) == 2)
        await pilot.pause(0.1)
        assert_snapshot(await settled_screenshot(pilot), "runs_screen")


async def test_run_screen_on_a_compensation(sample_db: Path):
    svg = await _run_screen_after(sample_db, ("c",), "compensation_started")
    assert_snapshot(svg, "run_screen_compensation")


async def test_run_screen_on_a_failed_vendor_call(sample_db: Path):
    svg = await _run_screen_after(sample_db, ("f",), "http_exchange")
    assert_snapshot(svg, "run_screen_http_failure")


async def test_run_screen_on_an_invalid_action(sample_db: Path):
    svg = await _run_screen_after(
        sample_db, ("slash", *"INVALID", "enter", "escape"), "action_invalid"
    )
    assert_snapshot(svg, "run_screen_invalid_action")


async def test_diff_screen(sample_db: Path):
    app = create_app(sample_db, SAMPLE_A, diff=SAMPLE_B, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, DiffScreen)
        await settle(pilot, lambda: screen.alignment is not None)
        assert_snapshot(await settled_screenshot(pilot), "diff_screen")


async def test_help_screen(sample_db: Path):
    app = create_app(sample_db, SAMPLE_A, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: app.screen.query_one(DetailPane).shown_seq == 1)
        await pilot.press("question_mark")
        await pilot.pause()
        assert_snapshot(await settled_screenshot(pilot), "help_screen")
