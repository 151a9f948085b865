"""The timeline reads only the pages it shows, so a long run opens as fast as a short one."""

from __future__ import annotations

from pathlib import Path

from agentcli.trace.store import Store
from agentcli.tui.app import create_app
from agentcli.tui.sample import write_sample_run
from agentcli.tui.widgets.timeline import Timeline
from tests.tui.pilot_helpers import MessageLog, settle

RUN = "01LONGRUN00000000000000000"


async def test_a_long_run_loads_one_page_to_open_and_one_more_to_jump_to_the_end(
    tmp_path: Path,
):
    db = tmp_path / "long.sqlite"
    store = Store.open(db)
    write_sample_run(store, RUN, events=12_000)
    store.close()
    log = MessageLog()
    app = create_app(db, RUN, cursor_blink=False)
    async with app.run_test(size=(160, 45), message_hook=log.hook) as pilot:
        timeline = app.screen.query_one(Timeline)
        await settle(pilot, lambda: timeline.rows_painted > 0)
        assert timeline.length == 12_000
        assert [m.page for m in log.of(Timeline.PageLoaded)] == [0]
        await pilot.press("G")
        await settle(pilot, lambda: timeline.row(12_000) is not None)
        assert timeline.row(12_000).kind == "run_finished"  # type: ignore[union-attr]
        pages = sorted({m.page for m in log.of(Timeline.PageLoaded)})
        assert pages[0] == 0 and pages[-1] == (12_000 - 1) // Timeline.PAGE_SIZE
        assert len(pages) <= 3
        await pilot.press("f")  # the failure nearest after the end wraps to the first one
        await settle(pilot, lambda: timeline.cursor < 100)
