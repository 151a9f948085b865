"""Counterfactual replay: a recorded run's user lines against a new planner, writes sealed off.

READ calls are served from the parent's cassette when they match (method, path, query, body);
WRITE actions are never sent (recorded as `blocked_write`) unless writes may go to a fresh
sandbox; unmatched reads are reported, or answered by that sandbox when asked. The result is
a new run in the store, linked to its parent, with its own cassette, and the first divergence.
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from agentcli.planners.base import Planner
from agentcli.policy.config import PolicyConfig
from agentcli.replay.archive import RecordedRun
from agentcli.replay.blocking import KeyOrder, RecordedWrites, blocking_factory
from agentcli.replay.diff import DECISION_ASPECTS, diff_events
from agentcli.replay.forward import SandboxForwarder
from agentcli.replay.interrupt import ReplayInterrupt
from agentcli.replay.masking import ValueMask
from agentcli.replay.matcher import CassetteIndex
from agentcli.replay.personal import personal_values
from agentcli.replay.planner import ReplayApprover, user_lines
from agentcli.replay.result import BlockedWrite, ReplayResult
from agentcli.replay.runrecording import RunRecording
from agentcli.replay.sealed import masker_for, recorded_merchants, recorded_policy, unique
from agentcli.replay.transport import CassettePlayer
from agentcli.replay.world import CassetteWorld, cassette_clients
from agentcli.runtime import ChatRuntime, RunOptions
from agentcli.trace import events as ev
from agentcli.trace.events import EventKind, TraceEvent
from agentcli.trace.ids import new_run_id
from connectors.config import ConnectorsConfig
from netpolicy import NetworkPolicy
from sandbox.world import SandboxWorld


@dataclass(frozen=True)
class CounterfactualOptions:
    planner: Planner
    db_path: Path | None
    policy: PolicyConfig | None = None
    allow_writes: bool = False
    fallback: bool = False
    #: the new run's id and its own recording (None: a fresh id, no cassette)
    run_id: str | None = None
    recording: RunRecording | None = None
    prompt_version: str | None = None
    prompt_hash: str | None = None
    #: forwarded requests go to these live vendors instead of a fresh sandbox
    connectors: ConnectorsConfig | None = None

    def network(self) -> NetworkPolicy:
        """The new planner's model, and the served vendors only when forwarding is asked for.

        No engine: the sagas run locally over the recording, whatever AGENTCLI_ENGINE says.
        """
        if self.connectors is not None and (self.allow_writes or self.fallback):
            return NetworkPolicy.only(
                "model",
                "vendor",
                reason="a counterfactual replay reaches its planner's model and the served vendors",
            )
        return NetworkPolicy.only(
            "model", reason="a counterfactual replay reaches only its planner's model"
        )


async def counterfactual_replay_async(
    recorded: RecordedRun, key: bytes, options: CounterfactualOptions
) -> ReplayResult:
    started = time.perf_counter()
    masker = masker_for(recorded, key)
    tokens = recorded.cassette.tokens()
    values = personal_values(recorded.events, masker, tokens)
    mask = ValueMask(masker, values)
    notes: list[str] = []
    policy = options.policy
    if policy is None:
        policy, notes = recorded_policy(recorded)
    with tempfile.TemporaryDirectory(prefix="agentcli-counterfactual-") as scratch:
        forwarder = None
        network = options.network()
        if options.allow_writes or options.fallback:
            forwarder = SandboxForwarder(
                SandboxWorld(Path(scratch) / "sandbox"),
                masker,
                {token: value for value, token in values.items()},
                live=options.connectors,
                network=network,
            )
        interrupt = ReplayInterrupt(recorded.events, exact=False)
        player = CassettePlayer(
            CassetteIndex(recorded.cassette, masker),
            counterfactual=True,
            forwarder=forwarder,
            forward_writes=options.allow_writes,
            forward_misses=options.fallback,
        )
        run_id = options.run_id or new_run_id()
        run_options = RunOptions(
            db_path=options.db_path,
            sandbox_dir=Path(scratch) / "sandbox",
            policy=policy,
            command="replay",
            planner=options.planner,
            approver=ReplayApprover(recorded.events),
            run_id=run_id,
            world=CassetteWorld(player),
            clients=cassette_clients,
            connectors_mode="counterfactual",
            parent_run=recorded.run_id,
            recording=options.recording,
            orchestrator=None
            if options.allow_writes
            else blocking_factory(
                RecordedWrites.from_parent(recorded.events, mask.json, KeyOrder(recorded.cassette)),
                player.consume,
                interrupt.fire,
            ),
            prompt_version=options.prompt_version,
            prompt_hash=options.prompt_hash,
            network=network,
            **recorded_merchants(recorded, player),
        )
        events: list[TraceEvent] = []
        try:
            async with ChatRuntime(run_options) as runtime:
                assert runtime.recorder is not None and runtime.session is not None
                runtime.recorder.listeners.append(events.append)
                interrupt.arm(runtime.recorder.listeners)
                for line in user_lines(recorded.events):
                    await runtime.session.handle(line)
                interrupt.at_input()
        except asyncio.CancelledError:
            if not interrupt.absorb():
                raise
        finally:
            await player.aclose()
    if runtime.cassette_error:
        notes.append(runtime.cassette_error)
    run_diff = diff_events(
        recorded.run_id,
        recorded.events,
        run_id,
        events,
        ValueMask(masker, personal_values([*recorded.events, *events], masker, tokens)),
    )
    divergence = run_diff.divergence(DECISION_ASPECTS)
    sealed_off = [d for d in run_diff.differences if d.aspect == "vendor calls"]
    if sealed_off:
        notes.append(
            f"vendor calls differ in {len({d.turn for d in sealed_off})} turn(s): "
            "writes were sealed off, reads served from the recording"
        )
    blocked = tuple(
        BlockedWrite(e.seq, str(p.action), dict(p.arguments or {}), bool(p.served_from_recording))
        for e in events
        if e.kind is EventKind.BLOCKED_WRITE and isinstance(p := e.typed(), ev.BlockedWrite)
    )
    return ReplayResult(
        mode="counterfactual",
        run_id=recorded.run_id,
        replay_run_id=run_id,
        ok=divergence is None,
        events_expected=len(recorded.events),
        events_replayed=len(events),
        divergence=divergence,
        misses=unique(player.misses),
        blocked_writes=blocked,
        blocked_requests=tuple(player.blocked),
        forwarded=tuple(player.forwarded),
        notes=tuple(notes),
        seconds=time.perf_counter() - started,
    )


def counterfactual_replay(
    recorded: RecordedRun, key: bytes, options: CounterfactualOptions
) -> ReplayResult:
    """Replay `recorded` with another planner (or policy), writes sealed off; see the module."""
    return asyncio.run(counterfactual_replay_async(recorded, key, options))
