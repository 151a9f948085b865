"""A run driven by an OpenAI-compatible model, exported: the trace id is the one vendors saw."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.helpers import HARPER, chat, cli, latest_run_json
from tests.llm.brains import shopper
from tests.llm.fake import MODEL, FakeOpenAI, serve
from tests.telemetry.receiver import otlp_receiver

LINES = (f"I'm {HARPER}", "find a notebook")


@pytest.fixture
def model_url() -> Iterator[str]:
    fake = FakeOpenAI(shopper)
    with serve(fake.app) as base_url:
        yield base_url
    assert fake.problems == []


def test_a_model_run_exports_under_the_trace_id_in_every_traceparent(
    agentcli_home: Path, model_url: str
) -> None:
    ran = chat(*LINES, args=("--planner", "openai", "--model", MODEL, "--base-url", model_url))
    assert ran.exit_code == 0, ran.output
    recorded = latest_run_json()
    carried = {
        e["payload"]["request_headers"]["traceparent"].split("-")[1]
        for e in recorded["events"]
        if e["kind"] == "http_exchange"
    }
    assert len(carried) == 1  # every vendor call of the run carried the run's trace id
    with otlp_receiver() as (url, received):
        result = cli("export", "otel", "latest", "--endpoint", url, "--project", "shop", "--json")
        assert result.exit_code == 0, result.output
    [exported] = json.loads(result.stdout)["exported"]
    assert {s["trace_id"] for s in received.spans} == carried == {exported["trace_id"]}
    assert exported["run"] == recorded["run"]["id"] and exported["spans"] == len(received.spans)

    chats = received.named("chat ")
    assert len(chats) >= 2
    for span in chats:
        assert span["attributes"]["gen_ai.request.model"] == MODEL
        assert isinstance(span["attributes"]["gen_ai.usage.input_tokens"], int)
    tools = {s["attributes"]["gen_ai.tool.name"] for s in received.named("execute_tool ")}
    assert {"find_user", "search_products"} <= tools
    calls = [s for s in received.spans if s["kind"] == "client"]
    assert calls and all(
        s["attributes"]["http.request.method"] in ("GET", "POST")
        and s["attributes"]["http.response.status_code"] == 200
        for s in calls
    )


def test_since_exports_every_recent_run_and_nothing_masked_leaves_in_clear(
    agentcli_home: Path,
) -> None:
    card = "4242 4242 4242 4242"
    for line in (f"I'm {HARPER}", f"my card is {card}"):
        assert chat(line).exit_code == 0
    stored = json.dumps(latest_run_json()["events"])
    assert card not in stored and "[CARD ****4242]" in stored  # the trace masks it
    with otlp_receiver() as (url, received):
        result = cli(
            "export", "otel", "--since", "1h", "--endpoint", url, "--include-content", "--json"
        )
        assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["exported"]) == 2
    assert len({s["trace_id"] for s in received.spans}) == 2
    sent = json.dumps(received.spans)
    assert "[CARD ****4242]" in sent  # the user's line went, as content, as the trace has it
    assert card not in sent and card.replace(" ", "") not in sent
