"""Builds a run's span tree from its events, one event at a time, as spans close.

The run is the root span; each turn a child of it; under a turn a `chat` span per model call
and an `execute_tool` span per action, which holds the action's sagas (steps, compensations)
and vendor calls. A write confirmed in the next turn continues there as a second
`execute_tool` span with the same tool call id, so a turn span holds only its own events.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any, assert_never

from agentcli.telemetry import conventions
from agentcli.telemetry.spans import RunSpans, Span, SpanKind
from agentcli.trace import events as ev
from agentcli.trace.events import TraceEvent
from agentcli.trace.ids import trace_id_of

StepKey = tuple[str, str, str]


class SpanTree:
    """Feed a run's events in order; each call returns the spans that closed with it."""

    def __init__(self, run: dict[str, Any], *, include_content: bool = False) -> None:
        self.run_id = str(run["id"])
        self.include_content = include_content
        self.trace_id = trace_id_of(self.run_id)
        started = float(run.get("started_at") or 0.0)
        self.root = Span(
            f"invoke_agent {run.get('command') or 'agentcli'}",
            _span_id("run", self.run_id),
            None,
            started,
            started,
        )
        self._describe_run(run)
        self.stack: list[Span] = [self.root]
        self.closed: list[Span] = []
        self.used_ids = {self.root.span_id}
        self.sagas: dict[str, Span] = {}
        self.steps: dict[StepKey, Span] = {}
        self.tool_calls: list[str] = []
        self.pending: dict[str, tuple[str | None, Any]] = {}  # action -> (call id, effect)
        self.last_chat: Span | None = None
        self.started = bool(started)

    # -- the public surface ----------------------------------------------------------------

    def feed(self, event: TraceEvent) -> list[Span]:
        if not self.started:
            self.root.start = self.root.end = event.ts
            self.started = True
        for span in self.stack:
            span.reach(event.ts)
        self._on(event, event.typed())
        closed, self.closed = self.closed, []
        return closed

    def finish(self, run: dict[str, Any] | None = None) -> list[Span]:
        """Close every open span, the root last (its end the run's end when recorded)."""
        if run is not None:
            self._describe_run(run)
            if run.get("finished_at"):
                self.root.reach(float(run["finished_at"]))
            if run.get("status") == "failed":
                self.root.error = f"the run failed ({run.get('outcome') or 'no outcome'})"
        while len(self.stack) > 1:
            self._close(self.stack[-1])
        for span in list(self.steps.values()) + list(self.sagas.values()):
            self._close(span)
        self.closed.append(self.root)
        closed, self.closed = self.closed, []
        return closed

    # -- events ----------------------------------------------------------------------------

    def _on(self, event: TraceEvent, payload: ev.AnyPayload) -> None:  # noqa: C901
        ts = event.ts
        match payload:
            case ev.UserMessage():
                self._unwind(0)
                turn = self._open(f"turn {payload.turn}", event.span_id, ts, kind="CHAIN")
                turn.set("agentcli.turn", payload.turn)
                if self.include_content:
                    turn.set("input.value", payload.text)
            case ev.ModelRequest():
                self._unwind(1)
                name = payload.model or payload.planner
                chat = self._open(f"chat {name}", event.span_id, ts, kind="LLM")
                chat.set("gen_ai.operation.name", "chat")
                chat.set("gen_ai.provider.name", payload.planner)
                chat.set("gen_ai.system", payload.planner)
                chat.set("gen_ai.request.model", payload.model)
                chat.set("llm.model_name", payload.model)
                chat.set("agentcli.planner", payload.planner)
                if payload.repair_errors:
                    chat.set("agentcli.repair", len(payload.repair_errors))
                self.last_chat = chat
            case ev.ModelResponse():
                chat = self._top("LLM") or self._open("chat", event.span_id, ts, kind="LLM")
                self.tool_calls = conventions.model_response(chat, payload, self.include_content)
                self._close(chat)
            case ev.ActionInvalid():
                target = self.last_chat or self.stack[-1]
                target.event("action_invalid", ts, reason=payload.reason, repair=payload.repair)
            case ev.ActionProposed():
                self._unwind(1)
                call_id = self._call_id()
                self._tool(payload.action, event.span_id, ts, call_id, payload.effect)
                self.pending[payload.action] = (call_id, payload.effect)
                if self.include_content:
                    self.stack[-1].set("gen_ai.tool.call.arguments", payload.arguments)
            case ev.PolicyDecision():
                tool = self._tool_for(payload.action, event, ts)
                tool.set("agentcli.policy.verdict", payload.outcome)
                tool.set("agentcli.policy.reasons", list(payload.reasons or []))
                tool.set("agentcli.policy.needs_approval", payload.needs_approval)
                tool.set("agentcli.amount", payload.amount)
                tool.event("policy_decision", ts, outcome=payload.outcome)
            case ev.ApprovalRequested():
                tool = self._tool_for(payload.action, event, ts)
                tool.set("agentcli.approval", "requested")
                tool.event(
                    "approval_requested",
                    ts,
                    asked=payload.asked,
                    amount=payload.amount,
                    threshold=payload.threshold,
                )
            case ev.ApprovalResolved():
                tool = self._tool_for(payload.action, event, ts)
                tool.set("agentcli.approval", "approved" if payload.approved else "denied")
                tool.event("approval_resolved", ts, approved=payload.approved, by=payload.by)
            case ev.ActionResult():
                tool = self._tool_for(payload.action, event, ts)
                tool.set("agentcli.action.ok", payload.ok)
                if not payload.ok:
                    code = (payload.error or {}).get("code") if payload.error else None
                    tool.set("error.type", code or "error")
                    tool.error = str((payload.error or {}).get("message") or code or "failed")
                if self.include_content:
                    tool.set("gen_ai.tool.call.result", payload.data)
                self._unwind(1)
            case ev.BlockedWrite():
                tool = self._tool_for(payload.action, event, ts)
                tool.set("agentcli.replay.blocked", True)
                tool.event("blocked_write", ts, served_from_recording=payload.served_from_recording)
            case ev.SagaStarted():
                saga = self._child(f"saga {payload.saga}", event.span_id, ts)
                saga.set("agentcli.saga.id", payload.saga_id)
                saga.set("agentcli.saga.name", payload.saga)
                saga.set("agentcli.saga.steps", list(payload.steps or []))
                self.sagas[payload.saga_id] = saga
                self.stack.append(saga)
            case ev.SagaResumed():
                saga = self._saga(payload.saga_id, payload.saga, event, ts)
                saga.event("saga_resumed", ts, status=payload.status, owner=payload.owner)
            case ev.SagaFinished():
                saga = self._saga(payload.saga_id, payload.saga, event, ts)
                saga.set("agentcli.saga.status", payload.status)
                saga.set("agentcli.saga.failed_step", payload.failed_step)
                saga.set("agentcli.saga.compensated", list(payload.compensated or []))
                if payload.status not in ("completed", "compensated"):
                    saga.error = f"saga {payload.status}"
                for key in [k for k in self.steps if k[0] == payload.saga_id]:
                    self._close(self.steps.pop(key))
                self._close(saga)
            case ev.StepStarted() | ev.CompensationStarted():
                self._step_started(payload, event, ts)
            case ev.StepSucceeded() | ev.CompensationSucceeded():
                step = self._step(payload, event, ts)
                step.set("agentcli.step.attempts", payload.attempt)
                step.event("attempt_succeeded", ts, attempt=payload.attempt)
                self._saga_note(payload, "succeeded", ts)
                self._close(self.steps.pop(_key(payload)))
            case ev.StepFailed() | ev.CompensationFailed():
                step = self._step(payload, event, ts)
                code = (payload.error or {}).get("code")
                step.set("agentcli.step.attempts", payload.attempt)
                step.event(
                    "attempt_failed",
                    ts,
                    attempt=payload.attempt,
                    **{"error.type": code},
                    will_retry=payload.will_retry,
                    outcome_unknown=payload.outcome_unknown,
                )
                if not payload.will_retry:
                    step.set("error.type", code or "error")
                    step.error = str((payload.error or {}).get("message") or code or "failed")
                    self._saga_note(payload, "failed", ts)
                    self._close(self.steps.pop(_key(payload)))
            case ev.DomainEvent():
                target = self.sagas.get(payload.saga_id) or self.stack[-1]
                target.event("domain_event", ts, type=payload.type)
            case ev.HttpExchange():
                self._http(payload, event, ts)
            case ev.AssistantMessage():
                turn = next(
                    (
                        s
                        for s in self.stack
                        if s.attributes.get("openinference.span.kind") == "CHAIN"
                    ),
                    self.root,
                )
                turn.event("assistant_message", ts)
                if self.include_content:
                    turn.set("output.value", payload.text)
            case ev.Error():
                target = self.stack[-1]
                target.event(
                    "exception",
                    ts,
                    **{"exception.type": payload.type, "exception.message": payload.message},
                )
                target.error = f"{payload.where}: {payload.message}"[:500]
                if payload.where == "planner" and target.attributes.get("gen_ai.operation.name"):
                    target.set("error.type", payload.type)
                    self._close(target)
            case ev.Guardrail():
                self.stack[-1].event(
                    "guardrail",
                    ts,
                    rule=payload.rule,
                    outcome=payload.outcome,
                    action=payload.action,
                )
            case ev.Operator():
                self.stack[-1].event(
                    "operator", ts, command=payload.command, at=payload.at, outcome=payload.outcome
                )
            case ev.RunFinished():
                self._unwind(0)
                self.root.set("agentcli.run.outcome", payload.outcome)
                for name, value in sorted((payload.metrics or {}).items()):
                    if isinstance(value, bool | int | float):
                        self.root.set(f"agentcli.metrics.{name}", value)
            case _:
                assert_never(payload)

    # -- span bookkeeping ------------------------------------------------------------------

    def _describe_run(self, run: dict[str, Any]) -> None:
        root = self.root
        root.set("gen_ai.operation.name", "invoke_agent")
        root.set("gen_ai.agent.name", "agentcli")
        root.set("gen_ai.conversation.id", self.run_id)
        root.set("session.id", self.run_id)
        root.set("openinference.span.kind", "AGENT")
        root.set("agentcli.run.id", self.run_id)
        for column in ("command", "planner", "connectors_mode", "parent_run", "status"):
            root.set(f"agentcli.run.{column}", run.get(column))
        root.set("gen_ai.request.model", run.get("model"))
        root.set("agentcli.prompt.version", run.get("prompt_version"))
        root.set("agentcli.prompt.hash", run.get("prompt_hash"))
        root.set("agentcli.run.outcome", run.get("outcome"))

    def _new_id(self, candidate: str | None, seed: str) -> str:
        span_id = candidate if candidate and conventions.SPAN_ID.match(candidate) else None
        if span_id is None or span_id in self.used_ids or not int(span_id, 16):
            span_id = _span_id(seed, self.run_id)
        self.used_ids.add(span_id)
        return span_id

    def _open(self, name: str, span_id: str, ts: float, *, kind: str | None = None) -> Span:
        span = self._child(name, span_id, ts)
        if kind:
            span.set("openinference.span.kind", kind)
        self.stack.append(span)
        return span

    def _child(self, name: str, span_id: str, ts: float) -> Span:
        parent = self.stack[-1]
        return Span(name, self._new_id(span_id, f"{name}:{ts}"), parent.span_id, ts, ts)

    def _top(self, kind: str) -> Span | None:
        top = self.stack[-1]
        return top if top.attributes.get("openinference.span.kind") == kind else None

    def _unwind(self, keep: int) -> None:
        """Close open spans until only the root and `keep` levels below it remain."""
        while len(self.stack) > keep + 1:
            self._close(self.stack[-1])

    def _close(self, span: Span) -> None:
        if span in self.stack:
            while self.stack[-1] is not span:
                self._close(self.stack[-1])
            self.stack.pop()
        for table in (self.sagas, self.steps):
            for key in [k for k, v in table.items() if v is span]:
                del table[key]  # type: ignore[arg-type]
        if span is not self.root and span not in self.closed:
            self.closed.append(span)

    def _call_id(self) -> str | None:
        return self.tool_calls.pop(0) if self.tool_calls else None

    def _tool(self, action: str, span_id: str, ts: float, call_id: str | None, effect: Any) -> Span:
        tool = self._open(f"execute_tool {action}", span_id, ts, kind="TOOL")
        tool.set("gen_ai.operation.name", "execute_tool")
        tool.set("gen_ai.tool.name", action)
        tool.set("gen_ai.tool.type", "function")
        tool.set("gen_ai.tool.call.id", call_id)
        tool.set("tool.name", action)
        tool.set("agentcli.action.effect", str(effect).upper() if effect else None)
        return tool

    def _tool_for(self, action: str, event: TraceEvent, ts: float) -> Span:
        """The open `execute_tool` span of `action`; one continuing it when none is open."""
        for span in reversed(self.stack):
            if span.attributes.get("gen_ai.tool.name") == action:
                return span
        self._unwind(1)
        call_id, effect = self.pending.get(action, (None, None))
        tool = self._tool(action, event.span_id, ts, call_id, effect)
        tool.set("agentcli.action.continued", True)
        return tool

    def _saga(self, saga_id: str, name: str, event: TraceEvent, ts: float) -> Span:
        saga = self.sagas.get(saga_id)
        if saga is None:
            saga = self._child(f"saga {name}", event.span_id, ts)
            saga.set("agentcli.saga.id", saga_id)
            saga.set("agentcli.saga.name", name)
            self.sagas[saga_id] = saga
            self.stack.append(saga)
        return saga

    def _step_started(
        self, payload: ev.StepStarted | ev.CompensationStarted, event: TraceEvent, ts: float
    ) -> None:
        step = self.steps.get(_key(payload))
        if step is None:
            step = self._step(payload, event, ts)
            step.set("agentcli.step.irreversible", payload.irreversible)
        step.set("agentcli.idempotency_key", payload.idempotency_key)
        step.event("attempt_started", ts, attempt=payload.attempt)
        self._saga_note(payload, "started", ts)

    def _step(self, payload: Any, event: TraceEvent, ts: float) -> Span:
        key = _key(payload)
        step = self.steps.get(key)
        if step is None:
            saga = self.sagas.get(payload.saga_id)
            if saga is not None and saga in self.stack:
                self._unwind(self.stack.index(saga))
            compensating = key[2] == "compensate"
            name = f"{'compensate' if compensating else 'step'} {payload.step}"
            step = self._open(name, event.span_id, ts)
            step.set("agentcli.saga.id", payload.saga_id)
            step.set("agentcli.step.name", payload.step)
            step.set("agentcli.step.phase", key[2])
            self.steps[key] = step
        return step

    def _saga_note(self, payload: Any, what: str, ts: float) -> None:
        """Compensations are also events on their saga's span (what was undone, and when)."""
        if _key(payload)[2] != "compensate":
            return
        saga = self.sagas.get(payload.saga_id)
        if saga is not None:
            saga.event(f"compensation_{what}", ts, step=payload.step, attempt=payload.attempt)

    def _http(self, payload: ev.HttpExchange, event: TraceEvent, ts: float) -> None:
        carried = conventions.traceparent(payload)
        duration = payload.duration_ms if isinstance(payload.duration_ms, int | float) else 0
        start = ts - max(float(duration), 0.0) / 1000
        parent = self.stack[-1]
        span = Span(
            payload.method,
            self._new_id(carried[1] if carried else event.span_id, f"http:{event.seq}"),
            parent.span_id,
            start,
            ts,
            kind=SpanKind.CLIENT,
        )
        conventions.http_exchange(span, payload)
        for open_span in self.stack:
            open_span.reach(start)
        self.closed.append(span)


def run_spans(
    run: dict[str, Any], events: Iterable[TraceEvent], *, include_content: bool = False
) -> RunSpans:
    """Every span of a stored run, children before their parents, the root last."""
    tree = SpanTree(run, include_content=include_content)
    spans: list[Span] = []
    for event in events:
        spans += tree.feed(event)
    spans += tree.finish(run)
    return RunSpans(tree.run_id, tree.trace_id, spans)


def _key(payload: Any) -> StepKey:
    phase = "compensate" if "compensation" in str(payload.kind) else "forward"
    return (payload.saga_id, payload.step, phase)


def _span_id(seed: str, run_id: str) -> str:
    value = hashlib.sha256(f"{run_id}:{seed}".encode()).hexdigest()[:16]
    return value if int(value, 16) else "0" * 15 + "1"
