"""The runs screen (filter, open, mark two for a diff) and the diff screen on chat runs."""

from __future__ import annotations

from textual.widgets import DataTable, Input

from agentcli.tui.app import create_app
from agentcli.tui.screens.diff import DiffScreen
from agentcli.tui.screens.run import RunScreen
from agentcli.tui.screens.runs import RunsScreen
from agentcli.tui.widgets.diff_view import DiffView
from agentcli.tui.widgets.status_line import StatusLine
from tests.tui.pilot_helpers import MessageLog, settle
from tests.tui.recordings import Recorded

SIZE = (160, 45)


def _ids(screen: RunsScreen) -> list[str]:
    return [run.id for run in screen.shown]


async def test_runs_table_lists_every_run_newest_first_and_filters(recorded: Recorded):
    app = create_app(recorded.db, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, RunsScreen)
        await settle(pilot, lambda: len(screen.runs) >= 4)
        ids = _ids(screen)
        assert ids == sorted(ids, reverse=True)
        assert {
            recorded.browse_first,
            recorded.browse_second,
            recorded.purchase,
            recorded.race,
        } <= set(ids)
        assert screen.query_one(DataTable).row_count == len(ids)
        await pilot.press("slash", *"outcome:purchase")
        await pilot.pause()
        assert _ids(screen) == [recorded.purchase]
        assert screen.query_one(StatusLine).message.startswith("1 of ")
        await pilot.press("enter")  # back to the table
        assert isinstance(app.focused, DataTable)
        await pilot.press("escape")
        assert screen.query_one("#runs-filter", Input).value == ""
        assert len(_ids(screen)) == len(ids)


async def test_enter_opens_the_run_under_the_cursor(recorded: Recorded):
    app = create_app(recorded.db, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, RunsScreen)
        await settle(pilot, lambda: len(screen.runs) >= 4)
        target = _ids(screen).index(recorded.purchase)
        await pilot.press(*["down"] * target, "enter")
        assert isinstance(app.screen, RunScreen)
        assert app.screen.run_id == recorded.purchase


async def test_marking_two_runs_opens_them_side_by_side_at_the_first_divergence(
    recorded: Recorded,
):
    log = MessageLog()
    app = create_app(recorded.db, cursor_blink=False)
    async with app.run_test(size=SIZE, message_hook=log.hook) as pilot:
        screen = app.screen
        assert isinstance(screen, RunsScreen)
        await settle(pilot, lambda: len(screen.runs) >= 4)
        ids = _ids(screen)
        await pilot.press(*["down"] * ids.index(recorded.browse_second), "d")
        assert screen.marked == recorded.browse_second
        up = ids.index(recorded.browse_second) - ids.index(recorded.browse_first)
        await pilot.press(*["up"] * up, "d")
        diff = app.screen
        assert isinstance(diff, DiffScreen)
        assert (diff.left_id, diff.right_id) == (recorded.browse_second, recorded.browse_first)
        await settle(pilot, lambda: diff.alignment is not None)
        [aligned] = log.of(DiffScreen.Aligned)
        alignment = aligned.alignment
        assert alignment.first_divergence is not None
        row = alignment.rows[alignment.first_divergence]
        assert row.left is not None and row.right is not None
        assert row.left.payload["text"] == "show me the second one"
        assert row.right.payload["text"] == "show me the first one"
        before = alignment.rows[: alignment.first_divergence]
        assert before and all(r.tag == "equal" for r in before)
        assert diff.query_one(DiffView).cursor == alignment.first_divergence
        message = diff.query_one(StatusLine).message
        assert message.startswith("first divergence, turn 3 user: A show me the second one | B")
        await pilot.press("n")
        assert diff.query_one(DiffView).cursor > alignment.first_divergence
        await pilot.press("q")
        assert isinstance(app.screen, RunsScreen)


async def test_diff_option_opens_the_diff_screen_directly(recorded: Recorded):
    app = create_app(
        recorded.db, recorded.browse_second[:12], diff=recorded.browse_second, cursor_blink=False
    )
    async with app.run_test(size=SIZE) as pilot:
        diff = app.screen
        assert isinstance(diff, DiffScreen)
        await settle(pilot, lambda: diff.alignment is not None)
        assert diff.alignment is not None and diff.alignment.identical
        assert diff.query_one(StatusLine).message.startswith("the runs agree event for event")
