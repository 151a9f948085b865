"""`sandbox serve`, `sandbox state`, `conformance tau2-retail`, `chat --faults` by users."""

from __future__ import annotations

import json
import os
import signal
import subprocess
from pathlib import Path

from tests.e2e.helpers import HARPER, HARPER_PENDING, chat, cli, latest_run_json, shop_order
from tests.e2e.test_subprocess import EXE
from tests.patience import PATIENCE

INITIAL_HASH = "b25c9cb211f5efcaee5dd646054a73c4a9f43f4f5acc32c10713cd9f9ac20e9c"


def _interruptible() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_chat_over_sockets_to_served_vendors(agentcli_home: Path, tmp_path: Path) -> None:
    config = tmp_path / "connectors.yaml"
    env = {**os.environ, "AGENTCLI_HOME": str(agentcli_home)}
    # Ctrl-C as at a terminal: a gate started in the background (`.ci/run &`) hands its
    # children SIGINT ignored, and a Python started so never turns it into KeyboardInterrupt
    server = subprocess.Popen(
        [EXE, "sandbox", "serve", "--port-base", "0", "--config-out", str(config)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        preexec_fn=_interruptible,
    )
    try:
        assert server.stdout is not None
        banner = []
        for line in iter(server.stdout.readline, ""):
            banner.append(line)
            if line.startswith("serving"):
                break
        assert banner[0].startswith("shop ") and "http://127.0.0.1:" in banner[0]
        assert f"connectors config: {config}\n" in banner
        live = ("--connectors", "live", "--connectors-config", str(config))
        result = chat(
            f"I'm {HARPER}",
            f"change the address of order {HARPER_PENDING} to 12 Oak St, Austin, TX 78701",
            "yes",
            args=live,
        )
        assert result.exit_code == 0, result.output
        assert "will be shipped to 12 Oak St, Austin, TX 78701" in result.stdout
        assert latest_run_json()["run"]["connectors_mode"] == "live"
        assert all(
            e["payload"]["url"].startswith("http://127.0.0.1:")
            for e in latest_run_json()["events"]
            if e["kind"] == "http_exchange"
        )
        over_sockets = cli("sandbox", "state", "--hash", *live[:2], *live[2:])
        in_process = cli("sandbox", "state", "--hash")
        assert over_sockets.stdout == in_process.stdout != INITIAL_HASH + "\n"
    finally:
        server.send_signal(signal.SIGINT)
        _, err = server.communicate(timeout=PATIENCE)
    assert server.returncode == 0, err
    assert shop_order(agentcli_home, HARPER_PENDING)["address"]["city"] == "Austin"


def test_sandbox_state_prints_canonical_json_and_its_hash(agentcli_home: Path) -> None:
    hashed = cli("sandbox", "state", "--hash")
    assert (hashed.exit_code, hashed.stdout) == (0, INITIAL_HASH + "\n")
    shop = cli("sandbox", "state")
    document = json.loads(shop.stdout)
    assert set(document) == {"orders", "products", "users"}
    assert json.dumps(document, sort_keys=True) + "\n" == shop.stdout
    pay = cli("sandbox", "state", "--vendor", "pay")
    assert json.loads(pay.stdout) == {"payment_intents": {}, "refunds": {}}
    unknown = cli("sandbox", "state", "--vendor", "bank")
    assert unknown.exit_code == 2 and "unknown vendor 'bank'" in unknown.output


def test_conformance_reproduces_the_quirk_and_fails_on_a_deviation(tmp_path: Path) -> None:
    tasks = ("--task", "0", "--task", "20", "--task", "105")
    result = cli("conformance", "tau2-retail", *tasks)
    assert result.exit_code == 0, result.output
    rows = {
        line.split()[0]: line.split()
        for line in result.stdout.splitlines()[1:]
        if line.split() and line.split()[0].isdigit()
    }
    assert rows["0"][2] == "pass" and rows["20"][2] == "pass"  # τ²'s quirk reproduced
    assert rows["105"][2:] == ["pass", "106_0"]  # the reference's failing action, here too
    assert "3 tasks: 3 pass, 0 deviation(s), 0 fail; pristine hash matches" in result.stdout
    deviating = cli("conformance", "tau2-retail", *tasks, "--no-quirk")
    assert deviating.exit_code == 1, deviating.output
    assert "3 tasks: 2 pass, 1 deviation(s), 0 fail" in deviating.stdout
    assert "did not reproduce τ²'s multi-item modify_pending_order_items quirk" in deviating.stdout
    allowed = cli("conformance", "tau2-retail", *tasks, "--no-quirk", "--allow-deviation")
    assert allowed.exit_code == 0 and "1 deviation(s)" in allowed.stdout
    expected = {"initial": INITIAL_HASH, "tasks": {"5": {"hash": "0" * 64, "failed_actions": []}}}
    wrong = tmp_path / "expected.json"
    wrong.write_text(json.dumps(expected))
    failed = cli("conformance", "tau2-retail", "--task", "5", "--expected", str(wrong), "--json")
    assert failed.exit_code == 1
    report = json.loads(failed.stdout)
    assert report["summary"]["fail"] == 1 and report["tasks"][0]["expected_hash"] == "0" * 64


def test_chat_with_a_fault_plan(agentcli_home: Path, tmp_path: Path) -> None:
    plan = tmp_path / "faults.yaml"
    plan.write_text(
        "rules:\n"
        "  - {vendor: shop, endpoint: POST /orders/*/address, fault: status,\n"
        "     status: 503, count: 1}\n"
        "  - {vendor: shop, endpoint: GET /users/by-email, fault: malformed,\n"
        "     shape: truncated, count: 1}\n"
    )
    result = chat(
        f"I'm {HARPER}",
        f"I'm {HARPER}",
        f"change the address of order {HARPER_PENDING} to 12 Oak St, Austin, TX 78701",
        "yes",
        args=("--faults", str(plan)),
    )
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert "will be shipped to 12 Oak St" in result.stdout  # the write was retried with its key
    events = latest_run_json()["events"]
    exchanges = [e["payload"] for e in events if e["kind"] == "http_exchange"]
    spoiled = next(x for x in exchanges if x["url"].endswith("/users/by-email"))
    assert isinstance(spoiled["response_body"], str) and spoiled["response_body"].startswith("{")
    statuses = [x["status"] for x in exchanges if x["url"].endswith("/address")]
    assert statuses == [503, 200]
    assert all("authorization" not in {k.lower() for k in x["request_headers"]} for x in exchanges)


def test_a_bad_fault_plan_is_refused_with_its_line(agentcli_home: Path, tmp_path: Path) -> None:
    plan = tmp_path / "faults.yaml"
    plan.write_text("rules:\n  - vendor: shop\n    fault: status\n    status: 700\n")
    result = chat("hello", args=("--faults", str(plan)))
    assert result.exit_code == 2
    assert f"{plan}:4: rules.0.status: Input should be less than or equal to 599" in result.output
