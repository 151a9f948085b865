"""A fault plan: which vendor endpoints misbehave, how, how often.

Written as Python objects or as YAML (`connectors.harness.load_fault_plan` reads a file):

```yaml
seed: 7
rules:
  - vendor: pay
    endpoint: POST /v1/payment_intents/*/capture
    fault: timeout          # latency | status | timeout | reset | decline | stock_race | malformed
    when: after             # the vendor commits, then the client never hears back
    count: 1                # at most once (else: every match); `probability` draws with the seed
```
"""

from __future__ import annotations

import fnmatch
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from sandbox.vendors import VENDORS

FaultKind = Literal["latency", "status", "timeout", "reset", "decline", "stock_race", "malformed"]
Shape = Literal["html", "truncated", "missing_field", "wrong_type"]
METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}
INFRASTRUCTURE = ("/oauth/", "/_state")
"""Paths a rule without an `endpoint` leaves alone (token endpoint, state export)."""

_ONLY_FOR: dict[str, tuple[str, ...]] = {
    "status": ("status", "malformed"),
    "retry_after": ("status",),
    "shape": ("malformed",),
    "field": ("malformed",),
    "decline_code": ("decline",),
    "hang": ("timeout",),
}


class FaultRule(BaseModel):
    """One misbehaviour of one vendor, on all its endpoints or the ones `endpoint` names."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    vendor: str
    endpoint: str | None = Field(
        default=None, description="'METHOD /path' or '/path'; '*' matches any run of characters"
    )
    fault: FaultKind
    status: int | None = Field(default=None, ge=200, le=599)
    retry_after: float | None = Field(default=None, ge=0)
    latency: float = Field(default=0.0, ge=0, le=600)
    when: Literal["before", "after"] | None = None
    shape: Shape | None = None
    field: str | None = Field(default=None, min_length=1)
    decline_code: str = Field(default="card_declined", min_length=1)
    hang: float = Field(default=30.0, gt=0, le=600)
    count: int | None = Field(default=None, ge=1)
    skip: int = Field(default=0, ge=0)
    probability: float = Field(default=1.0, ge=0, le=1)

    @field_validator("vendor")
    @classmethod
    def _known_vendor(cls, value: str) -> str:
        if value not in VENDORS:
            raise ValueError(f"unknown vendor {value!r}; known: {', '.join(VENDORS)}")
        return value

    @field_validator("endpoint")
    @classmethod
    def _endpoint_shape(cls, value: str | None) -> str | None:
        if value is None:
            return None
        method, _, path = value.strip().rpartition(" ")
        if method and method.upper() not in METHODS:
            raise ValueError(f"unknown method {method!r}; use one of {', '.join(sorted(METHODS))}")
        if not path.startswith("/"):
            raise ValueError("give 'METHOD /path' or '/path' (the path starts with '/')")
        return f"{method.upper()} {path}" if method else path

    @model_validator(mode="after")
    def _fields_fit_the_kind(self) -> FaultRule:
        for name, kinds in _ONLY_FOR.items():
            if name in self.model_fields_set and self.fault not in kinds:
                raise ValueError(f"{name} is only for {' and '.join(kinds)} faults")
        if self.fault == "status" and self.status is not None and self.status < 400:
            raise ValueError("a status fault answers with an error: give a status from 400")
        if self.fault == "latency" and self.latency <= 0:
            raise ValueError("a latency fault needs latency: SECONDS above 0")
        if self.fault == "malformed":
            if self.shape is None:
                raise ValueError(
                    "a malformed fault needs shape: html, truncated, missing_field or wrong_type"
                )
            if self.shape in ("missing_field", "wrong_type") and not self.field:
                raise ValueError(f"shape {self.shape} needs field: NAME (a key of the answer)")
            if self.shape != "html" and self.when == "before":
                raise ValueError(
                    f"shape {self.shape} changes the vendor's answer, so it is always 'after'"
                )
        elif self.when is not None and self.fault not in ("status", "timeout", "reset"):
            raise ValueError("when is only for status, timeout, reset and malformed faults")
        return self

    @property
    def phase(self) -> Literal["before", "after"]:
        """Whether the vendor handles the request ('after') or never sees it ('before')."""
        if self.when is not None:
            return self.when
        if self.fault == "malformed" and self.shape != "html":
            return "after"
        return "before"

    def matches(self, method: str, path: str) -> bool:
        if self.endpoint is None:
            return not path.startswith(INFRASTRUCTURE)
        wanted_method, _, pattern = self.endpoint.rpartition(" ")
        if wanted_method and wanted_method != method.upper():
            return False
        return fnmatch.fnmatchcase(path, pattern)


class FaultPlan(BaseModel):
    """Rules per vendor and a seed that makes `probability` draws reproducible."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    seed: int = 0
    rules: tuple[FaultRule, ...] = ()

    def for_vendor(self, vendor: str) -> tuple[FaultRule, ...]:
        return tuple(rule for rule in self.rules if rule.vendor == vendor)
