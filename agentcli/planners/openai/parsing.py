"""Turns any Chat Completions body into raw proposals; never raises, whatever the model sent.

Tool calls become `{"action": name, **arguments}`, whether they came as `tool_calls`, the legacy
`function_call`, or Hermes-style `<tool_call>` blocks in the text (Qwen served without a
tool-call parser); text becomes a `reply`; a refusal becomes a reply carrying the refusal.
Anything unusable becomes an `unusable` proposal saying why, so the session's repair loop sends
the reason back to the model.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from agentcli.planners.base import unusable

MAX_ECHO = 4000
CONTENT_FILTERED = "I can't help with that request."


@dataclass(frozen=True)
class ToolCall:
    """One call as it goes back into the transcript (arguments as the text the model sent)."""

    id: str
    name: str
    arguments: str

    def message(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": "function",
            "function": {"name": self.name, "arguments": self.arguments},
        }


@dataclass
class ParsedCompletion:
    """Proposals (one per tool call, or one reply) and the assistant message to remember."""

    proposals: list[Any]
    calls: list[ToolCall] = field(default_factory=list)
    assistant: dict[str, Any] | None = None
    finish_reason: str | None = None
    rationale: str = ""
    model: str | None = None
    usage: dict[str, Any] | None = None


def _text(content: Any) -> str:
    """Message content as text: a string, or the text parts of a list of parts."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(
            p["text"] for p in content if isinstance(p, dict) and isinstance(p.get("text"), str)
        )
    return ""


def _message(body: Any) -> tuple[dict[str, Any] | None, str | None]:
    if not isinstance(body, dict):
        return None, None
    choices = body.get("choices")
    if not isinstance(choices, list) or not choices or not isinstance(choices[0], dict):
        return None, None
    choice = choices[0]
    reason = choice.get("finish_reason")
    message = choice.get("message")
    return (
        message if isinstance(message, dict) else None,
        reason if isinstance(reason, str) else None,
    )


HERMES_BLOCK = re.compile(r"<tool_call>\s*(.*?)\s*(?:</tool_call>|$)", re.DOTALL)
HERMES_OPEN = "<tool_call>"


def hermes_calls(content: str) -> tuple[list[Any], str]:
    """Hermes-style calls written in the text (`<tool_call>{"name": …, "arguments": …}
    </tool_call>`, one block per call) and the text around them."""
    if HERMES_OPEN not in content:
        return [], content
    calls: list[Any] = []
    for match in HERMES_BLOCK.finditer(content):
        inner = match.group(1).strip()
        try:
            parsed = json.loads(inner)
        except ValueError:
            parsed = None
        if isinstance(parsed, dict) and isinstance(parsed.get("name"), str):
            arguments = parsed.get("arguments", parsed.get("parameters"))
            calls.append({"id": None, "function": {"name": parsed["name"], "arguments": arguments}})
        else:  # keeps its place, so the model hears which block was unreadable
            calls.append({"id": None, "function": {"name": None, "arguments": inner[:MAX_ECHO]}})
    rest = HERMES_BLOCK.sub("", content).strip()
    return calls, rest


def _raw_calls(message: dict[str, Any]) -> list[Any]:
    calls = message.get("tool_calls")
    if isinstance(calls, list):
        return calls
    legacy = message.get("function_call")  # the pre-tools function-calling shape
    if isinstance(legacy, dict):
        return [{"id": None, "type": "function", "function": legacy}]
    return []


def _arguments(name: str, raw: Any, cut_off: bool) -> tuple[str, dict[str, Any] | str]:
    """(the text to echo back, the parsed arguments or why they are unusable)."""
    if raw is None or raw == "":
        return "{}", {}
    if isinstance(raw, dict):  # some servers send an object instead of JSON text
        return json.dumps(raw, ensure_ascii=False), raw
    if not isinstance(raw, str):
        return json.dumps(raw, ensure_ascii=False, default=str)[:MAX_ECHO], (
            f"{name}: arguments must be JSON text holding an object, got {type(raw).__name__}"
        )
    echo = raw[:MAX_ECHO]
    try:
        parsed = json.loads(raw)
    except ValueError as exc:
        why = f"{name}: arguments are not valid JSON ({exc})"
        if cut_off:
            why += "; the response was cut off (finish_reason=length)"
        return echo, why
    if not isinstance(parsed, dict):
        return echo, f"{name}: arguments must be a JSON object, got {type(parsed).__name__}"
    return echo, parsed


