"""What running a case produced, and the totals of a whole test run."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from agentcli.suites.assertions import Failure

Status = Literal["passed", "failed", "error", "skipped"]


@dataclass
class CaseResult:
    """One case's verdict, with everything a report needs to explain a failure."""

    id: str
    suite: str
    name: str
    path: str
    line: int
    status: Status
    duration: float = 0.0
    run_id: str | None = None
    failures: list[Failure] = field(default_factory=list)
    message: str = ""
    #: per turn: the user's line and what the agent said
    transcript: list[tuple[str, list[str]]] = field(default_factory=list)
    expected_actions: list[str] | None = None
    actual_actions: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.status in ("passed", "skipped")

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "suite": self.suite,
            "name": self.name,
            "path": self.path,
            "line": self.line,
            "status": self.status,
            "duration": round(self.duration, 6),
            "run_id": self.run_id,
            "message": self.message,
            "failures": [f.to_dict() for f in self.failures],
            "transcript": [{"user": user, "agent": said} for user, said in self.transcript],
        }


@dataclass
class Totals:
    passed: int = 0
    failed: int = 0
    error: int = 0
    skipped: int = 0

    @classmethod
    def of(cls, results: list[CaseResult]) -> Totals:
        totals = cls()
        for result in results:
            setattr(totals, result.status, getattr(totals, result.status) + 1)
        return totals

    @property
    def ok(self) -> bool:
        return self.failed == 0 and self.error == 0

    @property
    def pass_rate(self) -> float | None:
        """Passed cases over those that ran (skipped ones left out); None when none ran."""
        ran = self.passed + self.failed + self.error
        return self.passed / ran if ran else None

    def to_dict(self) -> dict[str, int]:
        return {
            "passed": self.passed,
            "failed": self.failed,
            "error": self.error,
            "skipped": self.skipped,
        }


@dataclass
class TestReport:
    """The results of one `agentcli test` run, in the order the cases were given."""

    results: list[CaseResult]
    wall: float
    workers: int
    db_path: str | None = None
    warnings: list[str] = field(default_factory=list)

    __test__ = False  # not a pytest class, despite its name

    @property
    def totals(self) -> Totals:
        return Totals.of(self.results)

    def to_dict(self) -> dict[str, Any]:
        rate = len(self.results) / self.wall if self.wall > 0 else None
        rate_of = self.totals.pass_rate
        return {
            "totals": self.totals.to_dict(),
            "ok": self.totals.ok,
            "pass_rate": None if rate_of is None else round(rate_of, 4),
            "wall_s": round(self.wall, 4),
            "cases_per_s": round(rate, 1) if rate else None,
            "workers": self.workers,
            "db": self.db_path,
            "warnings": self.warnings,
            "cases": [r.to_dict() for r in self.results],
        }
