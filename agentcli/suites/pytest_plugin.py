"""pytest plugin: every case of every `*.suite.yaml` under the test paths is a pytest item.

Registered through the `pytest11` entry point, so plain `pytest` runs suites next to tests.
Cases run in pytest's process, one after another, recorded into a temporary trace database
(or the one `--agentcli-db` names).
"""

from __future__ import annotations

import fnmatch
import shutil
import tempfile
import weakref
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from agentcli.suites.loader import ResolvedCase, SuiteError, load_file
from agentcli.suites.parallel import kept_template
from agentcli.suites.report import failure_text
from agentcli.suites.results import CaseResult
from agentcli.suites.runner import CaseRunner
from sandbox.worlds import scratch_root

RUNNER_KEY = pytest.StashKey["_SessionRunner"]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini("agentcli_suites", "glob patterns of agentcli suite files", type="args",
                  default=["*.suite.yaml", "*.suite.yml"])
    parser.getgroup("agentcli").addoption(
        "--agentcli-db", default=None, metavar="PATH",
        help="record the suite cases' runs in this trace database (default: a temporary one)")


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    patterns = parent.config.getini("agentcli_suites")
    if any(fnmatch.fnmatch(file_path.name, pattern) for pattern in patterns):
        suite: SuiteFile = SuiteFile.from_parent(parent, path=file_path)
        return suite
    return None


def pytest_unconfigure(config: pytest.Config) -> None:
    runner = config.stash.get(RUNNER_KEY, None)
    if runner is not None:
        runner.close()


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

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException],
                     style: Any = None) -> str:
        if isinstance(excinfo.value, CaseFailed):
            kept = self.config.getoption("--agentcli-db")
            hint = (f"agentcli inspect {{run}} --db {kept}" if kept
                    else "pytest --agentcli-db PATH …; then agentcli inspect {run} --db PATH")
            return failure_text(excinfo.value.result, inspect=hint)
        return str(super().repr_failure(excinfo))

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.case.line - 1, f"case {self.case.id}"


class _SessionRunner:
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


def _runner(config: pytest.Config) -> _SessionRunner:
    runner = config.stash.get(RUNNER_KEY, None)
    if runner is None:
        runner = _SessionRunner(config.getoption("--agentcli-db"))
        config.stash[RUNNER_KEY] = runner
    return runner
