"""What journaling costs per saga step.

1. The journal alone, on a trace database on disk (WAL, synchronous=NORMAL, as agentcli opens
   it): the write-ahead intent committed before a step, then its result and one domain event
   committed after it, per step.
2. The whole engine around a step that does nothing (intent + trace events + result + outbox
   publication, each committed before the next side effect), against calling the same steps
   directly: the engine's price per step.

Run: .venv/bin/python -m bench.journal
"""

from __future__ import annotations

import asyncio
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from agentcli.trace import Recorder, Store
from agentcli.workflows.engine import LocalSagaEngine
from agentcli.workflows.journal import Journal
from agentcli.workflows.saga import SagaDefinition, Step, StepContext, idempotency_key
from bench.common import save

STEPS = 2_000
SAGAS = 300
STEPS_PER_SAGA = 4
RESULT = {"order_id": "#W1234567", "status": "pending", "amount": 28.59}


def journal_alone(root: Path) -> dict[str, float]:
    store = Store.open(root / "journal.sqlite")
    store.create_run("BENCH", command="bench")
    journal = Journal(store)
    intents, dones = [], []
    for n in range(STEPS):
        saga, idx = f"S{n // STEPS_PER_SAGA}", n % STEPS_PER_SAGA
        if idx == 0:
            journal.start(saga, "BENCH", "bench", {}, owner="bench")
        started = time.perf_counter()
        journal.step_intent(saga, idx, f"step{idx}", "forward", idempotency_key(saga, str(idx)))
        middle = time.perf_counter()
        journal.step_done(
            saga, "BENCH", idx, "forward", f"step{idx}", RESULT, [("order.created", RESULT)]
        )
        ended = time.perf_counter()
        intents.append(middle - started)
        dones.append(ended - middle)
    store.close()
    per_step = sorted(i + d for i, d in zip(intents, dones, strict=True))
    return {
        "intent_commit_us_median": _us(statistics.median(intents)),
        "done_commit_us_median": _us(statistics.median(dones)),
        "journal_per_step_us_median": _us(statistics.median(per_step)),
        "journal_per_step_us_p95": _us(per_step[int(len(per_step) * 0.95)]),
        "journal_per_step_us_mean": _us(sum(per_step) / STEPS),
    }


async def _noop(ctx: StepContext) -> dict[str, Any]:
    return dict(RESULT)


DEFINITION = SagaDefinition(
    "bench",
    tuple(
        Step(f"step{i}", _noop, _noop, events=lambda c, r: [("bench.done", r)])
        for i in range(STEPS_PER_SAGA)
    ),
)


async def engine_overhead(root: Path) -> dict[str, float]:
    store = Store.open(root / "engine.sqlite")
    store.create_run("BENCH", command="bench")
    engine = LocalSagaEngine(Journal(store), Recorder(store, "BENCH"), None)
    started = time.perf_counter()
    for n in range(SAGAS):
        result = await engine.run(DEFINITION, f"S{n}", {"n": n})
        assert result.ok
    engined = time.perf_counter() - started
    started = time.perf_counter()
    for n in range(SAGAS):
        for step in DEFINITION.steps:
            await step.run(StepContext(f"D{n}", {"n": n}, {}, "key", None))
    direct = time.perf_counter() - started
    store.close()
    steps = SAGAS * STEPS_PER_SAGA
    return {
        "engine_per_step_us": _us(engined / steps),
        "direct_call_per_step_us": _us(direct / steps),
        "engine_overhead_per_step_us": _us((engined - direct) / steps),
        "sagas_per_second": round(SAGAS / engined, 1),
    }


def _us(seconds: float) -> float:
    return round(seconds * 1_000_000, 1)


def main() -> None:
    with tempfile.TemporaryDirectory(dir=Path.home()) as tmp:  # on disk, not in RAM
        figures = {**journal_alone(Path(tmp)), **asyncio.run(engine_overhead(Path(tmp)))}
    figures["load_average_1m"] = round(os.getloadavg()[0], 2)
    figures.update({"steps_journaled": STEPS, "sagas": SAGAS, "steps_per_saga": STEPS_PER_SAGA})
    print("journal commit per saga step (trace database on disk, WAL, synchronous=NORMAL)")
    for name, value in figures.items():
        print(f"  {name:<32} {value}")
    print(f"saved to {save('journal', figures)}")


if __name__ == "__main__":
    main()
