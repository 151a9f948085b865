"""`agentcli export otel` on the golden runs, checked span by span at an in-process receiver."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.helpers import cli
from tests.telemetry.receiver import Received, closed_port, otlp_receiver

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "runs"
RUNS = sorted(p.name for p in GOLDEN.iterdir() if (p / "trace.json").exists())


def _trace(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((GOLDEN / name / "trace.json").read_text("utf-8"))
    return data


def _export(name: str, *args: str) -> Received:
    with otlp_receiver() as (url, received):
        result = cli("export", "otel", str(GOLDEN / name), "--endpoint", url, *args)
        assert result.exit_code == 0, result.output
    assert received.paths and set(received.paths) == {"/v1/traces"}
    return received


def _ns(ts: float) -> int:
    return int(round(ts * 1_000_000_000))


def _by_id(received: Received) -> dict[str, dict[str, Any]]:
    return {s["span_id"]: s for s in received.spans}


def _ancestors(span: dict[str, Any], spans: dict[str, dict[str, Any]]) -> list[str]:
    names = []
    while span["parent_id"]:
        span = spans[span["parent_id"]]
        names.append(span["name"])
    return names


@pytest.mark.parametrize("name", RUNS)
def test_each_golden_run_is_one_trace_whose_tree_mirrors_its_events(
    agentcli_home: Path, name: str
) -> None:
    trace = _trace(name)
    run, events = trace["run"], trace["events"]
    received = _export(name, "--project", "golden")
    spans = _by_id(received)
    assert len(spans) == len(received.spans), "span ids are unique"
    assert len({s["trace_id"] for s in received.spans}) == 1
    [root] = [s for s in received.spans if s["parent_id"] is None]
    assert all(s["parent_id"] in spans for s in received.spans if s is not root)
    assert root["resource"]["service.name"] == "agentcli"
    assert root["resource"]["openinference.project.name"] == "golden"
    attrs = root["attributes"]
    assert attrs["gen_ai.operation.name"] == "invoke_agent"
    assert attrs["gen_ai.conversation.id"] == run["id"]
    assert attrs["agentcli.run.planner"] == run["planner"]
    assert attrs["agentcli.run.outcome"] == run["outcome"]
    assert attrs.get("agentcli.prompt.version") == run["prompt_version"]
    assert (root["start"], root["end"]) == (_ns(run["started_at"]), _ns(run["finished_at"]))

    turns = received.named("turn ")
    users = [e for e in events if e["kind"] == "user_message"]
    assert [t["attributes"]["agentcli.turn"] for t in turns] == [
        e["payload"]["turn"] for e in users
    ]
    assert [t["start"] for t in turns] == [_ns(e["ts"]) for e in users]  # recorded times
    assert all(t["parent_id"] == root["span_id"] for t in turns)

    chats = received.named("chat ")
    assert len(chats) == sum(e["kind"] == "model_request" for e in events)
    for chat in chats:
        assert chat["attributes"]["gen_ai.operation.name"] == "chat"
        assert chat["attributes"]["gen_ai.provider.name"] == run["planner"]
        assert spans[chat["parent_id"]]["name"].startswith("turn ")

    proposed = [e["payload"]["action"] for e in events if e["kind"] == "action_proposed"]
    tools = [
        s
        for s in received.named("execute_tool ")
        if not s["attributes"].get("agentcli.action.continued")
    ]
    assert [
        t["attributes"]["gen_ai.tool.name"] for t in sorted(tools, key=lambda s: s["start"])
    ] == proposed
    effects = {
        e["payload"]["action"]: e["payload"]["effect"].upper()
        for e in events
        if e["kind"] == "action_proposed"
    }
    for tool in received.named("execute_tool "):
        assert tool["attributes"]["gen_ai.operation.name"] == "execute_tool"
        assert (
            tool["attributes"]["agentcli.action.effect"]
            == effects[tool["attributes"]["gen_ai.tool.name"]]
        )
    for decision in (e["payload"] for e in events if e["kind"] == "policy_decision"):
        assert any(
            t["attributes"]["gen_ai.tool.name"] == decision["action"]
            and t["attributes"]["agentcli.policy.verdict"] == decision["outcome"]
            for t in tools
        )

    exchanges = [e for e in events if e["kind"] == "http_exchange"]
    calls = [s for s in received.spans if s["kind"] == "client"]
    assert len(calls) == len(exchanges)
    for event, call in zip(exchanges, sorted(calls, key=lambda s: s["end"]), strict=True):
        payload, got = event["payload"], call["attributes"]
        assert call["end"] == _ns(event["ts"])
        assert call["start"] == _ns(event["ts"] - payload["duration_ms"] / 1000)
        assert got["http.request.method"] == payload["method"] == call["name"]
        assert got["url.full"] == payload["url"]
        assert got["http.response.status_code"] == payload["status"]
        assert got["agentcli.vendor"] == payload["vendor"]
        carried = payload["request_headers"]["traceparent"].split("-")[2]
        assert call["span_id"] == carried  # the span id the vendor saw as its parent
        if payload["status"] >= 400:
            assert got["error.type"] and call["status"] == "error"
        else:
            assert "error.type" not in got and call["status"] == "unset"
        assert any(a.startswith("execute_tool ") for a in _ancestors(call, spans))


def test_a_compensated_saga_shows_steps_keys_attempts_and_compensations(
    agentcli_home: Path,
) -> None:
    events = _trace("capture-fails-compensated")["events"]
    received = _export("capture-fails-compensated")
    spans = _by_id(received)
    [saga] = received.named("saga ")
    assert saga["attributes"]["agentcli.saga.status"] == "compensated"
    assert spans[saga["parent_id"]]["attributes"]["gen_ai.tool.name"] == "place_order"
    steps = {s["name"]: s for s in received.spans if s["parent_id"] == saga["span_id"]}
    started = {
        (e["kind"], e["payload"]["step"]): e["payload"]["idempotency_key"]
        for e in events
        if e["kind"] in ("step_started", "compensation_started")
    }
    for (kind, step), key in started.items():
        name = f"{'step' if kind == 'step_started' else 'compensate'} {step}"
        assert steps[name]["attributes"]["agentcli.idempotency_key"] == key
    capture = steps["step capture_payment"]
    failures = [e for e in capture["events"] if e["name"] == "attempt_failed"]
    assert [e["attributes"]["attempt"] for e in failures] == [1, 2, 3]
    assert [e["attributes"]["will_retry"] for e in failures] == [True, True, False]
    assert capture["status"] == "error" and capture["attributes"]["error.type"] == "UNAVAILABLE"
    assert capture["attributes"]["agentcli.step.attempts"] == 3
    retried = [s for s in received.spans if s["parent_id"] == capture["span_id"]]
    assert len(retried) == 9 and {s["attributes"]["error.type"] for s in retried} == {"UNAVAILABLE"}
    undone = [
        e["attributes"]["step"] for e in saga["events"] if e["name"] == "compensation_succeeded"
    ]
    assert undone == ["capture_payment", "create_order", "authorize_payment"]
    [continued] = [
        s
        for s in received.named("execute_tool place_order")
        if s["attributes"].get("agentcli.action.continued")
    ]
    assert continued["attributes"]["agentcli.approval"] == "approved"
    assert continued["status"] == "error"


def test_model_calls_carry_model_tokens_and_finish_reasons_and_no_content_unless_asked(
    agentcli_home: Path,
) -> None:
    events = _trace("model-search")["events"]
    responses = [e["payload"] for e in events if e["kind"] == "model_response"]
    received = _export("model-search")
    chats = sorted(received.named("chat "), key=lambda s: s["start"])
    assert len(chats) == len(responses) >= 2
    for chat, response in zip(chats, responses, strict=True):
        attrs = chat["attributes"]
        assert chat["name"] == "chat fake-model"
        assert attrs["gen_ai.request.model"] == attrs["gen_ai.response.model"] == "fake-model"
        assert attrs["gen_ai.usage.input_tokens"] == response["usage"]["prompt_tokens"]
        assert attrs["gen_ai.usage.output_tokens"] == response["usage"]["completion_tokens"]
        assert isinstance(attrs["gen_ai.usage.input_tokens"], int)
        assert attrs["gen_ai.response.finish_reasons"] == [response["response"]["finish_reason"]]
        assert attrs["server.address"] == "model.test"
        assert not any(k.endswith((".messages", ".value")) for k in attrs)
    tools = received.named("execute_tool find_user")
    assert tools[0]["attributes"]["gen_ai.tool.call.id"] == "call_find_user_0"
    assert "gen_ai.tool.call.arguments" not in tools[0]["attributes"]
    everything = json.dumps(received.spans)
    assert "harper.khan1177@example.com" not in everything  # the email lives in content only

    with_content = _export("model-search", "--include-content")
    first = min(with_content.named("chat "), key=lambda s: s["start"])
    messages = json.loads(first["attributes"]["gen_ai.input.messages"])
    assert messages[0]["role"] == "system" and messages[-1]["role"] == "user"
    output = json.loads(first["attributes"]["gen_ai.output.messages"])
    assert output[0]["tool_calls"][0]["function"]["name"] == "find_user"


def test_a_collector_that_is_not_there_is_one_line_and_exit_1(agentcli_home: Path) -> None:
    result = cli("export", "otel", str(GOLDEN / "checkout"), "--endpoint", closed_port())
    assert result.exit_code == 1
    assert "did not take 1 run(s)" in result.stderr and "Traceback" not in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--endpoint", "ftp://x"], "is not an http:// or https:// URL"),
        ([], "--endpoint"),
        (["--endpoint", "http://127.0.0.1:1", "--header", "novalue"], "NAME=VALUE"),
        (["--endpoint", "http://127.0.0.1:1", "--since", "soon"], "--since 'soon'"),
    ],
)
def test_a_bad_argument_is_one_line_and_exit_2(
    agentcli_home: Path, args: list[str], message: str
) -> None:
    result = cli("export", "otel", str(GOLDEN / "checkout"), *args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_without_the_otel_extra_it_says_how_to_install_it(
    agentcli_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(
        __import__("sys").modules, "opentelemetry.exporter.otlp.proto.http.trace_exporter", None
    )
    result = cli("export", "otel", str(GOLDEN / "checkout"), "--endpoint", "http://127.0.0.1:1")
    assert result.exit_code == 2
    assert (
        result.stderr.strip()
        == "error: OpenTelemetry export needs the otel extra: pip install 'agentcli[otel]'"
    )
