"""How fast the inspector opens a run of 100,000 events.

1. First paint of our run screen (a virtual list reading one page of events by seq) on a run of
   100,000 events, measured from building the app to the first timeline line drawn with an
   event, against the same for a run of 200 events (Textual's own start-up); then the time to
   jump to the last event (G) and to the next failure (f).
2. The baseline: Textual's DataTable holding every event of a run as a row, first frame for
   10,000 rows, 30,000 rows and, with --full, 100,000 rows (otherwise extrapolated linearly).

Each figure is the median of a few runs, headless at 160x45; the machine's load average is
saved with them, since other work on a shared machine slows every figure alike.
Run: .venv/bin/python -m bench.inspector [--full]
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from textual.app import App, ComposeResult
from textual.strip import Strip
from textual.widgets import DataTable

from agentcli.trace.store import Store
from agentcli.tui.app import create_app
from agentcli.tui.lanes import LANE_TITLES, bar, duration_ms, lane_of, summary
from agentcli.tui.readmodel import TraceReader
from agentcli.tui.sample import write_sample_run
from agentcli.tui.screens.run import RunScreen
from agentcli.tui.widgets.detail_pane import DetailPane
from agentcli.tui.widgets.timeline import Timeline
from bench.common import save

RUN = "01BENCHRUN0000000000000000"
SHORT_RUN = "01BENCHSHORT00000000000000"
SHORT_EVENTS = 200
EVENTS = 100_000
SIZE = (160, 45)
REPEATS = 3


async def _until(pilot: Any, ready: Any) -> None:
    while not ready():
        await pilot.pause(0.002)


async def timeline_figures(db: Path, run: str = RUN, events: int = EVENTS) -> dict[str, float]:
    """Seconds to the first painted event; then, from the key's action, to the last event
    drawn and to its detail shown; then to the next failure."""
    started = time.perf_counter()
    app = create_app(db, run, cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, RunScreen)
        timeline = screen.query_one(Timeline)
        pane = screen.query_one(DetailPane)
        await _until(pilot, lambda: timeline.rows_painted > 0)
        first_paint = time.perf_counter() - started
        await _until(pilot, lambda: pane.shown_seq == 1)
        started = time.perf_counter()
        screen.action_last()  # what G does
        await _until(pilot, lambda: timeline.last_painted_seq == events)
        to_end = time.perf_counter() - started
        await _until(pilot, lambda: pane.shown_seq == events)
        detail = time.perf_counter() - started
        screen.action_first()
        await _until(pilot, lambda: pane.shown_seq == 1)
        started = time.perf_counter()
        screen.action_jump("failure")
        await _until(pilot, lambda: timeline.cursor > 1 and pane.shown_seq == timeline.cursor)
        to_failure = time.perf_counter() - started
    return {
        "first_paint_s": first_paint,
        "jump_to_end_s": to_end,
        "end_detail_s": detail,
        "next_failure_s": to_failure,
    }


class PaintedTable(DataTable[str]):
    painted = False

    def render_line(self, y: int) -> Strip:
        self.painted = True
        return super().render_line(y)


class TableApp(App[None]):
    """Every event of the run as a DataTable row: what a naive inspector would do."""

    def __init__(self, db: Path, rows: int) -> None:
        super().__init__()
        self.db = db
        self.rows = rows

    def compose(self) -> ComposeResult:
        yield PaintedTable()

    def on_mount(self) -> None:
        reader = TraceReader.open(self.db)
        events = reader.page(RUN, 1, self.rows)
        reader.close()
        table = self.query_one(PaintedTable)
        table.add_columns("seq", "lane", "what", "duration")
        table.add_rows(
            [str(e.seq), LANE_TITLES[lane_of(e.kind)], summary(e), bar(duration_ms(e))]
            for e in events
        )


async def table_first_paint(db: Path, rows: int) -> float:
    started = time.perf_counter()
    app = TableApp(db, rows)
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(PaintedTable)
        await _until(pilot, lambda: table.painted)
    return time.perf_counter() - started


def median(values: list[float]) -> float:
    return round(statistics.median(values), 3)


def main() -> None:
    full = "--full" in sys.argv
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "traces.sqlite"
        store = Store.open(db)
        started = time.perf_counter()
        write_sample_run(store, RUN, events=EVENTS)
        generate_s = time.perf_counter() - started
        write_sample_run(store, SHORT_RUN, events=SHORT_EVENTS)
        store.close()
        ours = [asyncio.run(timeline_figures(db)) for _ in range(REPEATS)]
        short = [asyncio.run(timeline_figures(db, SHORT_RUN, SHORT_EVENTS)) for _ in range(REPEATS)]
        table = {
            rows: median(
                [
                    asyncio.run(table_first_paint(db, rows))
                    for _ in range(REPEATS if rows <= 10_000 else 1)
                ]
            )
            for rows in ([10_000, 30_000, 100_000] if full else [10_000, 30_000])
        }
    per_row = (table[30_000] - table[10_000]) / 20_000
    figures = {
        "events": EVENTS,
        "generate_run_s": round(generate_s, 2),
        "timeline_first_paint_s": median([f["first_paint_s"] for f in ours]),
        "timeline_first_paint_200_events_s": median([f["first_paint_s"] for f in short]),
        "timeline_jump_to_end_s": median([f["jump_to_end_s"] for f in ours]),
        "timeline_end_detail_s": median([f["end_detail_s"] for f in ours]),
        "timeline_next_failure_s": median([f["next_failure_s"] for f in ours]),
        "datatable_10k_first_paint_s": table[10_000],
        "datatable_30k_first_paint_s": table[30_000],
        "datatable_100k_first_paint_s": table.get(100_000),
        "datatable_100k_extrapolated_s": round(table[10_000] + per_row * 90_000, 2),
        "repeats": REPEATS,
        "load_average_1m": round(os.getloadavg()[0], 2),
    }
    for name, value in figures.items():
        print(f"{name:32} {value}")
    print(f"saved {save('inspector', figures)}")


if __name__ == "__main__":
    main()
