"""pytest plugin: every case of every `*.suite.yaml` under the test paths is a pytest item.

Registered through the `pytest11` entry point, so plain `pytest` runs suites next to tests.
It loads in every pytest session of an environment where agentcli is installed, so this
module imports only pytest: the suite machinery (`agentcli.suites.pytest_items`) is imported
when a suite file is collected.
"""

from __future__ import annotations

import fnmatch
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from agentcli.suites.pytest_items import SessionRunner

#: the session's case runner, made by the first case that runs (agentcli.suites.pytest_items)
RUNNER_KEY: pytest.StashKey[SessionRunner] = pytest.StashKey()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addini(
        "agentcli_suites",
        "glob patterns of agentcli suite files",
        type="args",
        default=["*.suite.yaml", "*.suite.yml"],
    )
    parser.getgroup("agentcli").addoption(
        "--agentcli-db",
        default=None,
        metavar="PATH",
        help="record the suite cases' runs in this trace database (default: a temporary one)",
    )


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    patterns = parent.config.getini("agentcli_suites")
    if any(fnmatch.fnmatch(file_path.name, pattern) for pattern in patterns):
        from agentcli.suites.pytest_items import SuiteFile

        suite: SuiteFile = SuiteFile.from_parent(parent, path=file_path)
        return suite
    return None


def pytest_unconfigure(config: pytest.Config) -> None:
    runner = config.stash.get(RUNNER_KEY, None)
    if runner is not None:
        runner.close()
