"""Local servers: tool definitions their grammar converters accept, prompts that fit, failures
said once and plainly."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from agentcli.actions import ACTION_TYPES
from agentcli.actions.tools import tool_definitions
from agentcli.planners.base import PlannerUnavailable
from agentcli.planners.openai import ChatClient, Endpoint, RetrySettings, resolve_endpoint
from agentcli.planners.openai.presets import default_tool_schema
from agentcli.planners.openai.toolset import ToolSet
from agentcli.planners.openai.transcript import Transcript
from tests.e2e.helpers import chat
from tests.llm.fake import FakeOpenAI, calls, text
from tests.llm.harness import events, run_with, say

HARPER = "harper.khan1177@example.com"
#: JSON Schema keywords llama.cpp's grammar converter, Ollama's and vLLM's guided decoding reject
#: or mistranslate in practice
NOT_PORTABLE = {"pattern", "format", "$ref", "$defs", "definitions", "anyOf", "oneOf", "allOf"}


def _keywords(node: Any, inside_properties: bool = False) -> set[str]:
    found: set[str] = set()
    if isinstance(node, list):
        for item in node:
            found |= _keywords(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if not inside_properties:
                found.add(key)
            found |= _keywords(value, inside_properties=key == "properties")
    return found


def test_portable_tools_use_only_keywords_grammar_converters_accept() -> None:
    strict = tool_definitions("strict")
    portable = tool_definitions("portable")
    assert _keywords([t["function"]["parameters"] for t in strict]) & NOT_PORTABLE
    assert not _keywords([t["function"]["parameters"] for t in portable]) & NOT_PORTABLE
    assert [t["function"]["name"] for t in portable] == list(ACTION_TYPES)  # none lost
    for s, p in zip(strict, portable, strict=True):  # the same fields, the same required ones
        assert set(p["function"]["parameters"]["properties"]) == set(
            s["function"]["parameters"]["properties"]
        )
        assert p["function"]["parameters"].get("required") == s["function"]["parameters"].get(
            "required"
        )
    assert len(json.dumps(portable)) < 0.75 * len(json.dumps(strict))


def test_local_presets_and_loopback_urls_default_to_portable() -> None:
    local = resolve_endpoint(model="qwen2.5", preset="ollama", env={})
    hosted = resolve_endpoint(model="qwen-plus", preset="dashscope", env={"DASHSCOPE_API_KEY": "k"})
    loopback = resolve_endpoint(model="m", base_url="http://127.0.0.1:8123/v1", env={})
    assert default_tool_schema(local) == "portable"
    assert default_tool_schema(loopback) == "portable"
    assert default_tool_schema(hosted) == "strict"


def _names(tools: list[dict[str, Any]]) -> list[str]:
    return [t["function"]["name"] for t in tools]


def test_tools_are_offered_as_the_conversation_reaches_them() -> None:
    tools = ToolSet("portable")
    hello = [{"role": "user", "content": "hi, I want a lamp"}]
    assert set(_names(tools.offered(hello, signed_in=False))) == {
        "find_user",
        "reply",
        "ask_clarification",
        "escalate_to_human",
    }
    shopping = _names(tools.offered(hello, signed_in=True))
    assert "search_products" in shopping and "add_to_cart" in shopping
    assert "cancel_order" not in shopping and "search_hotels" not in shopping
    order = hello + [{"role": "user", "content": "where is #W5918442?"}]
    about_order = _names(tools.offered(order, signed_in=True))
    assert "cancel_order" in about_order and "add_to_cart" not in about_order
    looked_up = hello + [
        {"role": "assistant", "tool_calls": [{"function": {"name": "get_order"}}]},
    ]
    assert "return_items" in _names(tools.offered(looked_up, signed_in=True))
    trip = hello + [{"role": "user", "content": "find hotels in Paris for 2 nights"}]
    assert "search_hotels" in _names(tools.offered(trip, signed_in=True))
    # the topic of the latest few messages decides: an old order question no longer counts
    later = order + [{"role": "user", "content": w} for w in ("a lamp", "a desk", "a chair")]
    assert "cancel_order" not in _names(tools.offered(later, signed_in=True))
    # always in the registry's order, so one request's prefix is the next one's
    both = _names(tools.offered(order + trip, signed_in=True))
    assert both == [n for n in ACTION_TYPES if n in both]


def test_protocol_merchant_tools_are_offered_from_the_start_only_when_the_run_has_merchants() -> (
    None
):
    tools = ToolSet("portable")
    hello = [{"role": "user", "content": "find tulips"}]
    merchant_tools = {
        "search_merchants",
        "add_to_basket",
        "checkout_basket",
        "cancel_checkout",
        "get_merchant_order",
    }
    # the platform holds the buyer: no sign-in comes first at a protocol merchant
    assert merchant_tools <= set(_names(tools.offered(hello, signed_in=False, merchants=True)))
    assert merchant_tools <= set(_names(tools.offered(hello, signed_in=True, merchants=True)))
    assert not merchant_tools & set(_names(tools.offered(hello, signed_in=True)))


def test_max_tools_keeps_talking_and_signing_in() -> None:
    offered = _names(ToolSet("portable", max_tools=6).offered([], signed_in=True))
    assert len(offered) == 6
    assert {"find_user", "reply", "ask_clarification", "escalate_to_human"} <= set(offered)


async def test_a_model_offered_few_tools_still_gets_the_rest_after_sign_in(
    fake: FakeOpenAI, tmp_path: Path
) -> None:
    fake.answer(calls(("find_user", {"email": HARPER})))
    fake.answer(calls(("search_products", {"query": "notebook"})))
    fake.answer(text("Here are notebooks."))
    async with run_with(fake, tmp_path) as run:
        await say(run, f"I'm {HARPER}, find me a notebook")
        requests = [e.payload["request"]["body"] for e in events(run, "model_response")]
        usage = [e.payload["usage"] for e in events(run, "model_response")]
    assert "search_products" not in _names(requests[0]["tools"])
    assert "search_products" in _names(requests[1]["tools"])
    assert [u["tools_offered"] for u in usage] == [len(r["tools"]) for r in requests]
    first = requests[0]
    assert len(json.dumps(first)) < 4 * 2500, "the first request must fit a small context"


async def test_a_server_that_hangs_up_mid_request_is_reported_once() -> None:
    tries: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        tries.append(1)
        raise httpx.RemoteProtocolError("Server disconnected without sending a response.")

    client = ChatClient(
        Endpoint("http://127.0.0.1:9/v1", "m"),
        transport=httpx.MockTransport(handler),
        retry=RetrySettings(attempts=4, base_delay=0.0),
    )
    with pytest.raises(PlannerUnavailable) as caught:
        await client.complete({"model": "m", "messages": []})
    await client.aclose()
    assert len(tries) == 1
    assert "closed the connection mid-request" in str(caught.value)
    assert len(caught.value.details["attempts"]) == 1


def test_chat_rejects_an_unknown_tool_schema_in_one_line() -> None:
    args = ("--planner", "openai", "--model", "m", "--preset", "ollama", "--tool-schema", "loose")
    result = chat("hi", args=args)
    assert result.exit_code == 2
    assert "--tool-schema must be strict or portable" in result.output
    assert "Traceback" not in result.output


def test_older_turns_give_way_when_a_request_would_not_fit() -> None:
    transcript = Transcript()
    for turn in range(6):
        transcript.messages += [
            {"role": "user", "content": f"turn {turn}"},
            {"role": "assistant", "content": "x" * 2000},
        ]
    kept = transcript.window(budget_chars=5000)
    assert kept[0] == {"role": "user", "content": "turn 4"}
    assert len(json.dumps(kept)) <= 5000
    assert transcript.window()[0]["content"] == "turn 0"  # no budget, nothing dropped
    # the latest turn stays even when it alone is over the budget
    assert transcript.window(budget_chars=10)[0]["content"] == "turn 5"


def test_the_sign_in_turn_stays_when_older_turns_give_way() -> None:
    transcript = Transcript()
    sign_in = [
        {"role": "user", "content": f"I'm {HARPER}"},
        {"role": "assistant", "tool_calls": [{"id": "c1", "function": {"name": "find_user"}}]},
        {"role": "tool", "tool_call_id": "c1", "content": '{"payment_methods": ["gift_card_1"]}'},
    ]
    transcript.messages += sign_in
    for turn in range(4):
        transcript.messages += [
            {"role": "user", "content": f"turn {turn}"},
            {"role": "assistant", "content": "x" * 2000},
        ]
    kept = transcript.window(budget_chars=5000, keep=frozenset({"find_user"}))
    assert kept[:3] == sign_in
    assert [m["content"] for m in kept[3::2]] == ["turn 2", "turn 3"]
    assert len(json.dumps(kept)) <= 5000
    # where it does not fit beside the latest turn, the latest turn wins
    assert transcript.window(budget_chars=2100, keep=frozenset({"find_user"}))[0]["content"] == (
        "turn 3"
    )


def test_the_context_comes_from_local_presets_or_the_flag() -> None:
    local = resolve_endpoint(model="m", preset="llamacpp", env={})
    bare = resolve_endpoint(model="m", base_url="http://127.0.0.1:8123/v1", env={})
    assert local.context_tokens == 4096
    assert bare.context_tokens is None
    result = chat("hi", args=("--context-tokens", "4096"))  # the rules planner has no context
    assert result.exit_code == 2
    assert "--context-tokens does not apply to --planner rules" in result.output


def test_a_latest_turn_too_long_on_its_own_has_its_earlier_results_cut() -> None:
    transcript = Transcript()
    transcript.messages.append({"role": "user", "content": "show my orders"})
    for call in range(3):
        transcript.messages += [
            {"role": "assistant", "content": "", "tool_calls": [{"id": f"c{call}"}]},
            {"role": "tool", "tool_call_id": f"c{call}", "content": str(call) * 2000},
        ]
    kept = transcript.window(budget_chars=3500)
    results = [m["content"] for m in kept if m["role"] == "tool"]
    assert results[-1] == "2" * 2000  # the newest stays whole
    assert all("characters cut]" in r for r in results[:-1])
    assert len(json.dumps(kept)) <= 3500
    assert transcript.messages[2]["content"] == "0" * 2000  # the transcript itself keeps all
