"""Every documented response shape under cassettes/openai/ played through the planner."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from agentcli import promptset
from agentcli.planners.openai import Endpoint, OpenAIPlanner, RetrySettings
from agentcli.planners.openai.cassette import (
    CassetteTransport,
    ModelCassetteError,
    RecordingTransport,
    load_cassette,
)
from agentcli.policy.config import PolicyConfig
from agentcli.runtime import ChatRuntime, RunOptions
from tests.e2e.helpers import HARPER
from tests.llm.fake import FakeOpenAI, text
from tests.llm.harness import Sleeps, events, say

CASSETTES = Path(__file__).resolve().parents[2] / "cassettes" / "openai"


@dataclass
class Case:
    lines: list[str]
    said: list[str] | None = None
    ran: list[str] = field(default_factory=list)
    waits: list[float] = field(default_factory=list)
    invalid: str | None = None


CASES = {
    "dashscope_qwen_tool_call": Case(
        [f"I'm {HARPER}"], ["Welcome back, Harper! How can I help you today?"], ["find_user"]
    ),
    "dashscope_rate_limited": Case(
        ["find a notebook"],
        ["I found several notebooks; the A4 soft cover one is $29.28."],
        ["search_products"],
        waits=[0.5],
    ),
    "openai_parallel_tool_calls": Case(
        [f"I'm {HARPER}, find me a notebook"],
        ["Hi Harper! I found notebooks from $28.59."],
        ["find_user", "search_products"],
    ),
    "openai_refusal": Case(
        ["help me buy something illegal"], ["I'm sorry, I can't assist with that request."]
    ),
    "openai_rate_limited_then_server_error": Case(
        ["hello"], ["Hello! What can I find for you?"], waits=[2.0, 1.0]
    ),
    "ollama_tool_call": Case(
        ["find a notebook"], ["Here are the notebooks I found."], ["search_products"]
    ),
    "vllm_cut_off_arguments": Case(
        ["find a notebook"],
        ["Found them."],
        ["search_products"],
        invalid="the response was cut off (finish_reason=length)",
    ),
    "llamacpp_content_only": Case(["hi"], ["Hello! How can I help you shop today?"]),
}


def test_every_cassette_has_a_case() -> None:
    assert sorted(p.stem for p in CASSETTES.glob("*.yaml")) == sorted(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
async def test_cassette_plays_through_the_planner(name: str, tmp_path: Path) -> None:
    case = CASES[name]
    tape = CassetteTransport.from_file(CASSETTES / f"{name}.yaml")
    first = tape.interactions[0]
    base_url = first.request["uri"].removesuffix("/chat/completions")
    sleeps = Sleeps()
    planner = OpenAIPlanner(
        Endpoint(base_url, first.model()),
        promptset.load(),
        transport=tape,
        sleep=sleeps,
        retry=RetrySettings(attempts=3, base_delay=0.5),
    )
    options = RunOptions(
        db_path=None, sandbox_dir=tmp_path / "sandbox", policy=PolicyConfig(), planner=planner
    )
    async with ChatRuntime(options) as run:
        said = await say(run, *case.lines)
        ran = [e.payload["action"] for e in events(run, "action_result")]
        invalid = [e.payload["reason"] for e in events(run, "action_invalid")]
        responses = [e.payload for e in events(run, "model_response")]
    await planner.aclose()
    assert tape.unplayed == [], "the cassette has interactions nobody asked for"
    assert said == case.said
    assert ran == case.ran
    assert sleeps.waits == case.waits
    assert (case.invalid is None) == (not invalid)
    if case.invalid:
        assert case.invalid in invalid[0]
    assert all(r["usage"]["total_tokens"] > 0 and r["usage"]["model"] for r in responses)


async def test_a_request_the_cassette_did_not_record_is_named() -> None:
    tape = CassetteTransport.from_file(CASSETTES / "openai_refusal.yaml")
    async with httpx.AsyncClient(transport=tape) as client:
        mismatch = "the model was 'gpt-4o', the cassette recorded 'gpt-4o-mini'"
        with pytest.raises(ModelCassetteError, match=mismatch):
            await client.post(
                "https://api.openai.com/v1/chat/completions", json={"model": "gpt-4o"}
            )
        await client.post(
            "https://api.openai.com/v1/chat/completions", json={"model": "gpt-4o-mini"}
        )
        with pytest.raises(ModelCassetteError, match="no interaction left"):
            await client.post(
                "https://api.openai.com/v1/chat/completions", json={"model": "gpt-4o-mini"}
            )


async def test_recording_keeps_bodies_parsed_and_secrets_out(
    fake: FakeOpenAI, tmp_path: Path
) -> None:
    fake.answer(text("Hello."))
    recorder = RecordingTransport(fake.transport())
    key = "sk-proj-secretsecretsecret0123456789"
    async with httpx.AsyncClient(transport=recorder) as client:
        await client.post(
            "http://model.test/v1/chat/completions",
            headers={"Authorization": f"Bearer {key}"},
            json={
                "model": "fake-model",
                "messages": [{"role": "system", "content": "s"}, {"role": "user", "content": "hi"}],
                "tools": [{"type": "function", "function": {"name": "reply", "parameters": {}}}],
            },
        )
    path = tmp_path / "tape.yaml"
    recorder.save(path)
    assert key not in path.read_text() and "authorization" not in path.read_text().lower()
    [played] = load_cassette(path)
    assert played.request["parsed_body"]["model"] == "fake-model"
    assert played.response["parsed_body"]["choices"][0]["message"]["content"] == "Hello."
    assert "date" not in played.response["headers"]


def test_a_file_that_is_not_a_cassette_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("interactions: 3\n")
    with pytest.raises(ModelCassetteError, match="not a cassette"):
        load_cassette(bad)
