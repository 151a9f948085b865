"""Lines in an order no case foresaw: the offline planner answers each one, never failing.

Each test is a conversation that once made the planner raise, so the customer read "Sorry, I
could not work out what to do." instead of the one question a clerk would ask.
"""

from __future__ import annotations

from pathlib import Path

from tests.e2e.helpers import HARPER, chat

FAILED = "could not work out what to do"
NO_ORDERS = "ava.moore2866@example.com"  # an account with no orders on file


def test_the_last_order_with_no_orders_to_pick_from(agentcli_home: Path) -> None:
    result = chat("cancel an order", "the last one", NO_ORDERS, "cancel an order", "the last one")
    assert result.exit_code == 0, result.output
    assert FAILED not in result.stdout
    assert "I need to know who you are first" in result.stdout
    assert "There are no orders on your account" in result.stdout


def test_the_last_one_compared_is_listed_by_its_number() -> None:
    result = chat("led light bulbs", "first vs last, which one should I get")
    assert result.exit_code == 0, result.output
    compared = result.stdout.split("first vs last")[1]
    assert "-1. " not in compared
    assert "10. " in compared  # the last of the ten shown


def test_a_sign_in_or_a_call_for_a_person_is_no_answer_to_which_one() -> None:
    lines = ["find a water bottle", "add a water bottle", HARPER, "add a water bottle"]
    result = chat(*lines, "can I please talk to a person")
    assert result.exit_code == 0, result.output
    assert "None of them is" not in result.stdout
    assert "you're signed in" in result.stdout
    assert "handing this conversation to a human" in result.stdout
