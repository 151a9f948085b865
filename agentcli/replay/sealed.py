"""Sealed replay: a recorded run again, offline, and proof that its events are the same.

Planner decisions and operator approvals come from the recorded events, every HTTP call from
the cassette, clock readings and ids from the cassette's log; no vendor app and no socket is
involved. Its network policy is sealed: every outbound point refuses, and no environment
switch (AGENTCLI_ENGINE among them) is consulted. The replay records into an in-memory store
under the original run id, then its events are compared with the original's after
normalisation.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import httpx

from agentcli.orchestrator.dispatch import Orchestrator
from agentcli.orchestrator.protocol_merchants import MerchantSpec, ProtocolMerchants
from agentcli.orchestrator.services import Services
from agentcli.policy.config import PolicyConfig, load_policy
from agentcli.replay.archive import RecordedRun, ReplayError
from agentcli.replay.blocking import KeyOrder, RecordedWrites, blocking_factory
from agentcli.replay.interrupt import ReplayInterrupt
from agentcli.replay.masking import Masker, ValueMask, key_id
from agentcli.replay.matcher import CassetteIndex, Miss
from agentcli.replay.normalise import first_divergence
from agentcli.replay.operator import OperatorPlayback
from agentcli.replay.personal import personal_values
from agentcli.replay.planner import ReplayApprover, ReplayPlanner, user_lines
from agentcli.replay.result import ReplayResult
from agentcli.replay.sources import ReplayedSources
from agentcli.replay.transport import CassettePlayer
from agentcli.replay.world import CassetteWorld, cassette_clients
from agentcli.runtime import ChatRuntime, RunOptions
from agentcli.trace.events import EventKind, TraceEvent
from agentcli.workflows.journal import Journal
from connectors.client import VendorClient
from netpolicy import NetworkPolicy

SEALED = NetworkPolicy.sealed("a sealed replay reaches nothing")


def masker_for(recorded: RecordedRun, key: bytes) -> Masker:
    """A masker with the key the cassette was recorded with (refuse any other key)."""
    recorded_id = recorded.cassette.agentcli.get("key_id")
    if recorded_id and recorded_id != key_id(key):
        raise ReplayError(
            f"the cassette of run {recorded.run_id} was masked with key {recorded_id}, but the "
            f"key given is {key_id(key)}: pass the recording machine's key with --key FILE "
            "or $AGENTCLI_SECRET_KEY"
        )
    tokens = recorded.cassette.tokens()
    masker = Masker(key, known=tokens)
    masker.use_values(personal_values(recorded.events, masker, tokens))
    return masker


def recorded_policy(recorded: RecordedRun) -> tuple[PolicyConfig, list[str]]:
    data = recorded.cassette.agentcli.get("policy")
    if isinstance(data, dict):
        return PolicyConfig.model_validate(data), []
    return load_policy(None), ["the cassette holds no policy; the built-in defaults were used"]


class MissLog:
    """Misses stamped with the event seq they happened at, so a divergence can name its cause."""

    def __init__(self, player: CassettePlayer) -> None:
        self.player = player
        self.stamped: list[tuple[int, Miss]] = []

    def sync(self, seq: int) -> None:
        """Stamp the misses not yet stamped: they happened before event `seq` was emitted."""
        while len(self.stamped) < len(self.player.misses):
            self.stamped.append((seq, self.player.misses[len(self.stamped)]))


def recorded_merchants(recorded: RecordedRun, player: CassettePlayer) -> dict[str, Any]:
    """The run options that give a replay the recorded run's protocol merchants, answered
    from the cassette at their recorded addresses."""
    block = recorded.cassette.agentcli.get("protocol_merchants")
    if not isinstance(block, dict):
        return {}

    def client_for(spec: MerchantSpec) -> httpx.AsyncClient:
        return VendorClient(transport=player.transport(spec.name), base_url=spec.base_url)

    return {"merchants": ProtocolMerchants.from_record(block), "merchant_client": client_for}


async def sealed_replay_async(recorded: RecordedRun, key: bytes) -> ReplayResult:
    started = time.perf_counter()
    masker = masker_for(recorded, key)
    player = CassettePlayer(CassetteIndex(recorded.cassette, masker))
    policy, notes = recorded_policy(recorded)
    meta = recorded.cassette.agentcli
    sources = ReplayedSources(meta.get("clock") or [], meta.get("ids") or [])
    run = recorded.run
    options = RunOptions(
        db_path=None,
        sandbox_dir=Path("cassette-world"),
        policy=policy,
        command=str(run.get("command") or "chat"),
        planner=ReplayPlanner(
            recorded.events,
            name=str(run.get("planner") or "replay"),
            model=run.get("model"),
            is_model=bool(meta.get("planner_is_model", run.get("planner") == "openai")),
        ),
        approver=ReplayApprover(recorded.events),
        run_id=recorded.run_id,
        clock=sources.clock,
        span_ids=sources.span_id,
        world=CassetteWorld(player),
        clients=cassette_clients,
        connectors_mode="cassette",
        prompt_version=run.get("prompt_version"),
        prompt_hash=run.get("prompt_hash"),
        orchestrator=_blocking(recorded, masker),
        network=SEALED,
        **recorded_merchants(recorded, player),
    )
    replayed: list[TraceEvent] = []
    misses = MissLog(player)
    interrupt = ReplayInterrupt(recorded.events)
    stopped = False
    try:
        async with ChatRuntime(options) as runtime:
            recorder = runtime.recorder
            session = runtime.session
            assert recorder is not None and session is not None

            def collect(event: TraceEvent) -> None:
                misses.sync(event.seq)
                replayed.append(event)

            recorder.listeners.append(collect)
            interrupt.arm(recorder.listeners)
            playback = OperatorPlayback(recorded.events, recorder, session.interruption)
            recorder.listeners.append(playback)
            playback.start()
            kinds = [e.kind for e in recorded.events]
            for line in user_lines(recorded.events):
                await session.handle(line)
                if player.misses or [e.kind for e in replayed] != kinds[: len(replayed)]:
                    notes.append("the replay stopped after the turn where it diverged")
                    stopped = True
                    break
            if not stopped:
                interrupt.at_input()
    except asyncio.CancelledError:
        if not interrupt.absorb():
            raise
    misses.sync(len(replayed) + 1)
    if sources.overrun:
        notes.append("the replay drew more clock readings or ids than were recorded")
    return compare(
        recorded,
        replayed,
        masker,
        misses.stamped,
        player,
        notes,
        time.perf_counter() - started,
        completed=not stopped,
        cut=interrupt.recorded is not None,
    )


def _blocking(
    recorded: RecordedRun, masker: Masker
) -> Callable[[Services, Any, Journal], Orchestrator] | None:
    """A counterfactual run blocked its writes; its sealed replay shows the same results."""
    if not any(e.kind is EventKind.BLOCKED_WRITE for e in recorded.events):
        return None
    tokens = recorded.cassette.tokens()
    mask = ValueMask(masker, personal_values(recorded.events, masker, tokens))
    return blocking_factory(
        RecordedWrites.from_blocked(recorded.events, mask.json, KeyOrder(recorded.cassette))
    )


def compare(
    recorded: RecordedRun,
    replayed: list[TraceEvent],
    masker: Masker,
    misses: list[tuple[int, Miss]],
    player: CassettePlayer,
    notes: list[str],
    seconds: float,
    *,
    completed: bool = True,
    cut: bool = False,
) -> ReplayResult:
    """The verdict; a `cut` run (interrupted) may end with answers its trace never saw."""
    tokens = recorded.cassette.tokens()
    values = personal_values([*recorded.events, *replayed], masker, tokens)
    mask = ValueMask(masker, values)
    divergence = first_divergence(
        recorded.events, replayed, mask, misses, recorded.cassette.vendor_bases()
    )
    models = recorded.cassette.agentcli.get("model_origins") or []
    never = player.unplayed(models) if completed else []
    if cut:  # Ctrl-C can land after a vendor answered and before the trace recorded it
        last = max((i for i, n in enumerate(player.index.played) if n), default=-1)
        never = [i for i in never if i < last]
    unplayed = tuple(player.index.shapes[i].describe() for i in never)
    return ReplayResult(
        mode="sealed",
        run_id=recorded.run_id,
        replay_run_id=recorded.run_id,
        ok=divergence is None and not unplayed,
        events_expected=len(recorded.events),
        events_replayed=len(replayed),
        divergence=divergence,
        misses=unique(m for _, m in misses),
        unplayed=unplayed,
        notes=tuple(notes),
        seconds=seconds,
    )


def unique(misses: Iterable[Miss]) -> tuple[Miss, ...]:
    """Each missed request once (a retried GET misses once per attempt)."""
    seen: dict[tuple[str, str | None], Miss] = {}
    for miss in misses:
        seen.setdefault((miss.request, miss.nearest), miss)
    return tuple(seen.values())


def sealed_replay(recorded: RecordedRun, key: bytes) -> ReplayResult:
    """Replay `recorded` sealed and compare; see `ReplayResult.ok` and `.divergence`."""
    return asyncio.run(sealed_replay_async(recorded, key))
