"""The line above the timeline: which run this is and how it ended (or that it is live)."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.widgets import Static

from agentcli.tui.rows import RunSummary


def when(ts: float | None) -> str:
    if ts is None:
        return "-"
    return dt.datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M:%S")


class RunHeader(Static):
    """Run id, command, planner and model, prompt version, status, outcome, event count."""

    def show(self, run: RunSummary, events: int, *, live: bool = False) -> None:
        status_style = {"finished": "green", "running": "yellow"}.get(run.status, "red")
        text = Text.assemble(
            ("run ", "dim"),
            (run.id, "bold"),
            f"  {run.command}  ",
            ("planner ", "dim"),
            run.planner_model,
            ("  prompt ", "dim"),
            run.prompt_version or "-",
            ("  started ", "dim"),
            when(run.started_at),
            "  ",
            (run.status, f"bold {status_style}"),
            ("  outcome ", "dim"),
            run.outcome or "-",
            ("  events ", "dim"),
            f"{events:,}",
        )
        if run.parent_run:
            text.append(f"  replay of {run.parent_run}", style="dim")
        if live:
            text.append("  ● live", style="bold yellow")
        self.update(text)
