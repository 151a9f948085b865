"""Plain `pytest` collects suite files: one item per case, readable failures, bad files named."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SUITE = """\
suite: plug
cases:
  - name: signs in
    tags: [signin]
    turns:
      - user: I'm harper.khan1177@example.com
        expect: {actions: [find_user]}
  - name: expects the wrong thing
    turns:
      - user: I'm harper.khan1177@example.com
        expect: {reply_contains: "no such words"}
"""


def pytest_in(directory: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
        cwd=directory,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )


def test_the_plugin_is_registered(pytestconfig: pytest.Config) -> None:
    assert pytestconfig.pluginmanager.has_plugin("agentcli")


def test_cases_are_items_with_readable_failures(tmp_path: Path) -> None:
    (tmp_path / "plug.suite.yaml").write_text(SUITE)
    done = pytest_in(tmp_path, "-q", "--agentcli-db", str(tmp_path / "t.sqlite"))
    assert done.returncode == 1, done.stdout + done.stderr
    assert "1 failed, 1 passed" in done.stdout
    assert "FAILED plug.suite.yaml::expects the wrong thing" in done.stdout
    assert "reply_contains" in done.stdout and "expected: 'no such words'" in done.stdout
    assert f"--db {tmp_path / 't.sqlite'}" in done.stdout
    selected = pytest_in(tmp_path, "-q", "-k", "signin")
    assert selected.returncode == 0 and "1 passed, 1 deselected" in selected.stdout


def test_a_broken_suite_file_is_a_collection_error_naming_the_line(tmp_path: Path) -> None:
    (tmp_path / "broken.suite.yaml").write_text("cases:\n  - name: x\n    turns: [{usr: hi}]\n")
    done = pytest_in(tmp_path, "-q")
    assert done.returncode == 2, done.stdout
    assert "broken.suite.yaml:3: cases[0].turns[0].usr: unknown key 'usr'" in done.stdout


#: a conftest that writes, at the end of the session, which modules the session imported
RECORD_MODULES = """\
import sys
from pathlib import Path

def pytest_sessionfinish(session):
    Path(__file__).with_name("modules.txt").write_text("\\n".join(sorted(sys.modules)))
"""
HEAVY = (
    "agentcli.suites.pytest_items",
    "agentcli.suites.runner",
    "agentcli.suites.loader",
    "agentcli.runtime",
    "agentcli.trace",
    "connectors",
    "sqlite_utils",
)


def _modules_loaded(directory: Path) -> set[str]:
    (directory / "conftest.py").write_text(RECORD_MODULES)
    done = pytest_in(directory, "--co", "-q")
    assert done.returncode in (0, 5), done.stdout + done.stderr
    return set((directory / "modules.txt").read_text().split())


def test_a_session_without_suite_files_loads_only_the_plugin(tmp_path: Path) -> None:
    (tmp_path / "test_plain.py").write_text("def test_nothing():\n    pass\n")
    loaded = _modules_loaded(tmp_path)
    assert "agentcli.suites.pytest_plugin" in loaded
    assert sorted(m for m in loaded if m.startswith(HEAVY)) == []


def test_collecting_a_suite_file_loads_the_suite_machinery(tmp_path: Path) -> None:
    (tmp_path / "plug.suite.yaml").write_text(SUITE)
    loaded = _modules_loaded(tmp_path)
    assert {"agentcli.suites.pytest_items", "agentcli.suites.loader"} <= loaded
