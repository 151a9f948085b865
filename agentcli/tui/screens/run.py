"""One run: the timeline with lanes on the left, the event under the cursor on the right."""

from __future__ import annotations

from pathlib import Path

from rich.console import RenderableType
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import Screen
from textual.strip import Strip
from textual.timer import Timer
from textual.widgets import Footer, Input

from agentcli.tui.context import EventContext, load_context
from agentcli.tui.readmodel import Jump, TraceReader
from agentcli.tui.replay_check import ReplayOutcome, sealed_check
from agentcli.tui.rows import RunSummary
from agentcli.tui.screens.help import HelpScreen
from agentcli.tui.screens.navigation import back_to_runs
from agentcli.tui.widgets.detail_pane import DetailPane, describe, render_lines
from agentcli.tui.widgets.lane_header import LaneHeader
from agentcli.tui.widgets.run_header import RunHeader
from agentcli.tui.widgets.search_bar import SearchBar
from agentcli.tui.widgets.status_line import StatusLine
from agentcli.tui.widgets.timeline import Timeline

FOLLOW_INTERVAL = 0.5
JUMP_NAMES = {"failure": "failure", "compensation": "compensation", "write": "write"}


class RunScreen(Screen[None]):
    """Step through one run; every read of the trace happens in a worker thread."""

    BINDINGS = [
        Binding("j,n,down", "step(1)", "next"),
        Binding("k,p,up", "step(-1)", "prev"),
        Binding("pagedown", "page(1)", "page down", show=False),
        Binding("pageup", "page(-1)", "page up", show=False),
        Binding("g,home", "first", "first", show=False),
        Binding("G,end", "last", "last", show=False),
        Binding("f", "jump('failure')", "failure"),
        Binding("F", "jump('failure', True)", "prev failure", show=False),
        Binding("c", "jump('compensation')", "compensation"),
        Binding("w", "jump('write')", "write"),
        Binding("slash", "search", "search"),
        Binding("r", "replay", "replay"),
        Binding("question_mark", "help", "help"),
        Binding("q,escape", "back", "back"),
    ]

    class Opened(Message):
        def __init__(self, run: RunSummary | None, last_seq: int) -> None:
            super().__init__()
            self.run = run
            self.last_seq = last_seq

    class DetailReady(Message):
        def __init__(
            self,
            seq: int,
            context: EventContext | None,
            renderable: RenderableType,
            lines: list[Strip],
        ) -> None:
            super().__init__()
            self.seq = seq
            self.context = context
            self.renderable = renderable
            self.lines = lines

    class JumpDone(Message):
        def __init__(self, seq: int | None, what: str, wrapped: bool) -> None:
            super().__init__()
            self.seq = seq
            self.what = what
            self.wrapped = wrapped

    class ReplayDone(Message):
        def __init__(self, outcome: ReplayOutcome) -> None:
            super().__init__()
            self.outcome = outcome

    def __init__(
        self,
        reader: TraceReader,
        run_id: str,
        *,
        db_path: Path | None = None,
        follow: bool = False,
        cursor_blink: bool = True,
    ) -> None:
        super().__init__()
        self.reader = reader
        self.run_id = run_id
        self.db_path = db_path
        self.follow = follow
        self.cursor_blink = cursor_blink
        self.run: RunSummary | None = None
        self._poller: Timer | None = None

    def compose(self) -> ComposeResult:
        yield RunHeader(f"run {self.run_id}", id="run-header")
        with Horizontal(id="run-body"):
            with Vertical(id="timeline-box"):
                yield LaneHeader(id="lane-header")
                yield Timeline(self.reader, self.run_id, 0.0, id="timeline")
            yield DetailPane(id="detail")
        yield SearchBar(id="search", cursor_blink=self.cursor_blink)
        yield StatusLine(id="status")
        yield Footer()

    @property
    def timeline(self) -> Timeline:
        return self.query_one(Timeline)

    @property
    def status(self) -> StatusLine:
        return self.query_one(StatusLine)

    def on_mount(self) -> None:
        self.query_one(SearchBar).display = False
        self.timeline.focus()
        self._open()
        if self.follow:
            self._poller = self.set_interval(FOLLOW_INTERVAL, self._poll)

    # -- workers: read, then post -------------------------------------------------------------

    @work(thread=True, group="open")
    def _open(self) -> None:
        self.post_message(
            self.Opened(self.reader.run(self.run_id), self.reader.last_seq(self.run_id))
        )

    def _poll(self) -> None:
        self._grow()

    @work(thread=True, exclusive=True, group="follow")
    def _grow(self) -> None:
        self.post_message(
            self.Opened(self.reader.run(self.run_id), self.reader.last_seq(self.run_id))
        )

    @work(thread=True, exclusive=True, group="detail")
    def _load_detail(self, seq: int, width: int) -> None:
        context = load_context(self.reader, self.run_id, seq)
        renderable = describe(context)
        self.post_message(
            self.DetailReady(seq, context, renderable, render_lines(renderable, width))
        )

    @work(thread=True, exclusive=True, group="jump")
    def _find(self, after: int, jump: Jump | None, text: str | None, backwards: bool) -> None:
        what = JUMP_NAMES[jump] if jump else f"match for {text!r}"
        seq = self.reader.next_match(self.run_id, after, jump, text, backwards=backwards)
        wrapped = False
        if seq is None:
            start = self.reader.last_seq(self.run_id) + 1 if backwards else 0
            seq = self.reader.next_match(self.run_id, start, jump, text, backwards=backwards)
            wrapped = seq is not None and seq != after
        self.post_message(self.JumpDone(seq, what, wrapped))

    @work(thread=True, exclusive=True, group="replay")
    def _replay(self) -> None:
        if self.db_path is None:
            outcome = ReplayOutcome(None, "replay needs the trace database's path")
        else:
            try:
                outcome = sealed_check(self.db_path, self.run_id)
            except Exception as exc:  # a failed check must not take the inspector down
                outcome = ReplayOutcome(False, f"replay failed: {type(exc).__name__}: {exc}")
        self.post_message(self.ReplayDone(outcome))

    # -- handlers: own the widgets ----------------------------------------------------------------

    def on_run_screen_opened(self, message: Opened) -> None:
        timeline = self.timeline
        if message.run is None:
            self.status.say(f"run {self.run_id} is not in the trace database", "bold red")
            return
        first = self.run is None
        self.run = message.run
        live = self.follow and message.run.status == "running"
        self.query_one(RunHeader).show(message.run, message.last_seq, live=live)
        if first:
            timeline.t0 = message.run.started_at
        if message.last_seq != timeline.length:
            at_end = timeline.cursor == timeline.length
            timeline.set_length(message.last_seq)
            if first:
                timeline.move_to(message.last_seq if self.follow else 1)
            elif self.follow and at_end:
                timeline.move_to(message.last_seq)
        if self._poller is not None and message.run.status != "running":
            self._poller.stop()
            self._poller = None
            self.status.say(f"the run ended: {message.run.status}, {message.run.outcome}")

    def on_timeline_cursor_moved(self, message: Timeline.CursorMoved) -> None:
        self._load_detail(message.seq, self.query_one(DetailPane).text_width)

    def on_resize(self) -> None:
        if self.timeline.cursor:
            self._load_detail(self.timeline.cursor, self.query_one(DetailPane).text_width)

    def on_run_screen_detail_ready(self, message: DetailReady) -> None:
        if message.seq == self.timeline.cursor:
            self.query_one(DetailPane).show(message.seq, message.renderable, message.lines)

    def on_run_screen_jump_done(self, message: JumpDone) -> None:
        if message.seq is None:
            self.status.say(f"no {message.what} in this run")
            return
        self.timeline.move_to(message.seq)
        self.status.say(
            f"{message.what} at #{message.seq}" + (" (wrapped around)" if message.wrapped else "")
        )

    def on_run_screen_replay_done(self, message: ReplayDone) -> None:
        outcome = message.outcome
        style = "bold green" if outcome.passed else "bold red" if outcome.passed is False else ""
        verdict = {True: "passed", False: "FAILED", None: "not run"}[outcome.passed]
        self.status.say(f"sealed replay {verdict}: {outcome.text}", style)

    def on_input_submitted(self, message: Input.Submitted) -> None:
        text = message.value.strip()
        if text:
            self._find(self.timeline.cursor, None, text, False)

    def on_search_bar_closed(self, message: SearchBar.Closed) -> None:
        self.query_one(SearchBar).display = False
        self.timeline.focus()

    # -- actions ------------------------------------------------------------------------------

    def action_step(self, delta: int) -> None:
        self.timeline.move_by(delta)

    def action_page(self, direction: int) -> None:
        self.timeline.move_by(direction * self.timeline.page_height())

    def action_first(self) -> None:
        self.timeline.move_to(1)

    def action_last(self) -> None:
        self.timeline.move_to(self.timeline.length)

    def action_jump(self, jump: Jump, backwards: bool = False) -> None:
        self._find(self.timeline.cursor, jump, None, backwards)

    def action_search(self) -> None:
        bar = self.query_one(SearchBar)
        bar.display = True
        bar.focus()

    def action_replay(self) -> None:
        self.status.say(f"running the sealed replay check of {self.run_id}…")
        self._replay()

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen())

    def action_back(self) -> None:
        back_to_runs(self, self.reader, db_path=self.db_path, cursor_blink=self.cursor_blink)
