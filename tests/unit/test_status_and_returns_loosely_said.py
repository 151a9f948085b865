"""An order's state asked in loose words ('is my coffee maker going to arrive soon', 'whats
going on with my kettle order'), and an item said with its 'is' run on ('the skateboard's not
for me')."""

from __future__ import annotations

import pytest

from agentcli.planners.rules.change_params import groups, words
from agentcli.planners.rules.order_finder import asked_after


@pytest.mark.parametrize(
    ("line", "item"),
    [
        ("is my coffee maker going to arrive soon", ["coffee", "maker"]),
        ("are the hiking boots gonna get here this week", ["hiking", "boots"]),
        ("will my blender be delivered before friday", ["blender"]),
        ("whats going on with my kettle order", ["kettle"]),
        ("what's the latest on the desk lamp delivery?", ["desk", "lamp"]),
    ],
)
def test_an_arrival_asked_loosely_names_the_item(line: str, item: list[str]) -> None:
    assert asked_after(line) == item


def test_a_complaint_about_an_item_is_no_status_question() -> None:
    assert asked_after("what's up with my kettle, it won't turn on") == []


def test_an_item_said_with_is_run_on_is_the_item() -> None:
    assert groups("mate the skateboard's not for me") == [["mate", "skateboard", "not"]]
    assert words("the kettle's lid") == ["kettle", "lid"]


def test_a_pronoun_keeps_its_s() -> None:
    assert words("it's broken") == ["it's", "broken"]
    assert words("that's the one") == ["that's"]
