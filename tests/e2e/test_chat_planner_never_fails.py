"""Lines in an order no case foresaw: the offline planner answers each one, never failing.

Each test is a conversation that once made the planner raise, so the customer read "Sorry, I
could not work out what to do." instead of the one question a clerk would ask.
"""

from __future__ import annotations

from pathlib import Path

from tests.e2e.helpers import chat

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
