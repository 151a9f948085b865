"""The list of recorded runs: filter, open one, or pick two to compare."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input

from agentcli.tui.filters import matches
from agentcli.tui.readmodel import TraceReader
from agentcli.tui.rows import RunSummary
from agentcli.tui.screens.diff import DiffScreen
from agentcli.tui.screens.help import HelpScreen
from agentcli.tui.screens.run import RunScreen
from agentcli.tui.widgets.run_header import when
from agentcli.tui.widgets.status_line import StatusLine

COLUMNS = (
    "run",
    "started",
    "status",
    "planner/model",
    "prompt",
    "turns",
    "writes",
    "comp.",
    "outcome",
    "events",
)


class RunsScreen(Screen[None]):
    """Newest runs first; Enter opens one, `d` on two runs opens them side by side."""

    BINDINGS = [
        Binding("slash", "filter", "filter"),
        Binding("d", "mark_diff", "diff"),
        Binding("R", "reload", "reload"),
        Binding("question_mark", "help", "help"),
        Binding("q", "quit_app", "quit"),
        Binding("escape", "clear_filter", "clear filter", show=False),
    ]

    class Loaded(Message):
        def __init__(self, runs: list[RunSummary]) -> None:
            super().__init__()
            self.runs = runs

    def __init__(
        self, reader: TraceReader, *, db_path: Path | None = None, cursor_blink: bool = True
    ) -> None:
        super().__init__()
        self.reader = reader
        self.db_path = db_path
        self.cursor_blink = cursor_blink
        self.runs: list[RunSummary] = []
        self.shown: list[RunSummary] = []
        self.marked: str | None = None

    def compose(self) -> ComposeResult:
        filter_box = Input(
            placeholder="filter runs: words, or status:failed outcome:purchase planner:rules …",
            id="runs-filter",
        )
        filter_box.cursor_blink = self.cursor_blink
        yield filter_box
        yield DataTable(id="runs-table", cursor_type="row", zebra_stripes=True)
        yield StatusLine(id="status")
        yield Footer()

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one(DataTable)

    def on_mount(self) -> None:
        self.table.add_columns(*COLUMNS)
        self.table.focus()
        self._load()

    @work(thread=True, exclusive=True, group="runs")
    def _load(self) -> None:
        self.post_message(self.Loaded(self.reader.runs()))

    def on_runs_screen_loaded(self, message: Loaded) -> None:
        self.runs = message.runs
        self._fill()

    def _fill(self) -> None:
        query = self.query_one("#runs-filter", Input).value
        self.shown = [run for run in self.runs if matches(run, query)]
        table = self.table
        keep = self._selected()
        table.clear()
        for run in self.shown:
            mark = "◆ " if run.id == self.marked else ""
            cells = (
                f"{mark}{run.id}",
                when(run.started_at),
                run.status,
                run.planner_model,
                run.prompt_version or "-",
                run.figure("turns"),
                run.figure("writes"),
                run.figure("compensations"),
                run.outcome or "-",
                f"{run.events:,}",
            )
            table.add_row(*(Text(cell) for cell in cells), key=run.id)  # Text: never markup
        ids = [run.id for run in self.shown]
        if keep in ids:
            table.move_cursor(row=ids.index(keep), animate=False)
        total = len(self.runs)
        self.query_one(StatusLine).say(
            f"{len(self.shown)} of {total} runs"
            + (f"; marked {self.marked} for diff" if self.marked else "")
            if total
            else "no runs yet: `agentcli chat` records one"
        )

    def on_input_changed(self, message: Input.Changed) -> None:
        self._fill()

    def on_input_submitted(self, message: Input.Submitted) -> None:
        self.table.focus()

    def on_data_table_row_selected(self, message: DataTable.RowSelected) -> None:
        self._open(str(message.row_key.value))

    def _selected(self) -> str | None:
        if not self.shown or self.table.cursor_row >= len(self.shown):
            return None
        return self.shown[self.table.cursor_row].id

    def _open(self, run_id: str) -> None:
        self.app.push_screen(
            RunScreen(self.reader, run_id, db_path=self.db_path, cursor_blink=self.cursor_blink)
        )

    def action_filter(self) -> None:
        self.query_one("#runs-filter", Input).focus()

    def action_clear_filter(self) -> None:
        self.query_one("#runs-filter", Input).value = ""
        self.table.focus()

    def action_reload(self) -> None:
        self._load()

    def action_mark_diff(self) -> None:
        run_id = self._selected()
        if run_id is None:
            return
        if self.marked is None or self.marked == run_id:
            self.marked = None if self.marked == run_id else run_id
            self._fill()
            return
        left, self.marked = self.marked, None
        self._fill()
        self.app.push_screen(DiffScreen(self.reader, left, run_id))

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen())

    def action_quit_app(self) -> None:
        self.app.exit()
