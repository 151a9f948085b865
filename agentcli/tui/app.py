"""The inspector app and the one factory that the CLI and the tests both build it with."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual.app import App

from agentcli.trace.store import Store
from agentcli.tui.readmodel import TraceReader
from agentcli.tui.screens.diff import DiffScreen
from agentcli.tui.screens.run import RunScreen
from agentcli.tui.screens.runs import RunsScreen


@dataclass(frozen=True)
class InspectorConfig:
    """What to open; `cursor_blink=False` keeps snapshots stable."""

    db_path: Path
    run: str | None = None
    diff: str | None = None
    follow: bool = False
    cursor_blink: bool = True


class InspectorApp(App[None]):
    """Opens on the runs, or on a run or a diff when asked for (`q` then leads to the runs)."""

    CSS_PATH = "inspector.tcss"
    TITLE = "agentcli inspect"

    def __init__(self, config: InspectorConfig, reader: TraceReader) -> None:
        super().__init__()
        self.config = config
        self.reader = reader

    def on_mount(self) -> None:
        config = self.config
        if config.run and config.diff:
            self.push_screen(DiffScreen(self.reader, config.run, config.diff))
        elif config.run:
            self.push_screen(
                RunScreen(
                    self.reader,
                    config.run,
                    db_path=config.db_path,
                    follow=config.follow,
                    cursor_blink=config.cursor_blink,
                )
            )
        else:
            self.push_screen(
                RunsScreen(self.reader, db_path=config.db_path, cursor_blink=config.cursor_blink)
            )

    def on_unmount(self) -> None:
        self.reader.close()


def create_app(
    db_path: Path,
    run: str | None = None,
    *,
    diff: str | None = None,
    follow: bool = False,
    cursor_blink: bool = True,
) -> InspectorApp:
    """Check the database and resolve run ids (prefixes, `latest`) before any screen shows.

    Raises `StoreError` for an unusable database and `RunNotFound` for an unknown run.
    """
    store = Store.open(db_path)
    try:
        if follow and run is None:
            run = "latest"
        run_id = store.resolve_run(run) if run else None
        diff_id = store.resolve_run(diff) if diff else None
    finally:
        store.close()
    config = InspectorConfig(db_path, run_id, diff_id, follow, cursor_blink)
    return InspectorApp(config, TraceReader.open(db_path))
