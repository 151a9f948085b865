"""Writes in a counterfactual replay: never sent; recorded as `blocked_write`.

When the parent run performed the same write (same action, same arguments once personal
values are masked alike), the planner is shown the parent's recorded result, so the rest of
the conversation is judged against the world the parent saw. A write the parent never made is
answered with a `BLOCKED_WRITE` error instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from agentcli.actions import ActionBase, Effect
from agentcli.conversation import Conversation, Observation
from agentcli.orchestrator.desk import Preview
from agentcli.orchestrator.dispatch import Orchestrator
from agentcli.orchestrator.services import Services
from agentcli.replay.cassette import Cassette
from agentcli.trace import events as ev
from agentcli.trace.chain import canonical_json
from agentcli.trace.events import EventKind, TraceEvent
from agentcli.trace.recorder import Recorder
from agentcli.workflows.journal import Journal

BLOCKED = "BLOCKED_WRITE"
Normalise = Callable[[Any], Any]


class KeyOrder:
    """The vendors' key order, learned from a cassette's bodies.

    The trace stores payloads with sorted keys; a planner that renders a dict in order (the
    options of an item, say) must see the order the vendor sent, as the parent run did.
    """

    def __init__(self, cassette: Cassette) -> None:
        self.orders: dict[frozenset[str], tuple[str, ...]] = {}
        for item in cassette.interactions:
            for body, is_json in (
                (item.request.body, item.request.json),
                (item.response.body, item.response.json),
            ):
                if is_json:
                    self._learn(body)

    def _learn(self, data: Any) -> None:
        if isinstance(data, dict):
            self.orders.setdefault(frozenset(data), tuple(data))
            for value in data.values():
                self._learn(value)
        elif isinstance(data, list):
            for value in data:
                self._learn(value)

    def apply(self, data: Any) -> Any:
        if isinstance(data, dict):
            order = self.orders.get(frozenset(data), ())
            keys = [k for k in order if k in data] + [k for k in data if k not in order]
            return {k: self.apply(data[k]) for k in keys}
        if isinstance(data, list):
            return [self.apply(v) for v in data]
        return data


class RecordedWrites:
    """Write results to show instead of writing, by (action, arguments), each once, in order.

    From a parent run: its results of the writes it performed (`from_parent`). From a
    counterfactual run being replayed sealed: the results its blocked writes were shown, with
    whether they came from the recording (`from_blocked`).
    """

    def __init__(self, normalise: Normalise, order: KeyOrder | None = None) -> None:
        self._normalise = normalise
        self._order = order
        self._results: dict[str, list[tuple[dict[str, Any], bool]]] = {}

    @classmethod
    def from_parent(
        cls, events: Iterable[TraceEvent], normalise: Normalise, order: KeyOrder | None = None
    ) -> RecordedWrites:
        found = cls(normalise, order)
        writes: set[str] = set()
        for event in events:
            p = event.payload
            if event.kind is EventKind.ACTION_PROPOSED and p.get("effect") == Effect.WRITE.value:
                writes.add(str(p.get("action")))
            elif event.kind is EventKind.ACTION_RESULT and p.get("action") in writes:
                found._add(p, True)
        return found

    @classmethod
    def from_blocked(
        cls, events: Iterable[TraceEvent], normalise: Normalise, order: KeyOrder | None = None
    ) -> RecordedWrites:
        found = cls(normalise, order)
        blocked: dict[str, Any] | None = None
        for event in events:
            if event.kind is EventKind.BLOCKED_WRITE:
                blocked = event.payload
            elif event.kind is EventKind.ACTION_RESULT and blocked is not None:
                found._add(event.payload, bool(blocked.get("served_from_recording")))
                blocked = None
        return found

    def _add(self, result: dict[str, Any], served: bool) -> None:
        key = self._key(str(result.get("action")), result.get("arguments") or {})
        self._results.setdefault(key, []).append((dict(result), served))

    def _key(self, action: str, arguments: dict[str, Any]) -> str:
        return canonical_json([action, self._normalise(arguments)])

    def take(self, action: str, arguments: dict[str, Any]) -> tuple[dict[str, Any], bool] | None:
        """(the result to show, whether it is the recording's) or None."""
        queue = self._results.get(self._key(action, arguments))
        if not queue:
            return None
        result, served = queue.pop(0)
        return (self._order.apply(result) if self._order is not None else result), served


class WriteBlockingOrchestrator(Orchestrator):
    """Reads and previews run as usual (served by the cassette); writes are never executed."""

    def __init__(
        self,
        services: Services,
        engine: Any,
        journal: Journal,
        *,
        recorder: Recorder,
        recorded: RecordedWrites,
    ) -> None:
        super().__init__(services, engine, journal)
        self.recorder = recorder
        self.recorded = recorded

    async def execute(
        self,
        action: ActionBase,
        conv: Conversation,
        *,
        saga_id: str,
        preview: Preview | None = None,
    ) -> Observation:
        if action.effect is not Effect.WRITE:
            return await super().execute(action, conv, saga_id=saga_id, preview=preview)
        arguments = action.arguments()
        found = self.recorded.take(action.name, arguments)
        self.recorder.record(
            ev.BlockedWrite(
                action=action.name,
                arguments=arguments,
                saga_id=saga_id,
                summary=preview.summary if preview else None,
                served_from_recording=found is not None and found[1],
            )
        )
        if found is not None:
            result = found[0]
            return Observation(
                action.name,
                arguments,
                bool(result.get("ok")),
                data=result.get("data"),
                error=result.get("error"),
            )
        return Observation(
            action.name,
            arguments,
            False,
            error={
                "code": BLOCKED,
                "message": "counterfactual replay: this write was not sent to any "
                "vendor, and the recorded run has no such write to show instead",
            },
        )


def blocking_factory(
    recorded: RecordedWrites,
) -> Callable[[Services, Any, Journal], Orchestrator]:
    """An orchestrator factory for `RunOptions.orchestrator` (the engine holds the recorder)."""

    def make(services: Services, engine: Any, journal: Journal) -> Orchestrator:
        return WriteBlockingOrchestrator(
            services, engine, journal, recorder=engine.recorder, recorded=recorded
        )

    return make
