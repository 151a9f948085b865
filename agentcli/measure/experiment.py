"""Experiments: the same suite cases under each variant, the runs tagged with the variant,
then every metric per variant and its change against the first variant."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agentcli.measure.compare import Change, compare
from agentcli.measure.drift import compare_populations
from agentcli.measure.figures import Figure, population_figures
from agentcli.measure.population import RunSample, load_runs
from agentcli.measure.thresholds import Thresholds
from agentcli.measure.variants import Variant
from agentcli.suites.loader import ResolvedCase
from agentcli.suites.parallel import run_cases
from agentcli.suites.results import CaseResult, TestReport
from agentcli.trace.store import Store

TABLE = (
    "pass_rate",
    "conversion_rate",
    "first_contact_resolution",
    "escalation_rate",
    "compensation_rate",
    "invalid_output_rate",
    "repair_rate",
    "tool_error_rate",
    "action_precision",
    "action_recall",
    "model_calls",
    "tokens",
    "handle_time_s",
    "model_latency_ms",
)
"""The metrics of the table, in its order (action mixes and per-code errors are in the JSON)."""


@dataclass
class Arm:
    """One variant's results: the suite report, its runs' figures."""

    variant: Variant
    report: TestReport
    samples: list[RunSample]
    figures: dict[str, Figure]

    def to_dict(self) -> dict[str, Any]:
        return {
            "variant": self.variant.name,
            "options": self.variant.options,
            "cases": len(self.report.results),
            "totals": self.report.totals.to_dict(),
            "runs": [r.run_id for r in self.report.results if r.run_id],
            "metrics": {
                name: {"value": _round(f.value), "n": f.size, **_rate(f)}
                for name, f in self.figures.items()
                if f.kind != "mix"
            },
            "model_calls_total": sum(s.model_calls for s in self.samples),
            "tokens_total": sum(s.tokens for s in self.samples),
        }


@dataclass
class ExperimentReport:
    arms: list[Arm]
    #: per later variant, every metric's change against the first
    changes: dict[str, list[Change]]
    alpha: float

    @property
    def moved(self) -> list[tuple[str, Change]]:
        return [(name, c) for name, changes in self.changes.items() for c in changes if c.moved]

    def to_dict(self) -> dict[str, Any]:
        return {
            "baseline": self.arms[0].variant.name,
            "alpha": self.alpha,
            "variants": [arm.to_dict() for arm in self.arms],
            "differences": {
                name: [c.to_dict() for c in changes] for name, changes in self.changes.items()
            },
            "moved": [{"variant": name, "metric": c.name} for name, c in self.moved],
        }


def run_experiment(
    cases: Sequence[ResolvedCase],
    variants: Sequence[Variant],
    *,
    db_path: Path,
    thresholds: Thresholds,
    alpha: float = 0.01,
    workers: int | None = None,
    on_result: Callable[[CaseResult], None] | None = None,
) -> ExperimentReport:
    """Run `cases` once per variant into the store at `db_path`, tag the runs, compare."""
    reports: list[tuple[Variant, TestReport]] = []
    for variant in variants:
        report = run_cases(
            [variant.apply(case) for case in cases],
            db_path=db_path,
            workers=workers,
            on_result=on_result,
        )
        for result in report.results:
            result.suite = f"{variant.name}: {result.suite}"
        reports.append((variant, report))
    store = Store.open(db_path)
    try:
        arms = []
        for variant, report in reports:
            ids = [r.run_id for r in report.results if r.run_id]
            with store.db.atomic():
                for chunk in (ids[i : i + 400] for i in range(0, len(ids), 400)):
                    store.db.execute(
                        f"UPDATE runs SET variant = ? WHERE id IN ({','.join('?' * len(chunk))})",
                        [variant.name, *chunk],
                    )
            samples = load_runs(store, ids)
            figures = population_figures(samples)
            figures["pass_rate"] = _pass_rate(report)
            arms.append(Arm(variant, report, samples, figures))
    finally:
        store.close()
    first = arms[0]
    changes: dict[str, list[Change]] = {}
    for arm in arms[1:]:
        found = compare_populations(first.samples, arm.samples, thresholds, alpha)
        found = [c for c in found if c.name != "pass_rate"]
        passed = compare(
            first.figures["pass_rate"], arm.figures["pass_rate"], thresholds.of("pass_rate"), alpha
        )
        changes[arm.variant.name] = [passed, *found]
    return ExperimentReport(arms, changes, alpha)


def _pass_rate(report: TestReport) -> Figure:
    """Passed over the cases that ran (skipped ones do not count)."""
    totals = report.totals
    ran = totals.passed + totals.failed + totals.error
    return Figure("pass_rate", "rate", totals.passed, ran)


def _rate(figure: Figure) -> dict[str, Any]:
    if figure.kind != "rate":
        return {}
    interval = figure.interval
    return {
        "hits": figure.hits,
        "interval": None if interval is None else [round(interval[0], 4), round(interval[1], 4)],
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
