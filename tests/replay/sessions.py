"""Random scripted sessions over every vendor, recorded cheaply, for the replay property tests.

A session is what a customer says (searches, carts, checkouts answered yes or no,
cancellations, returns, trips), a fault plan, and where Ctrl-C lands (never, at the prompt,
or right after event k). Sessions run in-process on one pristine world reset between them
(`sandbox.worlds`) and record into one store, as a suite worker does.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from agentcli.planners.rules import RulesPlanner
from agentcli.policy.config import PolicyConfig
from agentcli.replay.interrupt import Interrupter
from agentcli.replay.runrecording import RunRecording
from agentcli.runtime import ChatRuntime, RunOptions
from agentcli.trace.events import EventKind, TraceEvent
from agentcli.trace.ids import new_run_id
from agentcli.trace.store import Store
from connectors.config import ConnectorsConfig
from connectors.harness import KeptClients
from connectors.state import reset_state, state_reader
from sandbox.faults import FaultPlan
from sandbox.worlds import PristineWorlds

CUSTOMERS = (
    "harper.khan1177@example.com",  # gift card; a pending and a delivered order
    "yara.li6570@example.com",  # last name "Li"; paypal
    "daiki.moore7228@example.com",  # a delivered order with a keyboard to return
    "raj.ito2921@example.com",  # last name "Ito"
)
SAID = (
    "find a notebook",
    "find a keyboard",
    "show me the second one",
    "add the first one",
    "add the second one",
    "remove the first one",
    "checkout with my gift card",
    "checkout with my paypal",
    "checkout with my credit card",
    "yes",
    "yes",
    "no",
    "where is order #W8073958",
    "cancel order #W8073958, I ordered by mistake",
    "return the keyboard from order #W8032761",
    "find a hotel in Paris from 2030-12-10 to 2030-12-12",
    "find a flight from NYC to Paris on 2030-12-10",
    "book the first hotel and the second flight for 2 travellers with my credit card",
    "what's in my cart",
)
FAULTS: tuple[dict[str, Any], ...] = (
    # each misbehaves once and asks for no wait, so a retried call costs no wall time
    {"vendor": "pay", "fault": "status", "status": 503, "count": 1, "retry_after": 0},
    {"vendor": "shop", "fault": "status", "status": 500, "endpoint": "GET /search"},
    {"vendor": "bazaar", "fault": "timeout", "hang": 0.01, "count": 1},
    {
        "vendor": "shop",
        "fault": "status",
        "status": 429,
        "endpoint": "POST /orders",
        "count": 1,
        "retry_after": 0,
    },
    {"vendor": "trips", "fault": "stock_race", "endpoint": "POST /v1/holds"},
    {
        "vendor": "pay",
        "fault": "status",
        "status": 502,
        "when": "after",
        "count": 1,
        "retry_after": 0,
    },
    {"vendor": "pay", "fault": "decline", "count": 1},
)


@dataclass(frozen=True)
class Session:
    lines: tuple[str, ...]
    faults: tuple[dict[str, Any], ...]
    #: None: never; 0: at the prompt once every line is said; k: right after event k
    interrupt_after: int | None

    def plan(self) -> FaultPlan | None:
        return FaultPlan.model_validate({"rules": list(self.faults)}) if self.faults else None


def sessions(max_lines: int = 8) -> st.SearchStrategy[Session]:
    said = st.lists(st.sampled_from(SAID), min_size=0, max_size=max_lines)
    return st.builds(
        lambda who, rest, faults, cut: Session((f"I'm {who}", *rest), tuple(faults), cut),
        st.sampled_from(CUSTOMERS),
        said,
        st.lists(st.sampled_from(FAULTS), max_size=1),
        st.one_of(st.none(), st.just(0), st.integers(min_value=1, max_value=120)),
    )


class _CtrlC(Interrupter):
    """Ctrl-C right after event k, as asyncio delivers it (never once the run is finishing:
    no await is left there for a cancellation to land on)."""

    def reached(self, event: TraceEvent) -> bool:
        return event.seq == self.after_seq and event.kind is not EventKind.RUN_FINISHED


class Recorder:
    """Records sessions in-process (one world reset per session) or against served vendors."""

    def __init__(self, home: Path, key: bytes, live: ConnectorsConfig | None = None) -> None:
        self.home = home
        self.key = key
        self.live = live
        self.db = home / "traces.sqlite"
        self.store = Store.open(self.db)
        self.worlds = PristineWorlds()
        self.clients = KeptClients()
        self.loop = asyncio.new_event_loop()

    def record(self, session: Session) -> str:
        run_id = new_run_id()
        world = self.worlds.fresh()
        if self.live is not None:
            self.loop.run_until_complete(self._reset_live(self.live))
        options = RunOptions(
            db_path=None,
            store=self.store,
            sandbox_dir=world.root,
            world=world,
            clients=self.clients,
            faults=session.plan() if self.live is None else None,  # served: no faults
            connectors=self.live,
            policy=PolicyConfig(),
            planner=RulesPlanner(),
            recording=RunRecording.for_run(self.home / "cassettes", run_id, self.key),
            run_id=run_id,
        )
        with contextlib.suppress(KeyboardInterrupt, asyncio.CancelledError):
            self.loop.run_until_complete(self._say(options, session))
        return run_id

    async def _say(self, options: RunOptions, session: Session) -> None:
        async with ChatRuntime(options) as runtime:
            assert runtime.recorder is not None and runtime.session is not None
            if session.interrupt_after:
                runtime.recorder.listeners.append(_CtrlC(session.interrupt_after))
            for line in session.lines:
                await runtime.session.handle(line)
            if session.interrupt_after == 0:
                raise KeyboardInterrupt

    @staticmethod
    async def _reset_live(live: ConnectorsConfig) -> None:
        for name in live.vendors:
            async with live.client(name) as client:
                await reset_state(state_reader(name, client))

    def close(self) -> None:
        self.loop.run_until_complete(self.clients.aclose())
        self.loop.close()
        self.store.close()
        self.worlds.close()
