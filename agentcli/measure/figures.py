"""The figures of one population of runs, each kept with what its statistics need: a rate its
counts, a median or mean its values, an action mix each run's counts."""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from agentcli.measure import stats
from agentcli.measure.population import UNDONE, RunSample

Kind = Literal["rate", "median", "mean", "mix"]

LABELS = {
    "pass_rate": "suite cases passed",
    "conversion_rate": "conversion (runs ending in a purchase)",
    "first_contact_resolution": "first-contact resolution",
    "escalation_rate": "escalation rate",
    "compensation_rate": "compensation rate (sagas undone or stuck)",
    "invalid_output_rate": "invalid planner output (per output)",
    "repair_rate": "repair prompts (per model request)",
    "tool_error_rate": "tool errors (per action result)",
    "action_precision": "action precision against suite expectations",
    "action_recall": "action recall against suite expectations",
    "handle_time_s": "median handle time (s)",
    "model_latency_ms": "median model latency (ms)",
    "model_calls": "model calls per run",
    "tokens": "model tokens per run",
    "action_mix": "action mix",
}


@dataclass(frozen=True)
class Figure:
    """One metric of one population; `value` is None when there was nothing to measure."""

    name: str
    kind: Kind
    hits: int = 0
    total: int = 0
    values: tuple[float, ...] = ()
    mixes: tuple[Counter[str], ...] = field(default=(), compare=False)

    @property
    def value(self) -> float | None:
        if self.kind == "rate":
            return self.hits / self.total if self.total else None
        if self.kind == "mix":
            return None
        if not self.values:
            return None
        if self.kind == "median":
            return float(statistics.median(self.values))
        return float(statistics.fmean(self.values))

    @property
    def size(self) -> int:
        """How many things the figure counts (runs, sagas, outputs, results)."""
        return self.total if self.kind == "rate" else len(self.values or self.mixes)

    @property
    def interval(self) -> stats.Interval | None:
        return stats.wilson(self.hits, self.total) if self.kind == "rate" else None

    @property
    def mix(self) -> Counter[str]:
        return sum(self.mixes, Counter())


def label(name: str) -> str:
    base, _, detail = name.partition(":")
    if base == "tool_error" and detail:
        return f"tool errors {detail} (per action result)"
    if base == "action_mix" and detail:
        return f"action mix of {detail}"
    return LABELS.get(name, name)


def population_figures(
    samples: list[RunSample], codes: Iterable[str] = (), intents: Iterable[str] = ()
) -> dict[str, Figure]:
    """Every figure of `samples`; `codes` and `intents` add per-code error rates and per-intent
    action mixes (also when this population has none of them)."""
    runs = len(samples)
    sagas = [status for s in samples for status in s.sagas]
    results = sum(s.results for s in samples)
    suite = [s for s in samples if s.suite_status in ("passed", "failed", "error")]
    scored = [s for s in samples if s.expected_actions is not None]
    hits = sum(
        sum((Counter(s.expected_actions) & Counter(s.actual_actions)).values()) for s in scored
    )
    out = [
        Figure("pass_rate", "rate", sum(s.suite_status == "passed" for s in suite), len(suite)),
        Figure("conversion_rate", "rate", sum(s.outcome == "purchase" for s in samples), runs),
        Figure("first_contact_resolution", "rate", sum(s.resolved for s in samples), runs),
        Figure("escalation_rate", "rate", sum(s.escalated for s in samples), runs),
        Figure("compensation_rate", "rate", sum(s in UNDONE for s in sagas), len(sagas)),
        Figure(
            "invalid_output_rate",
            "rate",
            sum(s.invalid_outputs for s in samples),
            sum(s.planner_outputs for s in samples),
        ),
        Figure(
            "repair_rate",
            "rate",
            sum(s.repair_requests for s in samples),
            sum(s.model_requests for s in samples),
        ),
        Figure(
            "tool_error_rate", "rate", sum(sum(s.error_codes.values()) for s in samples), results
        ),
        Figure("action_precision", "rate", hits, sum(len(s.actual_actions) for s in scored)),
        Figure("action_recall", "rate", hits, sum(len(s.expected_actions or ()) for s in scored)),
        Figure("handle_time_s", "median", values=_known(s.handle_time_s for s in samples)),
        Figure(
            "model_latency_ms",
            "median",
            values=tuple(v for s in samples for v in s.model_latency_ms),
        ),
        Figure("model_calls", "mean", values=tuple(float(s.model_calls) for s in samples)),
        Figure("tokens", "mean", values=tuple(float(s.tokens) for s in samples)),
        Figure("action_mix", "mix", mixes=tuple(s.proposed for s in samples)),
    ]
    for code in sorted(set(codes)):
        errors = sum(s.error_codes[code] for s in samples)
        out.append(Figure(f"tool_error:{code}", "rate", errors, results))
    for intent in sorted(set(intents)):
        mixes = tuple(s.proposed for s in samples if s.intent == intent)
        out.append(Figure(f"action_mix:{intent}", "mix", mixes=mixes))
    return {figure.name: figure for figure in out}


def _known(values: Iterable[float | None]) -> tuple[float, ...]:
    return tuple(v for v in values if v is not None)
