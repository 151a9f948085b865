"""Finishing what a crash interrupted: every unfinished saga is driven to a terminal state.

A saga is unfinished when its journal says `running` or `compensating` (its process died), or
`needs_attention` (a compensation or a step past the point of no return ran out of retries).
Each is resumed by the same engine code that started it, with the same idempotency keys, and
its events go into the run that started it, continuing that run's hash chain.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from agentcli.policy.killswitch import KillSwitch
from agentcli.trace.events import HttpExchange as HttpExchangeEvent
from agentcli.trace.recorder import Recorder
from agentcli.trace.store import Store
from agentcli.workflows import owners, registry
from agentcli.workflows.engine import LocalSagaEngine
from agentcli.workflows.journal import Journal
from agentcli.workflows.result import SagaResult
from agentcli.workflows.temporal.collect import collect, runs_on_temporal
from connectors.base import HttpExchange

EngineFactory = Callable[[Journal, Recorder], LocalSagaEngine]


@dataclass(frozen=True)
class Resumed:
    """One unfinished saga and what `resume` made of it (`skipped` says why it was left)."""

    saga_id: str
    run_id: str
    saga: str
    before: str
    after: str
    result: SagaResult | None = None
    skipped: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "saga_id": self.saga_id,
            "run_id": self.run_id,
            "saga": self.saga,
            "before": self.before,
            "after": self.after,
            "skipped": self.skipped,
        }
        if self.result is not None:
            data.update(self.result.report())
            data["outputs"] = self.result.outputs
        return data


class ExchangeTrace:
    """An HTTP observer that records each exchange into the run being resumed."""

    def __init__(self) -> None:
        self.recorder: Recorder | None = None

    def __call__(self, exchange: HttpExchange) -> None:
        if self.recorder is None:
            return
        self.recorder.record(HttpExchangeEvent.from_exchange(exchange))


def unfinished(store: Store, saga_ids: Iterable[str] = ()) -> list[dict[str, Any]]:
    """Sagas `resume` would pick up (only these ids, when given), oldest first."""
    wanted = set(saga_ids)
    return [
        s
        for s in Journal(store).open_sagas()
        if not wanted or s["id"] in wanted or any(s["id"].startswith(w) for w in wanted)
    ]


async def resume_sagas(
    store: Store,
    services: Any,
    *,
    saga_ids: Iterable[str] = (),
    rollback: bool = False,
    exchanges: ExchangeTrace | None = None,
    engine_factory: EngineFactory | None = None,
    kill_switch: KillSwitch | None = None,
) -> list[Resumed]:
    """Drive every unfinished saga (or the ones named) to a terminal state.

    While `kill_switch` is on no forward step is sent: a saga is compensated instead, or left
    needing attention when it is past its point of no return.
    """
    journal = Journal(store)
    known = registry.sagas()
    outcomes: list[Resumed] = []
    recorders: dict[str, Recorder] = {}
    for saga in unfinished(store, saga_ids):
        base = {
            "saga_id": saga["id"],
            "run_id": saga["run_id"],
            "saga": saga["name"],
            "before": saga["status"],
        }
        definition = known.get(saga["name"])
        if definition is None:
            outcomes.append(
                Resumed(
                    **base,
                    after=saga["status"],
                    skipped=f"no saga definition named {saga['name']!r} is installed",
                )
            )
            continue
        if runs_on_temporal(saga["owner"]):  # its client died; its workflow knows the rest
            recorder = recorders.get(saga["run_id"])
            if recorder is None:
                recorder = recorders[saga["run_id"]] = Recorder(store, saga["run_id"])
                _mark_crashed(store, saga["run_id"])
            collected = await collect(journal, recorder, definition, saga, base)
            state = journal.get(saga["id"])
            if (
                collected.skipped
                or state is None
                or state["status"] in ("completed", "compensated")
            ):
                outcomes.append(collected)
                continue
            saga = state  # needs attention, or never began: resumed here like any other
        if owners.owner_alive(saga["owner"], saga["id"]):
            # its process is alive (or elsewhere): two writers would fork the run's events
            outcomes.append(
                Resumed(
                    **base,
                    after=saga["status"],
                    skipped=f"its process {saga['owner']} is still running; "
                    "resume it once that process has ended",
                )
            )
            continue
        recorder = recorders.get(saga["run_id"])
        if recorder is None:
            recorder = recorders[saga["run_id"]] = Recorder(store, saga["run_id"])
            _mark_crashed(store, saga["run_id"])
        if exchanges is not None:
            exchanges.recorder = recorder
        engine = (
            engine_factory(journal, recorder)
            if engine_factory
            else LocalSagaEngine(journal, recorder, services, kill_switch=kill_switch)
        )
        engine.publish_pending()
        result = await engine.resume(definition, saga["id"], rollback=rollback)
        recorder.flush()
        outcomes.append(Resumed(**base, after=result.status, result=result))
    for recorder in recorders.values():
        recorder.flush()
    return outcomes


def _mark_crashed(store: Store, run_id: str) -> None:
    """A run still `running` whose saga had no live owner ended with its process: say so."""
    try:
        run = store.get_run(run_id)
    except LookupError:
        return
    if run["status"] == "running":
        store.update_run(run_id, status="crashed")
