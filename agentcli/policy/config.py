"""The policy file: a TOML document validated into a frozen model, defaults shipped alongside."""

from __future__ import annotations

import hashlib
import tomllib
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from agentcli.actions import ACTION_TYPES
from agentcli.policy.killswitch import DEFAULT_ENV
from agentcli.policy.killswitch import KillSwitch as Switch
from agentcli.policy.lines import line_of
from agentcli.policy.regions import parse_region
from errortree import UserError


class _Section(BaseModel):
    # inf and nan are numbers to TOML, never a policy value
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


def _refused(value: str, message: str) -> PydanticCustomError:
    """A validation error that keeps the offending value, so the file's line can be found."""
    return PydanticCustomError("policy", message, {"value": value})


class Approval(_Section):
    threshold: float = Field(default=1000.0, ge=0)
    #: also ask the operator once the session's money-moving writes add up to more than this
    session_threshold: float | None = Field(default=None, ge=0)


class Confirmation(_Section):
    exempt: tuple[str, ...] = ("add_to_cart", "remove_from_cart")
    #: whether the exemptions also hold when a language model plans (it reads vendor text)
    exempt_for_models: bool = False

    @field_validator("exempt")
    @classmethod
    def _never_money(cls, names: tuple[str, ...]) -> tuple[str, ...]:
        """A write that moves money always waits for the customer's yes; no file can say no."""
        for name in names:
            action = ACTION_TYPES.get(name)
            if action is None:
                raise _refused(name, f"there is no action named {name!r}")
            if action.moves_money:
                raise _refused(
                    name,
                    f"{name} moves money, so it always needs the customer's "
                    "explicit yes and cannot be exempted",
                )
        return names


class Quotas(_Section):
    max_writes_per_session: int = Field(default=20, ge=0)
    max_actions_per_turn: int = Field(default=8, ge=1)
    max_model_calls_per_session: int = Field(default=200, ge=1)


class KillSwitch(_Section):
    env: str = DEFAULT_ENV
    file: str = ""

    def switch(self) -> Switch:
        """The switch this section describes, to be read at every write."""
        return Switch(self.env, self.file)


class Shipping(_Section):
    #: US states and countries, by ISO 3166 code or name (agentcli.policy.regions)
    blocked_regions: tuple[str, ...] = ()

    @field_validator("blocked_regions")
    @classmethod
    def _known_regions(cls, entries: tuple[str, ...]) -> tuple[str, ...]:
        for entry in entries:
            try:
                parse_region(entry)
            except ValueError as exc:
                raise _refused(entry, str(exc)) from None
        return entries


class Fulfilment(_Section):
    allow_partial: bool = False


class Drift(_Section):
    """When `agentcli drift` calls a change an alarm; it changes nothing the agent does."""

    #: metric → threshold (a number, "5%", or "off"); unset metrics keep their defaults
    thresholds: dict[str, float | str] = Field(default_factory=dict)
    #: fewer runs than this on either side is too few to judge
    min_runs: int = Field(default=5, ge=2)
    #: a change counts only when this unlikely under no change
    alpha: float = Field(default=0.01, gt=0, lt=1)


class PolicyConfig(_Section):
    approval: Approval = Approval()
    confirmation: Confirmation = Confirmation()
    quotas: Quotas = Quotas()
    kill_switch: KillSwitch = KillSwitch()
    shipping: Shipping = Shipping()
    fulfilment: Fulfilment = Fulfilment()
    drift: Drift = Drift()

    def digest(self) -> str:
        """What the agent is allowed to do, hashed; the drift alarms are not part of it."""
        return hashlib.sha256(self.model_dump_json(exclude={"drift"}).encode()).hexdigest()[:16]


class PolicyFileError(UserError):
    """The policy file cannot be read or does not validate; the message names where."""


def default_policy_text() -> str:
    return resources.files("agentcli.policy").joinpath("defaults.toml").read_text("utf-8")


def load_policy(path: Path | None) -> PolicyConfig:
    """The policy at `path`, or the shipped defaults when `path` is None."""
    if path is None:
        text, where = default_policy_text(), "built-in defaults"
    else:
        try:
            text, where = Path(path).read_text("utf-8"), str(path)
        except OSError as exc:
            raise PolicyFileError(f"cannot read policy file {path}: {exc.strerror}") from exc
        except UnicodeDecodeError as exc:
            raise PolicyFileError(f"policy file {path} is not UTF-8 text") from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise PolicyFileError(f"{where}: {exc}") from exc
    try:
        return PolicyConfig.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(_problem(text if path else "", err) for err in exc.errors())
        raise PolicyFileError(f"{where}: {problems}") from exc


def _problem(text: str, err: Any) -> str:
    """One validation error as `line N: key: reason` (the line when the file shows it)."""
    keys = [str(p) for p in err["loc"] if not isinstance(p, int)]
    value = (err.get("ctx") or {}).get("value")
    line = line_of(text, keys, value if isinstance(value, str) else None) if text else None
    where = f"line {line}: " if line is not None else ""
    return f"{where}{'.'.join(keys)}: {err['msg']}"
