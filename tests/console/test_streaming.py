"""The console shows the model's text as it streams in; the run records the whole answer."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import threading
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse
from starlette.routing import Route

from tests.console.test_console_pty import _console, _leave
from tests.e2e.helpers import latest_run_json
from tests.e2e.test_subprocess import EXE
from tests.llm.brains import shopper
from tests.llm.fake import FakeOpenAI, calls, serve
from tests.patience import PATIENCE

HELD = "tell me about it at length"
CUT = "tell me again, I will not wait"
FIRST = "Here is the first half, café ☃ "
SECOND = "and here the second half."
PIECE = 5


class StreamingModel:
    """The fake endpoint answering `stream: true` with SSE chunks, a few characters at a time;
    the answer to HELD or CUT stops after FIRST until the test releases it."""

    def __init__(self) -> None:
        self.fake = FakeOpenAI(shopper)
        self.held = {HELD: threading.Event(), CUT: threading.Event()}
        self.released = {HELD: threading.Event(), CUT: threading.Event()}
        self.streamed = 0
        self.app = Starlette(
            routes=[Route("/v1/chat/completions", self._complete, methods=["POST"])]
        )

    async def _complete(self, request: Request) -> Response:
        body = json.loads(await request.body())
        answer = await self.fake._complete(request)
        if not body.get("stream") or answer.status_code != 200:
            return answer
        self.streamed += 1
        whole = json.loads(bytes(answer.body))
        line = body["messages"][-1].get("content")
        if line in self.held:
            whole = calls(("reply", {"message": FIRST + SECOND}))
        return StreamingResponse(self._chunks(whole, line), media_type="text/event-stream")

    async def _chunks(self, whole: dict[str, Any], line: str) -> AsyncIterator[str]:
        message = whole["choices"][0]["message"]
        base = {"id": whole["id"], "object": "chat.completion.chunk", "model": whole["model"]}

        def chunk(delta: dict[str, Any], reason: str | None = None) -> str:
            choice = {"index": 0, "delta": delta, "finish_reason": reason}
            return f"data: {json.dumps({**base, 'choices': [choice]})}\n\n"

        content = message.get("content") or ""
        for start in range(0, len(content), PIECE):
            yield chunk({"content": content[start : start + PIECE]})
            await asyncio.sleep(0.01)
        for index, call in enumerate(message.get("tool_calls") or []):
            head = {"index": index, "id": call["id"], "type": "function"}
            yield chunk({"tool_calls": [{**head, "function": {"name": call["function"]["name"]}}]})
            arguments = call["function"]["arguments"]  # ASCII: é and ☃ come as \u escapes
            hold_at = arguments.find("and here")
            for start in range(0, len(arguments), PIECE):
                if line in self.held and start >= hold_at:
                    self.held[line].set()
                    while not self.released[line].is_set():
                        await asyncio.sleep(0.02)
                part = {"index": index, "function": {"arguments": arguments[start : start + PIECE]}}
                yield chunk({"tool_calls": [part]})
                await asyncio.sleep(0.01)
        yield chunk({}, whole["choices"][0]["finish_reason"])
        yield f"data: {json.dumps({**base, 'choices': [], 'usage': whole['usage']})}\n\n"
        yield "data: [DONE]\n\n"


@pytest.fixture
def model() -> Iterator[tuple[StreamingModel, str]]:
    streaming = StreamingModel()
    with serve(streaming.app) as base_url:
        try:
            yield streaming, base_url
        finally:
            for event in streaming.released.values():
                event.set()


def test_the_answer_shows_as_it_streams_and_the_run_replays_sealed(
    agentcli_home: Path, model: tuple[StreamingModel, str]
) -> None:
    streaming, base_url = model
    child = _console(agentcli_home, base_url)
    child.sendline(HELD)
    assert streaming.held[HELD].wait(PATIENCE), "the answer never started streaming"
    child.expect_exact(FIRST.strip())  # shown while the endpoint still holds the rest back
    assert not streaming.released[HELD].is_set()
    streaming.released[HELD].set()
    child.expect_exact("agent>")
    child.expect_exact(SECOND)
    child.expect_exact("you>")

    child.sendline(CUT)  # Ctrl-C while the answer streams cancels it
    assert streaming.held[CUT].wait(PATIENCE), "the second answer never started streaming"
    child.expect_exact(FIRST.strip())
    child.sendintr()
    child.expect_exact("the planner call was cancelled")
    child.expect_exact("you>")
    child.sendline("hello")
    child.expect_exact("agent>")
    child.expect_exact("you>")
    _leave(child)

    assert streaming.streamed >= 3 and streaming.fake.problems == []
    run = latest_run_json()
    said = [e["payload"]["text"] for e in run["events"] if e["kind"] == "user_message"]
    assert said == [HELD, CUT, "hello"]
    replies = [e["payload"]["text"] for e in run["events"] if e["kind"] == "assistant_message"]
    assert FIRST + SECOND in replies
    responses = [e["payload"] for e in run["events"] if e["kind"] == "model_response"]
    assert all("stream" not in r["request"]["body"] for r in responses)
    held = responses[0]["response"]["body"]  # the assembled answer, as a whole one would be
    assert held["object"] == "chat.completion"
    [call] = held["choices"][0]["message"]["tool_calls"]
    assert json.loads(call["function"]["arguments"]) == {"message": FIRST + SECOND}

    cassette = json.loads(Path(run["run"]["cassette"]).read_text())
    model_calls = [i for i in cassette["interactions"] if "chat/completions" in json.dumps(i)]
    assert model_calls and "text/event-stream" not in json.dumps(model_calls)
    assert '"stream"' not in json.dumps([i["request"] for i in model_calls])

    check = subprocess.run(
        [EXE, "replay", "latest", "--check"],
        capture_output=True,
        text=True,
        env={**os.environ, "AGENTCLI_HOME": str(agentcli_home)},
        timeout=PATIENCE,
    )
    assert check.returncode == 0, check.stdout + check.stderr


def test_piped_chat_asks_for_whole_answers(
    agentcli_home: Path, model: tuple[StreamingModel, str]
) -> None:
    streaming, base_url = model
    env = {**os.environ, "AGENTCLI_HOME": str(agentcli_home), "AGENTCLI_API_KEY": "local-key"}
    args = ["chat", "--planner", "openai", "--model", "fake-model", "--base-url", base_url]
    done = subprocess.run(
        [EXE, *args], input="hello\n", capture_output=True, text=True, env=env, timeout=PATIENCE
    )
    assert done.returncode == 0, done.stderr
    assert "How can I help?" in done.stdout
    assert streaming.streamed == 0
    assert all("stream" not in body for body in streaming.fake.requests)
