"""A local OpenAI-compatible Chat Completions endpoint for tests, and the payloads it returns.

The app checks every request the way the real APIs do (each tool call answered by a `tool`
message before the conversation goes on, known roles, tools offered) and answers 400 with the
OpenAI error envelope otherwise, so a malformed transcript fails the test that produced it.
Answers come from a queue, then from a `brain` (a function of the request body).
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from tests.patience import PATIENCE

MODEL = "fake-model"


# -- documented response shapes --------------------------------------------------------------


def tool_call(
    name: str, arguments: dict[str, Any] | str, call_id: str | None = None, index: int = 0
) -> dict[str, Any]:
    """One entry of `message.tool_calls`; `arguments` is JSON text, as the API sends it."""
    text = arguments if isinstance(arguments, str) else json.dumps(arguments)
    return {
        "id": call_id or f"call_{name}_{index}",
        "type": "function",
        "index": index,
        "function": {"name": name, "arguments": text},
    }


def completion(
    *,
    content: str | None = None,
    tool_calls: list[dict[str, Any]] | None = None,
    refusal: str | None = None,
    finish_reason: str | None = None,
    model: str = MODEL,
) -> dict[str, Any]:
    """A `chat.completion` object with one choice and token usage."""
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if tool_calls:
        message["tool_calls"] = tool_calls
    if refusal is not None:
        message["refusal"] = refusal
    reason = finish_reason or ("tool_calls" if tool_calls else "stop")
    return {
        "id": "chatcmpl-test",
        "object": "chat.completion",
        "created": 1_700_000_000,
        "model": model,
        "system_fingerprint": None,
        "choices": [{"index": 0, "message": message, "logprobs": None, "finish_reason": reason}],
        "usage": {"prompt_tokens": 120, "completion_tokens": 30, "total_tokens": 150},
    }


def calls(*specs: tuple[str, dict[str, Any] | str]) -> dict[str, Any]:
    """A completion with one tool call per (name, arguments)."""
    return completion(tool_calls=[tool_call(n, a, index=i) for i, (n, a) in enumerate(specs)])


def text(content: str) -> dict[str, Any]:
    return completion(content=content)


@dataclass
class Raw:
    """A non-200 (or non-JSON) answer: status, body, headers."""

    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


def error(status: int, message: str, kind: str = "server_error", **headers: str) -> Raw:
    return Raw(
        status, {"error": {"message": message, "type": kind, "param": None, "code": None}}, headers
    )


# -- what a valid request looks like ---------------------------------------------------------


def request_problems(body: Any) -> list[str]:
    """Why the real APIs would reject this request body (empty when they would accept it)."""
    if not isinstance(body, dict):
        return ["the body is not a JSON object"]
    problems = []
    if not isinstance(body.get("model"), str) or not body["model"]:
        problems.append("no model")
    tools = body.get("tools")
    if (
        not isinstance(tools, list)
        or not tools
        or not all(
            isinstance(t, dict)
            and t.get("type") == "function"
            and isinstance(t.get("function", {}).get("name"), str)
            and isinstance(t["function"].get("parameters"), dict)
            for t in tools
        )
    ):
        problems.append("tools are missing or malformed")
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        return [*problems, "no messages"]
    open_calls: set[str] = set()
    for i, m in enumerate(messages):
        role = m.get("role") if isinstance(m, dict) else None
        if open_calls and role != "tool":
            problems.append(
                f"message {i} ({role}) comes before tool results for {sorted(open_calls)}"
            )
            open_calls = set()
        if role == "system":
            if i != 0 or not isinstance(m.get("content"), str):
                problems.append(f"message {i}: a system message only comes first, as text")
        elif role == "user":
            if not isinstance(m.get("content"), str) or not m["content"]:
                problems.append(f"message {i}: user content must be text")
        elif role == "assistant":
            content, tcs = m.get("content"), m.get("tool_calls")
            if tcs is None and not (isinstance(content, str) and content):
                problems.append(f"message {i}: an assistant message needs content or tool calls")
            if content is not None and not isinstance(content, str):
                problems.append(f"message {i}: assistant content must be text or null")
            if tcs is not None:
                if not isinstance(tcs, list) or not tcs:
                    problems.append(f"message {i}: tool_calls must be a non-empty list")
                    continue
                for tc in tcs:
                    fn = tc.get("function") if isinstance(tc, dict) else None
                    if not (
                        isinstance(tc, dict)
                        and isinstance(tc.get("id"), str)
                        and tc.get("type") == "function"
                        and isinstance(fn, dict)
                        and isinstance(fn.get("name"), str)
                        and isinstance(fn.get("arguments"), str)
                    ):
                        problems.append(f"message {i}: malformed tool call {tc!r:.200}")
                        continue
                    if tc["id"] in open_calls:
                        problems.append(f"message {i}: duplicate tool call id {tc['id']}")
                    open_calls.add(tc["id"])
        elif role == "tool":
            call_id = m.get("tool_call_id")
            if call_id not in open_calls:
                problems.append(
                    f"message {i}: tool result for {call_id!r}, which no open tool call has"
                )
            open_calls.discard(call_id)
            if not isinstance(m.get("content"), str):
                problems.append(f"message {i}: tool content must be text")
        else:
            problems.append(f"message {i}: unknown role {role!r}")
    if open_calls:
        problems.append(f"tool calls {sorted(open_calls)} were never answered")
    if messages[0].get("role") != "system" if isinstance(messages[0], dict) else True:
        problems.append("the first message is not the system prompt")
    return problems


# -- the endpoint ---------------------------------------------------------------------------

Brain = Callable[[dict[str, Any]], "dict[str, Any] | Raw"]


class FakeOpenAI:
    """The endpoint's state: requests seen, answers queued, transcript problems found."""

    def __init__(self, brain: Brain | None = None, *, api_key: str | None = None) -> None:
        self.brain = brain
        self.api_key = api_key
        self.queue: list[dict[str, Any] | Raw] = []
        self.requests: list[dict[str, Any]] = []
        self.headers: list[dict[str, str]] = []
        self.problems: list[str] = []
        self.app = Starlette(
            routes=[
                Route("/v1/chat/completions", self._complete, methods=["POST"]),
                Route("/v1/models", self._models, methods=["GET"]),
            ]
        )

    def answer(self, *replies: dict[str, Any] | Raw) -> FakeOpenAI:
        self.queue.extend(replies)
        return self

    def transport(self) -> httpx.ASGITransport:
        return httpx.ASGITransport(app=self.app)

    async def _models(self, request: Request) -> Response:
        return JSONResponse({"object": "list", "data": [{"id": MODEL, "object": "model"}]})

    async def _complete(self, request: Request) -> Response:
        self.headers.append(dict(request.headers))
        if self.api_key and request.headers.get("authorization") != f"Bearer {self.api_key}":
            return _render(error(401, "Incorrect API key provided.", "invalid_request_error"))
        try:
            body = json.loads(await request.body())
        except ValueError:
            return _render(error(400, "the body is not JSON", "invalid_request_error"))
        self.requests.append(body)
        problems = request_problems(body)
        if problems:
            self.problems.extend(problems)
            return _render(error(400, "; ".join(problems), "invalid_request_error"))
        if self.queue:
            return _render(self.queue.pop(0))
        if self.brain is not None:
            return _render(self.brain(body))
        return _render(text("OK."))


def _render(reply: dict[str, Any] | Raw) -> Response:
    if isinstance(reply, Raw):
        if isinstance(reply.body, str):
            return Response(reply.body, reply.status, reply.headers, media_type="text/html")
        return JSONResponse(reply.body, reply.status, reply.headers)
    return JSONResponse(reply)


@contextmanager
def serve(app: Starlette) -> Iterator[str]:
    """Serve `app` with uvicorn on a real 127.0.0.1 socket; yield its `/v1` base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + PATIENCE
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the fake endpoint did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}/v1"
    finally:
        server.should_exit = True
        thread.join(timeout=PATIENCE)
        sock.close()
