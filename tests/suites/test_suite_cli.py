"""`agentcli test` as CI runs it: exit codes, failures a person can read, JUnit, robustness."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from agentcli.cli.app import app
from agentcli.planners.rules import checkout_turns
from tests.patience import PATIENCE

ROOT = Path(__file__).resolve().parents[2]
SUITES = ROOT / "suites"
EXE = shutil.which("agentcli", path=str(Path(sys.executable).parent)) or "agentcli"
RUNNER = CliRunner()

PASSING = """\
cases:
  - name: sign in
    turns:
      - user: I'm harper.khan1177@example.com
        expect: {actions: [find_user]}
"""


def cli(*args: str) -> Any:
    return RUNNER.invoke(app, list(args))


def junit(path: Path) -> ET.Element:
    root = ET.parse(path).getroot()
    assert root.tag == "testsuites"
    for suite in root.iter("testsuite"):
        cases = suite.findall("testcase")
        assert int(suite.get("tests", -1)) == len(cases)
        for tag, attribute in (
            ("failure", "failures"),
            ("error", "errors"),
            ("skipped", "skipped"),
        ):
            marked = sum(1 for c in cases if c.find(tag) is not None)
            assert int(suite.get(attribute, -1)) == marked
        for case in cases:
            assert case.get("classname") and case.get("name")
            assert float(case.get("time", "x")) >= 0
    return root


def test_the_example_suites_pass_in_a_real_process(tmp_path: Path, agentcli_home: Path) -> None:
    report = tmp_path / "junit.xml"
    # the τ² cases run in pytest's own collection of suites/; here the rest, through the CLI
    done = subprocess.run(
        [EXE, "test", str(SUITES), "-k", "not tau2", "-n", "2", "--junit", str(report)],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "AGENTCLI_HOME": str(agentcli_home)},
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "0 failed, 0 errors" in done.stdout
    root = junit(report)
    assert int(root.get("tests", 0)) >= 40 and root.get("failures") == "0"
    runs = json.loads(
        subprocess.run(
            [EXE, "runs", "list", "--json", "--limit", "1000"],
            capture_output=True,
            text=True,
            timeout=PATIENCE,
            check=True,
            env={**os.environ, "AGENTCLI_HOME": str(agentcli_home)},
        ).stdout
    )
    assert len(runs) == int(root.get("tests", 0)) - int(root.get("skipped", 0))
    assert {r["command"] for r in runs} == {"test"}


def test_a_broken_planner_fails_the_build_readably(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A plausible regression: checkout ignores the payment method the customer named."""
    original = checkout_turns.checkout

    def first_method_always(ctx: Any, hint: Any) -> Any:
        return original(
            ctx,
            None
            if ctx.conversation.user is None
            else {
                "source": next(iter(ctx.conversation.user["payment_methods"].values()))["source"]
            },
        )

    monkeypatch.setattr(checkout_turns, "checkout", first_method_always)
    report, db = tmp_path / "junit.xml", tmp_path / "traces.sqlite"
    done = cli(
        "test",
        str(SUITES / "checkout.suite.yaml"),
        "-n",
        "2",
        "--junit",
        str(report),
        "--db",
        str(db),
    )
    assert done.exit_code == 1, done.output
    out = done.stdout
    assert "FAILED checkout::checkout with the credit card" in out
    assert "turn 4  user: 'checkout with my mastercard'" in out
    assert 'expected: [place_order({"payment_method_id": {"regex": "^credit_card_"}})]' in out
    assert 'got:      [place_order({"payment_method_id": "gift_card_6445682"})]' in out
    run_id = out.split("open it with `agentcli inspect ")[1].split()[0]
    assert cli("runs", "show", run_id, "--db", str(db)).exit_code == 0
    root = junit(report)
    failed = [c for c in root.iter("testcase") if c.find("failure") is not None]
    assert "checkout with the credit card" in {c.get("name") for c in failed}
    message = (
        next(c for c in failed if c.get("name") == "checkout with the credit card")
        .find("failure")
        .get("message")
    )  # type: ignore[union-attr]
    assert message.startswith("turn 4: actions: expected [place_order(")  # type: ignore[union-attr]


def test_usage_errors_exit_2_with_the_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.suite.yaml"
    bad.write_text("cases:\n  - name: x\n    turns:\n      - usr: hi\n")
    done = cli("test", str(bad))
    assert done.exit_code == 2
    assert f"error: {bad}:4: cases[0].turns[0].usr: unknown key 'usr'" in done.stderr
    assert cli("test", str(tmp_path / "missing")).exit_code == 2
    (tmp_path / "ok.suite.yaml").write_text(PASSING)
    assert cli("test", str(tmp_path / "ok.suite.yaml"), "-k", "sign and (").exit_code == 2
    assert (
        "no cases to run match"
        in cli("test", str(tmp_path / "ok.suite.yaml"), "-k", "nothing").stderr
    )
    assert cli("test", str(tmp_path / "ok.suite.yaml"), "-n", "0").exit_code == 2


def test_keyword_selection_and_json(tmp_path: Path) -> None:
    (tmp_path / "ok.suite.yaml").write_text(
        PASSING
        + """\
  - name: checkout later
    tags: [slow]
    turns: [{user: hello}]
"""
    )
    done = cli(
        "test",
        str(tmp_path),
        "-k",
        "sign or slow and not checkout",
        "--json",
        "--db",
        str(tmp_path / "t.sqlite"),
    )
    assert done.exit_code == 0, done.output
    report = json.loads(done.stdout)
    assert report["totals"] == {"passed": 1, "failed": 0, "error": 0, "skipped": 0}
    assert report["cases"][0]["id"] == "ok::sign in" and report["cases"][0]["run_id"]


def test_output_problems_never_turn_a_passing_run_red(tmp_path: Path, agentcli_home: Path) -> None:
    suite = tmp_path / "ok.suite.yaml"
    suite.write_text(PASSING)
    env = {**os.environ, "AGENTCLI_HOME": str(agentcli_home)}
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [EXE, "test", str(suite), "--junit", str(tmp_path)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            timeout=120,
        )
    assert done.returncode == 0, done.stderr
    assert "could not write the JUnit report" in done.stderr
    done = subprocess.run(
        [EXE, "test", str(suite)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        timeout=120,
        pass_fds=(),
        close_fds=True,
        preexec_fn=lambda: os.close(1),
    )
    assert done.returncode == 0, done.stderr
