"""Runs many cases over worker processes; each worker records into its own trace file, merged
into the main trace database at the end (measured faster than sharing one file in WAL)."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from multiprocessing import util
from pathlib import Path

from agentcli.suites.loader import ResolvedCase
from agentcli.suites.merge import merge_traces
from agentcli.suites.results import CaseResult, TestReport
from agentcli.suites.runner import CaseRunner
from agentcli.suites.worlds import scratch_root
from agentcli.trace.store import Store
from connectors.config import ConnectorsConfig
from connectors.sandbox.world import SandboxWorld

OnResult = Callable[[CaseResult], None]
MIN_CASES_PER_WORKER = 4

_CASES: Sequence[ResolvedCase] = ()
_RUNNER: CaseRunner | None = None


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


def run_cases(
    cases: Sequence[ResolvedCase], *, db_path: Path | None, workers: int | None = None,
    on_result: OnResult | None = None, live: ConnectorsConfig | None = None,
) -> TestReport:
    """Run every case (in worker processes when it pays); results in the order given.

    With `live` connectors the cases share the served vendors, so they run one at a time here.
    """
    started = time.perf_counter()
    wanted = workers if workers is not None else default_workers()
    used = 1 if live is not None else max(1, min(wanted, len(cases) // MIN_CASES_PER_WORKER))
    scratch = Path(tempfile.mkdtemp(prefix="agentcli-test-", dir=scratch_root()))
    warnings: list[str] = []
    try:
        template = scratch / "pristine"
        SandboxWorld(template).ensure()
        if used == 1:
            results = _in_process(cases, db_path, template, on_result, live)
        else:
            if db_path is not None:
                Store.open(db_path).close()  # created and migrated before workers start
            results = _in_workers(cases, used, scratch, template, on_result)
            if db_path is not None:
                try:
                    merge_traces(db_path, sorted(scratch.glob("worker-*.sqlite")))
                except Exception as exc:  # results stand; the trace copy is what failed
                    warnings.append(f"could not store the runs in {db_path}: {exc}")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return TestReport(results, time.perf_counter() - started, used,
                      str(db_path) if db_path else None, warnings)


def _in_process(cases: Sequence[ResolvedCase], db_path: Path | None, template: Path,
                on_result: OnResult | None, live: ConnectorsConfig | None = None
                ) -> list[CaseResult]:
    runner = CaseRunner(db_path, template=template, live=live)
    results = []
    try:
        for case in cases:
            result = runner.run(case)
            results.append(result)
            if on_result is not None:
                on_result(result)
    finally:
        runner.close()
    return results


def _in_workers(cases: Sequence[ResolvedCase], workers: int, scratch: Path, template: Path,
                on_result: OnResult | None) -> list[CaseResult]:
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    chunk = max(1, min(16, len(cases) // (workers * 8)))
    results: list[CaseResult | None] = [None] * len(cases)
    pool = context.Pool(workers, initializer=_start_worker,
                        initargs=(list(cases), str(scratch), str(template)))
    try:
        for index, result in pool.imap_unordered(_run_in_worker, range(len(cases)), chunk):
            results[index] = result
            if on_result is not None:
                on_result(result)
        pool.close()
        pool.join()  # workers exit normally, so their finalizers close their trace files
    finally:
        pool.terminate()
    return [r for r in results if r is not None]


def _start_worker(cases: list[ResolvedCase], scratch: str, template: str) -> None:
    global _CASES, _RUNNER
    _CASES = cases
    _RUNNER = CaseRunner(Path(scratch) / f"worker-{os.getpid()}.sqlite", template=Path(template))
    util.Finalize(_RUNNER, _RUNNER.close, exitpriority=10)


def _run_in_worker(index: int) -> tuple[int, CaseResult]:
    assert _RUNNER is not None
    return index, _RUNNER.run(_CASES[index])
