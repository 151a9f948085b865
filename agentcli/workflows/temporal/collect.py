"""`agentcli resume` for sagas that ran on Temporal: collect the outcome their client missed.

A saga journaled with a Temporal owner was started by a client that died before writing what
its workflow did. The workflow ran on (or still runs) on the cluster; its outcome is written
into the saga's run here, exactly as the client would have. One left needing attention, or one
whose client died before starting its workflow (nothing happened), is then resumed locally
like any other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from agentcli.trace.recorder import Recorder
from agentcli.workflows.journal import Journal
from agentcli.workflows.saga import SagaDefinition
from agentcli.workflows.temporal.config import (
    TemporalSettings,
    TemporalUnavailable,
    require_sdk,
    settings_from_env,
)
from netpolicy import OPEN

if TYPE_CHECKING:
    from agentcli.workflows.recovery import Resumed

COLLECT_WAIT = 10.0
"""Seconds `resume` waits for a workflow that is still running before it moves on."""


def runs_on_temporal(owner: str | None) -> bool:
    return bool(owner) and str(owner).startswith("temporal:")


async def collect(
    journal: Journal,
    recorder: Recorder,
    definition: SagaDefinition,
    saga: dict[str, Any],
    base: dict[str, Any],
) -> Resumed:
    """What the saga's workflow did, written into its run (the cluster from AGENTCLI_*)."""
    from agentcli.workflows.recovery import Resumed

    settings = settings_from_env(always=True) or TemporalSettings()
    try:
        require_sdk()
        from agentcli.workflows.temporal.engine import TemporalSagaEngine, connect, workflow_id

        client = await connect(settings, network=OPEN)
    except TemporalUnavailable as exc:
        return Resumed(
            **base,
            after=saga["status"],
            skipped=(f"it runs as a Temporal workflow, and {exc}; set AGENTCLI_TEMPORAL_ADDRESS"),
        )
    engine = TemporalSagaEngine(
        journal,
        recorder,
        client,
        task_queue=settings.task_queue,
        connectors={},
        wait_timeout=COLLECT_WAIT,
    )
    result = await engine.collect(definition, saga["id"])
    state = journal.get(saga["id"])
    if result.status == "running" and state is not None and not state["owner"]:
        return Resumed(**base, after="running")  # its client died before the workflow began
    if result.status == "running":
        return Resumed(
            **base,
            after="running",
            skipped=(
                f"its workflow {workflow_id(saga['id'])} is still running on Temporal at "
                f"{settings.address}; resume again once it has ended"
            ),
        )
    return Resumed(**base, after=result.status, result=result)
