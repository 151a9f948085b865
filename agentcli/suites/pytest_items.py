"""The suite files and cases the pytest plugin (`agentcli.suites.pytest_plugin`) collects.

Cases run in pytest's process, one after another, recorded into a temporary trace database
(or the one `--agentcli-db` names).
"""

from __future__ import annotations

import shutil
import tempfile
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from agentcli.suites.loader import ResolvedCase, SuiteError, load_file
from agentcli.suites.parallel import kept_template
from agentcli.suites.pytest_plugin import RUNNER_KEY
from agentcli.suites.report import failure_text
from agentcli.suites.results import CaseResult
from agentcli.suites.runner import CaseRunner
from sandbox.worlds import scratch_root


class SuiteFile(pytest.File):
    """One suite file; its cases are its items."""

    def collect(self) -> Iterator[pytest.Item]:
        try:
            cases = load_file(self.path)
        except SuiteError as error:
            raise self.CollectError(str(error)) from None
        for case in cases:
            yield CaseItem.from_parent(self, name=case.name, case=case)


class CaseFailed(Exception):
    """A case did not pass; carries its result for the report."""

    def __init__(self, result: CaseResult) -> None:
        super().__init__(result.id)
        self.result = result


class CaseItem(pytest.Item):
    def __init__(self, *, case: ResolvedCase, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case
        self.extra_keyword_matches.update(case.tags)

    def runtest(self) -> None:
        result = _runner(self.config).run(self.case)
        if result.status == "skipped":
            pytest.skip(result.message)
        if not result.ok:
            raise CaseFailed(result)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> str:
        if isinstance(excinfo.value, CaseFailed):
            kept = self.config.getoption("--agentcli-db")
            hint = (
                f"agentcli inspect {{run}} --db {kept}"
                if kept
                else "pytest --agentcli-db PATH …; then agentcli inspect {run} --db PATH"
            )
            return failure_text(excinfo.value.result, inspect=hint)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.case.line - 1, f"case {self.case.id}"


class SessionRunner:
    """One CaseRunner for the session, made on first use."""

    def __init__(self, db: str | None) -> None:
        self.scratch: Path | None = None
        if db is None:
            self.scratch = Path(tempfile.mkdtemp(prefix="agentcli-pytest-", dir=scratch_root()))
            weakref.finalize(self, shutil.rmtree, self.scratch, ignore_errors=True)
            path = self.scratch / "traces.sqlite"
        else:
            path = Path(db)
        self.runner = CaseRunner(path, template=kept_template())

    def run(self, case: ResolvedCase) -> CaseResult:
        return self.runner.run(case)

    def close(self) -> None:
        self.runner.close()
        if self.scratch is not None:
            shutil.rmtree(self.scratch, ignore_errors=True)


def _runner(config: pytest.Config) -> SessionRunner:
    runner = config.stash.get(RUNNER_KEY, None)
    if runner is None:
        runner = SessionRunner(config.getoption("--agentcli-db"))
        config.stash[RUNNER_KEY] = runner
    return runner
