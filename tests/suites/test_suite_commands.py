"""`suites from-run`, `suites import-tau2`, `suites schema` and `metrics`, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner

from agentcli.cli.app import app
from agentcli.suites.schema import schema_text, shipped_schema_text
from sandbox import TAU2_RETAIL_DATA

RUNNER = CliRunner()
DATA = TAU2_RETAIL_DATA


def cli(*args: str, stdin: str | None = None) -> Any:
    return RUNNER.invoke(app, list(args), input=stdin)


def test_a_recorded_chat_becomes_a_passing_regression_case(tmp_path: Path) -> None:
    lines = [
        "I'm harper.khan1177@example.com",
        "find a notebook",
        "add the first one",
        "checkout with my gift card",
        "yes",
    ]
    assert cli("chat", stdin="\n".join(lines) + "\n").exit_code == 0
    out = tmp_path / "regressions.suite.yaml"
    made = cli("suites", "from-run", "latest", "--out", str(out), "--name", "gift checkout")
    assert made.exit_code == 0, made.output
    case = yaml.safe_load(out.read_text())["cases"][0]
    assert case["planner"] == "rules" and [t["user"] for t in case["turns"]] == lines
    assert case["turns"][3]["expect"]["actions"] == [
        {"action": "place_order", "args": {"payment_method_id": "gift_card_6445682"}}
    ]
    assert case["turns"][4]["expect"]["sagas"] == ["place_order"]
    assert case["expect"]["outcome"] == "purchase"
    assert cli("chat", stdin="I'm harper.khan1177@example.com\nI want a person\n").exit_code == 0
    assert cli("suites", "from-run", "latest", "--out", str(out)).exit_code == 0
    assert len(yaml.safe_load(out.read_text())["cases"]) == 2
    tested = cli("test", str(out), "--json")
    assert tested.exit_code == 0, tested.output
    assert json.loads(tested.stdout)["totals"]["passed"] == 2


def test_tau2_tasks_become_agent_and_connector_cases_with_reference_hashes(
    tmp_path: Path,
) -> None:
    out = tmp_path / "tau2.suite.yaml"
    made = cli(
        "suites",
        "import-tau2",
        str(DATA / "tasks.json"),
        "--hashes",
        str(DATA / "gold_hashes_train.json"),
        "--task",
        "66",
        "--task",
        "67",
        "--out",
        str(out),
    )
    assert made.exit_code == 0, made.output
    cases = {c["name"]: c for c in yaml.safe_load(out.read_text())["cases"]}
    assert cases["task 66"]["planner"] == "script"  # sign in, look up, cancel: the agent can
    assert cases["task 66"]["turns"][1]["user"] == "yes"  # the cancel waited for a yes
    assert cases["task 67"]["kind"] == "tau2"  # gold calls that fail: through the connector
    assert cases["task 67"]["expect"]["failed_calls"] == ["67_0", "67_1"]
    gold = json.loads((DATA / "gold_hashes_train.json").read_text())["tasks"]
    assert cases["task 66"]["expect"]["state"]["shop_hash"] == gold["66"]["hash"]
    tested = cli("test", str(out))
    assert tested.exit_code == 0, tested.output
    assert cli("suites", "import-tau2", str(tmp_path / "none.json")).exit_code == 2


def test_a_multi_item_change_is_imported_to_end_in_the_reference_hash(tmp_path: Path) -> None:
    """Task 20's end state depends on τ²'s multi-item modify quirk: it becomes a tau2 case run
    on the shop as the reference behaves, and passes, as `conformance tau2-retail` does."""
    out = tmp_path / "tau2.suite.yaml"
    made = cli(
        "suites",
        "import-tau2",
        str(DATA / "tasks.json"),
        "--hashes",
        str(DATA / "gold_hashes_train.json"),
        "--task",
        "20",
        "--out",
        str(out),
    )
    assert made.exit_code == 0, made.output
    [case] = yaml.safe_load(out.read_text())["cases"]
    assert case["kind"] == "tau2"
    gold = json.loads((DATA / "gold_hashes_train.json").read_text())["tasks"]
    assert case["expect"]["state"]["shop_hash"] == gold["20"]["hash"]
    tested = cli("test", str(out), "--json")
    assert tested.exit_code == 0, tested.output


def test_metrics_over_chat_and_test_runs(tmp_path: Path) -> None:
    assert (
        cli(
            "chat",
            stdin="I'm harper.khan1177@example.com\nfind a notebook\nadd the first "
            "one\ncheckout with my gift card\nyes\n",
        ).exit_code
        == 0
    )
    assert cli("chat", stdin="I want a person\n").exit_code == 0
    suite = tmp_path / "m.suite.yaml"
    suite.write_text(
        "cases:\n  - name: a\n    turns:\n      - user: find a notebook\n"
        "        expect: {actions: [search_products, get_product]}\n"
    )
    assert cli("test", str(suite)).exit_code == 1
    report = json.loads(cli("metrics", "--json").stdout)["total"]
    assert report["runs"] == 3
    assert report["conversion_rate"] == round(1 / 3, 4)
    assert report["escalation_rate"] == round(1 / 3, 4)
    assert report["compensation_rate"] == 0.0 and report["average_handle_time_s"] > 0
    assert report["action_precision"] == 1.0 and report["action_recall"] == 0.5
    only_chat = json.loads(cli("metrics", "--json", "--command", "chat").stdout)["total"]
    assert only_chat["runs"] == 2 and only_chat["cases_scored"] == 0
    text = cli("metrics", "--since", "1d").stdout
    assert "conversion rate" in text and "33.3%" in text
    assert cli("metrics", "--since", "yesterday-ish").exit_code == 2


def test_the_shipped_schema_is_the_generated_one() -> None:
    assert shipped_schema_text() == schema_text()
    printed = json.loads(cli("suites", "schema").stdout)
    assert printed["title"] == "agentcli conversation suite"
    assert "turns" in printed["$defs"]["Case"]["properties"]
