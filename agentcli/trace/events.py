"""The trace's event kinds, the stored event record, and one typed payload model per kind.

A producer builds the payload model of its kind (`UserMessage(text=..., ...)`) and hands it to
`Recorder.record`; what is stored is exactly the fields it set (plus any extra ones), so traces
written before these models existed load unchanged. A reader asks `event.typed()` for the
model and matches on its class; a match over every kind ends in `typing.assert_never`.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

if TYPE_CHECKING:
    from connectors.base import HttpExchange as Exchange


class EventKind(StrEnum):
    USER_MESSAGE = "user_message"
    MODEL_REQUEST = "model_request"
    MODEL_RESPONSE = "model_response"
    ACTION_PROPOSED = "action_proposed"
    ACTION_INVALID = "action_invalid"
    ACTION_RESULT = "action_result"
    POLICY_DECISION = "policy_decision"
    APPROVAL_REQUESTED = "approval_requested"
    APPROVAL_RESOLVED = "approval_resolved"
    SAGA_STARTED = "saga_started"
    SAGA_FINISHED = "saga_finished"
    SAGA_RESUMED = "saga_resumed"
    STEP_STARTED = "step_started"
    STEP_SUCCEEDED = "step_succeeded"
    STEP_FAILED = "step_failed"
    COMPENSATION_STARTED = "compensation_started"
    COMPENSATION_SUCCEEDED = "compensation_succeeded"
    COMPENSATION_FAILED = "compensation_failed"
    DOMAIN_EVENT = "domain_event"
    HTTP_EXCHANGE = "http_exchange"
    BLOCKED_WRITE = "blocked_write"
    ASSISTANT_MESSAGE = "assistant_message"
    ERROR = "error"
    RUN_FINISHED = "run_finished"
    GUARDRAIL = "guardrail"
    OPERATOR = "operator"


Number = int | float
"""A figure as the producer gave it: an int stays an int, so the stored JSON does not change."""


class Payload(BaseModel):
    """What an event of one kind says. Unknown fields (from older or newer traces) are kept."""

    model_config = ConfigDict(extra="allow", frozen=True, populate_by_name=True)

    def stored(self) -> dict[str, Any]:
        """The payload as the trace stores it: the fields that were set, by their JSON names."""
        names = _STORED_NAMES.get(type(self)) or _stored_names(type(self))
        values = self.__dict__
        data = {names[name]: values[name] for name in self.model_fields_set if name in names}
        if self.__pydantic_extra__:
            data.update(self.__pydantic_extra__)
        return data


_STORED_NAMES: dict[type[Payload], dict[str, str]] = {}
"""Per payload model: each field's JSON name (`kind` is the event's, not the payload's)."""


def _stored_names(model: type[Payload]) -> dict[str, str]:
    names = {
        name: field.serialization_alias or name
        for name, field in model.model_fields.items()
        if name != "kind"
    }
    _STORED_NAMES[model] = names
    return names


# -- the conversation ---------------------------------------------------------------------------


class UserMessage(Payload):
    kind: Literal[EventKind.USER_MESSAGE] = EventKind.USER_MESSAGE
    text: str
    turn: int
    truncated: bool


class AssistantMessage(Payload):
    kind: Literal[EventKind.ASSISTANT_MESSAGE] = EventKind.ASSISTANT_MESSAGE
    text: str


class ModelRequest(Payload):
    kind: Literal[EventKind.MODEL_REQUEST] = EventKind.MODEL_REQUEST
    planner: str
    model: str | None
    user_line: str
    #: the actions whose observations the planner was shown
    observations: list[str]
    repair_errors: list[str]


class ModelResponse(Payload):
    kind: Literal[EventKind.MODEL_RESPONSE] = EventKind.MODEL_RESPONSE
    #: raw proposals, not yet validated as actions
    proposals: list[Any]
    rationale: str
    request: Any
    response: Any
    usage: dict[str, Any] | None
    latency_ms: Number


class RunFinished(Payload):
    kind: Literal[EventKind.RUN_FINISHED] = EventKind.RUN_FINISHED
    outcome: str
    metrics: dict[str, Any]


class Error(Payload):
    kind: Literal[EventKind.ERROR] = EventKind.ERROR
    #: which part failed: session, planner, run, network, write; or interrupt (Ctrl-C)
    where: str
    type: str
    message: str
    details: Any = None
    destination: str | None = None
    #: a write whose outcome is unknown (the trace database failed after it began)
    action: str | None = None
    saga_id: str | None = None
    outcome: str | None = None
    #: an interruption (Ctrl-C): during a turn, or while waiting for input
    during: str | None = None


class Guardrail(Payload):
    """A check on what a model said or proposed fired (quota, identity, price, figures)."""

    kind: Literal[EventKind.GUARDRAIL] = EventKind.GUARDRAIL
    rule: str
    outcome: str
    action: str | None = None
    reason: str | None = None
    note: str | None = None
    #: money a model's message quoted that no vendor returned
    figures: list[str] | None = None
    #: when a check fired ("the customer's yes", for the kill switch)
    at: str | None = None
    #: what was limited or compared ("model calls", "total"), and the limit
    what: str | None = None
    limit: int | None = None
    #: a figure the planner claimed, and the vendor's figure that applies instead
    claimed: Number | None = None
    vendor: Number | None = None


