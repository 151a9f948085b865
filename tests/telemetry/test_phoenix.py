"""Opt-in: a model-driven run exported to a real Arize Phoenix and read back from its REST API."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.e2e.helpers import HARPER, chat, cli, latest_run_json
from tests.llm.brains import shopper
from tests.llm.fake import MODEL, FakeOpenAI, serve
from tests.patience import PATIENCE

pytestmark = pytest.mark.skipif(
    os.environ.get("AGENTCLI_TEST_PHOENIX") != "1",
    reason="a real Phoenix server (a large install): set AGENTCLI_TEST_PHOENIX=1 to run it",
)
PROJECT = "shop-agent"


@pytest.fixture
def model_url() -> Iterator[str]:
    fake = FakeOpenAI(shopper)
    with serve(fake.app) as base_url:
        yield base_url
    assert fake.problems == []


def _spans(url: str, trace_id: str) -> list[dict[str, Any]]:
    """The trace's spans as Phoenix serves them, once every one has been ingested."""
    deadline = time.monotonic() + PATIENCE
    answer: httpx.Response | None = None
    while True:
        try:  # a busy machine may keep Phoenix from answering in time: ask again
            answer = httpx.get(
                f"{url}/v1/projects/{PROJECT}/spans",
                params={"trace_id": trace_id, "limit": 1000},
                timeout=30,
            )
        except httpx.TimeoutException:
            answer = None
        if answer is not None and answer.status_code == 200 and answer.json()["data"]:
            spans: list[dict[str, Any]] = answer.json()["data"]
            roots = [s for s in spans if not s.get("parent_id")]
            if roots:
                return spans
        if time.monotonic() > deadline:
            said = "no answer in time" if answer is None else answer.text[:500]
            raise AssertionError(f"Phoenix has no trace {trace_id}: {said}")
        time.sleep(0.5)


def test_a_model_run_reads_back_from_phoenix_as_one_trace(
    agentcli_home: Path, tmp_path: Path, model_url: str
) -> None:
    from tests.telemetry.phoenix_server import phoenix_server

    ran = chat(
        f"I'm {HARPER}",
        "find a notebook",
        args=("--planner", "openai", "--model", MODEL, "--base-url", model_url),
    )
    assert ran.exit_code == 0, ran.output
    events = latest_run_json()["events"]
    [trace_id] = {
        e["payload"]["request_headers"]["traceparent"].split("-")[1]
        for e in events
        if e["kind"] == "http_exchange"
    }
    with phoenix_server(tmp_path) as url:
        result = cli("export", "otel", "latest", "--endpoint", url, "--project", PROJECT)
        assert result.exit_code == 0, result.output
        spans = _spans(url, trace_id)
    (tmp_path / "phoenix-spans.json").write_text(json.dumps(spans, indent=1))
    assert {s["context"]["trace_id"] for s in spans} == {trace_id}
    [root] = [s for s in spans if not s.get("parent_id")]
    assert root["name"] == "invoke_agent chat"
    chats = [s for s in spans if s["name"].startswith("chat ")]
    assert len(chats) >= 2
    for span in chats:
        assert span["attributes"]["gen_ai.request.model"] == MODEL
        tokens = span["attributes"]["gen_ai.usage.input_tokens"]
        assert isinstance(tokens, int) and tokens > 0
    tools = [s for s in spans if s["name"].startswith("execute_tool ")]
    assert {t["attributes"]["gen_ai.tool.name"] for t in tools} >= {"find_user", "search_products"}
    by_id = {s["context"]["span_id"]: s for s in spans}
    assert all(by_id[s["parent_id"]] for s in spans if s is not root)  # one connected tree
    calls = [s for s in spans if s["attributes"].get("http.request.method")]
    assert calls and all(s["attributes"]["http.response.status_code"] == 200 for s in calls)
