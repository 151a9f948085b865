"""Going back: pop to the screen beneath, or (when a run was opened directly) to the runs."""

from __future__ import annotations

from pathlib import Path

from textual.screen import Screen

from agentcli.tui.readmodel import TraceReader


def back_to_runs(
    screen: Screen[None],
    reader: TraceReader,
    *,
    db_path: Path | None = None,
    cursor_blink: bool = True,
) -> None:
    """The runs screen is built only now when nothing is beneath, so a run opens faster."""
    from agentcli.tui.screens.runs import RunsScreen  # runs imports the run and diff screens

    app = screen.app
    if len(app.screen_stack) > 2:
        app.pop_screen()
    else:
        app.switch_screen(RunsScreen(reader, db_path=db_path, cursor_blink=cursor_blink))
