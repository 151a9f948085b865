"""Drift: the same metrics over a baseline and a current population of runs, each change
tested at the populations' sizes, and the ones that crossed their threshold named."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from agentcli.measure.compare import Change, compare
from agentcli.measure.figures import Figure, population_figures
from agentcli.measure.population import RunSample, load_population
from agentcli.measure.selectors import Selector
from agentcli.measure.thresholds import Thresholds
from agentcli.trace.store import Store
from errortree import UserError

CHARTED = ("conversion_rate", "escalation_rate", "compensation_rate")
_SIZES = (60.0, 300.0, 900.0, 3600.0, 6 * 3600.0, 86400.0, 7 * 86400.0, 30 * 86400.0)


class TooFewRuns(UserError):
    """A population too small to judge; the message says how many runs are needed."""


@dataclass(frozen=True)
class Bucket:
    """A slice of time over both populations, with the charted metrics' values."""

    start: float
    runs: int
    values: dict[str, float | None]


@dataclass
class DriftReport:
    baseline: Selector
    current: Selector
    baseline_runs: int
    current_runs: int
    alpha: float
    changes: list[Change]
    bucket_seconds: float = 0.0
    series: list[Bucket] = field(default_factory=list)

    @property
    def moved(self) -> list[Change]:
        return [c for c in self.changes if c.moved]

    def to_dict(self) -> dict[str, Any]:
        return {
            "baseline": {"selector": self.baseline.text, "runs": self.baseline_runs},
            "current": {"selector": self.current.text, "runs": self.current_runs},
            "alpha": self.alpha,
            "drifted": bool(self.moved),
            "moved": [c.name for c in self.moved],
            "metrics": [c.to_dict() for c in self.changes],
            "bucket_seconds": self.bucket_seconds,
            "series": [
                {
                    "start": b.start,
                    "runs": b.runs,
                    **{k: None if v is None else round(v, 4) for k, v in b.values.items()},
                }
                for b in self.series
            ],
        }


def measure_drift(
    store: Store,
    baseline: Selector,
    current: Selector,
    thresholds: Thresholds,
    *,
    min_runs: int = 5,
    alpha: float = 0.01,
) -> DriftReport:
    """Compare the two populations; TooFewRuns when either has fewer than `min_runs` runs."""
    before, after = load_population(store, baseline), load_population(store, current)
    for name, selector, samples in (("baseline", baseline, before), ("current", current, after)):
        if len(samples) < min_runs:
            raise TooFewRuns(
                f"the {name} ({selector.text or 'every run'}) has {len(samples)} run"
                f"{'' if len(samples) == 1 else 's'} with a conversation; at least {min_runs} "
                "are needed to judge (record more, widen the selector, or lower --min-runs)"
            )
    changes = compare_populations(before, after, thresholds, alpha)
    report = DriftReport(baseline, current, len(before), len(after), alpha, changes)
    charted = [c.name for c in report.moved if c.kind in ("rate", "median")] or list(CHARTED)
    report.bucket_seconds, report.series = _series(before, after, charted)
    return report


def compare_populations(
    before: list[RunSample], after: list[RunSample], thresholds: Thresholds, alpha: float
) -> list[Change]:
    """Every metric's change; per-code error rates and per-intent mixes seen on either side."""
    codes = {code for s in (*before, *after) for code in s.error_codes}
    intents = {s.intent for s in before} & {s.intent for s in after}
    first = population_figures(before, codes, intents)
    second = population_figures(after, codes, intents)
    return [
        compare(figure, second[name], thresholds.of(name), alpha) for name, figure in first.items()
    ]


def _series(
    before: list[RunSample], after: list[RunSample], names: list[str], buckets: int = 12
) -> tuple[float, list[Bucket]]:
    runs = sorted({s.id: s for s in (*before, *after)}.values(), key=lambda s: s.started_at)
    first, last = runs[0].started_at, runs[-1].started_at
    wanted = max(last - first, 1.0) / buckets
    size = next((s for s in _SIZES if wanted <= s), _SIZES[-1])
    codes = {n.partition(":")[2] for n in names if n.startswith("tool_error:")}
    out: list[Bucket] = []
    start = first - first % size
    while start <= last:
        chunk = [s for s in runs if start <= s.started_at < start + size]
        if chunk:
            figures: dict[str, Figure] = population_figures(chunk, codes)
            out.append(Bucket(start, len(chunk), {n: _value(figures.get(n)) for n in names}))
        start += size
    return size, out


def _value(figure: Figure | None) -> float | None:
    return None if figure is None else figure.value
