"""The suite format: a YAML file of conversation cases and what each must (not) do."""

from __future__ import annotations

import re
from typing import Annotated, Any, ClassVar, Literal, get_args

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    WithJsonSchema,
    field_validator,
    model_validator,
)

Invariant = Literal["no_duplicate_charge", "all_compensated_on_abort", "refund_not_above_capture"]
INVARIANT_NAMES: tuple[Invariant, ...] = get_args(Invariant)
SagaStatus = Literal["completed", "compensated", "needs_attention"]
TurnEnd = Literal["reply", "ask_clarification", "escalate_to_human", "confirmation", "nothing"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _or_name(schema: dict[str, Any]) -> None:
    """JSON Schema of a model that may also be written as a bare name (a string)."""
    as_object = dict(schema)
    schema.clear()
    schema["anyOf"] = [{"type": "string", "description": "shorthand: the name alone"}, as_object]


class _Named(_Strict):
    """A model that may also be written as a bare string: the value of its `NAME_FIELD`."""

    model_config = ConfigDict(extra="forbid", frozen=True, json_schema_extra=_or_name)
    NAME_FIELD: ClassVar[str] = "name"

    @model_validator(mode="before")
    @classmethod
    def _from_name(cls, value: Any) -> Any:
        return {cls.NAME_FIELD: value} if isinstance(value, str) else value


def _check_regexes(value: Any, where: str) -> None:
    """Every `{regex: …}` inside an argument pattern must compile."""
    if isinstance(value, dict):
        if set(value) == {"regex"}:
            try:
                re.compile(str(value["regex"]))
            except re.error as exc:
                raise ValueError(f"{where}: bad regex {value['regex']!r}: {exc}") from None
            return
        for key, inner in value.items():
            _check_regexes(inner, f"{where}.{key}")
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            _check_regexes(inner, f"{where}[{index}]")


class ActionMatcher(_Named):
    """One action: its name, and optionally its arguments, its result and its error code."""

    action: str = Field(min_length=1, description="the action's name, e.g. place_order")
    args: dict[str, Any] = Field(
        default_factory=dict,
        description="expected arguments; a subset by default; {regex: …} matches text",
    )
    match: Literal["subset", "exact"] = Field(
        default="subset", description="subset: the listed arguments; exact: all of them"
    )
    ok: bool | None = Field(default=None, description="the action succeeded (or failed)")
    error: str | None = Field(default=None, description="canonical error code of its result")
    NAME_FIELD: ClassVar[str] = "action"

    @field_validator("args")
    @classmethod
    def _regexes_compile(cls, value: dict[str, Any]) -> dict[str, Any]:
        _check_regexes(value, "args")
        return value


class SagaExpect(_Named):
    """A saga the scope must have run, in order; a bare name means it completed."""

    saga: str
    status: SagaStatus = "completed"
    failed_step: str | None = None
    NAME_FIELD: ClassVar[str] = "saga"


Texts = Annotated[
    list[str],
    BeforeValidator(lambda value: [value] if isinstance(value, str) else value),
    WithJsonSchema({"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}),
]


class Expectations(_Strict):
    """What one turn (or the whole case) must show; every key is optional."""

    actions: list[ActionMatcher] | None = Field(
        default=None, description="exact sequence of vendor (non-conversational) actions"
    )
    contains: list[ActionMatcher] = Field(
        default_factory=list, description="actions (any kind) that must appear"
    )
    absent: list[ActionMatcher] = Field(
        default_factory=list, description="actions (any kind) that must not appear"
    )
    reply_contains: Texts = Field(
        default_factory=list, description="texts the agent must say (case-insensitive)"
    )
    reply_not_contains: Texts = Field(
        default_factory=list, description="texts the agent must not say"
    )
    reply_matches: str | None = Field(default=None, description="a regex the replies match")
    ends_with: TurnEnd | None = Field(default=None, description="how the agent ended")
    confirmation_asked: bool | None = Field(
        default=None, description="the agent asked the user to confirm a write"
    )
    approvals_asked: int | None = Field(
        default=None, ge=0, description="operator approvals requested"
    )
    sagas: list[SagaExpect] | None = Field(
        default=None, description="exact sequence of sagas run, with their outcome"
    )
    compensations: list[str] | None = Field(
        default=None, description="exact list of compensated steps, in the order they ran"
    )
    invalid_actions: int | None = Field(
        default=None, ge=0, description="planner outputs rejected by validation"
    )
    errors: int | None = Field(
        default=None, ge=0, description="errors recorded (a case allows none by default)"
    )

    @field_validator("reply_matches")
    @classmethod
    def _regex_compiles(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"bad regex {value!r}: {exc}") from None
        return value


class StateExpect(_Strict):
    """The vendors' state when the case ends."""

    orders: dict[str, str] = Field(
        default_factory=dict, description="order id → status, e.g. '#W8073958': cancelled"
    )
    gift_cards: dict[str, float] = Field(
        default_factory=dict,
        description="gift card id (or user_id/gift card id) → balance in dollars",
    )
    shop_hash: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")
    pay_hash: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$")


class CaseExpect(Expectations):
    """Expectations over the whole case, plus its outcome, money invariants and end state."""

    outcome: Literal["completed", "purchase", "escalated"] | None = None
    invariants: list[Invariant] = Field(
        default_factory=lambda: list(INVARIANT_NAMES),
        description="money invariants checked over the vendors' state (all by default)",
    )
    state: StateExpect | None = None
    failed_calls: list[str] | None = Field(
        default=None, description="tau2 cases: ids of the calls that must fail"
    )


class Turn(_Strict):
    """One user line, the operator's answer if an approval is asked, and expectations."""

    user: str = Field(min_length=1, max_length=4000)
    operator: Literal["approve", "deny"] | None = Field(
        default=None, description="the operator's answer to approvals asked in this turn"
    )
    script: list[Any] | None = Field(
        default=None, description="script planner: this turn's decisions, one per step"
    )
    expect: Expectations = Field(default_factory=Expectations)

    @field_validator("user")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("a user line must not be blank")
        return value


class PlannerSpec(_Named):
    """Which planner decides: rules, a script, or an OpenAI-compatible model."""

    kind: Literal["rules", "script", "openai"] = "rules"
    decisions: list[Any] | None = Field(
        default=None, description="script: decisions, one per planner step"
    )
    model: str | None = None
    cassette: str | None = Field(
        default=None, description="openai: the recorded model exchanges to play"
    )
    prompts: str | None = Field(default=None, description="openai: prompt version")
    preset: str | None = Field(default=None, description="openai, live: a named preset")
    base_url: str | None = None
    live: bool = Field(default=False, description="openai: call the real endpoint")
    NAME_FIELD: ClassVar[str] = "kind"

    @model_validator(mode="after")
    def _openai_needs_a_source(self) -> PlannerSpec:
        if self.kind == "openai" and not (self.cassette or self.live):
            raise ValueError("an openai planner needs a cassette to play (or live: true)")
        return self


class ConnectorSpec(_Named):
    """Where vendor calls go: a fresh sandbox world, or a recorded cassette."""

    kind: Literal["sandbox", "cassette"] = "sandbox"
    cassette: str | None = None
    NAME_FIELD: ClassVar[str] = "kind"

    @model_validator(mode="after")
    def _cassette_named(self) -> ConnectorSpec:
        if self.kind == "cassette" and not self.cassette:
            raise ValueError("cassette connectors need `cassette: PATH`")
        return self


class Tau2Call(_Strict):
    """A τ² tool call run straight through the shop connector (the `tau2` case kind)."""

    id: str | None = None
    tool: str
    args: dict[str, Any] = Field(default_factory=dict)


class Case(_Strict):
    """One conversation (kind `agent`) or one τ² gold-action replay (kind `tau2`)."""

    name: str = Field(min_length=1, max_length=200)
    kind: Literal["agent", "tau2"] = "agent"
    description: str | None = None
    tags: list[str] = Field(default_factory=list)
    skip: str | None = Field(default=None, description="a reason to skip this case")
    planner: PlannerSpec | None = None
    connectors: ConnectorSpec | None = None
    faults: Any = Field(
        default=None,
        description="a fault plan: inline (seed, rules), a list "
        "of rules, or the path of a fault plan file next to the suite",
    )
    policy: dict[str, Any] | None = Field(default=None, description="policy overrides")
    env: dict[str, str] = Field(
        default_factory=dict, description="environment variables set during the case"
    )
    operator: Literal["approve", "deny"] | None = None
    turns: list[Turn] = Field(default_factory=list)
    calls: list[Tau2Call] = Field(default_factory=list)
    expect: CaseExpect = Field(default_factory=CaseExpect)

    @model_validator(mode="after")
    def _shape_fits_kind(self) -> Case:
        if self.kind == "agent" and not self.turns:
            raise ValueError("an agent case needs at least one turn")
        if self.kind == "agent" and self.calls:
            raise ValueError("`calls` belong to tau2 cases; an agent case has `turns`")
        if self.kind == "tau2" and self.turns:
            raise ValueError("a tau2 case has `calls`, not `turns`")
        return self


class Defaults(_Strict):
    """Settings every case of the suite starts from."""

    planner: PlannerSpec = Field(default_factory=PlannerSpec)
    connectors: ConnectorSpec = Field(default_factory=ConnectorSpec)
    faults: Any = Field(default=None, description="a fault plan for every case")
    policy: dict[str, Any] | None = None
    env: dict[str, str] = Field(default_factory=dict)
    operator: Literal["approve", "deny"] = "deny"
    tags: list[str] = Field(default_factory=list)


class Suite(_Strict):
    """A file of cases: a name, shared defaults, the cases."""

    suite: str | None = Field(default=None, description="the suite's name (default: file name)")
    description: str | None = None
    defaults: Defaults = Field(default_factory=Defaults)
    cases: list[Case] = Field(min_length=1)
