"""The inspector shows runs whose every recorded string is hostile: nothing it draws can drive
the terminal, and markup in names (`[/]`, `[bold`) neither styles nor crashes a screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from agentcli.trace.store import Store
from agentcli.tui.app import create_app
from agentcli.tui.screens.run import RunScreen
from agentcli.tui.screens.runs import RunsScreen
from agentcli.tui.widgets.detail_pane import DetailPane
from tests.e2e.hostile import HOSTILE, assert_inert, hostile_payloads, write_hostile_run
from tests.tui.pilot_helpers import settle

SIZE = (160, 45)
RUN_A = "01HOSTILERUNA0000000000000"
RUN_B = "01HOSTILERUNB0000000000000"


@pytest.fixture
def hostile_db(tmp_path: Path) -> Path:
    path = tmp_path / "traces.sqlite"
    store = Store.open(path)
    write_hostile_run(store, RUN_A)
    write_hostile_run(store, RUN_B, HOSTILE.replace("fake", "other"))
    store.close()
    return path


def _drawn(app: Any) -> str:
    """Every character the app draws on the screen now."""
    return "".join(
        segment.text for strip in app.screen._compositor.render_strips() for segment in strip
    )


async def test_the_runs_table_draws_hostile_run_rows_inert(hostile_db: Path) -> None:
    app = create_app(hostile_db, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(
            pilot, lambda: isinstance(app.screen, RunsScreen) and app.screen.table.row_count == 2
        )
        assert_inert(_drawn(app), "the runs table")


async def test_stepping_through_every_hostile_event_draws_nothing_that_drives_the_terminal(
    hostile_db: Path,
) -> None:
    app = create_app(hostile_db, RUN_A, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        for seq in range(1, len(hostile_payloads()) + 1):
            await settle(
                pilot,
                lambda seq=seq: (
                    isinstance(app.screen, RunScreen)
                    and app.screen.query_one(DetailPane).shown_seq == seq
                ),
            )
            assert_inert(_drawn(app), f"the run screen at event #{seq}")
            assert_inert(app.screen.query_one(DetailPane).plain_text(), f"detail #{seq}")
            await pilot.press("j")


async def test_the_diff_screen_draws_two_hostile_runs_inert(hostile_db: Path) -> None:
    app = create_app(hostile_db, RUN_A, diff=RUN_B, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot, lambda: getattr(app.screen, "alignment", None) is not None)
        for _ in range(5):
            assert_inert(_drawn(app), "the diff screen")
            await pilot.press("j")
