"""Wires one chat run together: store, recorder, sandbox vendors, orchestrator, planner, policy."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

import httpx

from agentcli.orchestrator.dispatch import Orchestrator
from agentcli.orchestrator.protocol_merchants import MerchantSpec, ProtocolMerchants
from agentcli.orchestrator.services import Services, live_services, sandbox_services
from agentcli.planners.base import Planner
from agentcli.policy.approval import Approver, deny_without_operator
from agentcli.policy.config import PolicyConfig
from agentcli.policy.gate import PolicyGate
from agentcli.replay.interrupt import DURING_INPUT, DURING_TURN, interrupt_event, is_interrupt
from agentcli.replay.masking import Masker
from agentcli.session.loop import Session
from agentcli.trace import events as ev
from agentcli.trace.ids import new_run_id, new_span_id, trace_id_of
from agentcli.trace.recorder import Recorder
from agentcli.trace.store import Store
from agentcli.workflows.crash import CrashSwitch
from agentcli.workflows.engine import LocalSagaEngine
from agentcli.workflows.interrupt import Interruption
from agentcli.workflows.journal import Journal
from agentcli.workflows.temporal.config import TemporalSettings
from connectors.base import HttpExchange
from connectors.config import ConnectorsConfig
from connectors.harness import ClientSource, sandbox_clients
from netpolicy import OPEN, NetworkBlocked, NetworkPolicy
from sandbox.faults import FaultPlan
from sandbox.world import SandboxWorld

if TYPE_CHECKING:
    from agentcli.replay.runrecording import RunRecording
    from agentcli.telemetry.live import LiveRun


@dataclass
class RunOptions:
    db_path: Path | None
    sandbox_dir: Path
    policy: PolicyConfig
    command: str = "chat"
    planner: Planner | None = None
    approver: Approver = deny_without_operator
    #: faults the in-process sandbox vendors inject (None: they behave)
    faults: FaultPlan | None = None
    #: reach the vendors over sockets at these base URLs (None: the in-process sandbox)
    connectors: ConnectorsConfig | None = None
    #: an already open store to record into (left open on exit); suites reuse one per worker
    store: Store | None = None
    #: the sandbox world to use instead of one over `sandbox_dir` (suites keep their apps)
    world: SandboxWorld | None = None
    #: what makes the clients of `world` (suites keep theirs open from case to case)
    clients: ClientSource = sandbox_clients
    #: run the sagas on this Temporal cluster (`agentcli worker`s execute them); None: the
    #: cluster AGENTCLI_ENGINE names when `network` permits an engine, else locally
    temporal: TemporalSettings | None = None
    #: what the run may reach over the network; every outbound point checks it
    network: NetworkPolicy = OPEN
    #: the prompt templates the planner uses (None: the planner's own, or none at all)
    prompt_version: str | None = None
    prompt_hash: str | None = None
    #: record this run's HTTP exchanges, clock readings and ids as a cassette (agentcli.replay)
    recording: RunRecording | None = None
    #: replay wiring (agentcli.replay): the recorded run id, clock and ids; the connectors
    #: mode recorded on the run (cassette, counterfactual); a parent run; an orchestrator
    #: that blocks writes
    run_id: str | None = None
    clock: Callable[[], float] | None = None
    span_ids: Callable[[], str] | None = None
    connectors_mode: str = "sandbox"
    parent_run: str | None = None
    orchestrator: Callable[[Services, Any, Journal], Orchestrator] | None = None
    #: what the local saga engine does at each journal point (None: AGENTCLI_CRASH_AT decides)
    crash: CrashSwitch | None = None
    #: send the run's spans to an OTLP collector while it is recorded (agentcli.telemetry)
    telemetry: LiveRun | None = None
    #: protocol merchants of a run without a connectors config (a replay's, from its
    #: recording), and the client each is reached through
    merchants: ProtocolMerchants | None = None
    merchant_client: Callable[[MerchantSpec], httpx.AsyncClient] | None = None


class ChatRuntime:
    """An async context: on enter a run exists and a session is ready; on exit it is finished."""

    def __init__(self, options: RunOptions) -> None:
        self.options = options
        self.store: Store | None = None
        self.services: Services | None = None
        self.session: Session | None = None
        self.recorder: Recorder | None = None
        self.run_id = options.run_id or new_run_id()
        self.result: dict[str, Any] = {}
        self.cassette_error: str | None = None

    async def __aenter__(self) -> ChatRuntime:
        options = self.options
        blocked: NetworkBlocked | None = None
        try:
            on_temporal = await _temporal(options, self.run_id)
        except NetworkBlocked as exc:  # recorded below, once the run exists
            on_temporal, blocked = None, exc
        world = options.world or SandboxWorld(options.sandbox_dir)
        world.ensure()
        recording = options.recording
        self.store = store = options.store or Store.open(options.db_path)
        planner = options.planner or _rules_planner()
        store.create_run(
            self.run_id,
            command=options.command,
            planner=planner.name,
            model=planner.model,
            config_hash=options.policy.digest(),
            connectors_mode="live" if options.connectors is not None else options.connectors_mode,
            cassette=str(recording.path) if recording else None,
            parent_run=options.parent_run,
            prompt_version=options.prompt_version or getattr(planner, "prompt_version", None),
            prompt_hash=options.prompt_hash or getattr(planner, "prompt_hash", None),
        )
        clock, span_ids = options.clock or time.time, options.span_ids or new_span_id
        if recording is not None:
            logged = recording.log_sources(clock, span_ids)
            clock, span_ids = logged.clock, logged.span_id
        self.recorder = recorder = Recorder(store, self.run_id, clock=clock, span_ids=span_ids)
        if options.telemetry is not None:
            recorder.listeners.append(options.telemetry.listener(store.get_run(self.run_id)))
        if blocked is not None:
            self._refused(blocked)
            raise blocked
        trace_id = trace_id_of(self.run_id)  # every vendor call's traceparent names the run
        self.services = services = (
            live_services(
                options.connectors,
                observer=self._record_exchange,
                trace_id=lambda: trace_id,
                network=options.network,
            )
            if options.connectors is not None
            else sandbox_services(
                world,
                observer=self._record_exchange,
                trace_id=lambda: trace_id,
                faults=options.faults,
                network=options.network,
                clients=options.clients,
            )
        )
        if options.merchants is not None and options.merchant_client is not None:
            services.add_merchants(
                options.merchants,
                options.merchant_client,
                observer=self._record_exchange,
                network=options.network,
            )
        if recording is not None:
            recording.attach(services.vendor_clients())
        journal = Journal(store)
        interruption = Interruption()
        engine: Any = LocalSagaEngine(
            journal,
            recorder,
            services,
            kill_switch=options.policy.kill_switch.switch(),
            crash=options.crash,
            interruption=interruption,
        )
        if on_temporal is not None:
            engine = on_temporal(journal, recorder)
        orchestrator = (options.orchestrator or Orchestrator)(services, engine, journal)
        orchestrator.allow_partial = options.policy.fulfilment.allow_partial
        self.session = Session(
            planner=planner,
            orchestrator=orchestrator,
            gate=PolicyGate(options.policy),
            recorder=recorder,
            approver=options.approver,
            network=options.network,
            interruption=interruption,
        )
        return self

    def _refused(self, blocked: NetworkBlocked) -> None:
        """A run that could not start because its policy refused a destination, on record."""
        assert self.store is not None and self.recorder is not None
        self.recorder.record(
            ev.Error(
                where="network",
                type=type(blocked).__name__,
                message=str(blocked),
                destination=str(blocked.destination),
            )
        )
        self.recorder.flush()
        self.store.finish_run(
            self.run_id, status="failed", outcome="refused", metrics={"turns": 0, "errors": 1}
        )
        if self.options.store is None:
            self.store.close()

    def _record_exchange(self, exchange: HttpExchange) -> None:
        assert self.recorder is not None
        self.recorder.record(ev.HttpExchange.from_exchange(exchange))

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self.store is not None
        try:
            if self.session is not None:
                self._finish_run(exc)
        finally:  # the vendors and the store are let go even when the run cannot be finished
            if self.services is not None:
                await self.services.aclose()
            try:
                if self.options.telemetry is not None and self.recorder is not None:
                    self.options.telemetry.finish(self.store, self.run_id)
            finally:
                if self.options.store is None:
                    self.store.close()

    def _finish_run(self, exc: BaseException | None) -> None:
        assert self.store is not None and self.session is not None
        interrupted = is_interrupt(exc)
        if interrupted and self.recorder is not None:
            during = DURING_TURN if self.session.in_turn else DURING_INPUT
            self.recorder.record(interrupt_event(during))
        elif exc is not None and self.recorder is not None:
            self.recorder.record(
                ev.Error(where="run", type=type(exc).__name__, message=str(exc)[:2000])
            )
        status = "interrupted" if interrupted else "failed" if exc is not None else "finished"
        with self.store.db.atomic():  # the last events and the run's row: one commit
            self.result = self.session.finish(interrupted=interrupted)
            self.store.finish_run(
                self.run_id,
                status=status,
                outcome=self.result["outcome"],
                metrics=self.result["metrics"],
            )
        self._save_recording()

    def _save_recording(self) -> None:
        recording, options = self.options.recording, self.options
        if recording is None or self.store is None:
            return
        planner = self.session.planner if self.session is not None else None
        merchants = self.services.protocol_merchants if self.services is not None else None
        extra = {}
        if merchants is not None and merchants.specs:
            extra["protocol_merchants"] = merchants.to_record(Masker(recording.key).token)
        try:
            recording.save(
                **extra,
                run_id=self.run_id,
                command=options.command,
                planner=getattr(planner, "name", None),
                model=getattr(planner, "model", None),
                planner_is_model=bool(getattr(planner, "is_model", False)),
                policy=options.policy.model_dump(mode="json"),
            )
        except OSError as exc:
            self.cassette_error = f"cannot write the cassette {recording.path}: {exc}"
            self.store.update_run(self.run_id, cassette=None)


def _rules_planner() -> Planner:
    """The default planner, imported only by a run that uses it (a suite's scripted cases
    never do, and it is among the largest modules the run would load)."""
    from agentcli.planners.rules import RulesPlanner

    return RulesPlanner()


async def _temporal(options: RunOptions, run_id: str) -> Any:
    """An engine factory for the Temporal cluster the options (or AGENTCLI_ENGINE) name.

    A run whose policy forbids an engine (a sealed replay) never reads AGENTCLI_ENGINE.
    """
    from agentcli.workflows.temporal.config import require_sdk, settings_from_env

    settings = options.temporal or (
        settings_from_env() if options.network.permits("engine") else None
    )
    if settings is None:
        return None
    require_sdk()
    from agentcli.workflows.temporal.engine import connectors_spec, engine_factory

    spec = connectors_spec(
        options.sandbox_dir, options.faults, options.connectors, trace_id=trace_id_of(run_id)
    )
    on_exchange = None
    if options.recording is not None:  # the workers' vendor calls go into the run's cassette
        from agentcli.workflows.temporal.cassette import cassette_sink

        on_exchange = cassette_sink(options.recording)
    return await engine_factory(
        settings, spec, on_exchange, options.policy.kill_switch.switch(), network=options.network
    )
