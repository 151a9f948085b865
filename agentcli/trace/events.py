"""The trace's event kinds and the event record itself."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


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


class TraceEvent(BaseModel):
    """One event of a run; `hash` chains it to the event before it (`prev_hash`)."""

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
