"""The customer-facing text of a streamed answer, decoded as it arrives, split anywhere."""

from __future__ import annotations

import json

import httpx
import pytest

from agentcli.planners.openai import ChatClient, Endpoint
from agentcli.planners.openai.parsing import parse_completion
from agentcli.planners.openai.spoken import JsonStringField, SpokenText

BODY = {"model": "m", "messages": [{"role": "user", "content": "hi"}], "tools": []}

MESSAGES = [
    "Your order ord_1 is confirmed.",
    'She said "hi" \\ then\nleft\ttab / slash',
    "Prices in € and ¥, a snowman ☃ and a face 😀 (a surrogate pair)",
    "",
]


def _decoded(text: str, cuts: list[int]) -> str:
    field = JsonStringField("message")
    pieces = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    return "".join(field.feed(piece) for piece in pieces)


@pytest.mark.parametrize("message", MESSAGES)
@pytest.mark.parametrize("ascii_only", [True, False])
def test_every_split_point_gives_the_message(message: str, ascii_only: bool) -> None:
    text = json.dumps({"message": message}, ensure_ascii=ascii_only)
    assert _decoded(text, []) == message
    for cut in range(len(text) + 1):
        assert _decoded(text, [cut]) == message, cut
    for size in (1, 2, 3, 5):
        assert _decoded(text, list(range(size, len(text), size))) == message


def test_only_the_message_is_spoken_never_other_keys_or_nested_values() -> None:
    arguments = {
        "tone": "the message is not this",
        "meta": {"message": "nor this, nested", "list": ["message", "x"]},
        "message": "but this",
        "after": "and not this",
    }
    text = json.dumps(arguments)
    assert all(_decoded(text, [cut]) == "but this" for cut in range(len(text) + 1))


def test_escaped_key_and_broken_escapes_do_not_break_the_stream() -> None:
    assert _decoded('{"mess\\u0061ge": "ok"}', [9]) == "ok"
    assert _decoded('{"message": "\\ud83d alone"}', [15]) == "\ufffd alone"
    assert _decoded('{"message": "\\uzzzz!"}', []) == "\ufffd!"


def _sse(*deltas: dict) -> list[str]:
    chunks = [{"choices": [{"index": 0, "delta": d}]} for d in deltas]
    return [f"data: {json.dumps(c)}" for c in chunks] + ["data: [DONE]"]


def _spoken(lines: list[str]) -> list[str]:
    heard: list[str] = []
    spoken = SpokenText(heard.append)
    for line in lines:
        spoken.line(line)
    return heard


def test_content_and_the_reply_message_stream_but_other_tools_never_show() -> None:
    lines = _sse(
        {"content": "Let me "},
        {"content": "look."},
        {"tool_calls": [{"index": 0, "id": "a", "function": {"name": "search_items"}}]},
        {"tool_calls": [{"index": 0, "function": {"arguments": '{"message": "secret q"}'}}]},
        {"tool_calls": [{"index": 1, "id": "b", "function": {"name": "reply"}}]},
        {"tool_calls": [{"index": 1, "function": {"arguments": '{"mess'}}]},
        {"tool_calls": [{"index": 1, "function": {"arguments": 'age": "Found \\u00e9'}}]},
        {"tool_calls": [{"index": 1, "function": {"arguments": 'x"}'}}]},
    )
    assert _spoken(lines) == ["Let me ", "look.", "Found é", "x"]


def test_a_tool_call_written_out_as_text_is_not_spoken() -> None:
    for start in ('{"name": "reply"', "<tool_call>", "```json"):
        assert _spoken(_sse({"content": start}, {"content": ' "arguments": {}}'})) == []
    call = 'Sure.<tool_call>{"name": "search", "arguments": {"query": "mugs"}}</tool_call>'
    for cut in range(len(call) + 1):
        lines = _sse({"content": call[:cut]}, {"content": call[cut:]})
        assert "".join(_spoken(lines)) == "Sure.", cut
    assert "".join(_spoken(_sse({"content": "a < b, and <tool"}, {"content": "s> too"}))) == (
        "a < b, and <tools> too"
    )


def _endpoint(refuse: bool) -> tuple[httpx.MockTransport, list[dict]]:
    sent: list[dict] = []
    answer = {"message": "Two blue mugs, café ☃."}

    def handle(request: httpx.Request) -> httpx.Response:
        body = json.loads(request.content)
        sent.append(body)
        if body.get("stream") and refuse:
            message = "Unsupported value: 'stream' does not support true with this model."
            return httpx.Response(400, json={"error": {"message": message}})
        call = {"id": "c1", "type": "function", "function": {"name": "reply"}}
        if not body.get("stream"):
            call["function"]["arguments"] = json.dumps(answer)
            whole = {"choices": [{"index": 0, "message": {"tool_calls": [call]}}]}
            return httpx.Response(200, json=whole)
        text = json.dumps(answer)
        lines = _sse(
            {"tool_calls": [{"index": 0, **call}]},
            *[
                {"tool_calls": [{"index": 0, "function": {"arguments": text[i : i + 3]}}]}
                for i in range(0, len(text), 3)
            ],
        )
        content = "\n\n".join(lines) + "\n\n"
        return httpx.Response(200, text=content, headers={"content-type": "text/event-stream"})

    return httpx.MockTransport(handle), sent


async def test_the_client_streams_for_a_watcher_and_returns_the_whole_answer() -> None:
    transport, sent = _endpoint(refuse=False)
    client = ChatClient(Endpoint("http://model.test/v1", "m"), transport=transport)
    heard: list[str] = []
    streamed = await client.complete(BODY, on_text=heard.append)
    whole = await client.complete(BODY)
    await client.aclose()
    assert "".join(heard) == "Two blue mugs, café ☃." and len(heard) > 3
    assert [s.get("stream") for s in sent] == [True, None]
    assert parse_completion(streamed.body).proposals == parse_completion(whole.body).proposals


async def test_an_endpoint_that_refuses_to_stream_gets_whole_requests_from_then_on() -> None:
    transport, sent = _endpoint(refuse=True)
    client = ChatClient(Endpoint("http://model.test/v1", "m"), transport=transport)
    heard: list[str] = []
    first = await client.complete(BODY, on_text=heard.append)
    second = await client.complete(BODY, on_text=heard.append)
    await client.aclose()
    assert [s.get("stream") for s in sent] == [True, None, None]  # refused once, remembered
    assert heard == []
    for completion in (first, second):
        [proposal] = parse_completion(completion.body).proposals
        assert proposal == {"action": "reply", "message": "Two blue mugs, café ☃."}
