"""The action schema: what validates, what is refused and why, and the tool export."""

from __future__ import annotations

import pytest

from agentcli.actions import ACTION_TYPES, Effect, InvalidAction, parse_action
from agentcli.actions.tools import tool_definitions


def test_core_actions_exist_with_declared_effects() -> None:
    expected = {
        "find_user": Effect.READ,
        "search_products": Effect.READ,
        "get_product": Effect.READ,
        "add_to_cart": Effect.WRITE,
        "remove_from_cart": Effect.WRITE,
        "view_cart": Effect.READ,
        "place_order": Effect.WRITE,
        "get_order": Effect.READ,
        "cancel_order": Effect.WRITE,
        "ask_clarification": Effect.READ,
        "reply": Effect.READ,
        "escalate_to_human": Effect.READ,
    }
    for name, effect in expected.items():
        assert ACTION_TYPES[name].effect is effect, name


def test_valid_action_parses_to_its_type() -> None:
    action = parse_action(
        {"action": "cancel_order", "order_id": "#W5918442", "reason": "ordered by mistake"}
    )
    assert type(action).__name__ == "CancelOrder"
    assert action.arguments() == {"order_id": "#W5918442", "reason": "ordered by mistake"}


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ({"action": "transfer_money", "amount": 5}, "unknown action 'transfer_money'"),
        ({"action": "add_to_cart", "item_id": 1234567890}, "item_id"),
        ({"action": "add_to_cart", "item_id": "1234567890", "quantity": 0}, "quantity"),
        ({"action": "cancel_order", "order_id": "#W5918442", "reason": "bored"}, "reason"),
        ({"action": "find_user"}, "either email"),
        ({"action": "place_order"}, "payment_method_id"),
        ({"action": "get_order", "order_id": "#W5918442", "extra": 1}, "extra"),
        ({"action": "search_products", "min_price": 10, "max_price": 5}, "min_price"),
        (["find_user"], "JSON object"),
        ("reply", "JSON object"),
    ],
)
def test_invalid_output_is_refused_with_a_reason(raw: object, fragment: str) -> None:
    with pytest.raises(InvalidAction) as info:
        parse_action(raw)
    assert fragment in info.value.reason


def test_tool_definitions_are_openai_function_tools() -> None:
    tools = tool_definitions()
    assert {t["function"]["name"] for t in tools} == set(ACTION_TYPES)
    cancel = next(t for t in tools if t["function"]["name"] == "cancel_order")
    params = cancel["function"]["parameters"]
    assert cancel["type"] == "function"
    assert params["type"] == "object"
    assert set(params["required"]) == {"order_id", "reason"}
    assert "action" not in params["properties"]
    assert params["properties"]["reason"]["enum"] == ["no longer needed", "ordered by mistake"]
    assert cancel["function"]["description"].startswith("[WRITE]")
