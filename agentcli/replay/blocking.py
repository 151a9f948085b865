"""Writes in a counterfactual replay: never sent; recorded as `blocked_write`.

When the parent run performed the same write (same action, same arguments once personal
values are masked alike), the planner is shown the parent's recorded result, and the vendor
calls the parent made for it are taken off the recording, so later reads are answered as the
parent's were: the rest of the conversation is judged against the world the parent saw. A
write the parent never made is answered with a `BLOCKED_WRITE` error instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from agentcli.actions import ActionBase, Effect
from agentcli.conversation import Conversation, Observation
from agentcli.orchestrator.desk import Preview
from agentcli.orchestrator.dispatch import Orchestrator
from agentcli.orchestrator.services import Services
from agentcli.replay.cassette import Cassette
from agentcli.replay.diff import call_line, saga_line
from agentcli.replay.phases import writes_made
from agentcli.trace import events as ev
from agentcli.trace.chain import canonical_json
from agentcli.trace.events import EventKind, TraceEvent
from agentcli.trace.recorder import Recorder
from agentcli.workflows.journal import Journal

BLOCKED = "BLOCKED_WRITE"
Normalise = Callable[[Any], Any]
Consume = Callable[[list[TraceEvent]], None]
"""Takes the parent's calls for a write off the recording (they will not be made again)."""


@dataclass(frozen=True)
class WriteResult:
    """A recorded write: its result (None: the run was interrupted while it was carried out),
    whether the parent performed it, the parent's calls (as lines, and as events)."""

    result: dict[str, Any] | None
    served: bool
    #: None: not known (a counterfactual run recorded before its blocked writes listed them)
    lines: list[str] | None = None
    calls: list[TraceEvent] = field(default_factory=list)


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
        self._results: dict[str, list[WriteResult]] = {}

    @classmethod
    def from_parent(
        cls, events: Iterable[TraceEvent], normalise: Normalise, order: KeyOrder | None = None
    ) -> RecordedWrites:
        """The parent's writes, each with the calls it made carrying the write out."""
        found = cls(normalise, order)
        for write in writes_made(events):
            result = write.result or {"action": write.action, "arguments": write.arguments}
            found._add(
                result,
                WriteResult(write.result, True, _lines(write.events), write.events),
            )
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
                served = bool(blocked.get("served_from_recording"))
                found._add(
                    event.payload, WriteResult(dict(event.payload), served, _listed(blocked))
                )
                blocked = None
        if blocked is not None:  # interrupted there
            lines = [str(x) for x in blocked.get("recorded_calls") or []]
            found._add(
                blocked, WriteResult(None, bool(blocked.get("served_from_recording")), lines)
            )
        return found

    def _add(self, result: dict[str, Any], write: WriteResult) -> None:
        key = self._key(str(result.get("action")), result.get("arguments") or {})
        self._results.setdefault(key, []).append(write)

    def _key(self, action: str, arguments: dict[str, Any]) -> str:
        return canonical_json([action, self._normalise(arguments)])

    def take(self, action: str, arguments: dict[str, Any]) -> WriteResult | None:
        """The recorded write to show for this one, or None."""
        queue = self._results.get(self._key(action, arguments))
        if not queue:
            return None
        found = queue.pop(0)
        if self._order is None or found.result is None:
            return found
        return WriteResult(self._order.apply(found.result), found.served, found.lines, found.calls)


def _listed(blocked: dict[str, Any]) -> list[str] | None:
    calls = blocked.get("recorded_calls")
    return [str(x) for x in calls] if isinstance(calls, list) else None


def _lines(calls: list[TraceEvent]) -> list[str]:
    lines = []
    for event in calls:
        p = event.typed()
        if isinstance(p, ev.HttpExchange):
            lines.append(call_line(p))
        elif isinstance(p, ev.SagaFinished):
            lines.append(saga_line(p))
    return lines


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
        consume: Consume | None = None,
        interrupt: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(services, engine, journal)
        self.recorder = recorder
        self.recorded = recorded
        self.consume = consume
        #: interrupts the run where the recorded one was interrupted, carrying a write out
        self.interrupt = interrupt

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
        blocked: dict[str, Any] = {
            "action": action.name,
            "arguments": arguments,
            "saga_id": saga_id,
            "summary": preview.summary if preview else None,
            "served_from_recording": found is not None and found.served,
        }
        if found is not None and found.lines is not None:  # absent where older runs lack it
            blocked["recorded_calls"] = found.lines
        self.recorder.record(ev.BlockedWrite.model_validate(blocked))
        if found is not None:
            if self.consume is not None and found.calls:
                self.consume(found.calls)
            if found.result is None and self.interrupt is not None:
                self.interrupt()
            result = found.result or {}
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
    consume: Consume | None = None,
    interrupt: Callable[[], None] | None = None,
) -> Callable[[Services, Any, Journal], Orchestrator]:
    """An orchestrator factory for `RunOptions.orchestrator` (the engine holds the recorder)."""

    def make(services: Services, engine: Any, journal: Journal) -> Orchestrator:
        return WriteBlockingOrchestrator(
            services,
            engine,
            journal,
            recorder=engine.recorder,
            recorded=recorded,
            consume=consume,
            interrupt=interrupt,
        )

    return make
