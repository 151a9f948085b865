"""Loading a suite pauses the cyclic collector only while it parses, whatever happens."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from agentcli.suites.loader import SuiteError, load_file


def test_the_collector_runs_again_after_a_suite_loads(tmp_path: Path) -> None:
    suite = tmp_path / "ok.suite.yaml"
    suite.write_text(
        "defaults: {planner: script}\n"
        "cases:\n"
        "  - name: hello\n"
        "    turns:\n"
        "      - user: hello\n"
        "        script: [[{action: reply, message: Hi}]]\n"
    )
    assert [case.name for case in load_file(suite)] == ["hello"]
    assert gc.isenabled()


def test_the_collector_runs_again_after_a_suite_is_refused(tmp_path: Path) -> None:
    suite = tmp_path / "bad.suite.yaml"
    suite.write_text("cases:\n  - name: x\n    turns: nope\n")
    with pytest.raises(SuiteError):
        load_file(suite)
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_caller_stays_off(tmp_path: Path) -> None:
    suite = tmp_path / "bad.suite.yaml"
    suite.write_text("cases: [")
    gc.disable()
    try:
        with pytest.raises(SuiteError):
            load_file(suite)
        assert not gc.isenabled()
    finally:
        gc.enable()
