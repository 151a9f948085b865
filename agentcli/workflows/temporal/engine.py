"""`TemporalSagaEngine`: `LocalSagaEngine`'s API, with each saga run as a Temporal workflow."""

from __future__ import annotations

import asyncio
import secrets
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from temporalio.api.enums.v1 import TaskQueueType
from temporalio.api.taskqueue.v1 import TaskQueue
from temporalio.api.workflowservice.v1 import DescribeTaskQueueRequest
from temporalio.client import Client, WorkflowFailureError
from temporalio.common import WorkflowIDConflictPolicy
from temporalio.service import RPCError, RPCStatusCode

from agentcli.policy.killswitch import KillSwitch
from agentcli.trace.events import SagaStarted
from agentcli.trace.ids import new_span_id
from agentcli.trace.recorder import Recorder
from agentcli.workflows.engine import COMPENSATION_RETRY
from agentcli.workflows.journal import TERMINAL, Journal
from agentcli.workflows.result import SagaResult, result_from_journal
from agentcli.workflows.saga import SagaDefinition
from agentcli.workflows.temporal.config import StepTimeouts, TemporalSettings, TemporalUnavailable
from agentcli.workflows.temporal.messages import SagaOutcome, SagaRequest, StepPlan
from agentcli.workflows.temporal.trace import OutcomeWriter
from agentcli.workflows.temporal.workflow import SagaWorkflow
from connectors.base import RetryPolicy
from connectors.config import ConnectorsConfig
from connectors.errors import ErrorCode, VendorError
from netpolicy import OPEN, Destination, NetworkPolicy
from sandbox.faults import FaultPlan

ADOPT_AFTER = 2.0
"""Seconds after its workflow ended that a saga's outcome is taken as orphaned (its client died)."""


class SagaCrashed(RuntimeError):
    """A worker had no code for the saga or a step; the journal keeps the saga running."""


async def connect(settings: TemporalSettings, *, network: NetworkPolicy = OPEN) -> Client:
    """A client of the cluster at `settings.address`, or a one-line reason why there is none.

    Raises NetworkBlocked, connecting to nothing, when `network` forbids the engine.
    """
    network.check(Destination("engine", "temporal", settings.address))
    try:
        return await Client.connect(settings.address, namespace=settings.namespace)
    except Exception as exc:  # the SDK raises RuntimeError with the transport's reason
        reason = "connection refused" if "refused" in str(exc).lower() else str(exc)[:300]
        raise TemporalUnavailable(
            f"cannot reach Temporal at {settings.address} ({reason})"
        ) from exc


EngineFactory = Callable[[Journal, Recorder], "TemporalSagaEngine"]


def connectors_spec(
    sandbox_dir: Path,
    faults: FaultPlan | None = None,
    live: ConnectorsConfig | None = None,
    *,
    trace_id: str | None = None,
) -> dict[str, Any]:
    """What workers need to reach the run's vendors; never a credential.

    `trace_id` is the run's: the workers' vendor calls carry it in `traceparent` too.
    """
    spec: dict[str, Any]
    if live is not None:
        spec = {"mode": "live", "urls": {name: str(v.base_url) for name, v in live.vendors.items()}}
    else:
        spec = {"mode": "sandbox", "sandbox_dir": str(Path(sandbox_dir).resolve())}
        if faults is not None:
            spec["faults"] = faults.model_dump(mode="json", exclude_unset=True)
    if trace_id is not None:
        spec["trace_id"] = trace_id
    return spec


async def engine_factory(
    settings: TemporalSettings,
    connectors: dict[str, Any],
    on_exchange: Callable[[dict[str, Any]], None] | None = None,
    kill_switch: KillSwitch | None = None,
    *,
    network: NetworkPolicy,
) -> EngineFactory:
    """Connect first (so a wrong address fails before a run starts), build engines after."""
    client = await connect(settings, network=network)

    def build(journal: Journal, recorder: Recorder) -> TemporalSagaEngine:
        return TemporalSagaEngine(
            journal,
            recorder,
            client,
            task_queue=settings.task_queue,
            connectors=connectors,
            on_exchange=on_exchange,
            kill_switch=kill_switch,
        )

    return build


def workflow_id(saga_id: str) -> str:
    return f"saga-{saga_id}"


def saga_request(
    definition: SagaDefinition,
    saga_id: str,
    saga_input: dict[str, Any],
    connectors: dict[str, Any],
    timeouts: StepTimeouts,
    compensation_retry: RetryPolicy = COMPENSATION_RETRY,
    kill_switch: KillSwitch | None = None,
) -> SagaRequest:
    steps = [
        StepPlan(s.name, s.retry, s.compensate is not None, s.irreversible, s.compensation_retry)
        for s in definition.steps
    ]
    return SagaRequest(
        definition.name,
        saga_id,
        saga_input,
        steps,
        connectors,
        compensation_retry,
        timeouts.start_to_close,
        timeouts.heartbeat,
        (kill_switch or KillSwitch()).to_dict(),
    )


