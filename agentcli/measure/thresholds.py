"""How far each metric may move before drift is reported: shipped defaults, then the policy
file's `[drift.thresholds]`, then `--threshold METRIC=VALUE` on the command line."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from agentcli.measure.figures import LABELS
from errortree import UserError

#: rates: points (0.1 = ten points); medians, means: relative change (1.0 = doubled or
#: halved); action mixes: Jensen-Shannon divergence; None: never alarms
DEFAULTS: dict[str, float | None] = {
    "pass_rate": 0.05,
    "conversion_rate": 0.10,
    "first_contact_resolution": 0.10,
    "escalation_rate": 0.10,
    "compensation_rate": 0.10,
    "invalid_output_rate": 0.05,
    "repair_rate": 0.05,
    "tool_error_rate": 0.05,
    "tool_error:*": 0.05,
    "action_precision": 0.10,
    "action_recall": 0.10,
    "handle_time_s": 1.0,
    "model_latency_ms": 1.0,
    "model_calls": 0.5,
    "tokens": 0.5,
    "action_mix": 0.10,
    "action_mix:*": 0.20,
}
_PREFIXES = ("tool_error:", "action_mix:")


class ThresholdError(UserError):
    """A threshold that names no metric or gives no usable value."""


class Thresholds:
    """The threshold of every metric, including per-code and per-intent ones (`prefix:*`)."""

    def __init__(self, values: Mapping[str, float | None]) -> None:
        self.values = dict(values)

    def of(self, name: str) -> float | None:
        if name in self.values:
            return self.values[name]
        prefix, sep, _ = name.partition(":")
        return self.values.get(f"{prefix}:*") if sep else None

    def with_(self, overrides: Mapping[str, float | None]) -> Thresholds:
        return Thresholds({**self.values, **overrides})


def known_metric(name: str) -> bool:
    return name in DEFAULTS or name in LABELS or name.startswith(_PREFIXES)


def parse_value(text: str, where: str) -> float | None:
    """`0.05`, `5%` or `off` → a threshold (None: off)."""
    text = text.strip().lower()
    if text in ("off", "none"):
        return None
    try:
        value = float(text[:-1]) / 100 if text.endswith("%") else float(text)
    except ValueError:
        raise ThresholdError(f"{where}: {text!r} is not a number, a percentage or off") from None
    if not value >= 0 or value == float("inf"):
        raise ThresholdError(f"{where}: a threshold is a number from 0 up, not {text!r}")
    return value


def parse_overrides(items: Iterable[str], where: str = "--threshold") -> dict[str, float | None]:
    """`METRIC=VALUE` items (from the command line) → overrides."""
    out: dict[str, float | None] = {}
    for item in items:
        name, sep, value = item.partition("=")
        name = name.strip()
        if not sep:
            raise ThresholdError(
                f"{where} {item!r}: write METRIC=VALUE, e.g. compensation_rate=0.05"
            )
        out[_checked(name, f"{where} {item!r}")] = parse_value(value, f"{where} {item!r}")
    return out


def from_config(values: Mapping[str, object], where: str) -> dict[str, float | None]:
    """The policy file's `[drift.thresholds]` table → overrides."""
    out: dict[str, float | None] = {}
    for name, value in values.items():
        out[_checked(name, f"{where} {name}")] = parse_value(str(value), f"{where} {name}")
    return out


def _checked(name: str, where: str) -> str:
    if not known_metric(name):
        names = ", ".join(k for k in DEFAULTS if not k.endswith("*"))
        raise ThresholdError(
            f"{where}: no metric named {name!r} (metrics: {names}, tool_error:CODE, "
            "action_mix:INTENT)"
        )
    return name
