"""The saga fault matrix harness with the saga itself run on a Temporal worker.

Each case's vendors, fault plan and trace are the harness's own (`open_bench`); only
`engine.run` goes to Temporal, through an in-process worker whose steps use the bench's
connectors, so the case's fault plan applies to them. A saga left needing attention is resumed
by the local engine, as an operator's `agentcli resume` would.
"""

from __future__ import annotations

import uuid
from pathlib import Path

from agentcli.audit.world import audit_world
from agentcli.trace.audit import verify_run
from agentcli.workflows.result import SagaResult
from agentcli.workflows.temporal.activities import SagaActivities
from agentcli.workflows.temporal.config import StepTimeouts, TemporalSettings
from agentcli.workflows.temporal.engine import TemporalSagaEngine, connect
from agentcli.workflows.temporal.worker import build_worker
from sandbox.faults import FaultPlan
from tests.reliability.cases import Case
from tests.reliability.runner import (
    RUN_ID,
    SETUPS,
    Outcome,
    definition_of,
    kept,
    open_bench,
    sell_out_after_create,
)

STEADY = StepTimeouts(start_to_close=30.0, heartbeat=15.0, workflow_task=10.0)


async def run_case_on_temporal(
    case: Case, root: Path, template: Path, address: str
) -> tuple[Outcome, SagaResult]:
    bench = open_bench(root, template)
    local = bench.engine
    queue = f"matrix-{uuid.uuid4().hex[:8]}"
    client = await connect(TemporalSettings(address=address, task_queue=queue))
    on_temporal = TemporalSagaEngine(
        local.journal,
        local.recorder,
        client,
        task_queue=queue,
        connectors={"mode": "bench"},
        timeouts=STEADY,
        compensation_retry=local.compensation_retry,
    )
    activities = SagaActivities(lambda spec, observer: bench.services)
    try:
        async with build_worker(client, queue, activities, sticky_timeout=1.0):
            saga_input = await SETUPS[case.target.saga](bench)
            definition = definition_of(case)
            if case.scenario == "stock_race_after_create":
                sell_out_after_create(bench)
            kept_before = kept(bench)
            bench.faults(FaultPlan(rules=case.rules))
            saga_id = f"{RUN_ID}-{case.id}-{uuid.uuid4().hex[:6]}"
            result = await on_temporal.run(definition, saga_id, saga_input)
            first = result.status
            bench.faults(FaultPlan())
            if first not in ("completed", "compensated"):
                result = await local.resume(definition, saga_id)
        violations = audit_world(bench.world, bench.store)
        outcome = Outcome(
            case.id,
            case.target.saga,
            case.target.step,
            case.target.phase,
            case.fault,
            case.mode,
            first,
            result.status,
            first != result.status,
            [v.to_dict() for v in violations],
            verify_run(bench.store, RUN_ID).ok,
            kept(bench) - kept_before,
        )
        return outcome, result
    finally:
        await bench.close()
