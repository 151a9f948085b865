"""Trace write throughput, and where a 10-turn checkout spends its time.

1. Events written per second through our Recorder (hashing, redaction, batched inserts) against
   sqlite-utils' own insert_all of the same rows, measured in the same run. Target: >= 0.9x.
   Twice: the low-level `emit` of a ready payload dict, and `record` of the typed payload model
   a producer builds (pydantic validation included), which is how every producer writes.
   Each is timed in wall and in CPU seconds of this process: on a busy machine the CPU ratio
   holds better, since wall time there includes waiting for a core.
2. Wall time of a scripted 10-turn checkout session, split into time inside the sandbox vendor
   apps and time in our own code (planner, policy, orchestrator, connectors, recorder).

Run: .venv/bin/python -m bench.trace_and_session
"""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any, NamedTuple

import sqlite_utils

from agentcli.policy.config import load_policy
from agentcli.runtime import ChatRuntime, RunOptions
from agentcli.trace import EventKind, Recorder, Store
from agentcli.trace.events import ActionResult
from bench.common import save
from sandbox import world as world_module

N_EVENTS = 20_000
PAYLOAD = {
    "action": "search_products",
    "ok": True,
    "arguments": {"query": "mechanical keyboard", "max_price": 300.0},
    "data": {
        "results": [
            {"item_id": "1234567890", "price": 226.11, "options": {"switch type": "clicky"}}
        ]
        * 5
    },
}
SESSION = [
    "I'm harper.khan1177@example.com",
    "find a notebook",
    "show me the second one",
    "add it",
    "add 2 of the hard cover one",
    "what's in my cart",
    "remove the first one",
    "what's in my cart",
    "checkout with my gift card",
    "yes",
]


class Rate(NamedTuple):
    """Events per second of wall time and of this process's CPU time."""

    wall: float
    cpu: float


def _rate(started: float, cpu_started: float) -> Rate:
    wall = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    return Rate(N_EVENTS / wall, N_EVENTS / cpu)


def _best(a: Rate, b: Rate) -> Rate:
    return Rate(max(a.wall, b.wall), max(a.cpu, b.cpu))


def bench_recorder(tmp: Path, *, typed: bool = False) -> Rate:
    tmp.mkdir()
    store = Store.open(tmp / "recorder.sqlite")
    store.create_run("BENCH", command="bench")
    recorder = Recorder(store, "BENCH")
    started, cpu_started = time.perf_counter(), time.process_time()
    for _ in range(N_EVENTS):
        if typed:
            recorder.record(
                ActionResult(
                    action="search_products",
                    arguments=PAYLOAD["arguments"],
                    ok=True,
                    data=PAYLOAD["data"],
                )
            )
        else:
            recorder.emit(EventKind.ACTION_RESULT, PAYLOAD)
    recorder.flush()
    rate = _rate(started, cpu_started)
    store.close()
    return rate


def bench_insert_all(tmp: Path) -> Rate:
    """The baseline: the same events stored by sqlite-utils' insert_all, which serialises the
    payload dict to JSON itself; no hashing, no redaction."""
    tmp.mkdir()
    store = Store.open(tmp / "baseline.sqlite")
    store.close()
    db = sqlite_utils.Database(tmp / "baseline.sqlite")
    db.execute("INSERT INTO runs (id, started_at, status, command) VALUES ('BASE', 0, 'x', 'x')")
    started, cpu_started = time.perf_counter(), time.process_time()
    rows = (
        {
            "run_id": "BASE",
            "seq": i,
            "kind": "action_result",
            "ts": time.time(),
            "span_id": "0" * 16,
            "parent_span_id": None,
            "payload": PAYLOAD,
            "prev_hash": "0" * 64,
            "hash": "0" * 64,
        }
        for i in range(1, N_EVENTS + 1)
    )
    with db.atomic():
        db.table("events").insert_all(rows, batch_size=256)
    return _rate(started, cpu_started)


class TimedApp:
    """Wraps an ASGI app and adds up the time spent inside it."""

    spent = 0.0

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        started = time.perf_counter()
        try:
            await self.app(scope, receive, send)
        finally:
            TimedApp.spent += time.perf_counter() - started


async def one_session(tmp: Path, i: int) -> tuple[float, float]:
    sandbox = tmp / f"sandbox-{i}"
    world_module.SandboxWorld(sandbox).ensure()
    options = RunOptions(
        db_path=tmp / "session.sqlite", sandbox_dir=sandbox, policy=load_policy(None)
    )
    TimedApp.spent = 0.0
    started = time.perf_counter()
    async with ChatRuntime(options) as runtime:
        assert runtime.session is not None
        for line in SESSION:
            await runtime.session.handle(line)
    total = time.perf_counter() - started
    return total, TimedApp.spent


def bench_session(tmp: Path, repeats: int = 7) -> dict[str, float]:
    original = world_module.SandboxWorld.apps

    def timed_apps(self: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        return {name: TimedApp(app) for name, app in original(self, *args, **kwargs).items()}

    world_module.SandboxWorld.apps = timed_apps  # type: ignore[method-assign]
    try:
        runs = [asyncio.run(one_session(tmp, i)) for i in range(repeats)]
    finally:
        world_module.SandboxWorld.apps = original  # type: ignore[method-assign]
    totals = [t for t, _ in runs[1:]]  # the first run warms imports and caches
    vendors = [v for _, v in runs[1:]]
    total = statistics.median(totals)
    vendor = statistics.median(vendors)
    return {
        "session_turns": len(SESSION),
        "session_wall_ms": round(total * 1000, 1),
        "in_vendors_ms": round(vendor * 1000, 1),
        "in_our_code_ms": round((total - vendor) * 1000, 1),
        "repeats": repeats - 1,
    }


def main() -> None:
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        ours = typed = baseline = Rate(0.0, 0.0)
        for i in range(3):  # interleaved, best of three: all see the same machine load
            ours = _best(ours, bench_recorder(tmp / f"r{i}"))
            typed = _best(typed, bench_recorder(tmp / f"t{i}", typed=True))
            baseline = _best(baseline, bench_insert_all(tmp / f"b{i}"))
        session = bench_session(tmp)
    figures = {
        "events": N_EVENTS,
        "recorder_events_per_s": round(ours.wall),
        "insert_all_events_per_s": round(baseline.wall),
        "ratio_vs_insert_all": round(ours.wall / baseline.wall, 2),
        "recorder_typed_events_per_s": round(typed.wall),
        "typed_ratio_vs_insert_all": round(typed.wall / baseline.wall, 2),
        "cpu_ratio_vs_insert_all": round(ours.cpu / baseline.cpu, 2),
        "typed_cpu_ratio_vs_insert_all": round(typed.cpu / baseline.cpu, 2),
        "load_average_1m": round(load, 2),
        **session,
    }
    for key, value in figures.items():
        print(f"{key:>30}: {value}")
    print(f"saved to {save('trace_and_session', figures)}")


if __name__ == "__main__":
    main()
