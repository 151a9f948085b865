"""The runner: real agent loops on pristine worlds, verdicts, stored runs, offline by default."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from agentcli.suites.loader import load_text
from agentcli.suites.runner import CaseRunner, case_network
from netpolicy import Destination, NetworkBlocked

SUITE = """\
suite: demo
cases:
  - name: cancel
    turns:
      - user: I'm harper.khan1177@example.com
      - user: "cancel order #W8073958, I no longer need it"
        expect: {confirmation_asked: true}
      - user: "yes"
        expect: {sagas: [cancel_order]}
    expect:
      state: {orders: {"#W8073958": cancelled}}
  - name: still pending in the next case
    turns:
      - user: I'm harper.khan1177@example.com
      - user: "where is order #W8073958"
        expect: {reply_contains: pending}
    expect:
      state: {orders: {"#W8073958": pending}}
  - name: wrong expectation
    turns:
      - user: I'm harper.khan1177@example.com
        expect: {actions: [get_user]}
  - name: skipped
    skip: not today
    turns: [{user: hi}]
  - name: cassette connectors
    connectors: {kind: cassette, cassette: nowhere.yaml}
    turns: [{user: hi}]
  - name: missing model cassette
    planner: {kind: openai, cassette: nowhere.yaml}
    turns: [{user: hi}]
  - name: env is set during the case only
    env: {AGENTCLI_KILL_SWITCH: "1"}
    turns:
      - user: I'm harper.khan1177@example.com
      - user: "cancel order #W8073958, I no longer need it"
        expect:
          actions: [get_order, {action: cancel_order, ok: false, error: POLICY}]
"""


@pytest.fixture()
def runner(tmp_path: Path) -> CaseRunner:
    made = CaseRunner(tmp_path / "traces.sqlite")
    yield made  # type: ignore[misc]
    made.close()


def test_cases_pass_fail_skip_or_error_and_each_run_is_stored(runner: CaseRunner) -> None:
    results = {r.name: r for r in map(runner.run, load_text(SUITE, "demo.suite.yaml"))}
    assert {n: r.status for n, r in results.items()} == {
        "cancel": "passed",
        "still pending in the next case": "passed",
        "wrong expectation": "failed",
        "skipped": "skipped",
        "cassette connectors": "error",
        "missing model cassette": "error",
        "env is set during the case only": "passed",
    }
    assert "AGENTCLI_KILL_SWITCH" not in os.environ
    wrong = results["wrong expectation"]
    assert [(f.turn, f.check, f.expected) for f in wrong.failures] == [(1, "actions", "[get_user]")]
    unavailable = results["cassette connectors"].message
    assert "cassette connectors are not part of this build" in unavailable
    assert "the openai planner cannot start" in results["missing model cassette"].message
    stored = runner.store.db
    assert {r["id"] for r in stored.query("SELECT id FROM runs")} == {
        r.run_id for r in results.values() if r.run_id
    }
    rows = {r["case_id"]: r for r in stored.query("SELECT * FROM suite_results")}
    assert rows["demo::wrong expectation"]["status"] == "failed"
    assert json.loads(rows["demo::cancel"]["actual_actions"]) == [
        "find_user",
        "get_order",
        "cancel_order",
    ]
    assert runner.store.get_run(results["cancel"].run_id)["command"] == "test"  # type: ignore[arg-type]


LIVE_AND_RECORDED = """\
suite: models
cases:
  - name: recorded
    planner: {kind: openai, cassette: nowhere.yaml}
    turns: [{user: hi}]
  - name: live
    planner: {kind: openai, live: true, model: qwen-plus, base_url: "http://127.0.0.1:9/v1"}
    turns: [{user: hi}]
"""


def test_a_case_reaches_a_model_endpoint_only_when_it_asks_for_a_live_model() -> None:
    cases = {c.case.name: c for c in load_text(LIVE_AND_RECORDED, "models.suite.yaml")}
    endpoint = Destination("model", "qwen-plus", "http://127.0.0.1:9/v1/chat/completions")
    with pytest.raises(NetworkBlocked, match="reaches no model unless it says live: true"):
        case_network(cases["recorded"]).check(endpoint)
    case_network(cases["live"]).check(endpoint)
    for kind in ("vendor", "engine"):  # the ones the command chose: served vendors, Temporal
        case_network(cases["recorded"]).check(Destination(kind, "x", "127.0.0.1:7233"))
