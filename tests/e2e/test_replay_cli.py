"""`agentcli replay` and `agentcli diff` through the CLI, on runs that `agentcli chat` recorded."""

from __future__ import annotations

import json
from pathlib import Path

from tests.e2e.helpers import HARPER, chat, cli, latest_run_json, shop_hash

CHECKOUT = (
    f"I'm {HARPER}",
    "find a notebook",
    "show me the second one",
    "add it",
    "checkout with my gift card",
    "yes",
)


def _recorded_run() -> dict:
    result = chat(*CHECKOUT, args=("--quiet",))
    assert result.exit_code == 0, result.output
    run = latest_run_json()
    assert Path(run["run"]["cassette"]).exists()
    return run


def test_chat_records_a_cassette_that_replays_sealed(agentcli_home: Path) -> None:
    run = _recorded_run()
    cassette = Path(run["run"]["cassette"])
    assert cassette.parent == agentcli_home / "cassettes"
    assert cassette.suffix == ".json" and json.loads(cassette.read_text())["version"] == 1
    result = cli("replay", run["run"]["id"], "--check")
    assert result.exit_code == 0, result.output
    assert "OK: the events are the same" in result.stdout
    report = json.loads(cli("replay", "latest", "--check", "--json").stdout)
    assert report["ok"] is True and report["events_replayed"] == len(run["events"])


def test_an_altered_cassette_fails_the_check_with_a_precise_report(agentcli_home: Path) -> None:
    run = _recorded_run()
    cassette = Path(run["run"]["cassette"])
    cassette.write_text(cassette.read_text().replace('"price": 29.28', '"price": 31.0', 1))
    result = cli("replay", "latest", "--check")
    assert result.exit_code == 1
    out = result.stdout
    assert "DIVERGED" in out and "first divergence at event #" in out
    assert "payload.response_body.results[1].price" in out
    assert "expected  29.28" in out and "got       31.0" in out


def test_a_changed_request_names_the_matcher_and_the_nearest_recording(agentcli_home: Path) -> None:
    run = _recorded_run()
    cassette = Path(run["run"]["cassette"])
    cassette.write_text(cassette.read_text().replace("q=notebook", "q=notebooks", 1))
    report = json.loads(cli("replay", "latest", "--check", "--json").stdout)
    assert report["ok"] is False
    miss = report["divergence"]["miss"]
    assert miss["failed_matchers"] == ["query"]
    assert "q=notebooks" in miss["nearest"]


def test_a_counterfactual_script_shows_its_divergence_and_blocks_writes(
    agentcli_home: Path, tmp_path: Path
) -> None:
    run = _recorded_run()
    before = shop_hash(agentcli_home)
    decisions = [e["payload"]["proposals"] for e in run["events"] if e["kind"] == "model_response"]
    for decision in decisions:
        if decision[0]["action"] == "place_order":
            decision[0]["payment_method_id"] = "credit_card_1719121"
    script = tmp_path / "decisions.json"
    script.write_text(json.dumps(decisions))
    result = cli("replay", run["run"]["id"], "--planner", "script", "--script", str(script))
    assert result.exit_code == 1, result.output  # it diverges: the exit code says so
    out = result.stdout
    assert f"(parent {run['run']['id']})" in out
    assert "first divergence at event" in out and "turn 5: decisions" in out
    assert 'place_order(payment_method_id="credit_card_1719121")' in out
    assert "blocked writes (2)" in out
    assert "add_to_cart(item_id='7579176349', quantity=1) - the recorded result was shown" in out
    assert "place_order(payment_method_id='credit_card_1719121') - not in the recording" in out
    assert shop_hash(agentcli_home) == before
    new = latest_run_json()["run"]
    assert new["parent_run"] == run["run"]["id"] and new["connectors_mode"] == "counterfactual"

    diff = cli("diff", run["run"]["id"], new["id"])
    assert diff.exit_code == 1
    assert "first divergence at turn 5, decisions" in diff.stdout
    data = json.loads(cli("diff", run["run"]["id"], new["id"], "--json").stdout)
    assert data["first_divergence"]["aspect"] == "decisions"
    assert cli("diff", run["run"]["id"], run["run"]["id"]).exit_code == 0


def test_mistakes_get_one_line_and_exit_2(agentcli_home: Path) -> None:
    result = chat(f"I'm {HARPER}", args=("--quiet", "--no-record"))
    assert result.exit_code == 0
    no_cassette = cli("replay", "latest", "--check")
    assert no_cassette.exit_code == 2 and "has no cassette" in no_cassette.stderr
    both = cli("replay", "latest", "--check", "--planner", "rules")
    assert both.exit_code == 2
    target = cli("replay", "latest", "--planner", "rules", "--allow-writes", "prod")
    assert target.exit_code == 2 and "the only target is 'sandbox'" in target.output
    missing = cli("replay", "NOSUCHRUN", "--check")
    assert missing.exit_code == 1 and "no run matches" in missing.stderr
    for result in (no_cassette, both, missing):
        assert "Traceback" not in result.output


