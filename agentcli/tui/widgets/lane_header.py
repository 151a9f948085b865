"""The column titles above the timeline, sized to its width."""

from __future__ import annotations

from textual.widget import Widget

from agentcli.tui.widgets.timeline import lane_header


class LaneHeader(Widget):
    """seq, time, the five lanes (Conversation Model Actions Saga HTTP), what, duration."""

    DEFAULT_CSS = "LaneHeader { height: 1; text-style: bold; color: $text-muted; }"

    def render(self) -> str:
        return lane_header(self.size.width)
