"""Matching actions and arguments, and the failures a turn's facts produce."""

from __future__ import annotations

from agentcli.suites.assertions import check_scope, matches, value_matches
from agentcli.suites.model import ActionMatcher, Expectations
from agentcli.suites.observe import ActionFact, ScopeFacts
from agentcli.trace.events import SagaFinished


def fact(name: str, ok: bool | None = True, error: str | None = None, **args: object) -> ActionFact:
    return ActionFact(name, dict(args), "read", ok, error)


def test_values_match_by_regex_subset_list_and_money_tolerance() -> None:
    assert value_matches({"regex": "^note"}, "notebook")
    assert not value_matches({"regex": "^book"}, "notebook")
    assert value_matches({"a": 1}, {"a": 1, "b": 2})
    assert not value_matches({"a": 1, "c": 3}, {"a": 1, "b": 2})
    assert value_matches([1, {"regex": "x"}], [1, "xyz"])
    assert not value_matches([1], [1, 2])
    assert value_matches(28.59, 28.590000000000003)
    assert not value_matches(28.59, 28.6)
    assert not value_matches(True, 1) and not value_matches(1, True)


def test_action_matchers_check_name_args_result_and_error() -> None:
    found = fact("cancel_order", ok=False, error="INVALID_STATE", order_id="#W1", reason="x")
    assert matches(ActionMatcher.model_validate("cancel_order"), found)
    assert matches(ActionMatcher(action="cancel_order", args={"order_id": "#W1"}), found)
    assert not matches(
        ActionMatcher(action="cancel_order", args={"order_id": "#W1"}, match="exact"), found
    )
    assert matches(ActionMatcher(action="cancel_order", ok=False, error="INVALID_STATE"), found)
    assert not matches(ActionMatcher(action="cancel_order", ok=True), found)
    assert not matches(ActionMatcher(action="get_order"), found)


def test_a_turn_reports_each_unmet_expectation_with_expected_and_got() -> None:
    facts = ScopeFacts(
        user="hi",
        actions=[fact("find_user", email="a@b.c"), fact("reply", message="Hello")],
        said=["Hello there"],
        confirmations=0,
        ended_with="reply",
    )
    expect = Expectations.model_validate(
        {
            "actions": ["get_user"],
            "contains": ["escalate_to_human"],
            "absent": ["find_user"],
            "reply_contains": "goodbye",
            "reply_not_contains": "hello",
            "ends_with": "confirmation",
            "confirmation_asked": True,
            "sagas": ["place_order"],
            "invalid_actions": 1,
        }
    )
    failures = {f.check: f for f in check_scope(expect, facts, 3)}
    assert set(failures) == {
        "actions",
        "contains",
        "absent",
        "reply_contains",
        "reply_not_contains",
        "ends_with",
        "confirmation_asked",
        "sagas",
        "invalid_actions",
    }
    assert failures["actions"].expected == "[get_user]"
    assert failures["actions"].got == '[find_user({"email": "a@b.c"})]'
    assert failures["sagas"].got == "none" and failures["confirmation_asked"].got == "not asked"
    assert all(f.turn == 3 for f in failures.values())


def test_met_expectations_produce_no_failures() -> None:
    facts = ScopeFacts(
        actions=[fact("find_user"), fact("reply", message="Hi")],
        said=["Hi"],
        sagas=[
            SagaFinished(
                saga_id="s1",
                saga="place_order",
                status="compensated",
                failed_step="capture_payment",
            )
        ],
        compensations=["create_order"],
        ended_with="reply",
    )
    expect = Expectations.model_validate(
        {
            "actions": ["find_user"],
            "contains": ["reply"],
            "absent": ["place_order"],
            "reply_contains": ["hi"],
            "ends_with": "reply",
            "sagas": [{"saga": "place_order", "status": "compensated"}],
            "compensations": ["create_order"],
        }
    )
    assert check_scope(expect, facts, None) == []
