"""The run timeline: a virtual list over the trace, one line per event, lanes as columns.

Only the lines on screen are rendered (Textual's line API); events arrive in pages of
`PAGE_SIZE` read by a worker thread, so a run of any length paints at once.
"""

from __future__ import annotations

from collections import OrderedDict

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from agentcli.tui.lanes import (
    COMPENSATION_KINDS,
    Lane,
    bar,
    duration_ms,
    is_failure,
    is_write,
    lane_of,
    summary,
)
from agentcli.tui.readmodel import TraceReader
from agentcli.tui.rows import EventRow

LANE_COLORS = ("cyan", "magenta", "yellow", "green", "blue")
GLYPHS = {
    "user_message": "▶",
    "assistant_message": "◀",
    "run_finished": "■",
    "model_request": "◇",
    "model_response": "◆",
    "action_proposed": "●",
    "action_invalid": "✗",
    "action_result": "○",
    "policy_decision": "§",
    "approval_requested": "?",
    "approval_resolved": "✓",
    "blocked_write": "⊘",
    "error": "✗",
    "saga_started": "┏",
    "saga_finished": "┗",
    "step_started": "▸",
    "step_succeeded": "✓",
    "step_failed": "✗",
    "compensation_started": "↺",
    "compensation_succeeded": "↺",
    "compensation_failed": "✗",
    "domain_event": "·",
    "http_exchange": "⇄",
}
BAR_WIDTH = 10
GUTTER = 7 + 1 + 10 + 1  # seq, time
LANES_WIDTH = 2 * len(Lane)
FAINT = Style(color="bright_black")


def lane_header(width: int) -> str:
    """The column titles above the timeline."""
    lanes = "C M A S H "
    what = "what".ljust(max(0, width - GUTTER - LANES_WIDTH - BAR_WIDTH - 2))
    return f"{'seq':>7} {'time':>10} {lanes} {what} {'duration':<{BAR_WIDTH}}"[:width]


