"""`agentcli chat --planner script --script FILE`: decisions from YAML or JSON, validated as
a model's would be; a bad file is a usage error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from agentcli.planners.script import ScriptFileError, load_script
from tests.e2e.helpers import HARPER, chat, latest_run_json

SCRIPT_YAML = f"""
decisions:
  - action: find_user
    email: {HARPER}
  - action: reply
    message: Signed in.
  - [{{action: get_order, order_id: "bad id"}}]
  - action: reply
    message: That order id is not valid.
"""


def test_a_yaml_script_drives_the_chat_and_invalid_steps_are_repaired(
    agentcli_home: Path, tmp_path: Path
) -> None:
    script = tmp_path / "script.yaml"
    script.write_text(SCRIPT_YAML)
    result = chat(
        f"I'm {HARPER}", "where is my order", args=("--planner", "script", "--script", str(script))
    )
    assert result.exit_code == 0, result.output
    assert "Signed in." in result.stdout and "That order id is not valid." in result.stdout
    run = latest_run_json()
    assert run["run"]["planner"] == "script" and run["run"]["prompt_version"] is None
    kinds = [e["kind"] for e in run["events"]]
    assert kinds.count("action_invalid") == 1


def test_a_json_script_works_too(agentcli_home: Path, tmp_path: Path) -> None:
    script = tmp_path / "script.json"
    script.write_text(json.dumps([[{"action": "reply", "message": "Hello from JSON."}]]))
    result = chat("hi", args=("--planner", "script", "--script", str(script)))
    assert "Hello from JSON." in result.stdout


def test_when_the_script_runs_out_the_user_is_told(agentcli_home: Path, tmp_path: Path) -> None:
    script = tmp_path / "script.json"
    script.write_text(json.dumps([{"action": "reply", "message": "One."}]))
    result = chat("hi", "again", args=("--planner", "script", "--script", str(script)))
    assert result.exit_code == 0
    assert "the script has run out of decisions (it has 1)" in result.stdout


@pytest.mark.parametrize(
    "content,message",
    [
        ("[1, 2", "is not valid JSON"),
        ("{}", "a script is a non-empty list of decisions"),
        ("[[]]", "decision 1 must be an action object"),
        ('["reply"]', "decision 1 must be an action object"),
    ],
)
def test_bad_script_files_are_named(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "s.json"
    path.write_text(content)
    with pytest.raises(ScriptFileError, match=message):
        load_script(path)


def test_cli_script_mistakes_exit_2(agentcli_home: Path, tmp_path: Path) -> None:
    missing = chat("hi", args=("--planner", "script", "--script", str(tmp_path / "none.yaml")))
    assert missing.exit_code == 2 and "no script file at" in missing.stderr
    no_file = chat("hi", args=("--planner", "script"))
    assert no_file.exit_code == 2 and "--planner script needs --script FILE" in no_file.stderr
    bad_yaml = tmp_path / "bad.yaml"
    bad_yaml.write_text("- action: [unclosed\n")
    broken = chat("hi", args=("--planner", "script", "--script", str(bad_yaml)))
    assert broken.exit_code == 2 and "is not valid YAML" in broken.stderr
    unknown = chat("hi", args=("--planner", "gpt"))
    assert unknown.exit_code == 2 and "unknown planner 'gpt'" in unknown.output


def test_the_rules_planner_records_no_prompt_version(agentcli_home: Path) -> None:
    chat("hello")
    run = latest_run_json()["run"]
    assert run["planner"] == "rules" and run["prompt_version"] is None
    assert run["prompt_hash"] is None
