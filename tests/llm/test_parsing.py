"""Reading Chat Completions bodies: every documented shape, and garbage without a crash."""

from __future__ import annotations

from typing import Any

import pytest

from agentcli.planners.base import UNUSABLE
from agentcli.planners.openai.parsing import parse_completion
from agentcli.planners.openai.transcript import Transcript
from tests.llm.fake import completion, tool_call


def _body(message: dict[str, Any], reason: str = "stop") -> dict[str, Any]:
    return {"choices": [{"index": 0, "message": message, "finish_reason": reason}]}


def test_tool_calls_become_actions_with_their_ids() -> None:
    parsed = parse_completion(
        completion(
            tool_calls=[
                tool_call("find_user", {"email": "a@b.c"}, "call_1"),
                tool_call("view_cart", "", "call_2"),
            ]
        )
    )
    assert parsed.proposals == [{"action": "find_user", "email": "a@b.c"}, {"action": "view_cart"}]
    assert [c.id for c in parsed.calls] == ["call_1", "call_2"]
    assert parsed.assistant is not None and parsed.finish_reason == "tool_calls"


def test_the_tool_name_wins_over_an_action_key_in_the_arguments() -> None:
    parsed = parse_completion(
        completion(
            tool_calls=[
                tool_call(
                    "view_cart", {"action": "place_order", "payment_method_id": "gift_card_1"}
                )
            ]
        )
    )
    assert parsed.proposals[0]["action"] == "view_cart"


def test_missing_or_repeated_ids_are_made_unique() -> None:
    parsed = parse_completion(
        _body(
            {
                "tool_calls": [
                    {"type": "function", "function": {"name": "view_cart", "arguments": "{}"}},
                    {
                        "id": "x",
                        "type": "function",
                        "function": {"name": "view_cart", "arguments": "{}"},
                    },
                    {
                        "id": "x",
                        "type": "function",
                        "function": {"name": "view_cart", "arguments": "{}"},
                    },
                ]
            },
            "tool_calls",
        )
    )
    ids = [c.id for c in parsed.calls]
    assert len(set(ids)) == 3 and ids[1] == "x"


def test_the_legacy_function_call_shape_is_understood() -> None:
    parsed = parse_completion(
        _body(
            {
                "content": None,
                "function_call": {"name": "search_products", "arguments": '{"query": "lamp"}'},
            },
            "function_call",
        )
    )
    assert parsed.proposals == [{"action": "search_products", "query": "lamp"}]
    assert parsed.assistant is not None and parsed.assistant["tool_calls"][0]["id"]


def test_arguments_sent_as_an_object_are_accepted() -> None:
    parsed = parse_completion(
        _body(
            {
                "tool_calls": [
                    {
                        "id": "c",
                        "type": "function",
                        "function": {"name": "get_order", "arguments": {"order_id": "#W1234567"}},
                    }
                ]
            }
        )
    )
    assert parsed.proposals == [{"action": "get_order", "order_id": "#W1234567"}]
    assert parsed.calls[0].arguments == '{"order_id": "#W1234567"}'


@pytest.mark.parametrize(
    "arguments,why",
    [
        ('{"query": ', "arguments are not valid JSON"),
        ("[1, 2]", "arguments must be a JSON object, got list"),
        ("42", "arguments must be a JSON object, got int"),
        (7, "arguments must be JSON text holding an object, got int"),
    ],
)
def test_unusable_arguments_say_why(arguments: Any, why: str) -> None:
    parsed = parse_completion(
        _body(
            {
                "tool_calls": [
                    {
                        "id": "c",
                        "type": "function",
                        "function": {"name": "search_products", "arguments": arguments},
                    }
                ]
            }
        )
    )
    assert why in parsed.proposals[0][UNUSABLE]


def test_text_parts_are_joined_into_a_reply() -> None:
    parsed = parse_completion(
        _body({"content": [{"type": "text", "text": "Hel"}, {"type": "text", "text": "lo"}]})
    )
    assert parsed.proposals == [{"action": "reply", "message": "Hello"}]


@pytest.mark.parametrize(
    "body",
    [
        None,
        [],
        "",
        {"choices": "x"},
        {"choices": []},
        {"choices": [None]},
        {"choices": [{"message": 3}]},
        _body({}),
        _body({"tool_calls": []}),
        _body({"tool_calls": [None, {"function": None}]}),
    ],
)
def test_garbage_is_unusable_never_an_exception(body: Any) -> None:
    parsed = parse_completion(body)
    assert parsed.proposals and all(UNUSABLE in p for p in parsed.proposals)


def test_the_window_never_starts_inside_a_tool_exchange() -> None:
    transcript = Transcript(max_messages=4)
    transcript.messages = [
        {"role": "user", "content": "a"},
        {"role": "assistant", "content": None, "tool_calls": [{"id": "1"}]},
        {"role": "tool", "tool_call_id": "1", "content": "{}"},
        {"role": "assistant", "content": "done"},
        {"role": "user", "content": "b"},
        {"role": "assistant", "content": "ok"},
    ]
    assert [m["role"] for m in transcript.window()] == ["user", "assistant"]
    transcript.max_messages = 10
    assert len(transcript.window()) == 6