class TemporalSagaEngine:
    """Starts one workflow per saga (id `saga-<saga_id>`) and records what it did."""

    def __init__(
        self,
        journal: Journal,
        recorder: Recorder,
        client: Client,
        *,
        task_queue: str,
        connectors: dict[str, Any],
        timeouts: StepTimeouts | None = None,
        wait_timeout: float = 120.0,
        compensation_retry: RetryPolicy = COMPENSATION_RETRY,
        on_exchange: Callable[[dict[str, Any]], None] | None = None,
        kill_switch: KillSwitch | None = None,
    ) -> None:
        self.journal = journal
        #: where the workers read the kill switch before every forward step
        self.kill_switch = kill_switch or KillSwitch()
        self.recorder = recorder
        self.client = client
        self.task_queue = task_queue
        self.connectors = connectors
        self.timeouts = timeouts or StepTimeouts()
        self.wait_timeout = wait_timeout
        self.compensation_retry = compensation_retry
        #: also told of every vendor exchange the workers made (the run's cassette)
        self.on_exchange = on_exchange
        self._worker_seen = 0.0

    async def run(
        self, definition: SagaDefinition, saga_id: str, saga_input: dict[str, Any]
    ) -> SagaResult:
        await self._require_worker()
        request = saga_request(
            definition,
            saga_id,
            saga_input,
            self.connectors,
            self.timeouts,
            self.compensation_retry,
            self.kill_switch,
        )
        wf_id = workflow_id(saga_id)
        # never a local pid, so `resume` leaves it alone while the workflow runs
        owner = f"temporal:{self.client.namespace}/{wf_id}/{secrets.token_hex(4)}"
        if not self.journal.start(
            saga_id, self.recorder.run_id, definition.name, saga_input, owner
        ):
            return await self._recorded(definition, saga_id)  # the same id twice acts once
        saga_span = self.recorder.record(
            SagaStarted(
                saga_id=saga_id,
                saga=definition.name,
                input=saga_input,
                steps=[s.name for s in definition.steps],
            )
        ).span_id
        self.recorder.flush()
        handle = await self.client.start_workflow(
            SagaWorkflow.run,
            request,
            id=wf_id,
            task_queue=self.task_queue,
            id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
            task_timeout=timedelta(seconds=self.timeouts.workflow_task),
        )
        outcome: SagaOutcome = await handle.result()
        result = self._write(definition, request, outcome, owner, self.recorder, saga_span)
        return result if result is not None else await self._recorded(definition, saga_id)

    def _write(
        self,
        definition: SagaDefinition,
        request: SagaRequest,
        outcome: SagaOutcome,
        owner: str,
        recorder: Recorder,
        saga_span: str,
    ) -> SagaResult | None:
        """Write the outcome unless someone else has claimed the saga to write it (None)."""
        if not self.journal.claim(request.saga_id, f"{owner}:writing", owner):
            return None
        writer = OutcomeWriter(
            recorder, self.journal, self.on_exchange if recorder is self.recorder else None
        )
        result = writer.write(definition, request, outcome, saga_span)
        if result is None:
            raise SagaCrashed(
                f"saga {request.saga_id} ({definition.name}) stopped in step "
                f"{outcome.failed_step}: {(outcome.error or {}).get('message')}"
            )
        return result

    async def collect(self, definition: SagaDefinition, saga_id: str) -> SagaResult:
        """For `agentcli resume`: the outcome of a saga whose client died, written into its run
        with this engine's recorder (which must be that run's); `running` while it runs on."""
        return await self._recorded(definition, saga_id, adopt_with=self.recorder)

    async def _recorded(
        self, definition: SagaDefinition, saga_id: str, adopt_with: Recorder | None = None
    ) -> SagaResult:
        """The result of a saga this journal already has, once whoever runs it has finished.

        If the client that started it died while its workflow ran on, the workflow's outcome
        is written here, into the run that started the saga, once the workflow has ended; if
        it died before it started the workflow, nothing happened yet and the saga starts now.
        """
        deadline = time.monotonic() + self.wait_timeout
        outcome: SagaOutcome | None = None
        asked = ended = 0.0
        while True:
            state = self.journal.get(saga_id)
            assert state is not None
            if state["status"] in TERMINAL:
                return result_from_journal(definition, state, self.journal.steps(saga_id))
            owner = state["owner"] or ""
            orphan_age = time.time() - float(state["updated_at"])
            if owner.startswith("temporal:") and not owner.endswith(":writing"):
                if (
                    not asked
                    and orphan_age > ADOPT_AFTER
                    and not await self._workflow_exists(saga_id)
                ):
                    if adopt_with is None:
                        return await self._restart(definition, state, adopt_with)
                    with self.journal.db.atomic():  # for resume: it drives the saga itself
                        self.journal.db.execute(
                            "UPDATE sagas SET owner = NULL WHERE id = ? AND owner = ?",
                            [saga_id, owner],
                        )
                    return SagaResult(saga_id, "running", state["outputs"], saga=definition.name)
                if not asked:
                    asked = time.monotonic()
                    outcome = await self._outcome(saga_id, deadline)
                    ended = time.monotonic()
                elif outcome is not None and time.monotonic() - ended > ADOPT_AFTER:
                    adopted = self._adopt(definition, state, outcome, adopt_with)
                    if adopted is not None:
                        return adopted
            if time.monotonic() > deadline:
                return SagaResult(
                    saga_id,
                    "running",
                    state["outputs"],
                    saga=definition.name,
                    operator_message=f"still running in {state['owner']}",
                )
            await asyncio.sleep(0.05)

    async def _workflow_exists(self, saga_id: str) -> bool:
        try:
            await self.client.get_workflow_handle(workflow_id(saga_id)).describe()
        except RPCError as error:
            if error.status == RPCStatusCode.NOT_FOUND:
                return False
            raise
        return True

    async def _restart(
        self, definition: SagaDefinition, state: dict[str, Any], recorder: Recorder | None
    ) -> SagaResult:
        """Its client died before starting the workflow (nothing happened): start it now."""
        saga_id = state["id"]
        owner = f"temporal:{self.client.namespace}/{workflow_id(saga_id)}/{secrets.token_hex(4)}"
        if not self.journal.claim(saga_id, owner, state["owner"], state["status"]):
            return await self._recorded(definition, saga_id, recorder)  # someone else did
        recorder = recorder or Recorder(self.journal.store, state["run_id"])
        request = saga_request(
            definition,
            saga_id,
            state["input"],
            self.connectors,
            self.timeouts,
            self.compensation_retry,
            self.kill_switch,
        )
        handle = await self.client.start_workflow(
            SagaWorkflow.run,
            request,
            id=workflow_id(saga_id),
            task_queue=self.task_queue,
            id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
            task_timeout=timedelta(seconds=self.timeouts.workflow_task),
        )
        outcome: SagaOutcome = await handle.result()
        result = self._write(
            definition, request, outcome, owner, recorder, self._saga_span(state["run_id"], saga_id)
        )
        recorder.flush()
        return result if result is not None else await self._recorded(definition, saga_id)

    def _saga_span(self, run_id: str, saga_id: str) -> str:
        row = self.journal.db.execute(
            "SELECT span_id FROM events WHERE run_id = ? AND kind = 'saga_started' AND "
            "json_extract(payload, '$.saga_id') = ? LIMIT 1",
            [run_id, saga_id],
        ).fetchone()
        return str(row[0]) if row else new_span_id()

    async def _outcome(self, saga_id: str, deadline: float) -> SagaOutcome | None:
        """The workflow's outcome once it has ended; None if there is none to be had."""
        handle = self.client.get_workflow_handle(workflow_id(saga_id), result_type=SagaOutcome)
        try:
            return await asyncio.wait_for(handle.result(), max(0.1, deadline - time.monotonic()))
        except (TimeoutError, RPCError, WorkflowFailureError):
            return None

    def _adopt(
        self,
        definition: SagaDefinition,
        state: dict[str, Any],
        outcome: SagaOutcome,
        recorder: Recorder | None,
    ) -> SagaResult | None:
        """Write an orphaned outcome into the run that started the saga (if still orphaned)."""
        saga_id = state["id"]
        recorder = recorder or Recorder(self.journal.store, state["run_id"])
        request = saga_request(
            definition,
            saga_id,
            state["input"],
            self.connectors,
            self.timeouts,
            self.compensation_retry,
            self.kill_switch,
        )
        result = self._write(
            definition,
            request,
            outcome,
            state["owner"],
            recorder,
            self._saga_span(state["run_id"], saga_id),
        )
        recorder.flush()
        return result

    async def _require_worker(self, patience: float = 5.0) -> None:
        """Refuse before any side effect when no worker polls the queue (checked each minute)."""
        if time.monotonic() - self._worker_seen < 60:
            return
        request = DescribeTaskQueueRequest(
            namespace=self.client.namespace,
            task_queue=TaskQueue(name=self.task_queue),
            task_queue_type=TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
        )
        deadline = time.monotonic() + patience
        while True:
            answer = await self.client.workflow_service.describe_task_queue(request)
            if answer.pollers:
                self._worker_seen = time.monotonic()
                return
            if time.monotonic() > deadline:
                raise VendorError(
                    ErrorCode.UNAVAILABLE,
                    f"no agentcli worker is polling task queue {self.task_queue!r}; start one "
                    f"with `agentcli worker --task-queue {self.task_queue}`",
                    vendor="temporal",
                )
            await asyncio.sleep(0.1)
