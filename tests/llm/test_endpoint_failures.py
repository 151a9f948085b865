"""Rate limits, server errors, timeouts, bad keys: backoff where it helps, clear words if not."""

from __future__ import annotations

import email.utils
import time
from pathlib import Path

import httpx
import pytest

from agentcli.actions.tools import tool_definitions
from agentcli.planners.base import PlannerUnavailable
from agentcli.planners.openai import ChatClient, Endpoint, RetrySettings
from agentcli.planners.openai.client import ModelRequestRejected, retry_after_seconds
from tests.llm.fake import FakeOpenAI, Raw, error, text
from tests.llm.harness import ENDPOINT, Sleeps, events, run_with, say

BODY = {
    "model": "fake-model",
    "tools": tool_definitions(),
    "messages": [{"role": "system", "content": "You help."}, {"role": "user", "content": "hi"}],
}


def _client(
    transport: httpx.AsyncBaseTransport,
    sleeps: Sleeps,
    *,
    attempts: int = 4,
    endpoint: Endpoint = ENDPOINT,
) -> ChatClient:
    return ChatClient(
        endpoint,
        transport=transport,
        sleep=sleeps,
        retry=RetrySettings(attempts=attempts, base_delay=0.5, max_delay=4.0, max_retry_after=30.0),
    )


async def test_429_waits_as_long_as_retry_after_says(fake: FakeOpenAI) -> None:
    fake.answer(error(429, "Rate limit reached", "requests", **{"Retry-After": "7"}), text("ok"))
    sleeps = Sleeps()
    done = await _client(fake.transport(), sleeps).complete(BODY)
    assert done.status == 200 and sleeps.waits == [7.0]
    assert [a["status"] for a in done.attempts] == [429, 200]


async def test_5xx_backs_off_exponentially_then_succeeds(fake: FakeOpenAI) -> None:
    fake.answer(error(500, "boom"), error(503, "overloaded"), error(502, "bad gateway"), text("ok"))
    sleeps = Sleeps()
    done = await _client(fake.transport(), sleeps).complete(BODY)
    assert done.status == 200 and sleeps.waits == [0.5, 1.0, 2.0]


async def test_a_retry_after_beyond_the_limit_is_not_waited_for(fake: FakeOpenAI) -> None:
    fake.answer(error(429, "quota", **{"Retry-After": "3600"}))
    sleeps = Sleeps()
    with pytest.raises(PlannerUnavailable, match="HTTP 429"):
        await _client(fake.transport(), sleeps).complete(BODY)
    assert sleeps.waits == []


async def test_401_is_not_retried_and_names_the_key_variable(fake: FakeOpenAI) -> None:
    fake.api_key = "sk-right-key-0123456789abcdef"
    endpoint = Endpoint(
        ENDPOINT.base_url,
        "fake-model",
        "dashscope",
        "sk-wrong-key-0123456789ab",
        "DASHSCOPE_API_KEY",
    )
    sleeps = Sleeps()
    with pytest.raises(ModelRequestRejected, match="check DASHSCOPE_API_KEY") as caught:
        await _client(fake.transport(), sleeps, endpoint=endpoint).complete(BODY)
    assert "sk-wrong" not in str(caught.value)
    assert len(fake.headers) == 1 and sleeps.waits == []


async def test_timeouts_are_retried() -> None:
    tries = []

    def handler(request: httpx.Request) -> httpx.Response:
        tries.append(request)
        if len(tries) < 3:
            raise httpx.ReadTimeout("slow", request=request)
        return httpx.Response(200, json=text("ok"))

    sleeps = Sleeps()
    done = await _client(httpx.MockTransport(handler), sleeps).complete(BODY)
    assert done.status == 200 and len(tries) == 3
    assert [a.get("error") for a in done.attempts] == ["timeout", "timeout", None]


async def test_a_server_that_is_not_running_is_named() -> None:
    endpoint = Endpoint("http://127.0.0.1:9/v1", "fake-model")  # discard port: nothing there
    client = ChatClient(endpoint, sleep=Sleeps(), retry=RetrySettings(attempts=2))
    try:
        with pytest.raises(PlannerUnavailable, match="cannot reach http://127.0.0.1:9/v1"):
            await client.complete(BODY)
    finally:
        await client.aclose()


def test_retry_after_understands_seconds_dates_and_milliseconds() -> None:
    now = time.time()
    date = email.utils.formatdate(now + 30, usegmt=True)
    assert retry_after_seconds(httpx.Headers({"Retry-After": "2.5"})) == 2.5
    assert 28 <= (retry_after_seconds(httpx.Headers({"Retry-After": date}), now) or 0) <= 31
    assert retry_after_seconds(httpx.Headers({"retry-after-ms": "1500"})) == 1.5
    assert retry_after_seconds(httpx.Headers({"Retry-After": "soon"})) is None


async def test_in_a_session_an_unreachable_model_changes_nothing_and_says_so(
    fake: FakeOpenAI, tmp_path: Path
) -> None:
    fake.answer(*[error(500, "internal error")] * 3)
    sleeps = Sleeps()
    async with run_with(fake, tmp_path, sleep=sleeps) as run:
        [said] = await say(run, "hello")
        [failure] = events(run, "error")
        assert events(run, "action_result") == []
    assert said.startswith("Sorry, I can't plan right now") and "Nothing was changed" in said
    assert failure.payload["where"] == "planner"
    assert [a["status"] for a in failure.payload["details"]["attempts"]] == [500, 500, 500]
    assert sleeps.waits == [0.5, 1.0]


async def test_in_a_session_429_then_success_is_recorded_with_its_tries(
    fake: FakeOpenAI, tmp_path: Path
) -> None:
    fake.answer(Raw(429, {"error": {"message": "slow down"}}, {"Retry-After": "1"}), text("Hello."))
    async with run_with(fake, tmp_path) as run:
        assert await say(run, "hello") == ["Hello."]
        [response] = events(run, "model_response")
    attempts = response.payload["response"]["attempts"]
    assert [a["status"] for a in attempts] == [429, 200] and attempts[0]["wait_s"] == 1.0
    assert response.payload["usage"]["attempts"] == 2


async def test_the_key_is_sent_but_never_recorded(fake: FakeOpenAI, tmp_path: Path) -> None:
    key = "sk-live-abcdefghijklmnopqrstuvwxyz012345"
    fake.api_key = key
    fake.answer(text("Hello."))
    endpoint = Endpoint(ENDPOINT.base_url, "fake-model", "openai", key, "OPENAI_API_KEY")
    async with run_with(fake, tmp_path, endpoint=endpoint) as run:
        assert await say(run, "hello") == ["Hello."]
        [response] = events(run, "model_response")
        assert run.store is not None
        stored = "".join(r["payload"] for r in run.store.raw_events(run.run_id))
    assert fake.headers[0]["authorization"] == f"Bearer {key}"
    assert "[REDACTED]" in response.payload["request"]["headers"]["Authorization"]
    assert key not in stored and key[3:20] not in stored


async def test_a_non_json_200_goes_to_the_repair_loop(fake: FakeOpenAI, tmp_path: Path) -> None:
    fake.answer(Raw(200, "<html>gateway page</html>"), text("Hello."))
    async with run_with(fake, tmp_path) as run:
        assert await say(run, "hello") == ["Hello."]
        [invalid] = events(run, "action_invalid")
    assert "no choices[0].message" in invalid.payload["reason"]
