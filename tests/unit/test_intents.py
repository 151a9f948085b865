"""The rules planner's reading of the example lines the chat guide shows."""

from __future__ import annotations

import pytest

from agentcli.conversation.answers import is_no, is_yes
from agentcli.planners.rules.intents import parse


@pytest.mark.parametrize(
    ("line", "kind", "params"),
    [
        (
            "I'm sofia.rossi2645@example.com",
            "login_email",
            {"email": "sofia.rossi2645@example.com"},
        ),
        (
            "I am Sofia Rossi, zip 78784",
            "login_name",
            {"first_name": "Sofia", "last_name": "Rossi", "zip": "78784"},
        ),
        (
            "find a mechanical keyboard under 300",
            "search",
            {"query": "mechanical keyboard", "min_price": None, "max_price": 300.0},
        ),
        ("show me the second one", "show", {"ordinal": 2}),
        ("add it", "add", {"quantity": None, "ordinal": None, "words": []}),  # one, or as asked
        ("add 2 of the blue one", "add", {"quantity": 2, "ordinal": None, "words": ["blue"]}),
        ("what's in my cart", "view_cart", {}),
        ("checkout with my gift card", "checkout", {"method": {"source": "gift_card"}}),
        ("where is order #W5918442", "order_status", {"order_id": "#W5918442"}),
        (
            "cancel order #W5918442, I ordered by mistake",
            "cancel",
            {"order_id": "#W5918442", "reason": "ordered by mistake"},
        ),
        (
            "cancel #W5918442 I no longer need it",
            "cancel",
            {"order_id": "#W5918442", "reason": "no longer needed"},
        ),
        ("please cancel W5918442", "cancel", {"order_id": "#W5918442", "reason": None}),
        ("what is the meaning of life", "unclear", {}),  # a bare unknown word is a search
        ("\x00\x07  \t", "empty", {}),
        ("\x1b[31m\x00", "empty", {}),  # a colour code is not words
    ],
)
def test_example_lines(line: str, kind: str, params: dict[str, object]) -> None:
    intent = parse(line)
    assert intent.kind == kind
    for key, value in params.items():
        assert intent.params[key] == value


@pytest.mark.parametrize("line", ["yes", "Yes!", "y", "yes please", "confirm", "go ahead"])
def test_explicit_yes(line: str) -> None:
    assert is_yes(line) and not is_no(line)


@pytest.mark.parametrize(
    "line",
    [
        "no",
        "No.",
        "nope",
        "no, stop",
        "cancel",
        "maybe",
        "sure?",
        "yes but use the other card",
        "ok whatever",
    ],
)
def test_anything_else_is_not_a_yes(line: str) -> None:
    assert not is_yes(line)