class Timeline(ScrollView, can_focus=True):
    """One line per event of a run; the cursor picks the event the detail pane explains."""

    PAGE_SIZE = 256
    MAX_PAGES = 64
    COMPONENT_CLASSES = {"timeline--cursor"}
    DEFAULT_CSS = """
    Timeline { overflow-x: hidden; }
    Timeline > .timeline--cursor { background: $accent 40%; text-style: bold; }
    """

    class CursorMoved(Message):
        """The cursor is on another event."""

        def __init__(self, seq: int) -> None:
            super().__init__()
            self.seq = seq

    class PageLoaded(Message):
        """A worker read one page of events."""

        bubble = False

        def __init__(self, page: int, rows: list[EventRow]) -> None:
            super().__init__()
            self.page = page
            self.rows = rows

    def __init__(
        self, reader: TraceReader, run_id: str, t0: float, *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.reader = reader
        self.run_id = run_id
        self.t0 = t0
        self.length = 0
        self.cursor = 0
        self.rows_painted = 0
        self.last_painted_seq = 0
        self._pages: OrderedDict[int, list[EventRow]] = OrderedDict()
        self._pending: set[int] = set()

    # -- data -------------------------------------------------------------------------------

    def set_length(self, length: int) -> None:
        """The run has `length` events now (it grows while a chat is still writing it)."""
        partial = self.length // self.PAGE_SIZE
        for page in [p for p in self._pages if p >= partial]:
            del self._pages[page]
        self.length = length
        self.virtual_size = Size(1, length)
        self.refresh()
        self.call_after_refresh(self.ensure_visible)

    def row(self, seq: int) -> EventRow | None:
        """The event at `seq` if its page is loaded; asks for the page otherwise."""
        page, index = divmod(seq - 1, self.PAGE_SIZE)
        rows = self._pages.get(page)
        if rows is None:
            self._request(page)
            return None
        self._pages.move_to_end(page)
        return rows[index] if index < len(rows) else None

    def _request(self, page: int) -> None:
        if page in self._pending:
            return
        self._pending.add(page)
        self.run_worker(lambda: self._fetch(page), thread=True, group=f"page-{page}")

    def _fetch(self, page: int) -> None:
        rows = self.reader.page(self.run_id, page * self.PAGE_SIZE + 1, self.PAGE_SIZE)
        self.post_message(self.PageLoaded(page, rows))

    def on_timeline_page_loaded(self, message: PageLoaded) -> None:
        self._pending.discard(message.page)
        self._pages[message.page] = message.rows
        while len(self._pages) > self.MAX_PAGES:
            self._pages.popitem(last=False)
        self.refresh()

    # -- cursor -----------------------------------------------------------------------------

    def move_to(self, seq: int) -> None:
        if self.length == 0:
            return
        seq = max(1, min(self.length, seq))
        old, self.cursor = self.cursor, seq
        if old:
            self.refresh_line(old - 1)
        self.refresh_line(seq - 1)
        self.ensure_visible()
        if seq != old:
            self.post_message(self.CursorMoved(seq))

    def ensure_visible(self) -> None:
        """Scroll the least that shows the cursor line."""
        height = self.scrollable_content_region.height or 1
        top = int(self.scroll_offset.y)
        if self.cursor - 1 < top:
            self.scroll_to(y=self.cursor - 1, animate=False)
        elif self.cursor - 1 >= top + height:
            self.scroll_to(y=self.cursor - height, animate=False)

    def move_by(self, delta: int) -> None:
        self.move_to((self.cursor or 1) + delta)

    def page_height(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def on_click(self, event: events.Click) -> None:
        self.move_to(int(self.scroll_offset.y) + event.y + 1)

    # -- rendering ----------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        seq = int(self.scroll_offset.y) + y + 1
        if seq > self.length:
            return Strip.blank(width, self.rich_style)
        event = self.row(seq)
        cursor = self.get_component_rich_style("timeline--cursor") if seq == self.cursor else None
        if event is None:
            segments = [Segment(f"{seq:>7} …", FAINT)]
        else:
            self.rows_painted += 1
            self.last_painted_seq = seq
            segments = self._segments(event, width)
        strip = Strip(segments).adjust_cell_length(width, self.rich_style)
        if cursor is not None:
            strip = strip.apply_style(cursor)
        return strip

    def _segments(self, event: EventRow, width: int) -> list[Segment]:
        lane = lane_of(event.kind)
        failure = is_failure(event)
        text_style = (
            Style(color="red", bold=True)
            if failure
            else Style(color="magenta", bold=True)
            if event.kind in COMPENSATION_KINDS
            else Style(color="yellow", bold=True)
            if is_write(event)
            else Style()
        )
        out = [
            Segment(f"{event.seq:>7} ", FAINT),
            Segment(f"{_elapsed(event.ts - self.t0):>10} ", FAINT),
        ]
        for index in range(len(Lane)):
            if index == lane:
                glyph_style = Style(color="red" if failure else LANE_COLORS[index], bold=True)
                out.append(Segment(GLYPHS.get(event.kind, "•"), glyph_style))
            else:
                out.append(Segment("│", FAINT))
            out.append(Segment(" "))
        room = max(0, width - GUTTER - LANES_WIDTH - BAR_WIDTH - 2)
        text = summary(event)
        text = text if len(text) <= room else text[: max(0, room - 1)] + "…"
        out.append(Segment(" " + text.ljust(room) + " ", text_style))
        ms = duration_ms(event)
        bar_style = Style(
            color="green" if (ms or 0) < 100 else "yellow" if (ms or 0) < 1000 else "red"
        )
        out.append(Segment(bar(ms, BAR_WIDTH).ljust(BAR_WIDTH), bar_style))
        return out


def _elapsed(seconds: float) -> str:
    if seconds < 0:
        return "+0.000s"
    if seconds < 10_000:
        return f"+{seconds:.3f}s"
    return f"+{seconds / 3600:.2f}h"
