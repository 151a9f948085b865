"""A scripted vendor for engine tests: replays by idempotency key, misbehaves on demand."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from agentcli.policy.killswitch import KillSwitch
from agentcli.trace import Recorder, Store
from agentcli.workflows.engine import LocalSagaEngine
from agentcli.workflows.journal import Journal
from agentcli.workflows.saga import SagaDefinition, Step, StepContext
from connectors.base import RetryPolicy
from connectors.errors import ErrorCode, VendorError

# faults a call can meet: before (the vendor never acts), after (it acts, the answer is lost),
# refuse (a definitive no), bug (the step itself raises), stop (it acts, and meanwhile the
# operator turns the kill switch on)
FAULTS = ("before", "after", "refuse", "bug", "stop")


@dataclass
class ScriptedVendor:
    """Effects keyed by idempotency key, like a Stripe-style vendor; faults queued per op."""

    effects: dict[str, dict[str, Any]] = field(default_factory=dict)
    undone: set[str] = field(default_factory=set)
    faults: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    calls: list[tuple[str, str]] = field(default_factory=list)
    #: the kill switch's file, which the `stop` fault creates
    switch: Path | None = None

    def kill_switch(self) -> KillSwitch | None:
        """The switch an engine reads for this vendor's sagas (its file alone)."""
        return KillSwitch(env="", file=str(self.switch)) if self.switch else None

    def fail(self, op: str, *faults: str) -> None:
        self.faults[op].extend(faults)

    def _fault(self, op: str) -> str | None:
        queue = self.faults.get(op)
        return queue.pop(0) if queue else None

    async def do(self, op: str, key: str) -> dict[str, Any]:
        self.calls.append((op, key))
        fault = self._fault(op)
        if fault == "before":
            raise VendorError(ErrorCode.TIMEOUT, f"{op} timed out", vendor="scripted")
        if fault == "refuse":
            raise VendorError(ErrorCode.PAYMENT_DECLINED, f"{op} declined", vendor="scripted")
        if fault == "bug":
            raise KeyError("a bug in the step")
        result = self.effects.setdefault(key, {"op": op, "id": f"{op}-{len(self.effects)}"})
        if fault == "stop" and self.switch is not None:
            self.switch.touch()
        if fault == "after":
            raise VendorError(ErrorCode.UNAVAILABLE, f"{op}: connection reset", vendor="scripted")
        return dict(result)

    async def undo(self, op: str, key: str, target: dict[str, Any]) -> dict[str, Any]:
        self.calls.append((op, key))
        fault = self._fault(op)
        if fault in ("before", "after"):
            raise VendorError(ErrorCode.UNAVAILABLE, f"{op} unavailable", vendor="scripted")
        if fault == "refuse":
            raise VendorError(ErrorCode.INVALID_STATE, f"{op} refused", vendor="scripted")
        self.undone.add(target["id"])
        return {"undid": target["id"]}

    def live(self) -> set[str]:
        """Ids of forward effects that exist and were not undone."""
        return {e["id"] for e in self.effects.values()} - self.undone

    def times(self, op: str) -> int:
        return sum(1 for o, _ in self.calls if o == op)


def scripted_step(name: str, *, compensable: bool = True, irreversible: bool = False) -> Step:
    async def run(ctx: StepContext) -> dict[str, Any]:
        vendor: ScriptedVendor = ctx.services
        return await vendor.do(name, ctx.idempotency_key)

    async def compensate(ctx: StepContext) -> dict[str, Any]:
        vendor: ScriptedVendor = ctx.services
        return await vendor.undo(f"undo-{name}", ctx.idempotency_key, ctx.outputs[name])

    return Step(
        name,
        run,
        compensate if compensable else None,
        irreversible=irreversible,
        retry=RetryPolicy(attempts=3, base_delay=0),
        events=lambda c, r: [(f"{name}.done", r)],
        undo_note=lambda r: f"undid {r['undid']}",
    )


def three_steps(*, last_irreversible: bool = False) -> SagaDefinition:
    return SagaDefinition(
        "three",
        (
            scripted_step("a"),
            scripted_step("b"),
            scripted_step("c", irreversible=last_irreversible, compensable=not last_irreversible),
        ),
    )


async def no_sleep(seconds: float) -> None:
    return None


def engine(store: Store, vendor: ScriptedVendor, run_id: str = "RUN") -> LocalSagaEngine:
    if store.db.execute("SELECT 1 FROM runs WHERE id = ?", [run_id]).fetchone() is None:
        store.create_run(run_id, command="test")
    return LocalSagaEngine(
        Journal(store),
        Recorder(store, run_id),
        vendor,
        sleep=no_sleep,
        compensation_retry=RetryPolicy(attempts=3, base_delay=0),
        kill_switch=vendor.kill_switch(),
    )
