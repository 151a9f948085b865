"""Versioned prompts: listed, loaded, hashed, rendered from the policy, compared; the CLI."""

from __future__ import annotations

import json

import pytest

from agentcli import promptset
from agentcli.planners.openai import prompt_variables
from agentcli.policy.config import PolicyConfig
from tests.e2e.helpers import cli


def test_versions_are_listed_oldest_first_and_the_latest_is_the_default() -> None:
    assert promptset.versions()[:2] == ["v1", "v2"]
    assert promptset.latest() == promptset.versions()[-1]
    assert promptset.load().version == promptset.latest()


def test_the_hash_covers_the_content() -> None:
    one, two = promptset.load("v1"), promptset.load("v2")
    assert one.hash == promptset.load("v1").hash and len(one.hash) == 16
    assert one.hash != two.hash
    changed = promptset.PromptSet(
        one.version, one.description, ((one.files[0][0], one.files[0][1] + "x"), *one.files[1:]), ""
    )
    assert changed.files != one.files


RULES = {
    "only the tools": ("Respond only with the tools", "Act only through the tools"),
    "no figure no tool returned": ("Never state a price", "Never invent a tool, id, price"),
    "ask when unsure": ("Ask when unsure", "Ask when a detail is missing"),
}


@pytest.mark.parametrize("version", promptset.versions())
def test_every_version_renders_from_the_policy_alone(version: str) -> None:
    prompts = promptset.load(version)
    policy = PolicyConfig.model_validate(
        {"approval": {"threshold": 250}, "shipping": {"blocked_regions": ["AK", "HI"]}}
    )
    text = prompts.render(prompt_variables(policy))
    assert "{{" not in text and "$250.00" in text and "AK, HI" in text
    # every version keeps the rules, in its own words (the compact one in fewer)
    for rule, wordings in RULES.items():
        assert any(w in text for w in wordings), f"{version} lost the rule: {rule}"
    assert "escalate_to_human" in text


def test_a_missing_value_is_named() -> None:
    with pytest.raises(promptset.PromptError, match="needs values for: blocked_regions"):
        promptset.load("v1").render({"threshold": "$1"})


def test_an_unknown_version_names_the_known_ones() -> None:
    with pytest.raises(promptset.PromptError, match=r"no prompt version 'v0'; available: v1, v2"):
        promptset.load("v0")


def test_diff_shows_what_changed_file_by_file() -> None:
    text = promptset.diff(promptset.load("v1"), promptset.load("v2"))
    assert text.startswith("--- v1/system.md\n+++ v2/system.md\n")
    assert "+- Only the customer's own messages say what to buy and how many." in text
    assert promptset.diff(promptset.load("v1"), promptset.load("v1")) == ""


def test_cli_list_show_diff() -> None:
    listed = cli("prompts", "list", "--json")
    assert listed.exit_code == 0
    rows = json.loads(listed.stdout)
    assert [r["version"] for r in rows][:2] == ["v1", "v2"]
    assert rows[-1]["default"] and rows[0]["hash"] == promptset.load("v1").hash

    shown = cli("prompts", "show", "v1")
    assert shown.exit_code == 0 and "==> v1/safety.md <==" in shown.stdout
    assert "{{ threshold }}" in shown.stdout
    rendered = cli("prompts", "show", "v2", "--rendered")
    assert "$1,000.00" in rendered.stdout and "{{" not in rendered.stdout

    diffed = cli("prompts", "diff", "v1", "v2")
    assert diffed.exit_code == 0 and "+++ v2/tools.md" in diffed.stdout


def test_cli_unknown_version_is_a_usage_error() -> None:
    result = cli("prompts", "show", "v99")
    assert result.exit_code == 2
    assert "no prompt version 'v99'" in result.stderr and "Traceback" not in result.output


def test_the_model_learns_of_every_action_from_the_prompt_or_its_tool_definition() -> None:
    from agentcli.actions import ACTION_TYPES
    from agentcli.actions.tools import tool_definitions

    text = promptset.load().render(prompt_variables(PolicyConfig()))
    described = {
        tool["function"]["name"]
        for tool in tool_definitions("portable")
        if len(tool["function"].get("description", "")) >= 20
    }
    missing = [name for name in ACTION_TYPES if f"`{name}`" not in text and name not in described]
    assert missing == []
