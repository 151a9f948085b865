"""Two runs side by side, one aligned pair of events per line (a virtual list)."""

from __future__ import annotations

from rich.segment import Segment
from rich.style import Style
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from agentcli.tui.align import AlignedRow, Alignment
from agentcli.tui.lanes import summary
from agentcli.tui.rows import EventRow

TAG_STYLES = {
    "equal": Style(),
    "replace": Style(color="yellow"),
    "delete": Style(color="red"),
    "insert": Style(color="green"),
}
FIRST = Style(bgcolor="dark_red", bold=True)
FAINT = Style(color="bright_black")


class DiffView(ScrollView, can_focus=True):
    """The aligned rows of an `Alignment`; the first divergence stands out."""

    COMPONENT_CLASSES = {"diffview--cursor"}
    DEFAULT_CSS = """
    DiffView { overflow-x: hidden; }
    DiffView > .diffview--cursor { background: $accent 40%; }
    """

    class CursorMoved(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.alignment: Alignment | None = None
        self.cursor = 0

    def show(self, alignment: Alignment) -> None:
        self.alignment = alignment
        self.virtual_size = Size(1, len(alignment.rows))
        self.move_to(alignment.first_divergence or 0)
        self.refresh()
        self.call_after_refresh(self.ensure_visible)

    @property
    def rows(self) -> list[AlignedRow]:
        return self.alignment.rows if self.alignment else []

    def move_to(self, index: int) -> None:
        if not self.rows:
            return
        index = max(0, min(len(self.rows) - 1, index))
        old, self.cursor = self.cursor, index
        self.refresh_line(old)
        self.refresh_line(index)
        self.ensure_visible()
        self.post_message(self.CursorMoved(index))

    def ensure_visible(self) -> None:
        """Scroll so the cursor row shows, a jump landing mid-screen."""
        height = self.scrollable_content_region.height or 1
        top = int(self.scroll_offset.y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height // 2, animate=False)

    def next_difference(self, direction: int) -> int | None:
        rows = self.rows
        index = self.cursor + direction
        while 0 <= index < len(rows):
            if rows[index].tag != "equal":
                return index
            index += direction
        return None

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = int(self.scroll_offset.y) + y
        rows = self.rows
        if index >= len(rows):
            return Strip.blank(width, self.rich_style)
        row = rows[index]
        half = (width - 3) // 2
        first = self.alignment is not None and index == self.alignment.first_divergence
        marker = (
            "▶" if first else {"equal": " ", "replace": "≠", "delete": "-", "insert": "+"}[row.tag]
        )
        style = TAG_STYLES[row.tag]
        segments = [
            Segment(_side(row.left, half), style),
            Segment(f" {marker} ", FIRST if first else style),
            Segment(_side(row.right, width - 3 - half), style),
        ]
        strip = Strip(segments).adjust_cell_length(width, self.rich_style)
        if first:
            strip = strip.apply_style(Style(bold=True))
        if index == self.cursor:
            strip = strip.apply_style(self.get_component_rich_style("diffview--cursor"))
        return strip


def _side(event: EventRow | None, width: int) -> str:
    if event is None:
        return " " * width
    text = f"{event.seq:>6} {summary(event)}"
    return text[: width - 1] + "…" if len(text) > width else text.ljust(width)
