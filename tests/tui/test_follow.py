"""`inspect --follow`: the run screen grows while a real `chat` process is still writing."""

from __future__ import annotations

from pathlib import Path

from agentcli.tui.app import create_app
from agentcli.tui.screens.run import RunScreen
from agentcli.tui.widgets.run_header import RunHeader
from agentcli.tui.widgets.status_line import StatusLine
from agentcli.tui.widgets.timeline import Timeline
from tests.e2e.helpers import HARPER
from tests.patience import PATIENCE
from tests.tui.pilot_helpers import settle
from tests.tui.recordings import start_chat, wait_for_event


async def test_follow_shows_new_turns_as_chat_records_them(agentcli_home: Path):
    chat = start_chat(agentcli_home, f"I'm {HARPER}")
    try:
        wait_for_event(agentcli_home / "traces.sqlite", "assistant_message", chat)
        app = create_app(agentcli_home / "traces.sqlite", follow=True, cursor_blink=False)
        async with app.run_test(size=(160, 45)) as pilot:
            screen = app.screen
            assert isinstance(screen, RunScreen)
            timeline = screen.query_one(Timeline)
            await settle(pilot, lambda: timeline.length > 0)
            first_length = timeline.length
            assert timeline.cursor == first_length  # following the tail
            assert "● live" in str(screen.query_one(RunHeader).render())
            assert chat.stdin is not None
            chat.stdin.write("find a notebook\n")
            chat.stdin.flush()
            await settle(pilot, lambda: timeline.length > first_length)
            await settle(pilot, lambda: timeline.cursor == timeline.length)
            chat.stdin.close()
            status = screen.query_one(StatusLine)
            await settle(pilot, lambda: status.message.startswith("the run ended"))
            assert status.message == "the run ended: finished, completed"
            assert (
                timeline.row(timeline.length) is None
                or timeline.row(timeline.length).kind == "run_finished"
            )  # type: ignore[union-attr]
    finally:
        if chat.poll() is None:
            chat.kill()
        chat.wait(timeout=PATIENCE)
        for stream in (chat.stdin, chat.stdout, chat.stderr):
            if stream is not None:
                stream.close()
