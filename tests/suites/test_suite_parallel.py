"""Running a suite: short ones in this process, long ones with forked workers sharing the cases."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest

from agentcli.suites import parallel
from agentcli.suites.loader import ResolvedCase, load_text
from agentcli.suites.parallel import run_cases
from agentcli.suites.results import CaseResult
from agentcli.suites.runner import CaseRunner

SHAPES = [
    """\
  - name: cancel {i}
    turns:
      - user: I'm harper.khan1177@example.com
      - user: "cancel order #W8073958, I no longer need it"
        expect: {{confirmation_asked: true}}
      - user: "yes"
        expect: {{sagas: [cancel_order]}}
    expect:
      state: {{orders: {{"#W8073958": cancelled}}}}
""",
    """\
  - name: still pending {i}
    turns:
      - user: I'm harper.khan1177@example.com
      - user: "where is order #W8073958"
        expect: {{reply_contains: pending}}
    expect:
      state: {{orders: {{"#W8073958": pending}}}}
""",
    """\
  - name: wrong expectation {i}
    turns:
      - user: I'm harper.khan1177@example.com
        expect: {{actions: [get_user]}}
""",
]


def suite(n: int) -> list[ResolvedCase]:
    text = "suite: many\ncases:\n" + "".join(SHAPES[i % 3].format(i=i) for i in range(n))
    return load_text(text, "many.suite.yaml")


def expected_status(case: ResolvedCase) -> str:
    return "failed" if case.name.startswith("wrong") else "passed"


def stored_runs(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT count(*) FROM suite_results").fetchone()[0])


def test_a_long_suite_is_shared_with_workers_and_every_result_comes_back_in_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "FORK_WORTH_SECONDS", 0.0)  # fork as soon as warm
    cases = suite(15)
    seen: list[CaseResult] = []
    report = run_cases(cases, db_path=tmp_path / "t.sqlite", workers=3, on_result=seen.append)
    assert report.workers == 3
    assert [r.name for r in report.results] == [c.name for c in cases]
    assert [r.status for r in report.results] == [expected_status(c) for c in cases]
    assert sorted(r.name for r in seen) == sorted(c.name for c in cases)
    assert stored_runs(tmp_path / "t.sqlite") == 15  # the workers' traces merged in
    assert len({r.run_id for r in report.results}) == 15


def test_a_short_suite_never_starts_a_worker(tmp_path: Path) -> None:
    report = run_cases(suite(5), db_path=tmp_path / "t.sqlite", workers=4)
    assert report.workers == 1
    assert [r.status for r in report.results] == ["passed", "passed", "failed", "passed", "passed"]
    assert stored_runs(tmp_path / "t.sqlite") == 5


def test_a_case_whose_worker_dies_is_an_error_and_the_others_still_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "FORK_WORTH_SECONDS", 0.0)
    here, run = os.getpid(), CaseRunner.run
    taken = tmp_path / "a worker took a case"
    ran_here: list[ResolvedCase] = []

    def dies_in_a_worker(self: CaseRunner, case: ResolvedCase) -> CaseResult:
        if os.getpid() != here:
            taken.touch()
            os._exit(3)  # the first case a worker takes kills it
        ran_here.append(case)
        if len(ran_here) > parallel.WARM_CASES:
            # the worker is forked: it takes a case before this process could run them all
            # (on a busy machine a worker can start after a dozen short cases took seconds)
            _wait_for(taken)
        return run(self, case)

    monkeypatch.setattr(CaseRunner, "run", dies_in_a_worker)
    cases = suite(12)
    report = run_cases(cases, db_path=tmp_path / "t.sqlite", workers=2)
    died = [r for r in report.results if r.status == "error"]
    assert len(died) == 1
    assert died[0].message == "the worker process running it died (exit codes 3)"
    assert len(report.results) == 12
    assert all(
        r.status == expected_status(c)
        for r, c in zip(report.results, cases, strict=True)
        if r is not died[0]
    )


class _ClosingCrew:
    """Workers whose every answer is in while one of them is still closing its files."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.joined = False
        self.blocking_waits = 0

    def running(self) -> bool:
        return not self.joined

    def pending(self) -> bool:
        return False

    def results(self, *, block: bool) -> list[tuple[int, CaseResult]]:
        self.blocking_waits += block
        assert self.blocking_waits < 3, "still waiting for answers after the last one"
        return []

    def taken(self) -> int:
        return self.total

    def join(self) -> None:
        self.joined = True


def test_once_every_case_has_its_result_the_run_waits_for_no_more_answers(
    tmp_path: Path,
) -> None:
    cases = suite(3)
    run = parallel._Run(cases, None, tmp_path)
    for index, case in enumerate(cases):
        run.record(
            index, CaseResult(case.id, case.suite, case.name, case.path, case.line, "passed")
        )
    crew = _ClosingCrew(len(cases))
    run.crew = crew  # type: ignore[assignment]
    run.gather()
    assert crew.blocking_waits == 0  # no answer queue polled until its timeout
    assert crew.joined  # the workers' trace files are closed before they are merged
    assert [r.status for r in run.ordered()] == ["passed"] * 3


def _wait_for(path: Path, seconds: float = 300.0) -> None:
    """Until `path` exists; a failure when it never does."""
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert time.monotonic() < deadline, f"{path.name}: not within {seconds:.0f} s"
        time.sleep(0.01)


def test_without_a_writable_cache_the_pristine_world_is_built_for_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "not-a-directory"
    blocked.write_text("")
    monkeypatch.setenv("AGENTCLI_CACHE", str(blocked / "cache"))
    report = run_cases(suite(2), db_path=None)
    assert [r.status for r in report.results] == ["passed", "passed"]


def test_when_no_worker_can_be_started_the_cases_run_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(parallel, "FORK_WORTH_SECONDS", 0.0)

    def no_processes(*args: object, **kwargs: object) -> None:
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(parallel._Crew, "start", classmethod(no_processes))
    cases = suite(8)
    report = run_cases(cases, db_path=tmp_path / "t.sqlite", workers=2)
    assert report.workers == 1
    assert [r.status for r in report.results] == [expected_status(c) for c in cases]
    assert report.warnings == [
        "could not start worker processes ([Errno 11] Resource "
        "temporarily unavailable); the cases ran in one process"
    ]
    assert stored_runs(tmp_path / "t.sqlite") == 8
