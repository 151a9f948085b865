"""What real servers send reaches the planner as the actions the model meant, or as clear words.

Each file under `shapes/` holds one server's documented response shapes (DashScope, vLLM,
Ollama, llama.cpp): tool calls, several per message, the legacy `function_call`, Hermes blocks
in the text, arguments as an object, streamed deltas, a stream-only model, context overflows.
Every shape goes over the wire to the real client, then through the real parser.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

import safeyaml
from agentcli.planners.base import UNUSABLE
from agentcli.planners.openai import ChatClient, Endpoint, RetrySettings
from agentcli.planners.openai.client import ModelRequestRejected
from agentcli.planners.openai.parsing import parse_completion

SHAPES = Path(__file__).parent / "shapes"
ENDPOINT = Endpoint("http://model.test/v1", "some-model")
BODY: dict[str, Any] = {"model": "some-model", "messages": [{"role": "user", "content": "hi"}]}


def _shapes() -> list[Any]:
    found = []
    for path in sorted(SHAPES.glob("*.yaml")):
        data = safeyaml.load(path.read_text("utf-8"))
        for shape in data["shapes"]:
            found.append(pytest.param(shape, id=f"{data['server']}: {shape['name']}"))
    return found


def _response(recorded: dict[str, Any], request: httpx.Request) -> httpx.Response:
    if "sse" in recorded:
        return httpx.Response(
            recorded["status"],
            headers={"content-type": "text/event-stream"},
            content=recorded["sse"].encode(),
            request=request,
        )
    return httpx.Response(recorded["status"], json=recorded["json"], request=request)


async def _no_sleep(seconds: float) -> None:
    return None


def _client(shape: dict[str, Any], sent: list[dict[str, Any]]) -> ChatClient:
    answers = [shape["response"], *([shape["then"]] if "then" in shape else [])]

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content))
        return _response(answers[min(len(sent), len(answers)) - 1], request)

    return ChatClient(
        ENDPOINT,
        transport=httpx.MockTransport(handler),
        sleep=_no_sleep,
        retry=RetrySettings(attempts=3),
    )


@pytest.mark.parametrize("shape", _shapes())
async def test_each_documented_shape_becomes_the_calls_it_holds(shape: dict[str, Any]) -> None:
    sent: list[dict[str, Any]] = []
    client = _client(shape, sent)
    try:
        if "error" in shape:
            with pytest.raises(ModelRequestRejected) as caught:
                await client.complete(BODY)
            for words in shape["error"]:
                assert words in str(caught.value)
            assert len(sent) == 1, "a request too long for the context is not sent again"
            return
        completion = await client.complete(BODY)
    finally:
        await client.aclose()
    parsed = parse_completion(completion.body)
    assert parsed.proposals == shape["expect"]
    assert [c.name for c in parsed.calls] == [e["action"] for e in shape["expect"]]
    assert len({c.id for c in parsed.calls}) == len(parsed.calls), "call ids must be distinct"
    if "then" in shape:  # the endpoint only streams: asked again, streaming
        assert [s.get("stream") for s in sent] == [None, True]


async def test_a_stream_only_endpoint_is_asked_to_stream_from_then_on() -> None:
    [dashscope] = [
        s
        for s in safeyaml.load((SHAPES / "dashscope.yaml").read_text("utf-8"))["shapes"]
        if "then" in s
    ]
    sent: list[dict[str, Any]] = []
    client = _client(dashscope, sent)
    await client.complete(BODY)
    await client.complete(BODY)
    await client.aclose()
    assert [s.get("stream") for s in sent] == [None, True, True]


def test_hermes_blocks_are_never_shown_to_the_customer() -> None:
    body = {
        "choices": [
            {
                "message": {
                    "role": "assistant",
                    "content": 'Sure.\n<tool_call>\n{"name": "view_cart", "arguments": {}}\n'
                    "</tool_call>",
                },
                "finish_reason": "stop",
            }
        ]
    }
    parsed = parse_completion(body)
    assert parsed.proposals == [{"action": "view_cart"}]
    assert all("<tool_call>" not in json.dumps(p) for p in parsed.proposals)


def test_an_unreadable_hermes_block_goes_back_to_the_model_not_to_the_customer() -> None:
    body = {
        "choices": [
            {
                "message": {"role": "assistant", "content": "<tool_call>{name: view_cart"},
                "finish_reason": "length",
            }
        ]
    }
    [proposal] = parse_completion(body).proposals
    assert "names no function" in proposal[UNUSABLE]


@pytest.mark.parametrize("shape", [s for s in _shapes() if "expect" in s.values[0]])
def test_the_calls_go_back_with_text_content_never_null(shape: Any) -> None:
    """llama-cpp-python's server refuses (HTTP 500) an assistant message whose content is null."""
    recorded = shape.get("then", shape["response"])
    if "sse" in recorded:
        from agentcli.planners.openai.stream import assemble

        body = assemble(recorded["sse"])
    else:
        body = recorded["json"]
    assistant = parse_completion(body).assistant
    assert assistant is not None and isinstance(assistant["content"], str)