class Operator(Payload):
    """The operator acted at the console: a slash command, or a key (an interrupt, a leave).

    Never a customer turn and never shown to the planner; a replay records it again at the
    same place, and an interrupt stops the turn at the same point.
    """

    kind: Literal[EventKind.OPERATOR] = EventKind.OPERATOR
    #: "/help", "/runs", ... as typed; "interrupt" (Ctrl-C in a turn), "leave" (Ctrl-D)
    command: str
    argument: str | None = None
    #: an interrupt: where it stopped the turn ("planner", "saga"), and what that meant
    at: str | None = None
    outcome: str | None = None
    saga_id: str | None = None


# -- actions and policy -------------------------------------------------------------------------


class ActionProposed(Payload):
    kind: Literal[EventKind.ACTION_PROPOSED] = EventKind.ACTION_PROPOSED
    action: str
    arguments: dict[str, Any]
    effect: str
    rationale: str


class ActionInvalid(Payload):
    kind: Literal[EventKind.ACTION_INVALID] = EventKind.ACTION_INVALID
    raw: Any
    reason: str
    repair: int


class ActionResult(Payload):
    kind: Literal[EventKind.ACTION_RESULT] = EventKind.ACTION_RESULT
    action: str
    arguments: dict[str, Any] = Field(default_factory=dict)
    ok: bool
    data: Any = None
    error: dict[str, Any] | None = None


class BlockedWrite(Payload):
    """A counterfactual replay did not send this write; the parent's result may be shown."""

    kind: Literal[EventKind.BLOCKED_WRITE] = EventKind.BLOCKED_WRITE
    action: str
    arguments: dict[str, Any]
    saga_id: str
    summary: str | None
    served_from_recording: bool
    #: the vendor calls (and saga outcome) the parent made for this write, one line each:
    #: the recorded result stands for them
    recorded_calls: list[str] | None = None


class PolicyDecision(Payload):
    kind: Literal[EventKind.POLICY_DECISION] = EventKind.POLICY_DECISION
    action: str
    #: allow, confirm or block
    outcome: str
    needs_approval: bool
    reasons: list[str]
    amount: Number | None


class ApprovalRequested(Payload):
    kind: Literal[EventKind.APPROVAL_REQUESTED] = EventKind.APPROVAL_REQUESTED
    #: who is asked: the user, or an operator (stored as `from`)
    asked: str = Field(validation_alias="from", serialization_alias="from")
    action: str
    summary: str
    amount: Number | None
    evidence: Any
    threshold: Number | None = None
    rationale: str | None = None
    #: the question the customer answers, and the typed figures it was built from
    shown: str | None = None
    figures: dict[str, Any] | None = None
    #: with a session threshold: the money moved so far, the threshold, why approval is needed
    session_total: Number | None = None
    session_threshold: Number | None = None
    reasons: list[str] | None = None


class ApprovalResolved(Payload):
    kind: Literal[EventKind.APPROVAL_RESOLVED] = EventKind.APPROVAL_RESOLVED
    #: user or operator
    by: str
    approved: bool
    action: str
    reason: str | None = None
    approver: str | None = None
    note: str | None = None


# -- sagas --------------------------------------------------------------------------------------


class SagaStarted(Payload):
    kind: Literal[EventKind.SAGA_STARTED] = EventKind.SAGA_STARTED
    saga_id: str
    saga: str
    input: dict[str, Any]
    steps: list[str]


class SagaResumed(Payload):
    kind: Literal[EventKind.SAGA_RESUMED] = EventKind.SAGA_RESUMED
    saga_id: str
    saga: str
    status: str
    previous_owner: str | None
    owner: str


class SagaFinished(Payload):
    """Built by `agentcli.workflows.result.saga_finished` for both saga engines."""

    kind: Literal[EventKind.SAGA_FINISHED] = EventKind.SAGA_FINISHED
    saga_id: str
    saga: str
    status: str
    outputs: dict[str, Any] | None = None
    failed_step: str | None = None
    error: dict[str, Any] | None = None
    compensated: list[str] = Field(default_factory=list)
    compensation_failed: list[str] = Field(default_factory=list)
    undone: list[str] = Field(default_factory=list)
    charged: Any = None
    operator_message: str | None = None


class _Started(Payload):
    saga_id: str
    step: str
    attempt: int
    idempotency_key: str
    irreversible: bool


class _Succeeded(Payload):
    saga_id: str
    step: str
    attempt: int
    result: dict[str, Any]


class _Failed(Payload):
    saga_id: str
    step: str
    attempt: int
    error: dict[str, Any]
    will_retry: bool
    #: the vendor may have acted although the call failed
    outcome_unknown: bool = False


class StepStarted(_Started):
    kind: Literal[EventKind.STEP_STARTED] = EventKind.STEP_STARTED


class StepSucceeded(_Succeeded):
    kind: Literal[EventKind.STEP_SUCCEEDED] = EventKind.STEP_SUCCEEDED


