"""Suite files: valid ones load with defaults applied; every mistake names its file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from agentcli.suites.loader import SuiteError, discover, load_cases, load_text

GOOD = """\
suite: demo
defaults:
  tags: [shop]
  policy: {approval: {threshold: 50}}
cases:
  - name: sign in
    tags: [signin]
    turns:
      - user: I'm harper.khan1177@example.com
        expect:
          actions: [find_user]
  - name: strict
    policy: {approval: {threshold: 10}}
    operator: approve
    faults:
      - {vendor: pay, fault: decline}
    turns:
      - user: hello
"""


def problems(text: str) -> list[str]:
    with pytest.raises(SuiteError) as caught:
        load_text(text, "s.suite.yaml")
    return caught.value.problems


def test_a_valid_suite_loads_with_its_defaults_applied() -> None:
    first, second = load_text(GOOD, "demo.suite.yaml")
    assert first.id == "demo::sign in" and first.line == 6
    assert first.tags == ("shop", "signin")
    assert first.policy.approval.threshold == 50 and second.policy.approval.threshold == 10
    assert first.operator == "deny" and second.operator == "approve"
    assert second.faults is not None and second.faults.rules[0].fault == "decline"
    assert first.planner.kind == "rules"


def test_each_case_gets_the_policy_its_own_settings_make() -> None:
    """Cases with the same settings may share one (frozen) policy; none gets another's."""
    text = GOOD + (
        "  - name: like the defaults\n    turns: [{user: hi}]\n"
        "  - name: strict again\n    policy: {approval: {threshold: 10}}\n"
        "    turns: [{user: hi}]\n"
        "  - name: written in another order\n"
        "    policy: {quotas: {max_writes_per_session: 3}, approval: {threshold: 10}}\n"
        "    turns: [{user: hi}]\n"
    )
    cases = {case.name: case for case in load_text(text, "demo.suite.yaml")}
    thresholds = {name: case.policy.approval.threshold for name, case in cases.items()}
    assert thresholds == {
        "sign in": 50,
        "strict": 10,
        "like the defaults": 50,
        "strict again": 10,
        "written in another order": 10,
    }
    assert cases["written in another order"].policy.quotas.max_writes_per_session == 3
    assert cases["strict"].policy.quotas.max_writes_per_session != 3
    assert cases["sign in"].policy.digest() == cases["like the defaults"].policy.digest()
    assert cases["strict"].policy.digest() != cases["sign in"].policy.digest()


def test_yaml_syntax_error_names_the_line() -> None:
    assert problems("cases:\n  - name: x\n    turns: [\n")[0].startswith("s.suite.yaml:4:")


def test_unknown_key_and_unknown_action_are_reported_at_their_lines() -> None:
    text = (
        "cases:\n"
        "  - name: a\n"
        "    turns:\n"
        "      - user: hi\n"
        "        expect:\n"
        "          actoins: [find_user]\n"
        "  - name: b\n"
        "    turns:\n"
        "      - user: hi\n"
        "        expect:\n"
        "          actions: [fnd_user]\n"
    )
    found = problems(text)
    assert found[0] == "s.suite.yaml:6: cases[0].turns[0].expect.actoins: unknown key 'actoins'"
    text = text.replace("actoins", "actions")
    assert problems(text) == [
        "s.suite.yaml:11: cases[1].turns[0].expect.actions[0]: unknown action 'fnd_user'"
    ]


def test_an_order_id_after_a_space_is_a_yaml_comment_and_is_caught() -> None:
    found = problems("cases:\n  - name: a\n    turns:\n      - user: where is order #W8073958\n")
    assert found == [
        "s.suite.yaml:4: the user line 'where is order' stops where a YAML comment "
        "('#W8073958') starts; put the whole line in quotes"
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "cases:\n  - name: a\n    turns: []\n",
            "s.suite.yaml:2: cases[0]: an agent case needs at least one turn",
        ),
        (
            "cases:\n  - {name: a, turns: [{user: x}]}\n  - {name: a, turns: [{user: y}]}\n",
            "s.suite.yaml:3: cases[1].name: another case is already named 'a'",
        ),
        (
            "cases:\n  - name: a\n    turns:\n      - user: x\n"
            "        expect: {reply_matches: '('}\n",
            "s.suite.yaml:5: cases[0].turns[0].expect.reply_matches: bad regex '('",
        ),
        (
            "cases:\n  - name: a\n    policy: {approval: {threshold: -1}}\n"
            "    turns: [{user: x}]\n",
            "s.suite.yaml:3: cases[0].policy.approval.threshold: Input should be greater than or "
            "equal to 0",
        ),
        (
            "cases:\n  - name: a\n    faults: [{vendor: nowhere, fault: decline}]\n"
            "    turns: [{user: x}]\n",
            "s.suite.yaml:3: cases[0].faults.rules[0].vendor: unknown vendor 'nowhere'",
        ),
        (
            "cases:\n  - name: a\n    turns:\n      - user: x\n        script: [[]]\n",
            "s.suite.yaml:5: cases[0].turns[0].script: a turn script needs `planner: script`",
        ),
        ("- just a list\n", "s.suite.yaml:1: a suite is a mapping with a `cases` list"),
    ],
)
def test_mistakes_are_explained(text: str, expected: str) -> None:
    assert any(p.startswith(expected) for p in problems(text)), problems(text)


def test_discovery_finds_suite_files_and_refuses_missing_paths(tmp_path: Path) -> None:
    (tmp_path / "a.suite.yaml").write_text(GOOD)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.suite.yml").write_text(GOOD.replace("demo", "other"))
    (tmp_path / "notes.yaml").write_text("not: a suite\n")
    assert [p.name for p in discover([tmp_path])] == ["a.suite.yaml", "b.suite.yml"]
    assert len(load_cases([tmp_path])) == 4
    with pytest.raises(SuiteError, match="no such file"):
        discover([tmp_path / "missing"])


def test_problems_of_several_files_are_reported_together(tmp_path: Path) -> None:
    (tmp_path / "a.suite.yaml").write_text("cases: [\n")
    (tmp_path / "b.suite.yaml").write_text("cases: []\n")
    with pytest.raises(SuiteError) as caught:
        load_cases([tmp_path])
    assert [p.split(":")[0] for p in caught.value.problems] == [
        str(tmp_path / "a.suite.yaml"),
        str(tmp_path / "b.suite.yaml"),
    ]


def test_a_fault_plan_file_next_to_the_suite_is_read_and_checked(tmp_path: Path) -> None:
    (tmp_path / "capture.faults.yaml").write_text(
        "rules:\n  - {vendor: pay, endpoint: 'POST /v1/payment_intents/*/capture', "
        "fault: status, status: 503}\n"
    )
    (tmp_path / "bad.faults.yaml").write_text("rules:\n  - {vendor: pay, fault: explode}\n")
    suite = tmp_path / "f.suite.yaml"
    suite.write_text(
        "cases:\n  - name: a\n    faults: capture.faults.yaml\n    turns: [{user: hi}]\n"
    )
    (case,) = load_cases([suite])
    assert case.faults is not None and case.faults.rules[0].status == 503
    suite.write_text(suite.read_text().replace("capture.faults", "bad.faults"))
    with pytest.raises(SuiteError) as caught:
        load_cases([suite])
    assert caught.value.problems[0].startswith(f"{suite}:3: cases[0].faults: ")
    assert "bad.faults.yaml:2" in caught.value.problems[0]
