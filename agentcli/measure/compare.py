"""One figure of two populations side by side: the change, its interval, its p-value, and
whether it crossed its threshold (significant at the populations' sizes and large enough)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from agentcli.measure import stats
from agentcli.measure.figures import Figure, Kind


@dataclass(frozen=True)
class Change:
    """How one metric moved from the baseline (first) population to the current one.

    For rates `difference` is in points (0.1 = ten points); for medians and means it is in
    the metric's unit; for action mixes it is the Jensen-Shannon divergence.
    """

    name: str
    kind: Kind
    baseline: Figure
    current: Figure
    difference: float | None
    interval: stats.Interval | None
    p_value: float | None
    threshold: float | None = None
    moved: bool = False

    @property
    def size_of_change(self) -> float | None:
        """What the threshold is compared with: points, relative change, or divergence."""
        if self.difference is None:
            return None
        if self.kind in ("median", "mean"):
            base = self.baseline.value
            if not base:
                return None
            return abs(self.difference) / abs(base)
        return abs(self.difference)

    def to_dict(self) -> dict[str, Any]:
        def side(figure: Figure) -> dict[str, Any]:
            out: dict[str, Any] = {"value": _round(figure.value), "n": figure.size}
            if figure.kind == "rate":
                out["hits"] = figure.hits
                out["interval"] = _pair(figure.interval)
            return out

        return {
            "metric": self.name,
            "kind": self.kind,
            "baseline": side(self.baseline),
            "current": side(self.current),
            "difference": _round(self.difference),
            "interval": _pair(self.interval),
            "p_value": _round(self.p_value),
            "threshold": self.threshold,
            "moved": self.moved,
        }


def compare(
    baseline: Figure, current: Figure, threshold: float | None = None, alpha: float = 0.01
) -> Change:
    """The change of one figure; `moved` when significant at `alpha` and at least `threshold`."""
    kind = baseline.kind
    difference: float | None = None
    interval: stats.Interval | None = None
    p_value: float | None = None
    if kind == "rate":
        if baseline.total and current.total:
            difference = current.hits / current.total - baseline.hits / baseline.total
            interval = stats.rate_difference(
                baseline.hits, baseline.total, current.hits, current.total
            )
            p_value = stats.two_proportion_p(
                baseline.hits, baseline.total, current.hits, current.total
            )
    elif kind == "mix":
        difference = stats.jensen_shannon(baseline.mix, current.mix)
        if difference is not None:
            p_value = stats.mix_permutation_p(baseline.mixes, current.mixes)
    else:
        before, after = baseline.value, current.value
        if before is not None and after is not None:
            difference = after - before
            if kind == "median":
                interval = stats.median_difference(baseline.values, current.values)
            else:
                interval = stats.mean_difference(baseline.values, current.values)
            p_value = stats.mann_whitney_p(baseline.values, current.values)
    change = Change(
        baseline.name, kind, baseline, current, difference, interval, p_value, threshold
    )
    size = change.size_of_change
    moved = (
        threshold is not None
        and size is not None
        and p_value is not None
        and size >= threshold
        and p_value < alpha
    )
    return Change(**{**change.__dict__, "moved": moved})


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _pair(interval: stats.Interval | None) -> list[float] | None:
    return None if interval is None else [round(interval[0], 4), round(interval[1], 4)]
