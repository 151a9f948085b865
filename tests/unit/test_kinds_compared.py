"""Two kinds of product compared ('a smart watch with a regular wristwatch', 'a gaming mouse
or a wireless mouse'): the question asked after the second side is no part of it, and the
products the sides end with are searched, not the words of the question."""

from __future__ import annotations

from agentcli.conversation import Conversation
from agentcli.planners.rules.option_compare import compare, kinds, sides


def test_a_question_after_the_second_side_is_no_part_of_it() -> None:
    line = "compare a smart watch with a regular wristwatch for me, which lasts longer on battery?"
    assert sides(line) == [["smart", "watch"], ["regular", "wristwatch"]]


def test_the_kinds_the_sides_end_with_are_searched() -> None:
    assert kinds([["smart", "watch"], ["regular", "wristwatch"]]) == ["watch"]
    assert kinds([["gaming", "mouse"], ["wireless", "mouse"]]) == ["mouse"]
    assert kinds([["laptop"], ["tablet"]]) == ["laptop", "tablet"]
    assert kinds([["blue"], ["red"]]) == []


def test_a_comparison_of_kinds_with_nothing_shown_searches_them() -> None:
    memory = Conversation().memory
    said = [["smart", "watch"], ["regular", "wristwatch"]]
    [proposal] = compare(memory, said, []).proposals
    assert isinstance(proposal, dict) and proposal["action"] == "search_products"
    assert proposal["query"] == "watch"