def test_a_wrong_key_is_refused_with_the_key_ids(agentcli_home: Path, tmp_path: Path) -> None:
    _recorded_run()
    other = tmp_path / "other.key"
    other.write_text("ab" * 32)
    result = cli("replay", "latest", "--check", "--key", str(other))
    assert result.exit_code == 2 and "was masked with key" in result.stderr


def test_an_exported_run_replays_from_its_directory(agentcli_home: Path, tmp_path: Path) -> None:
    _recorded_run()
    assert cli("replay", "latest", "--export", str(tmp_path / "golden")).exit_code == 0
    assert sorted(p.name for p in (tmp_path / "golden").iterdir()) == [
        "cassette.yaml",
        "trace.json",
    ]
    result = cli("replay", str(tmp_path / "golden"), "--check", "--db", str(tmp_path / "no.db"))
    assert result.exit_code == 0, result.output


def test_a_counterfactual_with_another_prompt_version_through_the_cli(agentcli_home: Path) -> None:
    from tests.llm.fake import MODEL, FakeOpenAI, serve
    from tests.replay.test_prompts import LINES, follows_the_prompt

    fake = FakeOpenAI(follows_the_prompt)
    with serve(fake.app) as base_url:
        model = ("--planner", "openai", "--model", MODEL, "--base-url", base_url)
        recorded = chat(*LINES, args=(*model, "--prompts", "v1", "--quiet"))
        assert recorded.exit_code == 0, recorded.output
        parent = latest_run_json()["run"]
        assert parent["prompt_version"] == "v1"
        result = cli("replay", parent["id"], *model, "--prompts", "v2")
    assert result.exit_code == 1, result.output  # its decisions diverge
    assert "turn 3: decisions" in result.stdout
    assert (
        'add_to_cart(expected_unit_price=29.28, item_id="7579176349", quantity=1)' in result.stdout
    )
    assert "add_to_cart(" in result.stdout.split("blocked writes")[1]
    child = latest_run_json()["run"]
    assert (child["prompt_version"], child["parent_run"]) == ("v2", parent["id"])
    assert cli("replay", child["id"], "--check").exit_code == 0


YARA_LI = "yara.li6570@example.com"  # last name "Li": shorter than any word-masked value


def test_a_customer_with_a_two_letter_name_replays_sealed(agentcli_home: Path) -> None:
    result = chat(
        f"I'm {YARA_LI}",
        "find a notebook",
        "add the first one",
        "checkout with my paypal",
        "yes",
        args=("--quiet",),
    )
    assert result.exit_code == 0, result.output
    run = latest_run_json()
    cassette = Path(run["run"]["cassette"]).read_text()
    assert '"Li"' not in cassette and "yara" not in cassette.lower()
    sealed = cli("replay", run["run"]["id"], "--check")
    assert sealed.exit_code == 0, sealed.output
    # an altered answer names the field, its value masked on both sides as the cassette masks it
    Path(run["run"]["cassette"]).write_text(cassette.replace('"status": "pending"', '"x": 1', 1))
    altered = json.loads(cli("replay", run["run"]["id"], "--check", "--json").stdout)
    assert altered["ok"] is False
    assert "Li" not in json.dumps(altered["divergence"]).replace("List", "")


def test_a_same_planner_counterfactual_reproduces_the_run_and_diffs_clean(
    agentcli_home: Path,
) -> None:
    changed_cart = (
        f"I'm {HARPER}",
        "find a notebook",
        "add the first one",
        "add the second one",
        "remove the first one",
        "checkout with my gift card",
        "yes",
    )
    assert chat(*changed_cart, args=("--quiet",)).exit_code == 0
    parent = latest_run_json()
    result = cli("replay", parent["run"]["id"], "--planner", "rules")
    assert result.exit_code == 0, result.output
    assert "no divergence" in result.stdout
    child = latest_run_json()
    said = [e["payload"]["text"] for e in child["events"] if e["kind"] == "assistant_message"]
    checkout = next(text for text in said if text.startswith("I will place an order"))
    assert "A4" in checkout and "A5" not in checkout  # the cart as it was, not as first read
    diff = cli("diff", parent["run"]["id"], child["run"]["id"])
    assert diff.exit_code == 0, diff.output
    assert "no difference in 7 turns" in diff.stdout
    # a different decision is a divergence, and the exit codes say so
    script = [e["payload"]["proposals"] for e in parent["events"] if e["kind"] == "model_response"]
    script[2] = [{"action": "reply", "message": "I would rather not."}]
    path = agentcli_home / "other.json"
    path.write_text(json.dumps(script))
    other = cli("replay", parent["run"]["id"], "--planner", "script", "--script", str(path))
    assert other.exit_code == 1, other.output
    assert cli("diff", parent["run"]["id"], "latest").exit_code == 1