def _tool_calls(raw_calls: list[Any], cut_off: bool) -> tuple[list[ToolCall], list[Any]]:
    calls: list[ToolCall] = []
    proposals: list[Any] = []
    seen: set[str] = set()
    for index, raw in enumerate(raw_calls):
        function = raw.get("function") if isinstance(raw, dict) else None
        name = function.get("name") if isinstance(function, dict) else None
        call_id = raw.get("id") if isinstance(raw, dict) else None
        if not isinstance(call_id, str) or not call_id or call_id in seen or len(call_id) > 200:
            call_id = f"call_agentcli_{index}"
            while call_id in seen:
                call_id += "_"
        seen.add(call_id)
        if not isinstance(name, str) or not name.strip():
            calls.append(ToolCall(call_id, "unknown", "{}"))
            proposals.append(unusable(f"tool call {index + 1} names no function", call=_echo(raw)))
            continue
        name = name.strip()[:100]
        echo, arguments = _arguments(name, function.get("arguments") if function else None, cut_off)
        calls.append(ToolCall(call_id, name, echo))
        if isinstance(arguments, str):
            proposals.append(unusable(arguments, action=name, arguments=echo))
        else:
            proposals.append({**arguments, "action": name})
    return calls, proposals


def _echo(value: Any) -> Any:
    text = json.dumps(value, ensure_ascii=False, default=str)
    return value if len(text) <= MAX_ECHO else text[:MAX_ECHO]


def parse_completion(body: Any) -> ParsedCompletion:
    """The proposals in a Chat Completions body (the first choice); total over any input."""
    usage = body.get("usage") if isinstance(body, dict) else None
    model = body.get("model") if isinstance(body, dict) else None
    meta: dict[str, Any] = {
        "usage": usage if isinstance(usage, dict) else None,
        "model": model if isinstance(model, str) else None,
    }
    message, reason = _message(body)
    if message is None:
        return ParsedCompletion(
            [
                unusable(
                    "the response has no choices[0].message: answer with a tool call "
                    "or a message to the customer"
                )
            ],
            finish_reason=reason,
            **meta,
        )
    content = _text(message.get("content")).strip()
    raw_calls = _raw_calls(message)
    if not raw_calls:
        raw_calls, content = hermes_calls(content)
    if raw_calls:
        calls, proposals = _tool_calls(raw_calls, reason == "length")
        assistant = {
            "role": "assistant",
            # text, never null: llama-cpp-python's server rejects a null beside tool calls
            "content": content[:MAX_ECHO],
            "tool_calls": [c.message() for c in calls],
        }
        return ParsedCompletion(proposals, calls, assistant, reason, content[:500], **meta)
    refusal = message.get("refusal")
    if isinstance(refusal, str) and refusal.strip():
        text = refusal.strip()
        return ParsedCompletion(
            [{"action": "reply", "message": text}],
            [],
            {"role": "assistant", "content": text[:MAX_ECHO]},
            reason,
            "the model refused",
            **meta,
        )
    if content:
        return ParsedCompletion(
            [{"action": "reply", "message": content}],
            [],
            {"role": "assistant", "content": content[:MAX_ECHO]},
            reason,
            "the model answered in text",
            **meta,
        )
    if reason == "content_filter":
        return ParsedCompletion(
            [{"action": "reply", "message": CONTENT_FILTERED}],
            [],
            {"role": "assistant", "content": CONTENT_FILTERED},
            reason,
            "the endpoint's content filter stopped the answer",
            **meta,
        )
    why = "the response had neither a tool call nor any text"
    if reason == "length":
        why += " (finish_reason=length: it was cut off)"
    return ParsedCompletion([unusable(why)], finish_reason=reason, **meta)
