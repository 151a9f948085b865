"""Streamed Chat Completions (`stream: true`, server-sent events) assembled into one body.

Some endpoints only stream (DashScope's thinking models, some proxies). Each `data:` line holds
a `chat.completion.chunk`; content arrives in pieces, tool calls by `index` with the name once
and the arguments in fragments; `data: [DONE]` ends it. The result has the shape of a normal
`chat.completion`, so the same parser reads both.
"""

from __future__ import annotations

import json
from typing import Any


def is_event_stream(content_type: str, content: bytes) -> bool:
    """Whether a response body is server-sent events rather than one JSON document."""
    return "text/event-stream" in content_type or content.lstrip().startswith(b"data:")


def _chunks(text: str) -> list[dict[str, Any]]:
    found = []
    for line in text.splitlines():
        line = line.strip()
        if not line.startswith("data:"):
            continue  # comments (": keep-alive"), `event:` and `id:` lines, blank separators
        data = line[5:].strip()
        if data == "[DONE]":
            break
        try:
            chunk = json.loads(data)
        except ValueError:
            continue
        if isinstance(chunk, dict):
            found.append(chunk)
    return found


def _add_call(calls: dict[int, dict[str, Any]], delta: dict[str, Any], position: int) -> None:
    index = delta.get("index")
    key = index if isinstance(index, int) else position
    call = calls.setdefault(key, {"id": None, "type": "function", "function": {"name": ""}})
    if isinstance(delta.get("id"), str) and delta["id"]:
        call["id"] = delta["id"]
    found = delta.get("function")
    function: dict[str, Any] = found if isinstance(found, dict) else {}
    name = function.get("name")
    if isinstance(name, str):
        # most servers send the name once; a few repeat it in every chunk
        current = call["function"]["name"]
        call["function"]["name"] = name if name == current or not current else current + name
    arguments = function.get("arguments")
    if isinstance(arguments, dict):  # an object, not text: it came whole
        call["function"]["arguments"] = arguments
    elif isinstance(arguments, str):
        so_far = call["function"].get("arguments")
        call["function"]["arguments"] = (so_far if isinstance(so_far, str) else "") + arguments


def assemble(text: str) -> dict[str, Any]:
    """The `chat.completion` body the chunks of a streamed answer add up to."""
    content: list[str] = []
    refusal: list[str] = []
    calls: dict[int, dict[str, Any]] = {}
    legacy: dict[str, Any] | None = None
    body: dict[str, Any] = {"object": "chat.completion", "choices": []}
    reason: str | None = None
    for chunk in _chunks(text):
        for key in ("id", "model", "created", "system_fingerprint"):
            if chunk.get(key) is not None:
                body[key] = chunk[key]
        if isinstance(chunk.get("usage"), dict):
            body["usage"] = chunk["usage"]
        choices = chunk.get("choices")
        if not isinstance(choices, list):
            continue
        for choice in choices:
            if not isinstance(choice, dict) or choice.get("index", 0) != 0:
                continue
            if isinstance(choice.get("finish_reason"), str):
                reason = choice["finish_reason"]
            delta = choice.get("delta")
            if not isinstance(delta, dict):
                continue
            if isinstance(delta.get("content"), str):
                content.append(delta["content"])
            if isinstance(delta.get("refusal"), str):
                refusal.append(delta["refusal"])
            for position, call in enumerate(delta.get("tool_calls") or []):
                if isinstance(call, dict):
                    _add_call(calls, call, position)
            if isinstance(delta.get("function_call"), dict):
                legacy = legacy or {"name": "", "arguments": ""}
                part = delta["function_call"]
                legacy["name"] += part.get("name") or ""
                legacy["arguments"] += part.get("arguments") or ""
    message: dict[str, Any] = {"role": "assistant", "content": "".join(content) or None}
    if calls:
        message["tool_calls"] = [calls[k] for k in sorted(calls)]
    if legacy is not None:
        message["function_call"] = legacy
    if refusal:
        message["refusal"] = "".join(refusal)
    body["choices"] = [{"index": 0, "message": message, "finish_reason": reason}]
    return body
