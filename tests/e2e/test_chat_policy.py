"""The policy through `agentcli chat --policy FILE`: what no file can loosen, and what it adds."""

from __future__ import annotations

import os
import subprocess
import threading
from pathlib import Path

import pytest
import yaml

from tests.e2e.helpers import (
    HARPER,
    HARPER_ID,
    HARPER_PENDING,
    chat,
    latest_run_json,
    pay_intents,
    shop_order,
)
from tests.e2e.test_subprocess import EXE

CHECKOUT = (
    f"I'm {HARPER}",
    "find a notebook",
    "show me the second one",
    "add it",
    "checkout with my gift card",
    "yes",
)
AGAIN = ("add it", "checkout with my gift card", "yes")  # the same $29.28 notebook once more


def _policy(tmp_path: Path, text: str) -> str:
    path = tmp_path / "policy.toml"
    path.write_text(text)
    return str(path)


def test_a_policy_exempting_place_order_is_refused_before_anything_runs(
    agentcli_home: Path, tmp_path: Path
) -> None:
    policy = _policy(tmp_path, '[confirmation]\nexempt = ["add_to_cart", "place_order"]\n')
    result = chat(*CHECKOUT, args=("--policy", policy))
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"error: {policy}: line 2: confirmation.exempt: place_order moves money, so it always "
        "needs the customer's explicit yes and cannot be exempted"
    )
    assert "Traceback" not in result.output and not (agentcli_home / "traces.sqlite").exists()


@pytest.mark.parametrize("value", ["inf", "nan", "-20.0"])
def test_a_threshold_that_is_no_amount_is_a_usage_error(
    agentcli_home: Path, tmp_path: Path, value: str
) -> None:
    policy = _policy(tmp_path, f"[approval]\nthreshold = 100\nsession_threshold = {value}\n")
    result = chat("hello", args=("--policy", policy))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {policy}: line 3: approval.session_threshold: ")


def test_crossing_the_session_threshold_needs_the_operator(
    agentcli_home: Path, tmp_path: Path
) -> None:
    policy = _policy(tmp_path, "[approval]\nsession_threshold = 50\n")
    result = chat(*CHECKOUT, *AGAIN, args=("--policy", policy))
    assert result.exit_code == 0, result.output
    assert result.stdout.count("is placed") == 1  # $29.28 alone stays under $50
    assert (
        "This brings the session's total above the policy's session threshold, so an "
        "operator must approve it too."
    ) in result.stdout
    assert (
        "An operator must approve this (this session's total would be 58.56, above the "
        "session threshold of 50.00) and did not, so nothing was ordered, changed or "
        "charged."
    ) in result.stdout
    assert len(pay_intents(agentcli_home, HARPER_ID)) == 1
    asked = [
        e["payload"]
        for e in latest_run_json()["events"]
        if e["kind"] == "approval_requested" and e["payload"]["from"] == "operator"
    ]
    assert [(a["session_total"], a["session_threshold"]) for a in asked] == [(29.28, 50.0)]


def test_the_operator_may_approve_a_session_above_its_threshold(
    agentcli_home: Path, tmp_path: Path
) -> None:
    policy = _policy(tmp_path, "[approval]\nsession_threshold = 50\n")
    result = chat(*CHECKOUT, *AGAIN, args=("--policy", policy, "--approve-all"))
    assert result.stdout.count("is placed") == 2
    assert len(pay_intents(agentcli_home, HARPER_ID)) == 2


def _ship_order_to(tmp_path: Path, state: str, country: str) -> str:
    script = tmp_path / "script.yaml"
    script.write_text(
        yaml.safe_dump(
            {
                "decisions": [
                    {"action": "find_user", "email": HARPER},
                    {"action": "reply", "message": "Signed in."},
                    {
                        "action": "modify_order_address",
                        "order_id": HARPER_PENDING,
                        "address1": "1 Main St",
                        "city": "Somewhere",
                        "state": state,
                        "country": country,
                        "zip": "44100",
                    },
                    {"action": "reply", "message": "That address cannot be used."},
                ]
            }
        )
    )
    return str(script)


@pytest.mark.parametrize(
    ("blocked", "state", "country"),
    [
        ("MX", "Jalisco", "Mexico"),
        ("Mexico", "Jalisco", "Mexico"),
        ("mexico", "Jalisco", "MEX"),
        ("Texas", "TX", "USA"),
        ("TX", "Texas", "United States"),
        ("US-TX", "tx", "USA"),
    ],
)
def test_blocked_regions_match_states_and_countries_by_code_and_name(
    agentcli_home: Path, tmp_path: Path, blocked: str, state: str, country: str
) -> None:
    policy = _policy(tmp_path, f'[shipping]\nblocked_regions = ["{blocked}"]\n')
    script = _ship_order_to(tmp_path, state, country)
    result = chat(
        f"I'm {HARPER}",
        "ship my order there",
        "yes",
        args=("--policy", policy, "--planner", "script", "--script", script),
    )
    assert result.exit_code == 0, result.output
    assert "Shall I go ahead?" not in result.stdout
    [refused] = [
        e["payload"]
        for e in latest_run_json()["events"]
        if e["kind"] == "action_result" and e["payload"]["action"] != "find_user"
    ]
    assert refused["error"]["code"] == "POLICY"
    assert "is blocked by policy" in refused["error"]["message"]
    assert shop_order(agentcli_home, HARPER_PENDING)["address"]["state"] != state


def test_an_address_outside_the_blocked_regions_is_asked_about(
    agentcli_home: Path, tmp_path: Path
) -> None:
    policy = _policy(tmp_path, '[shipping]\nblocked_regions = ["MX", "Texas"]\n')
    script = _ship_order_to(tmp_path, "NM", "USA")
    result = chat(
        f"I'm {HARPER}",
        "ship my order there",
        args=("--policy", policy, "--planner", "script", "--script", script),
    )
    assert "Shall I go ahead?" in result.stdout


def test_a_kill_switch_turned_on_while_the_customer_decides_stops_the_write(
    agentcli_home: Path, tmp_path: Path
) -> None:
    """A real process: the switch's file appears between the question and the customer's yes."""
    switch = tmp_path / "STOP"
    policy = _policy(tmp_path, f'[kill_switch]\nfile = "{switch}"\n')
    env = {**os.environ, "AGENTCLI_HOME": str(agentcli_home), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [EXE, "chat", "--policy", policy],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    watchdog = threading.Timer(300, process.kill)  # only if the question never comes
    watchdog.start()
    try:
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write("\n".join(CHECKOUT[:-1]) + "\n")
        process.stdin.flush()
        seen = []
        while not any("Shall I go ahead?" in line for line in seen):
            line = process.stdout.readline()
            assert line, "".join(seen)
            seen.append(line)
        switch.touch()
        out, err = process.communicate("yes\n")
    finally:
        watchdog.cancel()
    assert process.returncode == 0, err
    assert (
        f"I did not place order: the kill switch is on ({switch} exists): no writes are "
        "allowed. Nothing was changed."
    ) in out
    assert pay_intents(agentcli_home, HARPER_ID) == []
    events = latest_run_json()["events"]
    assert not any(e["kind"] == "saga_started" for e in events)
    [guard] = [
        e["payload"]
        for e in events
        if e["kind"] == "guardrail" and e["payload"].get("rule") == "kill_switch"
    ]
    assert guard["at"] == "the customer's yes"
