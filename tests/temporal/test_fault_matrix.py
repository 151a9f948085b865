"""The local engine's fault matrix, run on both engines: same outcome, calls, trace, journal."""

from __future__ import annotations

import asyncio
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from temporalio.service import RPCError

from agentcli.trace import Store
from agentcli.trace.audit import verify_run
from agentcli.workflows.journal import Journal
from agentcli.workflows.recovery import resume_sagas
from agentcli.workflows.result import SagaResult
from agentcli.workflows.saga import SagaDefinition
from agentcli.workflows.temporal import registry
from agentcli.workflows.temporal.engine import TemporalSagaEngine, workflow_id
from tests.temporal.scripted_on_temporal import scripted_engine
from tests.workflows.scripted import ScriptedVendor, engine, three_steps

THREE = registry.register(three_steps())
_irreversible = three_steps(last_irreversible=True)
PIVOT = registry.register(SagaDefinition("pivot", (_irreversible.steps[2], _irreversible.steps[0])))


@dataclass(frozen=True)
class Case:
    name: str
    definition: SagaDefinition
    faults: dict[str, tuple[str, ...]]
    status: str


CASES = [
    Case("happy path", THREE, {}, "completed"),
    Case("a refusal compensates in reverse", THREE, {"c": ("refuse",)}, "compensated"),
    Case(
        "lost answers are retried with the same key", THREE, {"b": ("after", "after")}, "completed"
    ),
    Case(
        "an unknown outcome is learned by replay, then undone",
        THREE,
        {"b": ("after", "after", "after")},
        "compensated",
    ),
    Case(
        "never acted, refused on replay: nothing to undo",
        THREE,
        {"b": ("before", "before", "before", "refuse")},
        "compensated",
    ),
    Case("a bug is an unknown outcome", THREE, {"c": ("bug", "bug", "bug")}, "compensated"),
    Case(
        "a compensation that gives up needs attention",
        THREE,
        {"c": ("refuse",), "undo-a": ("before", "before", "before")},
        "needs_attention",
    ),
    Case(
        "a refused compensation stops the ones before it",
        THREE,
        {"c": ("refuse",), "undo-b": ("refuse", "refuse", "refuse")},
        "needs_attention",
    ),
    Case(
        "past the point of no return it stops forward",
        PIVOT,
        {"a": ("before", "before", "before")},
        "needs_attention",
    ),
    Case(
        "the kill switch turned on mid-saga refuses the next step and compensates",
        THREE,
        {"a": ("stop",)},
        "compensated",
    ),
    Case(
        "the kill switch turned on past the point of no return stops it forward",
        PIVOT,
        {"c": ("stop",)},
        "needs_attention",
    ),
]


def _vendor(case: Case, switch: Path) -> ScriptedVendor:
    vendor = ScriptedVendor(switch=switch)
    for op, faults in case.faults.items():
        vendor.fail(op, *faults)
    return vendor


def story(store: Store) -> list[tuple[Any, ...]]:
    """The run's saga events without ids and times."""
    out: list[tuple[Any, ...]] = []
    for event in store.events("RUN"):
        p = event.payload
        if event.kind.value == "domain_event":
            out.append(("domain_event", p["type"]))
        elif event.kind.value.startswith(("step_", "compensation_")):
            out.append(
                (
                    event.kind.value,
                    p["step"],
                    p["attempt"],
                    (p.get("error") or {}).get("code"),
                    p.get("will_retry"),
                    p.get("outcome_unknown"),
                )
            )
        elif event.kind.value.startswith("saga_"):
            out.append(
                (
                    event.kind.value,
                    p.get("status"),
                    p.get("failed_step"),
                    tuple(p.get("compensated") or ()),
                )
            )
    return out


def journal(store: Store, saga_id: str) -> list[tuple[Any, ...]]:
    return [
        (r["idx"], r["phase"], r["status"], r["attempts"], r["idempotency_key"])
        for r in Journal(store).steps(saga_id)
    ]