class StepFailed(_Failed):
    kind: Literal[EventKind.STEP_FAILED] = EventKind.STEP_FAILED


class CompensationStarted(_Started):
    kind: Literal[EventKind.COMPENSATION_STARTED] = EventKind.COMPENSATION_STARTED


class CompensationSucceeded(_Succeeded):
    kind: Literal[EventKind.COMPENSATION_SUCCEEDED] = EventKind.COMPENSATION_SUCCEEDED


class CompensationFailed(_Failed):
    kind: Literal[EventKind.COMPENSATION_FAILED] = EventKind.COMPENSATION_FAILED


PHASE_EVENTS: dict[
    str,
    tuple[
        type[StepStarted | CompensationStarted],
        type[StepSucceeded | CompensationSucceeded],
        type[StepFailed | CompensationFailed],
    ],
] = {
    "forward": (StepStarted, StepSucceeded, StepFailed),
    "compensate": (CompensationStarted, CompensationSucceeded, CompensationFailed),
}
"""The started/succeeded/failed models of a saga phase (a step runs forward or compensates)."""


class DomainEvent(Payload):
    """An outbox row published: what a saga step changed, in the domain's words."""

    kind: Literal[EventKind.DOMAIN_EVENT] = EventKind.DOMAIN_EVENT
    type: str
    payload: dict[str, Any]
    saga_id: str
    outbox_id: int


# -- vendor calls -------------------------------------------------------------------------------

VOLATILE_HEADERS = frozenset({"date", "content-length", "server", "traceparent", "x-request-id"})
"""Response headers that change on every call; the trace never keeps them."""


class HttpExchange(Payload):
    """One request and its answer; `from_exchange` is how every path records one."""

    kind: Literal[EventKind.HTTP_EXCHANGE] = EventKind.HTTP_EXCHANGE
    vendor: str
    method: str
    url: str
    request_headers: dict[str, str]
    request_body: Any
    status: int | None
    response_headers: dict[str, str]
    response_body: Any
    duration_ms: Number
    error: str | None
    attempt: int

    @classmethod
    def from_exchange(cls, exchange: Exchange) -> HttpExchange:
        """The exchange a connector observed, its volatile response headers dropped.

        Bodies are not copied: the recorder serialises them at once.
        """
        return cls(
            vendor=exchange.vendor,
            method=exchange.method,
            url=exchange.url,
            request_headers=exchange.request_headers,
            request_body=exchange.request_body,
            status=exchange.status,
            response_headers={
                k: v
                for k, v in exchange.response_headers.items()
                if k.lower() not in VOLATILE_HEADERS
            },
            response_body=exchange.response_body,
            duration_ms=exchange.duration_ms,
            error=exchange.error,
            attempt=exchange.attempt,
        )


# -- any event ----------------------------------------------------------------------------------

AnyPayload = (
    UserMessage
    | AssistantMessage
    | ModelRequest
    | ModelResponse
    | RunFinished
    | Error
    | Guardrail
    | Operator
    | ActionProposed
    | ActionInvalid
    | ActionResult
    | BlockedWrite
    | PolicyDecision
    | ApprovalRequested
    | ApprovalResolved
    | SagaStarted
    | SagaResumed
    | SagaFinished
    | StepStarted
    | StepSucceeded
    | StepFailed
    | CompensationStarted
    | CompensationSucceeded
    | CompensationFailed
    | DomainEvent
    | HttpExchange
)
PAYLOADS: TypeAdapter[AnyPayload] = TypeAdapter(Annotated[AnyPayload, Field(discriminator="kind")])
"""Loads any stored payload (with its event's `kind` added) as the model of its kind."""

MODELS: dict[EventKind, type[AnyPayload]] = {
    model.model_fields["kind"].default: model for model in AnyPayload.__args__
}


def read_payload(kind: EventKind | str, payload: dict[str, Any]) -> AnyPayload:
    """The stored payload as its kind's model; a payload that does not fit still loads.

    Fields a malformed (or foreign) payload lacks read as None, so a reader never crashes on
    an old trace; the stored text, which the audit chain covers, is never rewritten.
    """
    try:
        return PAYLOADS.validate_python({**payload, "kind": kind})
    except ValidationError:
        model = MODELS[EventKind(kind)]
        given = {
            name
            for name, field in model.model_fields.items()
            if (field.serialization_alias or name) in payload
        }
        missing = {
            name: None
            for name, field in model.model_fields.items()
            if field.is_required() and name not in given
        }
        return model.model_construct(given, **missing, **payload)


class TraceEvent(BaseModel):
    """One event of a run; `hash` chains it to the event before it (`prev_hash`).

    `payload` is the JSON object as stored (and hashed); `typed()` reads it as its kind's model.
    """

    model_config = ConfigDict(frozen=True)

    run_id: str
    seq: int
    kind: EventKind
    ts: float
    span_id: str
    parent_span_id: str | None = None
    payload: dict[str, Any] = Field(default_factory=dict)
    prev_hash: str
    hash: str

    def typed(self) -> AnyPayload:
        return read_payload(self.kind, self.payload)
