"""`agentcli drift` and `agentcli experiment` through the CLI, over real suite runs."""

from __future__ import annotations

import json
import os
import sqlite3
import xml.etree.ElementTree as ET
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.helpers import cli

CHECKOUT = """
suite: buy
defaults: {tags: [drift]}
cases:
"""
TURNS = """
    turns:
      - user: I'm harper.khan1177@example.com
      - user: find a notebook
      - user: add the first one
      - user: checkout with my mastercard
      - user: "yes"
"""
CAPTURE_FAILS = """rules:
  - {vendor: pay, endpoint: "POST /v1/payment_intents/*/capture", fault: status, status: 503}
"""


@pytest.fixture()
def suite(tmp_path: Path) -> Path:
    """Six checkout cases: each a purchase, or with the capture failing a compensated saga."""
    path = tmp_path / "buy.suite.yaml"
    path.write_text(CHECKOUT + "".join(f"  - name: buy{n}{TURNS}" for n in range(6)))
    (tmp_path / "capture-fails.yaml").write_text(CAPTURE_FAILS)
    return path


def _json(result: Any) -> Any:
    return json.loads(result.stdout)


def test_a_fault_plan_that_forces_compensations_is_drift_named_with_both_values(
    suite: Path,
) -> None:
    plan = suite.parent / "capture-fails.yaml"
    ran = cli(
        "experiment",
        str(suite),
        "-n",
        "1",
        "--variant",
        "calm=",
        "--variant",
        f"failing=--faults {plan}",
        "--json",
    )
    assert ran.exit_code == 1, ran.output  # the failing variant moved metrics
    report = _json(ran)
    assert [v["variant"] for v in report["variants"]] == ["calm", "failing"]
    moved = {m["metric"] for m in report["moved"]}
    assert "compensation_rate" in moved and "conversion_rate" in moved

    drift = cli("drift", "--baseline", "variant:calm", "--current", "variant:failing")
    assert drift.exit_code == 1, drift.output
    named = [line for line in drift.stdout.splitlines() if line.startswith("drift:")]
    assert any("compensation_rate moved from 0.0% to 100.0%" in line for line in named), named

    as_json = _json(
        cli("drift", "--baseline", "variant:calm", "--current", "variant:failing", "--json")
    )
    change = next(m for m in as_json["metrics"] if m["metric"] == "compensation_rate")
    assert change["baseline"]["value"] == 0.0 and change["current"]["value"] == 1.0
    assert change["moved"] and change["p_value"] < 0.01
    assert as_json["baseline"]["runs"] == as_json["current"]["runs"] == 6

    # runs hours apart: the moved metrics charted over time
    store = sqlite3.connect(Path(os.environ["AGENTCLI_HOME"]) / "traces.sqlite")
    store.execute(
        "UPDATE runs SET started_at = started_at + 7200, finished_at = finished_at + 7200 "
        "WHERE variant = 'failing'"
    )
    store.commit()
    store.close()
    charted = cli("drift", "--baseline", "variant:calm", "--current", "variant:failing")
    assert "over time" in charted.stdout and "compensation_rate" in charted.stdout

    # a metric switched off no longer alarms; the others still do
    quiet = _json(
        cli(
            "drift",
            "--baseline",
            "variant:calm",
            "--current",
            "variant:failing",
            "--json",
            "--threshold",
            "compensation_rate=off",
        )
    )
    assert "compensation_rate" not in quiet["moved"] and "conversion_rate" in quiet["moved"]


def test_the_same_behaviour_at_different_times_is_no_drift(suite: Path) -> None:
    assert cli("test", str(suite), "-n", "1").exit_code == 0
    # after every run of the first batch started, before any of the second
    moment = datetime.now().astimezone().isoformat()
    assert cli("test", str(suite), "-n", "1").exit_code == 0
    # handle time is wall time on a shared machine, not behaviour: off for this comparison
    same = cli(
        "drift",
        "--baseline",
        f"until:{moment}",
        "--current",
        f"since:{moment}",
        "--threshold",
        "handle_time_s=off",
    )
    assert same.exit_code == 0, same.output
    assert "no metric moved past its threshold" in same.stdout
    assert same.stdout.count(": 6 runs") == 2


def test_bad_selectors_and_too_few_runs_are_one_line_errors(suite: Path) -> None:
    assert cli("test", str(suite), "-n", "1").exit_code == 0
    for baseline in ("colour:blue", "planner", "since:last-tuesday"):
        bad = cli("drift", "--baseline", baseline, "--current", "since:1d")
        assert bad.exit_code == 2
        assert len(bad.stderr.strip().splitlines()) == 1 and "--baseline" in bad.stderr
    few = cli("drift", "--baseline", "suite:buy", "--current", "suite:nothing-here")
    assert few.exit_code == 2
    assert "has 0 runs" in few.stderr and "at least 5 are needed" in few.stderr
    assert (
        cli("drift", "--baseline", "x:1", "--current", "x:2", "--threshold", "nope=1").exit_code
        == 2
    )


def test_the_policy_file_sets_drift_thresholds_and_minimum(suite: Path, tmp_path: Path) -> None:
    assert cli("test", str(suite), "-n", "1").exit_code == 0
    policy = tmp_path / "policy.toml"
    policy.write_text("[drift]\nmin_runs = 7\n")
    few = cli("drift", "--baseline", "suite:buy", "--current", "suite:buy", "--policy", str(policy))
    assert few.exit_code == 2 and "at least 7 are needed" in few.stderr
    policy.write_text("[drift.thresholds]\nno_such_metric = 0.1\n")
    bad = cli("drift", "--baseline", "suite:buy", "--current", "suite:buy", "--policy", str(policy))
    assert bad.exit_code == 2 and "no_such_metric" in bad.stderr


def test_experiment_table_junit_and_tagged_runs(suite: Path, tmp_path: Path) -> None:
    junit = tmp_path / "experiment.xml"
    ran = cli(
        "experiment",
        str(suite),
        "-n",
        "1",
        "-k",
        "buy0 or buy1",
        "--variant",
        "a=",
        "--variant",
        "b=--planner rules",
        "--junit",
        str(junit),
    )
    assert ran.exit_code == 0, ran.output
    assert "suite cases passed" in ran.stdout and "compensation rate" in ran.stdout
    assert "no variant moved a metric" in ran.stdout
    suites = [s.get("name") for s in ET.parse(junit).getroot().iter("testsuite")]
    assert suites == ["a: buy", "b: buy"]
    tagged = _json(cli("runs", "list", "--select", "variant:b", "--json"))
    assert len(tagged) == 2 and {run["variant"] for run in tagged} == {"b"}
    every = _json(cli("runs", "list", "--json"))
    assert len(every) == 4
    only_a = _json(cli("metrics", "--select", "variant:a", "--json"))["total"]
    assert only_a["runs"] == 2


def test_experiment_variants_that_cannot_run_are_user_errors(suite: Path) -> None:
    for variants in (
        ["--variant", "only="],
        ["--variant", "a=", "--variant", "a="],
        ["--variant", "a=", "--variant", "b=--temperature 2"],
        ["--variant", "a=", "--variant", "b=--prompts v99"],
        ["--variant", "a=", "--variant", "b=--faults missing.yaml"],
    ):
        done = cli("experiment", str(suite), *variants)
        assert done.exit_code == 2, (variants, done.output)
        assert len(done.stderr.strip().splitlines()) == 1, done.stderr
