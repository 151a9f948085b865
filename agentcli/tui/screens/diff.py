"""Two runs aligned side by side, the cursor on their first divergence."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, Static

from agentcli.tui.align import Alignment, align, signature
from agentcli.tui.readmodel import TraceReader
from agentcli.tui.replay_check import FirstDivergence, first_divergence
from agentcli.tui.rows import RunSummary
from agentcli.tui.screens.help import HelpScreen
from agentcli.tui.screens.navigation import back_to_runs
from agentcli.tui.widgets.diff_view import DiffView
from agentcli.tui.widgets.status_line import StatusLine


class DiffScreen(Screen[None]):
    """Run A on the left, run B on the right; `n` walks from one difference to the next."""

    BINDINGS = [
        Binding("j,down", "step(1)", "next"),
        Binding("k,up", "step(-1)", "prev"),
        Binding("n", "difference(1)", "next diff"),
        Binding("N", "difference(-1)", "prev diff"),
        Binding("g,home", "first", "first", show=False),
        Binding("question_mark", "help", "help"),
        Binding("q,escape", "back", "back"),
    ]

    class Aligned(Message):
        def __init__(
            self,
            left: RunSummary | None,
            right: RunSummary | None,
            alignment: Alignment,
            verdict: FirstDivergence | None,
        ) -> None:
            super().__init__()
            self.left = left
            self.right = right
            self.alignment = alignment
            self.verdict = verdict

    def __init__(self, reader: TraceReader, left_id: str, right_id: str) -> None:
        super().__init__()
        self.reader = reader
        self.left_id = left_id
        self.right_id = right_id
        self.alignment: Alignment | None = None

    def compose(self) -> ComposeResult:
        yield Static(Text(f"A {self.left_id}   B {self.right_id}   aligning…"), id="diff-header")
        yield DiffView(id="diff")
        yield Static("", id="diff-detail")
        yield StatusLine(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(DiffView).focus()
        self._align()

    @work(thread=True, exclusive=True, group="align")
    def _align(self) -> None:
        left = self.reader.all_events(self.left_id)
        right = self.reader.all_events(self.right_id)
        cassettes = [self.reader.cassette(self.left_id), self.reader.cassette(self.right_id)]
        verdict = first_divergence(self.left_id, left, self.right_id, right, cassettes)
        alignment = align(left, right).with_first(
            *((verdict.seq_a, verdict.seq_b) if verdict is not None else (None, None))
        )
        self.post_message(
            self.Aligned(
                self.reader.run(self.left_id), self.reader.run(self.right_id), alignment, verdict
            )
        )

    def on_diff_screen_aligned(self, message: Aligned) -> None:
        self.alignment = alignment = message.alignment
        header = Text()
        for label, run, run_id in (
            ("A", message.left, self.left_id),
            ("B", message.right, self.right_id),
        ):
            header.append(f"{label} ", style="bold")
            header.append(run_id)
            if run is not None:
                header.append(
                    f" {run.planner_model} {run.outcome or run.status} {run.events} events   ",
                    style="dim",
                )
        self.query_one("#diff-header", Static).update(header)
        status = self.query_one(StatusLine)
        if message.verdict is not None:
            status.say(
                f"first divergence, {message.verdict.text}; {alignment.differing} rows differ",
                "bold red",
            )
        elif alignment.differing == 0:
            status.say(
                f"the runs agree event for event ({len(alignment.rows)} events)", "bold green"
            )
        else:  # agentcli diff finds nothing: what differs is not a decision, action or call
            status.say(
                f"the runs agree turn for turn; {alignment.differing} rows differ in what "
                "replays leave out (ids, timings, calls blocked writes stand for)",
                "bold green",
            )
        self.query_one(DiffView).show(alignment)

    def on_diff_view_cursor_moved(self, message: DiffView.CursorMoved) -> None:
        if self.alignment is None:
            return
        row = self.alignment.rows[message.index]
        text = Text()
        for side, event in (("A", row.left), ("B", row.right)):
            text.append(f"{side} ", style="bold")
            text.append(signature(event)[:400] if event else "(no event)")
            text.append("\n")
        self.query_one("#diff-detail", Static).update(text)

    def action_step(self, delta: int) -> None:
        view = self.query_one(DiffView)
        view.move_to(view.cursor + delta)

    def action_first(self) -> None:
        self.query_one(DiffView).move_to(0)

    def action_difference(self, direction: int) -> None:
        view = self.query_one(DiffView)
        index = view.next_difference(direction)
        if index is None:
            self.query_one(StatusLine).say("no more differences that way")
        else:
            view.move_to(index)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen())

    def action_back(self) -> None:
        back_to_runs(self, self.reader)