def summary(result: SagaResult) -> tuple[Any, ...]:
    return (
        result.status,
        result.failed_step,
        result.compensated,
        result.compensation_failed,
        result.stuck,
        result.undone,
        result.outputs,
    )


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
async def test_both_engines_tell_the_same_story(
    case: Case, tmp_path: Path, temporal_address: str
) -> None:
    saga_id = f"S-{uuid.uuid4().hex[:10]}"
    local_store = Store.open(tmp_path / "local.sqlite")
    local_vendor = _vendor(case, tmp_path / "local-STOP")
    local = await engine(local_store, local_vendor).run(case.definition, saga_id, {"x": 1})

    remote_store = Store.open(tmp_path / "temporal.sqlite")
    remote_vendor = _vendor(case, tmp_path / "remote-STOP")
    async with scripted_engine(temporal_address, remote_store, remote_vendor) as on_temporal:
        remote = await on_temporal.run(case.definition, saga_id, {"x": 1})

    assert remote.status == local.status == case.status
    assert summary(remote) == summary(local)
    assert remote_vendor.calls == local_vendor.calls  # same calls, same idempotency keys
    assert remote_vendor.live() == local_vendor.live()
    assert story(remote_store) == story(local_store)
    assert journal(remote_store, saga_id) == journal(local_store, saga_id)
    assert Journal(remote_store).get(saga_id)["status"] == case.status  # type: ignore[index]
    assert verify_run(remote_store, "RUN").ok


async def test_the_same_saga_twice_or_twenty_times_at_once_acts_once(
    tmp_path: Path, temporal_address: str
) -> None:
    store = Store.open(tmp_path / "temporal.sqlite")
    vendor = ScriptedVendor()
    async with scripted_engine(temporal_address, store, vendor) as on_temporal:
        results = await asyncio.gather(*(on_temporal.run(THREE, "S-dup", {}) for _ in range(20)))
        again = await on_temporal.run(THREE, "S-dup", {})
    assert {r.status for r in results} == {"completed"} and again.status == "completed"
    assert {str(r.outputs) for r in [*results, again]} == {str(again.outputs)}
    assert [op for op, _ in vendor.calls] == ["a", "b", "c"]


async def test_a_saga_whose_client_died_is_written_by_the_next_submission(
    tmp_path: Path, temporal_address: str
) -> None:
    store = Store.open(tmp_path / "temporal.sqlite")
    vendor = ScriptedVendor()
    vendor.fail("b", "after")  # a retry, so the workflow outlives the client a little
    async with scripted_engine(temporal_address, store, vendor) as first:
        started = asyncio.create_task(first.run(THREE, "S-orphan", {}))
        await _workflow_started(first, "S-orphan")
        started.cancel()  # the client dies
        async with scripted_engine(temporal_address, store, vendor, run_id="RUN2") as second:
            result = await second.run(THREE, "S-orphan", {})
    assert result.status == "completed"
    assert Journal(store).get("S-orphan")["status"] == "completed"  # type: ignore[index]
    assert [op for op, _ in vendor.calls] == ["a", "b", "b", "c"]  # acted once
    kinds = [e.kind.value for e in store.events("RUN")]  # written into the run that started it
    assert kinds[0] == "saga_started" and kinds[-1] == "saga_finished"
    assert not list(store.events("RUN2"))
    assert verify_run(store, "RUN").ok


async def test_agentcli_resume_collects_what_a_dead_clients_workflow_did(
    tmp_path: Path, temporal_address: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AGENTCLI_TEMPORAL_ADDRESS", temporal_address)
    store = Store.open(tmp_path / "temporal.sqlite")
    vendor = ScriptedVendor()
    vendor.fail("c", "refuse")
    async with scripted_engine(temporal_address, store, vendor) as first:
        started = asyncio.create_task(first.run(THREE, "S-resume", {}))
        await _workflow_started(first, "S-resume")
        started.cancel()  # the client dies; the workflow goes on and compensates
        [resumed] = await resume_sagas(store, vendor, saga_ids=["S-resume"])
    assert resumed.skipped is None and resumed.after == "compensated"
    assert [op for op, _ in vendor.calls] == ["a", "b", "c", "undo-b", "undo-a"]
    assert [e.kind.value for e in store.events("RUN")][-1] == "saga_finished"
    assert verify_run(store, "RUN").ok


async def _workflow_started(engine: TemporalSagaEngine, saga_id: str) -> None:
    handle = engine.client.get_workflow_handle(workflow_id(saga_id))
    for _ in range(400):
        try:
            await handle.describe()
            return
        except RPCError:
            await asyncio.sleep(0.025)
    raise AssertionError(f"the workflow of {saga_id} never started")
