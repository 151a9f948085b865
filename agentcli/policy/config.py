"""The policy file: a TOML document validated into a frozen model, defaults shipped alongside."""

from __future__ import annotations

import hashlib
import tomllib
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Approval(_Section):
    threshold: float = Field(default=1000.0, ge=0)


class Confirmation(_Section):
    exempt: tuple[str, ...] = ("add_to_cart", "remove_from_cart")
    #: whether the exemptions also hold when a language model plans (it reads vendor text)
    exempt_for_models: bool = False


class Quotas(_Section):
    max_writes_per_session: int = Field(default=20, ge=0)
    max_actions_per_turn: int = Field(default=8, ge=1)
    max_model_calls_per_session: int = Field(default=200, ge=1)


class KillSwitch(_Section):
    env: str = "AGENTCLI_KILL_SWITCH"
    file: str = ""


class Shipping(_Section):
    blocked_regions: tuple[str, ...] = ()


class Fulfilment(_Section):
    allow_partial: bool = False


class PolicyConfig(_Section):
    approval: Approval = Approval()
    confirmation: Confirmation = Confirmation()
    quotas: Quotas = Quotas()
    kill_switch: KillSwitch = KillSwitch()
    shipping: Shipping = Shipping()
    fulfilment: Fulfilment = Fulfilment()

    def digest(self) -> str:
        return hashlib.sha256(self.model_dump_json().encode()).hexdigest()[:16]


class PolicyFileError(ValueError):
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
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc'])}: {err['msg']}" for err in exc.errors()
        )
        raise PolicyFileError(f"{where}: {problems}") from exc
