"""Opt-in (AGENTCLI_TEST_LOCAL_LLM=1): a piped `agentcli chat --planner openai` against a real
llama.cpp server with SmolLM2-135M at a 4,096-token context.

Only the wire is judged, not the model's choices: no HTTP 400, no server crash, no refused
connection; every answer parsed (a tool call or text); each request's token count, as the
server's own tokenizer reports it, at most 4,000 (the first at most 2,500).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.e2e.helpers import HARPER, chat, latest_run_json

pytestmark = pytest.mark.skipif(
    os.environ.get("AGENTCLI_TEST_LOCAL_LLM") != "1",
    reason="drives a real llama.cpp server: set AGENTCLI_TEST_LOCAL_LLM=1 (builds it once)",
)

LINES = [
    "hello",
    f"I'm {HARPER}",
    "find me a notebook",
    "what is in my cart?",
    "where is my order #W8073958?",
]


def test_a_piped_chat_with_a_small_local_model_runs_on_the_wire(tmp_path: Path) -> None:
    from tests.llm.llama_server import llama_server

    with llama_server(tmp_path / "server.log") as (base_url, process):
        args = ("--planner", "openai", "--preset", "llamacpp", "--base-url", base_url)
        args += ("--model", "smollm2")
        result = chat(*LINES, args=args)
        alive = process.poll() is None
    assert result.exit_code == 0, result.output
    assert alive, "the server died during the session"
    run = latest_run_json()
    events = run["events"]
    errors = [e for e in events if e["kind"] == "error" and e["payload"]["where"] == "planner"]
    assert errors == [], [e["payload"]["message"] for e in errors]
    responses = [e["payload"] for e in events if e["kind"] == "model_response"]
    assert len(responses) >= len(LINES)
    for response in responses:
        assert response["response"]["status"] == 200
        assert response["proposals"], "every answer becomes a tool call or a reply"
    tokens = [r["usage"]["prompt_tokens"] for r in responses]
    print("prompt tokens per request:", tokens)
    assert tokens[0] <= 2500
    assert max(tokens) <= 4000
