"""Runs many cases: in this process, joined by forked workers once the rest of the suite is
worth their start-up.

This process runs cases from the first. As soon as the cases left are estimated to take more
than `FORK_WORTH_SECONDS` (from the time the warm ones took), it forks `workers - 1` workers,
warm (every vendor module imported, every first-use cache filled), and every process then takes
the next case from a shared counter until none is left. A short suite never pays for a worker
(each costs tens of milliseconds of CPU before its first case). Each worker records into its
own trace file, merged into the main trace database at the end (measured faster than sharing
one file in WAL); this process records straight into the main one throughout, so the merge at
the end, when no case is left to run beside it, copies the workers' runs only.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from agentcli import paths
from agentcli.suites.heap import keep_for_the_run
from agentcli.suites.loader import ResolvedCase
from agentcli.suites.merge import merge_traces
from agentcli.suites.results import CaseResult, TestReport
from agentcli.suites.runner import CaseRunner
from connectors.config import ConnectorsConfig
from sandbox.templates import pristine_template
from sandbox.world import SandboxWorld
from sandbox.worlds import scratch_root

OnResult = Callable[[CaseResult], None]
MIN_CASES_PER_WORKER = 4
FORK_WORTH_SECONDS = 0.2
"""Workers are started only when the cases left would take longer than this here."""
WARM_CASES = 2
"""Cases this process runs before it may fork (the first one is the slow, cold one)."""


def default_workers() -> int:
    return max(1, os.cpu_count() or 1)


def run_cases(
    cases: Sequence[ResolvedCase],
    *,
    db_path: Path | None,
    workers: int | None = None,
    on_result: OnResult | None = None,
    live: ConnectorsConfig | None = None,
) -> TestReport:
    """Run every case (with worker processes once they pay); results in the order given.

    With `live` connectors the cases share the served vendors, so they run one at a time here.
    """
    started = time.perf_counter()
    keep_for_the_run()  # the cases live to the end
    wanted = 1 if live is not None else (workers if workers is not None else default_workers())
    scratch = Path(tempfile.mkdtemp(prefix="agentcli-test-", dir=scratch_root()))
    run = _Run(cases, on_result, scratch)
    try:
        template = run.template = _template(scratch)
        run.here(CaseRunner(db_path, template=template, live=live), wanted)
        if run.crew is not None or run.next < len(cases):  # alongside the workers, or alone
            run.here(CaseRunner(db_path, template=template, live=live), 1)
        if run.crew is not None:
            run.gather()
            if db_path is not None:
                try:
                    merge_traces(db_path, sorted(scratch.glob("worker-*.sqlite")))
                except Exception as exc:  # results stand; the trace copy is what failed
                    run.warnings.append(f"could not store the runs in {db_path}: {exc}")
    finally:
        if run.crew is not None:
            run.crew.stop()
        shutil.rmtree(scratch, ignore_errors=True)
    return TestReport(
        run.ordered(),
        time.perf_counter() - started,
        1 + (len(run.crew.processes) if run.crew else 0),
        str(db_path) if db_path else None,
        run.warnings,
    )


def kept_template() -> Path | None:
    """The pristine world kept in the cache (built once per vendor code and data); None when
    the cache cannot be written."""
    try:
        return pristine_template(paths.cache_dir())
    except OSError:
        return None


def _template(scratch: Path) -> Path:
    """The kept pristine world, or one built in `scratch` when there can be none."""
    kept = kept_template()
    if kept is None:
        kept = scratch / "pristine"
        SandboxWorld(kept).ensure()
    return kept


class _Run:
    """The cases, their results as they come, and the workers once there are any."""

    def __init__(
        self, cases: Sequence[ResolvedCase], on_result: OnResult | None, scratch: Path
    ) -> None:
        self.cases = cases
        self.on_result = on_result
        self.scratch = scratch
        self.template = scratch / "pristine"
        self.results: list[CaseResult | None] = [None] * len(cases)
        self.warnings: list[str] = []
        self.answered = 0  # results recorded so far
        self.next = 0  # the next case to take, until there is a crew (then its counter)
        self.crew: _Crew | None = None

    def here(self, runner: CaseRunner, wanted: int) -> None:
        """Run cases in this process until none is left, or until it is time to fork (then
        this runner is closed, the workers are started, and this returns)."""
        timed: list[float] = []
        try:
            while (index := self._take()) is not None:
                result = runner.run(self.cases[index])
                timed.append(result.duration)
                self.record(index, result)
                if self.crew is None and self._worth_forking(timed, wanted):
                    break
                self._collect(block=False)
            else:
                return
        finally:
            runner.close()  # nothing of it may be open when workers fork
        try:
            self.crew = _Crew.start(self, wanted - 1)
        except OSError as exc:  # no process to be had: the rest runs here
            self.warnings.append(
                f"could not start worker processes ({exc}); the cases ran in one process"
            )

    def _worth_forking(self, timed: list[float], wanted: int) -> bool:
        left = len(self.cases) - self.next
        if wanted < 2 or len(timed) < WARM_CASES or left < MIN_CASES_PER_WORKER:
            return False
        warm = timed[1:]
        return sum(warm) / len(warm) * left > FORK_WORTH_SECONDS

    def _take(self) -> int | None:
        if self.crew is not None:
            return self.crew.take()
        if self.next >= len(self.cases):
            return None
        self.next += 1
        return self.next - 1

    def record(self, index: int, result: CaseResult) -> None:
        self.results[index] = result
        self.answered += 1
        if self.on_result is not None:
            self.on_result(result)

    def _collect(self, *, block: bool) -> None:
        if self.crew is not None:
            for index, result in self.crew.results(block=block):
                self.record(index, result)

    def gather(self) -> None:
        """Wait for the workers' results, then for the workers to end (their trace files are
        closed then); a case whose worker died is an error.

        Once every case taken has its result no answer can come: the wait stops there, not a
        poll's timeout after the last worker exits.
        """
        assert self.crew is not None
        while not self._all_answered() and (self.crew.running() or self.crew.pending()):
            self._collect(block=True)
        self._collect(block=False)
        self.crew.join()
        for index in range(self.crew.taken()):
            if self.results[index] is None:
                case = self.cases[index]
                self.record(
                    index,
                    CaseResult(
                        case.id,
                        case.suite,
                        case.name,
                        case.path,
                        case.line,
                        "error",
                        message=f"the worker process running it died ({self.crew.deaths()})",
                    ),
                )

    def _all_answered(self) -> bool:
        return self.answered == len(self.cases)

    def ordered(self) -> list[CaseResult]:
        return [r for r in self.results if r is not None]


@dataclass
class _Crew:
    """Worker processes sharing a counter of the next case with this one."""

    processes: list[Any]
    counter: Any
    answers: Any
    total: int

    @classmethod
    def start(cls, run: _Run, count: int) -> _Crew:
        context = _context()
        keep_for_the_run()  # the warm machinery the workers inherit is never collected
        counter = context.Value("q", run.next)
        answers = context.Queue()
        crew = cls([], counter, answers, len(run.cases))
        for _ in range(count):
            process = context.Process(
                target=_work,
                daemon=True,
                args=(list(run.cases), str(run.scratch), str(run.template), counter, answers),
            )
            try:
                process.start()
            except OSError:
                if not crew.processes:
                    raise
                break  # fewer workers than asked for
            crew.processes.append(process)
        return crew

    def take(self) -> int | None:
        return _next_index(self.counter, self.total)

    def taken(self) -> int:
        with self.counter.get_lock():
            return min(int(self.counter.value), self.total)

    def results(self, *, block: bool) -> list[tuple[int, CaseResult]]:
        got = []
        try:
            got.append(self.answers.get(timeout=0.2) if block else self.answers.get_nowait())
            while True:
                got.append(self.answers.get_nowait())
        except queue.Empty:
            pass
        return got

    def running(self) -> bool:
        return any(p.is_alive() for p in self.processes)

    def pending(self) -> bool:
        return not self.answers.empty()

    def deaths(self) -> str:
        codes = [p.exitcode for p in self.processes if p.exitcode not in (0, None)]
        return "exit codes " + ", ".join(map(str, codes)) if codes else "no exit code"

    def join(self) -> None:
        """Wait for every worker to end (each ends once no case is left)."""
        for process in self.processes:
            process.join()

    def stop(self) -> None:
        for process in self.processes:
            process.join(timeout=5)
            if process.is_alive():
                process.terminate()
                process.join()


def _next_index(counter: Any, total: int) -> int | None:
    """Take the next case from the counter every process shares; None when none is left."""
    with counter.get_lock():
        index = int(counter.value)
        if index >= total:
            return None
        counter.value = index + 1
    return index


def _context() -> Any:
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    return multiprocessing.get_context(method)


def _work(
    cases: list[ResolvedCase], scratch: str, template: str, counter: Any, answers: Any
) -> None:
    """A worker: take the next case until none is left; send each result back."""
    runner = CaseRunner(Path(scratch) / f"worker-{os.getpid()}.sqlite", template=Path(template))
    try:
        while (index := _next_index(counter, len(cases))) is not None:
            answers.put((index, runner.run(cases[index])))
    except KeyboardInterrupt:
        pass  # Ctrl-C reaches the whole process group: this process reports it, quietly
    finally:
        runner.close()
